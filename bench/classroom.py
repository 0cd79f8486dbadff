"""A classroom's load: N pupils at once through a whole assignment.

    python bench/classroom.py --db sqlite --students 300 [--think-ms 5000]
                              [--workers 5] [--kill-worker]
    python bench/classroom.py --db sqlite --students 300 --login-storm password|card

Starts the app under gunicorn with production settings on a fresh database,
makes a classroom of N pupils and an assignment, and drives every pupil
concurrently: log in, start, load each question (the whole page, then the
htmx fragment), answer it, finish, poll the leaderboard. Then it counts in
the database that every answer the server acknowledged is stored exactly
once, loads /healthz at the same concurrency as the floor that Django and
gunicorn allow here, and prints one JSON object as its last line. Run by
hand; it is not a test.

With ``--login-storm`` the class only signs in, all at the same moment: with
passwords (each pupil has loaded the login form first) or with the links of
their printed sign-in cards. It reports how many got in, how long after the
first request the last one was in, and the server's CPU per sign-in.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-Kokshetau-1992"  # noqa: S105
PG_ADMIN_URL = "postgres://quizci:quizci@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(db: str, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "quizsite.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        name = f"quizbench_{os.getpid()}"
        admin = os.environ.get("BENCH_PG_ADMIN_URL", PG_ADMIN_URL)
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        env["DATABASE_URL"] = admin.rsplit("/", 1)[0] + f"/{name}"
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stdout + result.stderr)
    return result.stdout


SETUP = """
import json, sys
import django
django.setup()
from django.contrib.auth.hashers import make_password
from django.contrib.auth import get_user_model
from django.utils import timezone
from quizzes.models import Assignment, Membership, Profile, QuestionSet
from quizzes.services.classrooms import classroom_create
n = int(sys.argv[1])
User = get_user_model()
password = make_password(sys.argv[2])
teacher = User.objects.create(username="bench-teacher", password=password)
Profile.objects.create(user=teacher, role="teacher")
classroom = classroom_create(teacher=teacher, name="Bench")
assignment = Assignment.objects.create(
    classroom=classroom, question_set=QuestionSet.objects.get(key="full-test"),
    opens_at=timezone.now(), attempts_allowed=0, time_limit=None)
users = User.objects.bulk_create(User(username=f"pupil{i}", password=password) for i in range(n))
Profile.objects.bulk_create(Profile(user=u) for u in users)
Membership.objects.bulk_create(
    Membership(classroom=classroom, student=u, nickname=f"Pupil {i}") for i, u in enumerate(users))
cards = []
if sys.argv[3] == "card":  # printed as the teacher prints them: the secrets are known only now
    from quizzes.services.cards import cards_issue_for_class
    issued = cards_issue_for_class(classroom=classroom, only_missing=False, now=timezone.now())
    by_name = {c.membership.student.username: c.link_secret for c in issued}
    cards = [by_name[f"pupil{i}"] for i in range(n)]
print(json.dumps({"classroom": classroom.pk, "assignment": assignment.pk, "cards": cards}))
"""

COUNT = """
import json, sys
import django
django.setup()
from django.db.models import Count
from quizzes.models import AttemptItem
a = int(sys.argv[1])
rows = AttemptItem.objects.filter(attempt__assignment_id=a).exclude(answered_at=None)
dupes = (AttemptItem.objects.filter(attempt__assignment_id=a)
         .values("attempt_id", "question_id").annotate(n=Count("id")).filter(n__gt=1).count())
print(json.dumps({"stored": rows.count(), "duplicates": dupes}))
"""

QUERIES = """
import json, sys
import django
django.setup()
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.utils import timezone
setup_test_environment()
from quizzes.models import Assignment, Membership
from quizzes.services.assignments import assignment_start
from tests.answers import right_form
a, classroom = int(sys.argv[1]), int(sys.argv[2])
first, second = [m.student for m in Membership.objects.filter(classroom_id=classroom)[:2]]
attempt = assignment_start(assignment=Assignment.objects.get(pk=a), student=first,
                           now=timezone.now())
