"""A live game's changes, handed to the event streams that show it.

``publish(game_id, players=...)`` says "game N changed" (``players`` when
what the phones show changed, not only the host's screen). The services call
it from ordinary synchronous code, in whatever thread serves the request;
``subscribe(game_id)`` is an async iterator of those notifications, for the
event streams, which run on the server's event loop.

Which engine carries them is ``settings.LIVE_EVENTS``:

``memory`` (the default)
    Inside the one server process: ``publish`` hands the notification to
    each event loop that has subscribers, with ``call_soon_threadsafe``.
    Nothing else to run: ``make run`` needs no other service.
``postgres``
    Across several server processes on one PostgreSQL database, with its
    LISTEN/NOTIFY: ``publish`` sends ``NOTIFY quiz_live, '<game>:<p|h>'``
    when the transaction commits; each server process keeps one connection
    listening (psycopg's async connection) and hands what it hears to its
    own subscribers as the memory engine does. A process that loses that
    connection connects again and tells every subscriber that everything may
    have changed, so no change is missed for good.

A subscriber holds at most one pending change (two flags, not a queue): a
slow one never holds up ``publish`` or the others, and changes that arrive
while it is busy are merged into one.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

logger = logging.getLogger(__name__)

CHANNEL = "quiz_live"
ENGINES = ("memory", "postgres")


@dataclass(frozen=True)
class Change:
    """Game ``game_id`` changed; ``players`` when the phones must see it."""

    game_id: int
    players: bool


Notice = Change

# With settings.LIVE_EVENTS_RECORD (the tests' settings), every change sent,
# in order, for the tests to read and clear.
published: list[Change] = []


class Subscription:
    """One subscriber's pending change, set from any thread through its
    event loop and taken with ``get``."""

    def __init__(self, game_id: int, loop: asyncio.AbstractEventLoop) -> None:
        self.game_id = game_id
        self.loop = loop
        self.pending = False
        self.players = False
        self.event = asyncio.Event()

    def _set(self, players: bool) -> None:  # in the loop's thread
        self.pending = True
        self.players = self.players or players
        self.event.set()

    def take(self) -> Change | None:
        """The pending change, if there is one, without waiting."""
        if not self.pending:
            return None
        change = Change(self.game_id, self.players)
        self.pending = self.players = False
        self.event.clear()
        return change

    async def get(self, timeout: float | None = None) -> Change | None:
        """The next change (changes that came meanwhile merged into one), or
        ``None`` after ``timeout`` seconds without any."""
        if not self.pending:
            try:
                await asyncio.wait_for(self.event.wait(), timeout)
            except TimeoutError:
                return None
        return self.take()

    def close(self) -> None:
        _broker.remove(self)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Broker:
    """This process's subscribers, by game, and the handing over to their
    event loops."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.subscribers: dict[int, set[Subscription]] = defaultdict(set)

    def add(self, subscription: Subscription) -> None:
        with self.lock:
            self.subscribers[subscription.game_id].add(subscription)

    def remove(self, subscription: Subscription) -> None:
        with self.lock:
            subscribers = self.subscribers.get(subscription.game_id)
            if subscribers is not None:
                subscribers.discard(subscription)
                if not subscribers:
                    del self.subscribers[subscription.game_id]

    def deliver(self, game_id: int, players: bool) -> None:
        """From any thread: one hand-over per event loop, never a wait."""
        self._deliver(self._by_loop(game_id), players)

    def deliver_all(self) -> None:
        """Every subscriber, as if everything changed (after a lost link)."""
        with self.lock:
            games = list(self.subscribers)
        for game_id in games:
            self.deliver(game_id, True)

    def _by_loop(self, game_id: int) -> dict[asyncio.AbstractEventLoop, list[Subscription]]:
        with self.lock:
            subscribers = list(self.subscribers.get(game_id, ()))
        by_loop: dict[asyncio.AbstractEventLoop, list[Subscription]] = defaultdict(list)
        for subscription in subscribers:
            by_loop[subscription.loop].append(subscription)
        return by_loop

    def _deliver(self, by_loop, players: bool) -> None:
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        for loop, subscriptions in by_loop.items():
            if loop is running:
                _set_all(subscriptions, players)
                continue
            try:
                loop.call_soon_threadsafe(_set_all, subscriptions, players)
            except RuntimeError:  # that loop is closed: its subscribers are gone
                for subscription in subscriptions:
                    self.remove(subscription)


def _set_all(subscriptions: list[Subscription], players: bool) -> None:
    for subscription in subscriptions:
        subscription._set(players)


_broker = Broker()


