"""The live game's push: notifications from the services' threads to the
event streams, in one process (memory) and across processes (PostgreSQL
LISTEN/NOTIFY), and the streams built on them, with a stand-in game."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from quizzes import realtime
from quizzes.views import live_events
from quizzes.views.live_events import Binding, event, host_stream, player_stream

ROOT = Path(__file__).resolve().parent.parent


def in_thread(function, *args):
    """In a thread of its own: a browser test earlier in the session leaves
    Playwright's event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def run(coroutine):
    return in_thread(asyncio.run, asyncio.wait_for(coroutine, 20))


# -- in one process ------------------------------------------------------------------


def test_publish_from_a_thread_reaches_the_subscriber():
    async def scenario():
        with realtime.listen(7) as subscription:
            thread = threading.Thread(target=realtime.publish, args=(7,), kwargs={"players": True})
            thread.start()
            change = await subscription.get(timeout=5)
            thread.join()
            return change

    assert run(scenario()) == realtime.Change(7, True)


def test_other_games_are_not_told():
    async def scenario():
        with realtime.listen(1) as one, realtime.listen(2) as two:
            await asyncio.to_thread(realtime.publish, 2, players=False)
            return await one.get(timeout=0.2), await two.get(timeout=2)

    assert run(scenario()) == (None, realtime.Change(2, False))


def test_changes_that_come_while_busy_are_merged_into_one():
    async def scenario():
        with realtime.listen(3) as subscription:

            def burst():
                realtime.publish(3, players=False)
                realtime.publish(3, players=True)
                realtime.publish(3, players=False)

            await asyncio.to_thread(burst)
            await asyncio.sleep(0.05)
            first = await subscription.get(timeout=1)
            second = await subscription.get(timeout=0.2)
            return first, second

    assert run(scenario()) == (realtime.Change(3, True), None)


def test_the_subscribe_iterator_yields_changes():
    async def scenario():
        changes = realtime.subscribe(4)
        waiting = asyncio.ensure_future(anext(changes))
        await asyncio.sleep(0.01)
        await asyncio.to_thread(realtime.publish, 4, players=True)
        change = await waiting
        await changes.aclose()
        return change, realtime._broker.subscribers.get(4)

    assert run(scenario()) == (realtime.Change(4, True), None)


def test_a_slow_subscriber_holds_up_neither_publish_nor_the_others():
    async def scenario():
        slow = realtime.listen(5)  # never reads
        quick = realtime.listen(5)
        received = 0

        async def read():
            nonlocal received
            while received < 200:
                if await quick.get(timeout=5) is None:
                    return
                received += 1
                await asyncio.sleep(0)

        reader = asyncio.ensure_future(read())

        def flood():
            started = time.perf_counter()
            for _ in range(2000):
                realtime.publish(5, players=True)
                time.sleep(0.0001)
            return time.perf_counter() - started

        took = await asyncio.to_thread(flood)
        await asyncio.sleep(0.1)
        reader.cancel()
        slow_pending = slow.pending
        slow.close()
        quick.close()
        return took, received, slow_pending

    took, received, slow_pending = run(scenario())
    assert took < 5  # never waits for a subscriber
    assert received > 10  # the quick one kept receiving
    assert slow_pending  # the slow one holds one pending change, not 2,000


def test_a_gone_subscriber_is_dropped_and_the_others_still_hear():
    def listen_and_go():
        gone_loop = asyncio.new_event_loop()
        gone = gone_loop.run_until_complete(_listen_later(6))
        gone_loop.close()  # its server thread ended without closing the subscription
        return gone

    gone = in_thread(listen_and_go)

    async def scenario():
        with realtime.listen(6) as subscription:
            await asyncio.to_thread(realtime.publish, 6, players=False)
            return await subscription.get(timeout=2)

    assert run(scenario()) == realtime.Change(6, False)
    assert gone not in realtime._broker.subscribers.get(6, set())


