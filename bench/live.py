"""A live game with N players on real connections.

    python bench/live.py --players N [--questions 10] [--servers 1|2] [--db sqlite|postgres]

Starts the app as in production (uvicorn, DEBUG off, collected static; with
``--servers 2`` two uvicorn processes on PostgreSQL with LIVE_EVENTS=postgres,
the players shared between them and the host on the first), prepares a
teacher and a game through Django directly, then: every player loads the
join page, joins with the PIN and a nickname, and opens their event stream;
the host opens theirs and runs the questions. At each question every player
answers within the first 3 seconds of receiving it (a burst, as in a
classroom); once all have answered the server reveals the answer, and the
host goes on (the standings, the next question), to the podium and the end.
Then it checks in the database that every acknowledged answer is stored
once. Run by hand; it is not a test. The last line is one JSON object:

- ``join_s``: from the first join to every player's stream showing the lobby;
- ``push_*``: from the host's "next" (or "start") leaving the client to each
  player's stream carrying that question;
- ``answer_*``: an answer's post, sent to acknowledged;
- ``reveal_p95_ms``: from the last answer of a question being sent (it
  closes the question) to each player's stream carrying the reveal;
- ``server_cpu_s``, ``server_rss_mb``: the server processes', over the game
  (CPU) and at its end (memory, all servers together).

The client is plain asyncio (no HTTP library): it shares the machine's two
cores with the server it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from classroom import (  # noqa: E402
    ROOT,
    cpu_seconds,
    environment,
    free_port,
    manage,
    percentile,
    rss_mb,
    run_python,
)

ANSWER_WINDOW_S = 3.0

SETUP = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from quizzes.models import Game, Profile, QuestionSet
from quizzes.services.live import host_game
wanted = int(sys.argv[1])
teacher = get_user_model().objects.create_user(username="bench-host", password=None)
Profile.objects.create(user=teacher, role="teacher")
keys = ["full-test"] + list(
    QuestionSet.objects.filter(key__startswith="topic-").values_list("key", flat=True))
frozen = []
for key in keys:
    hosted = host_game(host=teacher, question_set=QuestionSet.objects.get(key=key),
                       classroom=None, mode="speed", streak_bonus=False, seconds=30)
    seen = {q["id"] for q in frozen}
    frozen += [q for q in hosted.game.questions if q["id"] not in seen]
    hosted.game.delete()
    if len(frozen) >= wanted:
        break
game = host_game(host=teacher, question_set=QuestionSet.objects.get(key="full-test"),
                 classroom=None, mode="speed", streak_bonus=False, seconds=30).game
game.questions = frozen[:wanted]
game.save(update_fields=["questions"])
client = Client()
client.force_login(teacher)
print(json.dumps({"game": game.pk, "pin": game.pin, "questions": len(game.questions),
                  "session": client.cookies[settings.SESSION_COOKIE_NAME].value}))
"""

COUNT = """
import json, sys
import django
django.setup()
from django.db.models import Count
from quizzes.models import GameAnswer
game = int(sys.argv[1])
rows = GameAnswer.objects.filter(game_id=game)
dupes = rows.values("player_id", "index").annotate(n=Count("id")).filter(n__gt=1).count()
print(json.dumps({"stored": rows.count(), "duplicates": dupes}))
"""

INDEX = re.compile(rb'name="index" value="(\d+)"')
GAME = re.compile(rb'name="game" value="(\d+)"')
PHASE = re.compile(rb'data-phase="(\w+)"')


class Http:
    """One browser's cookies, and requests on connections of their own."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}

    def headers(self, extra: dict[str, str]) -> str:
        lines = {"Host": f"{self.host}:{self.port}", "Connection": "close", **extra}
        if self.cookies:
            lines["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return "".join(f"{k}: {v}\r\n" for k, v in lines.items())

    def keep(self, head: list[bytes]) -> None:
        for line in head:
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "set-cookie":
                key, _, rest = value.strip().partition("=")
                self.cookies[key] = rest.split(";", 1)[0]

    async def request(self, method: str, path: str, data: dict | None = None, htmx=False):
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            extra = {}
            body = b""
            if method == "POST":
                body = urllib.parse.urlencode(data or {}, doseq=True).encode()
                extra["Content-Type"] = "application/x-www-form-urlencoded"
                extra["Content-Length"] = str(len(body))
                extra["X-CSRFToken"] = self.cookies.get("csrftoken", "")
                extra["Referer"] = f"http://{self.host}:{self.port}/"
            if htmx:
                extra["HX-Request"] = "true"
            writer.write(f"{method} {path} HTTP/1.1\r\n{self.headers(extra)}\r\n".encode() + body)
            raw = await reader.read()
        finally:
            writer.close()
        head, _, content = raw.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        self.keep(lines[1:])
        return status, content

    async def stream(self, path: str):
        """An event stream: yields each event's data (bytes) as it comes."""
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            extra = {"Accept": "text/event-stream", "Connection": "keep-alive"}
            writer.write(f"GET {path} HTTP/1.1\r\n{self.headers(extra)}\r\n".encode())
            status = await reader.readline()
            if b" 200 " not in status:
                raise ConnectionError(status.decode(errors="replace").strip())
            while (await reader.readline()) not in (b"\r\n", b""):
                pass
            chunked = True  # uvicorn sends a stream without a length in chunks
            buffer = b""
            data: list[bytes] = []
            while True:
                if chunked:
                    size_line = await reader.readline()
                    if not size_line:
                        return
                    size = int(size_line.strip() or b"0", 16)
                    if size == 0:
                        return
                    buffer += await reader.readexactly(size)
                    await reader.readexactly(2)
                while b"\n" in buffer:
                    line, _, buffer = buffer.partition(b"\n")
                    if line.startswith(b"data: "):
                        data.append(line[6:])
                    elif line == b"" and data:
                        yield b"\n".join(data)
                        data = []
        finally:
            writer.close()