item = attempt.items.get(position=1)
client, classmate = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
client.force_login(first)
classmate.force_login(second)
def count(run):
    with CaptureQueriesContext(connection) as ctx:
        run()
    skip = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    return sum(1 for q in ctx.captured_queries if not q["sql"].lstrip().upper().startswith(skip))
question = f"/attempt/{attempt.pk}/q/1/"
board = f"/class/{classroom}/"
out = {
  "question": count(lambda: client.get(question)),
  "question_fragment": count(lambda: client.get(question, HTTP_HX_REQUEST="true")),
  "answer": count(lambda: client.post(question, {**right_form(item), "go": "next"},
                                      HTTP_HX_REQUEST="true")),
}
caches["boards"].clear()
out["leaderboard_first_after_change"] = count(lambda: client.get(board, HTTP_HX_REQUEST="true"))
out["leaderboard"] = count(lambda: classmate.get(board, HTTP_HX_REQUEST="true"))
etag = classmate.get(board, HTTP_HX_REQUEST="true")["ETag"]
out["leaderboard_unchanged"] = count(lambda: classmate.get(
    board, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag))
print(json.dumps(out))
"""


def run_python(env: dict[str, str], code: str, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stdout + result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def fetch(host: str, port: int, method: str, path: str, body: bytes | None, headers: dict):
    """One request on its own connection (gunicorn's sync workers close each
    one), with as little client work as possible: the client shares the
    machine's two cores with the server it measures."""
    connection = http.client.HTTPConnection(host, port, timeout=300)  # as long as a browser waits
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


class Lockstep:
    """Every pupil waits for the others before each step, like a class that
    moves through a quiz on the teacher's signal. Each step then loads one
    endpoint alone at full concurrency, so its throughput is measured by
    itself: requests of that kind over the time their steps took."""

    def __init__(self, parties: int, server_cpu=lambda: 0.0):
        self.barrier = threading.Barrier(parties, action=self._mark, timeout=300)
        self.server_cpu = server_cpu
        self.labels: list[str] = []
        self.marks: list[float] = []
        self.cpu: list[float] = []
        self.broken = False
        self.pending = ""

    def _mark(self) -> None:
        self.cpu.append(self.server_cpu())  # reads /proc only: well under a millisecond
        self.labels.append(self.pending)
        self.marks.append(time.perf_counter())

    def step(self, label: str) -> None:
        if self.broken:
            return
        self.pending = label
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            self.broken = True

    def abort(self) -> None:
        self.broken = True
        self.barrier.abort()

    def seconds(self) -> dict[str, float]:
        """How long the steps of each kind took, all together."""
        spent: dict[str, float] = defaultdict(float)
        for label, start, end in zip(self.labels, self.marks, self.marks[1:], strict=False):
            spent[label] += end - start
        return spent

    def server_seconds(self) -> dict[str, float]:
        """The server's CPU time in the steps of each kind, all together."""
        spent: dict[str, float] = defaultdict(float)
        for label, start, end in zip(self.labels, self.cpu, self.cpu[1:], strict=False):
            spent[label] += end - start
        return spent


class Unpaced:
    """Pupils at their own pace (with think time): no waiting for others."""

    broken = False

    def step(self, label: str) -> None:
        pass

    def abort(self) -> None:
        pass