async def _listen_later(game_id):
    return realtime.listen(game_id)


def test_payloads_are_small_and_checked():
    assert realtime.payload(12, True) == "12:p"
    assert realtime.parse("12:h") == realtime.Change(12, False)
    for bad in ["", "x:p", "12", "12:x", "-1:p", "12:p:q"]:
        assert realtime.parse(bad) is None


def test_an_unknown_engine_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(LIVE_EVENTS="carrier-pigeon"), pytest.raises(ImproperlyConfigured):
        realtime.engine()


# -- across processes: PostgreSQL LISTEN/NOTIFY ---------------------------------------

LISTENER = """
import asyncio, json, sys
import django
django.setup()
from quizzes import realtime

async def main():
    with realtime.listen(int(sys.argv[1])) as subscription:
        await realtime._listener.wait_ready()
        print("ready", flush=True)
        change = await subscription.get(timeout=20)
        print(json.dumps([change.game_id, change.players]), flush=True)

asyncio.run(main())
"""


def database_url() -> str:
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@contextlib.contextmanager
def listener_of(game_id: int):
    """Another process listening to game ``game_id`` on PostgreSQL, ready:
    its ``stdout`` gives the first change it hears, as JSON."""
    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY needs PostgreSQL")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "LIVE_EVENTS": "postgres",
    }
    listener = subprocess.Popen(
        [sys.executable, "-c", LISTENER, str(game_id)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert listener.stdout.readline().strip() == "ready"
        with override_settings(LIVE_EVENTS="postgres"):
            yield listener
    finally:
        listener.kill()
        listener.wait()


@pytest.mark.django_db(transaction=True)
def test_postgres_carries_a_change_to_another_process():
    with listener_of(42) as listener:
        with transaction.atomic():
            realtime.publish(42, players=False)  # rolled back: never heard
            transaction.set_rollback(True)
        with transaction.atomic():
            realtime.publish(41, players=True)  # another game: not for it
            realtime.publish(42, players=True)
        assert json.loads(listener.stdout.readline()) == [42, True]


@pytest.mark.django_db(transaction=True)
def test_a_change_rides_on_its_own_commit_on_postgres():
    """The services' ``publish_on_commit``: on PostgreSQL the NOTIFY goes in
    the change's transaction (heard at its commit, never after a rollback),
    not as one more statement and commit once it is over."""
    from django.test.utils import CaptureQueriesContext

    with listener_of(43) as listener:
        with transaction.atomic():
            realtime.publish_on_commit(43, players=True)  # rolled back: never heard
            transaction.set_rollback(True)
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            realtime.publish_on_commit(43, players=False)
        sent = [q["sql"].split("(")[0] for q in queries.captured_queries]
        assert sent == ["BEGIN", "SELECT pg_notify", "COMMIT"]
        assert json.loads(listener.stdout.readline()) == [43, False]


@pytest.mark.django_db(transaction=True)
def test_postgres_engine_in_this_process_too():
    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY needs PostgreSQL")

    async def scenario():
        with realtime.listen(9) as subscription:
            await realtime._listener.wait_ready()
            await asyncio.to_thread(realtime.publish, 9, players=False)
            return await subscription.get(timeout=5)

    with override_settings(LIVE_EVENTS="postgres"):
        assert run(scenario()) == realtime.Change(9, False)


# -- the streams, with a stand-in game ------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    version: int
    phase: str = "lobby"
    players: frozenset = frozenset({1, 2, 3})
    deadline: datetime | None = None
    answered: int = 0


@dataclass
class Game:
    """A game kept in memory; ``change`` publishes as the services do."""

    game_id: int
    snapshot: Snapshot = field(default_factory=lambda: Snapshot(version=1))
    loads: int = 0
    closed: int = 0

    def change(self, *, players: bool, **fields) -> None:
        self.snapshot = replace(self.snapshot, **fields)
        realtime.publish(self.game_id, players=players)

    def load(self, game_id):
        self.loads += 1
        return self.snapshot

    def close_if_due(self, game_id):
        deadline = self.snapshot.deadline
        if self.snapshot.phase == "question" and deadline and deadline <= timezone.now():
            self.closed += 1
            self.change(players=True, phase="reveal", deadline=None)

    def binding(self) -> Binding:
        return Binding(
            load=self.load,
            host_html=lambda s: f"<p>host v{s.version} {s.phase}\nanswered {s.answered}</p>",
            player_html=lambda s, p: f"<p>player {p} v{s.version} {s.phase}</p>",
            player_status=lambda s, p: "playing" if p in s.players else "removed",
            is_over=lambda s: s.phase == "ended",
            deadline=lambda s: s.deadline if s.phase == "question" else None,
            close_if_due=self.close_if_due,
        )


async def next_event(stream, timeout=5) -> str:
    """The next event that is not a heartbeat, as ``name: data``."""
    while True:
        chunk = await asyncio.wait_for(anext(stream), timeout)
        if chunk.startswith("event: "):
            lines = chunk.strip("\n").split("\n")
            data = "\n".join(line.removeprefix("data: ") for line in lines[1:])
            return f"{lines[0].removeprefix('event: ')}: {data}"


def test_an_event_carries_html_as_data_lines():
    assert event("stage", "<p>a\nb</p>") == "event: stage\ndata: <p>a\ndata: b</p>\n\n"
    assert event("stage", "x\r\ny") == "event: stage\ndata: x\ndata: y\n\n"


def test_a_stream_starts_with_retry_and_the_current_stage():
    game = Game(100)

    async def scenario():
        stream = player_stream(100, 1, "kk", game.binding())
        first = await anext(stream)
        stage = await next_event(stream)
        await stream.aclose()
        return first, stage

    first, stage = run(scenario())
    assert first.startswith("retry: ")
    assert stage == "stage: <p>player 1 v1 lobby</p>"
    assert live_events.hubs.hubs == {}  # the last stream's end stops the hub


def test_phones_see_their_changes_and_only_the_host_sees_joins_and_answers():
    game = Game(101)

    async def scenario():
        host = host_stream(101, "kk", game.binding())
        phone = player_stream(101, 2, "kk", game.binding())
        await anext(host), await anext(phone)
        await next_event(host), await next_event(phone)
        await asyncio.to_thread(game.change, players=False, answered=1)
        host_saw = await next_event(host)
        phone_saw = asyncio.ensure_future(next_event(phone))
        await asyncio.sleep(0.3)
        assert not phone_saw.done()  # an answer re-renders no phone
        await asyncio.to_thread(game.change, players=True, phase="question", version=2)
        phone_then = await phone_saw
        host_then = await next_event(host)
        await host.aclose(), await phone.aclose()
        return host_saw, phone_then, host_then

    host_saw, phone_then, host_then = run(scenario())
    assert host_saw == "stage: <p>host v1 lobby\nanswered 1</p>"
    assert phone_then == "stage: <p>player 2 v2 question</p>"
    assert host_then.startswith("stage: <p>host v2 question")


def test_one_load_per_change_whatever_the_number_of_streams():
    game = Game(102, Snapshot(version=1, players=frozenset(range(200))))

    async def scenario():
        streams = [player_stream(102, p, "kk", game.binding()) for p in range(200)]
        for stream in streams:
            await anext(stream)
        await asyncio.gather(*(next_event(s) for s in streams))
        loads_before = game.loads
        await asyncio.to_thread(game.change, players=True, phase="question", version=2)
        seen = await asyncio.gather(*(next_event(s) for s in streams))
        for stream in streams:
            await stream.aclose()
        return loads_before, game.loads, seen

    before, after, seen = run(scenario())
    assert before == 1 and after == 2
    assert seen[150] == "stage: <p>player 150 v2 question</p>"


def test_host_only_changes_are_coalesced():
    game = Game(103)

    async def scenario():
        host = host_stream(103, "kk", game.binding())
        await anext(host), await next_event(host)

        def answers():
            for n in range(1, 41):
                game.change(players=False, answered=n)
                time.sleep(0.01)

        await asyncio.to_thread(answers)
        last = ""
        while "answered 40" not in last:
            last = await next_event(host)
        await host.aclose()
        return game.loads

    loads = run(scenario())
    assert loads <= 1 + 40 * 0.01 / live_events.HOST_INTERVAL + 2  # not one per answer


def test_a_removed_player_stream_ends():
    game = Game(104)

    async def scenario():
        phone = player_stream(104, 3, "kk", game.binding())
        await anext(phone), await next_event(phone)
        await asyncio.to_thread(game.change, players=True, version=2)
        await next_event(phone)
        game.snapshot = replace(game.snapshot, players=frozenset({1, 2}), version=3)
        await asyncio.to_thread(realtime.publish, 104, players=True)
        ended = await next_event(phone)
        with pytest.raises(StopAsyncIteration):
            await anext(phone)
        return ended

    assert run(scenario()) == "end: "
    assert live_events.hubs.hubs == {}


def test_the_stream_ends_with_the_game():
    game = Game(105)

    async def scenario():
        host = host_stream(105, "kk", game.binding())
        await anext(host), await next_event(host)
        await asyncio.to_thread(game.change, players=True, phase="ended", version=2)
        return [await next_event(host), await next_event(host)]

    stage, end = run(scenario())
    assert "ended" in stage and end == "end: "


def test_the_question_closes_at_its_deadline_on_the_server():
    game = Game(106)

    async def scenario():
        phone = player_stream(106, 1, "kk", game.binding())
        await anext(phone), await next_event(phone)
        deadline = timezone.now() + timedelta(milliseconds=300)
        await asyncio.to_thread(
            game.change, players=True, phase="question", version=2, deadline=deadline
        )
        opened = await next_event(phone)
        revealed = await next_event(phone, timeout=3)
        await phone.aclose()
        return opened, revealed, timezone.now() >= deadline

    opened, revealed, after = run(scenario())
    assert "question" in opened and "reveal" in revealed and after
    assert game.closed == 1


def test_a_quiet_stream_sends_heartbeats(monkeypatch):
    monkeypatch.setattr(live_events, "HEARTBEAT_SECONDS", 0.05)
    game = Game(107)

    async def scenario():
        host = host_stream(107, "kk", game.binding())
        chunks = [await anext(host) for _ in range(4)]
        await host.aclose()
        return chunks

    chunks = run(scenario())
    assert chunks[2] == ": keep-alive\n\n" and chunks[3] == ": keep-alive\n\n"


def test_the_engine_is_checked_at_start():
    from quizzes.realtime import check_engine

    assert check_engine() == []
    with override_settings(LIVE_EVENTS="carrier-pigeon"):
        assert [e.id for e in check_engine()] == ["quizzes.E001"]
    if connection.vendor == "sqlite":
        with override_settings(LIVE_EVENTS="postgres"):
            assert "PostgreSQL" in check_engine()[0].msg


def test_a_failed_load_is_tried_again_and_the_streams_wait(monkeypatch):
    monkeypatch.setattr(live_events, "RETRY_MS", 50)
    game = Game(108)
    failures = [RuntimeError("database is locked")]
    load = game.load

    def flaky(game_id):
        if failures:
            raise failures.pop()
        return load(game_id)

    binding = replace(game.binding(), load=flaky)

    async def scenario():
        phone = player_stream(108, 1, "kk", binding)
        await anext(phone)
        stage = await next_event(phone)
        await phone.aclose()
        return stage

    assert run(scenario()) == "stage: <p>player 1 v1 lobby</p>"