class Player:
    def __init__(self, number: int, host: str, port: int, pin: str, stats: Stats) -> None:
        self.number, self.pin, self.stats = number, pin, stats
        self.http = Http(host, port)
        self.in_lobby = asyncio.Event()
        self.answering: asyncio.Task | None = None
        self.answered: set[int] = set()

    async def join(self) -> None:
        await self.http.request("GET", f"/play/?pin={self.pin}")
        data = {
            "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", ""),
            "pin": self.pin,
            "nickname": f"Ойыншы {self.number}",
        }
        status, _ = await self.http.request("POST", "/play/", data)
        if status != 302:
            raise ConnectionError(f"join: {status}")

    async def run(self) -> None:
        try:
            await self.join()
            async for data in self.http.stream(f"/play/{self.pin}/events"):
                self.seen(data, time.perf_counter())
        except Exception as error:  # noqa: BLE001
            self.stats.errors.append(f"player {self.number}: {type(error).__name__} {error}")
        finally:
            self.in_lobby.set()

    def seen(self, html: bytes, at: float) -> None:
        phase = PHASE.search(html)
        phase = phase.group(1).decode() if phase else ""
        if phase == "lobby":
            if not self.in_lobby.is_set():
                self.stats.lobby_at.append(at)
            self.in_lobby.set()
        elif phase == "question":
            index = INDEX.search(html)
            if index is None:
                return  # paused, or already answered
            index = int(index.group(1))
            opened = self.stats.opened.get(index)
            if opened is not None and index not in self.answered:
                self.stats.push.append(at - opened)
                self.answered.add(index)
                self.answering = asyncio.ensure_future(self.answer(index, html))
        elif phase == "reveal":
            # All answers were sent before the question closed: the last
            # one sent is the one that closed it.
            self.stats.reveal.append(max(at - self.stats.last_answer_sent, 0.0))
            self.stats.revealed += 1

    async def answer(self, index: int, html: bytes) -> None:
        await asyncio.sleep(random.uniform(0, ANSWER_WINDOW_S * 0.8))
        data = {"index": str(index), **answer_for(html)}
        game = GAME.search(html)
        if game:  # the form's hidden field, as a browser sends it
            data["game"] = game.group(1).decode()
        self.stats.answers_sent += 1
        sent = time.perf_counter()
        self.stats.last_answer_sent = sent
        try:
            status, _ = await self.http.request(
                "POST", f"/play/{self.pin}/answer/", data, htmx=True
            )
        except OSError as error:
            self.stats.errors.append(f"answer: {error}")
            return
        if status == 200:
            self.stats.answers_acknowledged += 1
            self.stats.answer.append(time.perf_counter() - sent)
        else:
            self.stats.errors.append(f"answer: {status}")


def answer_for(html: bytes) -> dict[str, str]:
    """Some answer to the question shown: the first button, a year..."""
    button = re.search(rb'name="(choice|answer)" value="([^"]+)"', html)
    if button:
        return {button.group(1).decode(): button.group(2).decode()}
    return {"answer": "1992"}


class Stats:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.lobby_at: list[float] = []
        self.opened: dict[int, float] = {}
        self.last_answer_sent = 0.0
        self.push: list[float] = []
        self.answer: list[float] = []
        self.reveal: list[float] = []
        self.revealed = 0
        self.answers_sent = 0
        self.answers_acknowledged = 0


async def wait_until(condition, timeout: float, step: float = 0.02) -> bool:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(step)
    return True