class Pupil:
    """One pupil's browser: cookies, the CSRF token, timings."""

    def __init__(self, base: str, username: str, timings, think: float, pace):
        self.base, self.username, self.timings, self.think = base, username, timings, think
        self.pace = pace
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.acknowledged = 0
        self.errors = 0
        self.retries = 0
        self.retried: dict[int | str, int] = defaultdict(int)  # status or error -> count
        self.etag = ""

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def request(self, method, path, data=None, endpoint=None, htmx=False, retries=3, etag=""):
        headers = {"X-CSRFToken": self.csrf(), "Referer": self.base + "/", "Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        if etag:
            headers["If-None-Match"] = etag
        body = None
        if method == "POST":
            body = urllib.parse.urlencode(data or {}, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(retries):
            started = time.perf_counter()
            try:
                status, raw, response_headers = fetch(
                    self.host, self.port, method, path, body, headers
                )
            except (ConnectionError, TimeoutError, http.client.HTTPException) as error:
                status, raw, response_headers = type(error).__name__, b"", {}
            elapsed = time.perf_counter() - started
            if isinstance(status, int) and status < 500:
                if endpoint:
                    self.timings[endpoint].append(elapsed)
                for cookie in response_headers.get_all("Set-Cookie") or []:
                    name, _, value = cookie.split(";", 1)[0].partition("=")
                    self.cookies[name.strip()] = value.strip()
                if status == 200:
                    self.etag = response_headers.get("ETag", "")
                location = response_headers.get("Location", "")
                return status, raw.decode(errors="replace"), location
            self.retries += 1
            self.retried[status] += 1
            time.sleep(0.2 * (attempt + 1))  # a killed worker: try again, answers are idempotent
        self.errors += 1
        return status, "", ""

    def pause(self):
        if self.think:
            time.sleep(random.uniform(0.5, 1.5) * self.think)

    def run(self, assignment: int, classroom: int) -> None:
        try:
            self.attempt_all(assignment, classroom)
        except Exception:
            self.errors += 1
        if self.errors:
            self.pace.abort()  # the others must not wait for this pupil

    def attempt_all(self, assignment: int, classroom: int) -> None:
        self.request("GET", "/accounts/login/")
        self.pace.step("login")
        status, _, _ = self.request(
            "POST", "/accounts/login/", {"username": self.username, "password": PASSWORD}
        )
        if status != 302:
            self.errors += 1
            return
        self.pace.step("start")
        status, _, location = self.request("POST", f"/assignment/{assignment}/start/")
        match = re.search(r"/attempt/(\d+)/", location)
        if not match:
            self.errors += 1
            return
        attempt = match.group(1)
        position = 1
        while True:
            self.pause()
            # The whole page (a phone without JavaScript, or the first
            # question), then the fragment htmx swaps in for the next ones.
            self.pace.step("question")
            status, _, _ = self.request(
                "GET", f"/attempt/{attempt}/q/{position}/", endpoint="question"
            )
            self.pace.step("question_fragment")
            status_fragment, html, _ = self.request(
                "GET", f"/attempt/{attempt}/q/{position}/", endpoint="question_fragment", htmx=True
            )
            if status != 200 or status_fragment != 200:
                self.errors += 1
                return
            self.pause()
            data = answer_for(html)
            data["go"] = "next"
            self.pace.step("answer")
            status, _, _ = self.request(
                "POST", f"/attempt/{attempt}/q/{position}/", data, endpoint="answer", htmx=True
            )
            if status == 200:
                self.acknowledged += 1
            else:
                self.errors += 1
            if f'value="{position + 1}"' not in html and f"/q/{position + 1}/" not in html:
                break
            position += 1
        self.pace.step("finish")
        self.request("POST", f"/attempt/{attempt}/finish/", endpoint="finish")
        self.etag = ""
        for _ in range(3):
            self.pause()
            self.pace.step("leaderboard")
            # Polls as htmx does through the browser's cache: with the last ETag.
            status, _, _ = self.request(
                "GET", f"/class/{classroom}/", endpoint="leaderboard", htmx=True, etag=self.etag
            )
            if status not in (200, 304):
                self.errors += 1
        self.pace.step("done")


def answer_for(html: str) -> dict:
    """Some answer to whatever the fragment asks: the first option, a year..."""
    if 'name="choice"' in html:
        return {"choice": re.search(r'name="choice" value="(\d+)"', html).group(1)}
    if 'name="item"' in html:
        return {"item": re.findall(r'name="item" value="(\d+)"', html)}
    if 'name="match-0"' in html:
        return {name: "0" for name in sorted(set(re.findall(r'name="(match-\d+)"', html)))}
    if 'name="day"' in html:
        return {"day": "15", "month": "5", "year": "1992"}
    if 'value="true"' in html:
        return {"answer": "true"}
    if 'id="answer-year"' in html:
        return {"answer": "1992"}
    return {"answer": "Ташкент"}


def login_storm(args, base: str, clock, cards: list[str]) -> dict:
    """The whole class signs in at the same moment: every pupil's sign-in
    request waits for one signal. Returns the figures of the JSON line."""
    pupils = [
        Pupil(base, f"pupil{i}", defaultdict(list), 0, Unpaced()) for i in range(args.students)
    ]
    bell = threading.Barrier(args.students + 1, timeout=300)
    done: list[float | None] = [None] * args.students
    took: list[float] = []

    def sign_in(i: int) -> None:
        pupil = pupils[i]
        if args.login_storm == "password":
            pupil.request("GET", "/accounts/login/")  # the form and its CSRF cookie, beforehand
        bell.wait()
        started = time.perf_counter()
        if args.login_storm == "password":
            data = {"username": pupil.username, "password": PASSWORD}
            status, _, location = pupil.request("POST", "/accounts/login/", data)
        else:
            status, _, location = pupil.request("GET", f"/card/{cards[i]}/")
        if status == 302 and location == "/" and pupil.cookies.get("sessionid"):
            done[i] = time.perf_counter()
            took.append(done[i] - started)
        else:
            pupil.errors += 1

    threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(args.students)]
    for thread in threads:
        thread.start()
    bell.wait()  # every pupil is ready: the class goes
    first = time.perf_counter()
    cpu = clock()
    for thread in threads:
        thread.join()
    cpu = clock() - cpu
    # Afterwards, not timed: each session that came back opens a pupil's page.
    verified = 0
    for pupil, at in zip(pupils, done, strict=True):
        if at is not None and pupil.request("GET", "/progress/")[0] == 200:
            verified += 1
    signed_in = sum(1 for at in done if at is not None)
    return {
        "signed_in": signed_in,
        "sessions_verified": verified,
        "errors": sum(p.errors for p in pupils),
        "retries": sum(p.retries for p in pupils),
        "last_in_s": round(max((at for at in done if at), default=first) - first, 2),
        "p50_ms": round(1000 * statistics.median(took), 1) if took else None,
        "p95_ms": round(1000 * percentile(took, 0.95), 1) if took else None,
        "server_cpu_ms_per_signin": round(1000 * cpu / signed_in, 1) if signed_in else None,
        "server_cpu_s": round(cpu, 1),
    }


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def summary(times, seconds):
    return {
        "p50_ms": round(1000 * statistics.median(times), 1) if times else None,
        "p95_ms": round(1000 * percentile(times, 0.95), 1) if times else None,
        "rps": round(len(times) / seconds, 1) if seconds else None,
    }


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a worker that was killed
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


class ServerClock:
    """The workers' CPU time, counted across a worker being replaced: each
    reading adds what every worker used since the last one (a killed worker
    loses only its last moments; its replacement counts from its start)."""

    def __init__(self, master: int):
        self.master = master
        self.seen: dict[int, float] = {}
        self.total = 0.0

    def workers(self) -> list[int]:
        try:  # the kernel's list of children: no process to start
            path = Path(f"/proc/{self.master}/task/{self.master}/children")
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return worker_pids(self.master)

    def __call__(self) -> float:
        for pid in self.workers():
            used = cpu_seconds([pid])
            self.total += max(used - self.seen.get(pid, 0.0), 0.0)
            self.seen[pid] = used
        return self.total


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--think-ms", type=int, default=0)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--kill-worker", action="store_true")
    parser.add_argument("--login-storm", choices=["password", "card"])
    args = parser.parse_args()
    load_before = os.getloadavg()

    workdir = Path(tempfile.mkdtemp(prefix="quizbench-"))
    env = environment(args.db, workdir)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "load_bank")
    manage(env, "collectstatic", "--noinput")
    ids = run_python(env, SETUP, str(args.students), PASSWORD, args.login_storm or "")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "quizsite.wsgi", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        timings: dict[str, list[float]] = defaultdict(list)
        clock = ServerClock(server.pid)
        if args.login_storm:
            storm = login_storm(args, base, clock, ids["cards"])
            print(
                json.dumps(
                    {
                        "db": args.db,
                        "students": args.students,
                        "workers": args.workers,
                        "login_storm": args.login_storm,
                        **storm,
                        "load_average_before": [round(x, 2) for x in load_before],
                    }
                )
            )
            return
        server_cpu = clock()
        pace = Unpaced() if args.think_ms else Lockstep(args.students, clock)
        pupils = [
            Pupil(base, f"pupil{i}", timings, args.think_ms / 1000, pace)
            for i in range(args.students)
        ]
        threads = [
            threading.Thread(target=p.run, args=(ids["assignment"], ids["classroom"]))
            for p in pupils
        ]
        client_cpu = time.process_time()
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        killed = None
        if args.kill_worker:
            # Mid-run, inside a step of answers: some of the class has had
            # its answer acknowledged, the rest is still waiting for theirs.
            target = args.students * 5 + args.students // 2
            while sum(p.acknowledged for p in pupils) < target and any(
                t.is_alive() for t in threads
            ):
                time.sleep(0.005)
            killed = worker_pids(server.pid)[0]
            os.kill(killed, signal.SIGKILL)
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        client_cpu = time.process_time() - client_cpu
        server_cpu = clock() - server_cpu

        floor: list[float] = []

        def health(count: int) -> None:
            for _ in range(count):
                t = time.perf_counter()
                fetch("127.0.0.1", port, "GET", "/healthz", None, {"Host": "127.0.0.1"})
                floor.append(time.perf_counter() - t)

        per_thread = max(2000 // args.students, 5)
        health_threads = [
            threading.Thread(target=health, args=(per_thread,)) for _ in range(args.students)
        ]
        health_started = time.perf_counter()
        for thread in health_threads:
            thread.start()
        for thread in health_threads:
            thread.join()
        health_wall = time.perf_counter() - health_started
        rss = max((rss_mb(pid) for pid in worker_pids(server.pid)), default=0.0)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    stored = run_python(env, COUNT, str(ids["assignment"]))
    queries = run_python(env, QUERIES, str(ids["assignment"]), str(ids["classroom"]))
    result = {
        "db": args.db,
        "students": args.students,
        "think_ms": args.think_ms,
        "workers": args.workers,
        "kill_worker": args.kill_worker,
        "killed_worker_pid": killed,
        "answers_acknowledged": sum(p.acknowledged for p in pupils),
        "answers_stored": stored["stored"],
        "duplicates": stored["duplicates"],
        "errors": sum(p.errors for p in pupils),
        "retries": sum(p.retries for p in pupils),
        "retried_statuses": {
            str(code): sum(p.retried.get(code, 0) for p in pupils)
            for code in sorted({c for p in pupils for c in p.retried}, key=str)
        },
        "lockstep": isinstance(pace, Lockstep) and not pace.broken,
        "wall_s": round(wall, 1),
    }
    # In lockstep each endpoint's throughput is over its own steps; at the
    # pupils' own pace, over the whole run.
    spent = pace.seconds() if result["lockstep"] else defaultdict(lambda: wall)
    for endpoint in ("question", "question_fragment", "answer", "finish", "leaderboard"):
        result[endpoint] = summary(timings[endpoint], spent[endpoint])
        if result["lockstep"] and timings[endpoint]:
            # The server's CPU per request: what the endpoint itself costs.
            cpu = pace.server_seconds()[endpoint] / len(timings[endpoint])
            result[endpoint]["server_cpu_ms"] = round(1000 * cpu, 2)
    result["healthz"] = summary(floor, health_wall)
    floor_rps = result["healthz"]["rps"] or 1
    result["answer_vs_floor"] = round((result["answer"]["rps"] or 0) / floor_rps, 3)
    result["question_vs_floor"] = round((result["question"]["rps"] or 0) / floor_rps, 3)
    result["question_fragment_vs_floor"] = round(
        (result["question_fragment"]["rps"] or 0) / floor_rps, 3
    )
    result["queries"] = queries
    result["worker_rss_mb"] = round(rss, 1)
    # Where the two cores went while the pupils worked: the load generator
    # shares the machine with the server it measures.
    result["cpu_s"] = {"server": round(server_cpu, 1), "client": round(client_cpu, 1)}
    if result["lockstep"]:
        result["steps"] = {
            label: {"s": round(pace.seconds()[label], 2), "server_cpu_s": round(cpu, 2)}
            for label, cpu in pace.server_seconds().items()
        }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