def engine() -> str:
    name = getattr(settings, "LIVE_EVENTS", "memory")
    if name not in ENGINES:
        raise ImproperlyConfigured(f"LIVE_EVENTS must be one of {', '.join(ENGINES)}")
    if name == "postgres" and connections["default"].vendor != "postgresql":
        raise ImproperlyConfigured("LIVE_EVENTS=postgres needs a PostgreSQL DATABASE_URL")
    return name


def check_engine(app_configs=None, **kwargs) -> list:
    """A system check (every manage.py command and the server's start):
    LIVE_EVENTS names an engine this database can carry."""
    from django.core.checks import Error

    try:
        engine()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="quizzes.E001")]
    return []


def payload(game_id: int, players: bool) -> str:
    return f"{int(game_id)}:{'p' if players else 'h'}"


def parse(text: str) -> Change | None:
    game, _, audience = text.partition(":")
    if not game.isdigit() or audience not in ("p", "h"):
        return None
    return Change(int(game), audience == "p")


def publish(game_id: int, *, players: bool) -> None:
    """Game ``game_id`` changed: tell every event stream that shows it, on
    every server. The services call it once the change is committed
    (``transaction.on_commit``); a NOTIFY sent inside a transaction would
    wait for its commit anyway, and vanish with a rollback."""
    if getattr(settings, "LIVE_EVENTS_RECORD", False):
        published.append(Change(game_id, players))
    if engine() == "postgres":
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload(game_id, players)])
    else:
        _broker.deliver(game_id, players)


def publish_on_commit(game_id: int, *, players: bool) -> None:
    """Game ``game_id`` changes in the transaction under way: ``publish``
    once it commits, nothing if it rolls back. On PostgreSQL the NOTIFY is
    sent now, inside the transaction, which is what PostgreSQL's NOTIFY
    does (it is delivered at the commit and dropped with a rollback): the
    change's own commit carries it, where a NOTIFY sent after would be one
    more statement and one more commit, for each of a class's answers."""
    connection = connections["default"]
    if engine() != "postgres" or not connection.in_atomic_block:
        transaction.on_commit(lambda: publish(game_id, players=players))
        return
    if getattr(settings, "LIVE_EVENTS_RECORD", False):
        transaction.on_commit(lambda: published.append(Change(game_id, players)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload(game_id, players)])


def listen(game_id: int) -> Subscription:
    """A subscription to the game's changes, in the running event loop
    (``close`` it, or use it as a context manager)."""
    loop = asyncio.get_running_loop()
    if engine() == "postgres":
        _listener.ensure(loop)
    subscription = Subscription(game_id, loop)
    _broker.add(subscription)
    return subscription


async def subscribe(game_id: int) -> AsyncIterator[Change]:
    """The game's changes as they come, for as long as the caller iterates."""
    with listen(game_id) as subscription:
        while True:
            change = await subscription.get()
            if change is not None:
                yield change


class Listener:
    """The one listening PostgreSQL connection of this server process (per
    event loop), started with the first subscriber."""

    RETRY_SECONDS = 1.0

    def __init__(self) -> None:
        self.tasks: dict[asyncio.AbstractEventLoop, asyncio.Task] = {}
        self.ready: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}

    def ensure(self, loop: asyncio.AbstractEventLoop) -> None:
        task = self.tasks.get(loop)
        if task is None or task.done():
            self.ready[loop] = asyncio.Event()
            self.tasks[loop] = loop.create_task(self._run(loop), name="quiz-live-listener")

    async def wait_ready(self, timeout: float = 10) -> None:
        """Until this loop's connection listens (tests and the bench)."""
        loop = asyncio.get_running_loop()
        self.ensure(loop)
        await asyncio.wait_for(self.ready[loop].wait(), timeout)

    async def _run(self, loop: asyncio.AbstractEventLoop) -> None:
        import psycopg

        params = _connection_params()
        lost = False
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(**params, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.ready[loop].set()
                    if lost:  # whatever was said meanwhile went unheard
                        _broker.deliver_all()
                    async for notify in conn.notifies():
                        change = parse(notify.payload)
                        if change is not None:
                            _broker.deliver(change.game_id, change.players)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Live events: the listening connection was lost", exc_info=True)
            lost = True
            self.ready[loop].clear()
            await asyncio.sleep(self.RETRY_SECONDS)


def _connection_params() -> dict:
    """Where Django's default database is, for a connection of our own."""
    params = connections["default"].get_connection_params()
    keep = ("dbname", "user", "password", "host", "port", "sslmode", "options", "service")
    return {key: value for key, value in params.items() if key in keep and value is not None}


_listener = Listener()