async def game(args, ids: dict, ports: list[int]) -> Stats:
    stats = Stats()
    pin = ids["pin"]
    host = Http("127.0.0.1", ports[0])
    host.cookies["sessionid"] = ids["session"]
    await host.request("GET", f"/live/{pin}/host/")  # its CSRF cookie
    host_events: list[bytes] = []

    async def watch_host():
        try:
            async for data in host.stream(f"/live/{pin}/host/events"):
                host_events.append(data)
        except Exception as error:  # noqa: BLE001
            stats.errors.append(f"host stream: {error}")

    host_task = asyncio.ensure_future(watch_host())
    players = [
        Player(i, "127.0.0.1", ports[i % len(ports)], pin, stats) for i in range(args.players)
    ]
    started = time.perf_counter()
    tasks = []
    for player in players:  # as a class joins: all at once, a moment apart
        tasks.append(asyncio.ensure_future(player.run()))
        await asyncio.sleep(0.001)
    await asyncio.wait_for(asyncio.gather(*(p.in_lobby.wait() for p in players)), 120)
    join_s = (max(stats.lobby_at) if stats.lobby_at else time.perf_counter()) - started

    async def control(action: str) -> None:
        data = {"csrfmiddlewaretoken": host.cookies.get("csrftoken", ""), "action": action}
        status, _ = await host.request("POST", f"/live/{pin}/control/", data, htmx=True)
        if status != 200:
            stats.errors.append(f"host {action}: {status}")

    joined = len(stats.lobby_at)
    for index in range(ids["questions"]):
        revealed_before = stats.revealed
        answers_before = stats.answers_sent
        stats.opened[index] = time.perf_counter()
        await control("start" if index == 0 else "next")
        # Every player answers within the window; the last answer closes it.
        await wait_until(
            lambda n=answers_before: stats.answers_sent - n >= joined, ANSWER_WINDOW_S + 30
        )
        done = await wait_until(lambda n=revealed_before: stats.revealed - n >= joined, 30)
        if not done:
            stats.errors.append(f"question {index}: reveal reached {stats.revealed} players")
            await control("skip")
        await control("next")  # the standings (or, after the last, the podium)
        await asyncio.sleep(0.2)
    await control("next")  # the podium, after the last standings
    await control("end")
    await asyncio.sleep(0.5)
    for task in [*tasks, host_task]:
        task.cancel()
    await asyncio.gather(*tasks, host_task, return_exceptions=True)
    stats.join_s = join_s
    stats.joined = joined
    return stats


def ms(values: list[float], share: float) -> float | None:
    if not values:
        return None
    if share == 0.5:
        return round(1000 * statistics.median(values), 1)
    return round(1000 * percentile(values, share), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--players", type=int, default=30)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--servers", type=int, choices=[1, 2], default=1)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if args.servers == 2 and args.db != "postgres":
        parser.error("--servers 2 shares the game through PostgreSQL: use --db postgres")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # a stream is a connection
    load_before = os.getloadavg()

    workdir = Path(tempfile.mkdtemp(prefix="quizlive-"))
    env = environment(args.db, workdir)
    env["LIVE_EVENTS"] = "postgres" if args.db == "postgres" else "memory"
    env.pop("LIVE_EVENTS_RECORD", None)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "load_bank")
    manage(env, "collectstatic", "--noinput")
    ids = run_python(env, SETUP, str(args.questions))

    ports = [free_port() for _ in range(args.servers)]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "quizsite.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--backlog",
                "4096",
                "--timeout-graceful-shutdown",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(150):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.2)
        pids = [s.pid for s in servers]
        cpu = cpu_seconds(pids)
        try:
            import uvloop

            runner = uvloop.run
        except ImportError:
            runner = asyncio.run
        stats = runner(game(args, ids, ports))
        cpu = cpu_seconds(pids) - cpu
        rss = sum(rss_mb(pid) for pid in pids)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                _, errors = server.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                errors = ""
            if "Traceback" in (errors or ""):
                sys.stderr.write(errors[-3000:])
    stored = run_python(env, COUNT, str(ids["game"]))
    errors = stats.errors + (["duplicate answers"] if stored["duplicates"] else [])
    for line in errors[:10]:
        print(line, file=sys.stderr)
    print(
        json.dumps(
            {
                "players": args.players,
                "joined": stats.joined,
                "questions": ids["questions"],
                "servers": args.servers,
                "db": args.db,
                "answers_sent": stats.answers_sent,
                "answers_acknowledged": stats.answers_acknowledged,
                "answers_stored": stored["stored"],
                "errors": len(errors),
                "join_s": round(stats.join_s, 2),
                "push_p50_ms": ms(stats.push, 0.5),
                "push_p95_ms": ms(stats.push, 0.95),
                "answer_p50_ms": ms(stats.answer, 0.5),
                "answer_p95_ms": ms(stats.answer, 0.95),
                "reveal_p95_ms": ms(stats.reveal, 0.95),
                "server_cpu_s": round(cpu, 1),
                "server_rss_mb": round(rss, 1),
                "load_average_before": [round(x, 2) for x in load_before],
            }
        )
    )


if __name__ == "__main__":
    main()
