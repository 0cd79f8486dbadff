"""The live game's event streams: server-sent events, one stream per open
host or player page, each event carrying the ready HTML of the page's stage.

A hub per game and server process listens to the game's changes
(``quizzes.realtime``), loads the game's snapshot once per change whatever
the number of open streams, and wakes the streams with a future they all
share. The host's screen is re-rendered at most ``HOST_INTERVAL`` apart when
only it changed (joins, answers); a change the phones show is loaded at
once. At a question's deadline the hub closes the question
(``close_if_due``), whose notification then reaches every screen.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import math
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asgiref.sync import sync_to_async
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, StreamingHttpResponse
from django.utils import timezone, translation

from quizzes import realtime

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
RETRY_MS = 2000
HOST_INTERVAL = 0.25  # the host's screen: at most four renders a second
DEADLINE_SLACK = 0.05  # wake a little after the deadline, never before
FRESH_SECONDS = 0.5  # a stage sent later than this after its load counts the time again


PLAYING, REMOVED, UNKNOWN = "playing", "removed", "unknown"


@dataclass(frozen=True)
class Binding:
    """What the streams need of the game: load its snapshot (``None`` when
    the game is gone), render the host's and a player's stage, say where a
    player stands (playing, removed, or not in this snapshot yet: joined
    since), whether the game is over, the current question's deadline, and
    close a question whose time is up."""

    load: Callable[[int], Any]
    host_html: Callable[[Any], str]
    player_html: Callable[[Any, int], str]
    player_status: Callable[[Any, int], str]
    is_over: Callable[[Any], bool]
    deadline: Callable[[Any], datetime | None]
    close_if_due: Callable[[int], Any]
    fresh: Callable[[Any], Any] = lambda snapshot: snapshot  # noqa: E731


def _load_game(game_id: int) -> Any:
    from quizzes.models import Game
    from quizzes.selectors.live import game_snapshot

    try:
        return game_snapshot(game_id)
    except Game.DoesNotExist:
        return None


def _player_status(snapshot: Any, player_id: int) -> str:
    if player_id in snapshot.by_id:
        return PLAYING
    return REMOVED if player_id in snapshot.removed else UNKNOWN


def _fresh(snapshot: Any) -> Any:
    """The snapshot as of now, for a stage sent a while after it was loaded
    (a stream that connects later): the time left counted again, so the
    phone's countdown starts from the server's clock."""
    now = timezone.now()
    if (now - snapshot.taken_at).total_seconds() < FRESH_SECONDS:
        return snapshot
    remaining = snapshot.remaining_s
    if snapshot.phase == "question" and snapshot.deadline is not None:
        remaining = max(0, math.ceil((snapshot.deadline - now).total_seconds()))
    return dataclasses.replace(snapshot, taken_at=now, remaining_s=remaining)


def shared_snapshot(game_id: int) -> Any:
    """The game's snapshot as this process's streams last loaded it (as of
    now), or ``None`` when no stream shows it here. Any thread may ask."""
    hub = hubs.hubs.get(game_id)
    if hub is None or hub.gone or hub.snapshot is None:
        return None
    return _fresh(hub.snapshot)


@functools.cache
def game_binding() -> Binding:
    from quizzes.services.live import close_if_due
    from quizzes.views.live import host_stage_html, player_stage_html

    return Binding(
        load=_load_game,
        host_html=host_stage_html,
        player_html=player_stage_html,
        player_status=_player_status,
        is_over=lambda snapshot: snapshot.phase == "ended",
        deadline=lambda snapshot: snapshot.deadline if snapshot.phase == "question" else None,
        close_if_due=close_if_due,
        fresh=_fresh,
    )


def _database(function: Callable, *args: Any) -> Any:
    """Database work for the streams, in one of the server's worker threads
    (whose connection lasts as a request's would: ``CONN_MAX_AGE``)."""
    close_old_connections()
    try:
        return function(*args)
    finally:
        close_old_connections()


async def database(function: Callable, *args: Any) -> Any:
    return await sync_to_async(_database, thread_sensitive=False)(function, *args)


class Hub:
    """One game's snapshot in this server process, shared by its streams."""

    def __init__(self, game_id: int, binding: Binding) -> None:
        self.game_id = game_id
        self.binding = binding
        self.snapshot: Any = None
        self.serial = 0  # raised by every load
        self.player_serial = 0  # raised by every load that the phones must see
        self.streams = 0
        self.gone = False
        self.loads = 0
        self._html: tuple[int, str, str] | None = None  # (serial, language, host html)
        self._html_at = 0.0
        self._changed: asyncio.Future = asyncio.get_running_loop().create_future()
        self._task: asyncio.Task | None = None
        self._ready = asyncio.Event()
        self._closed_deadline: datetime | None = None

    async def start(self) -> None:
        self._subscription = realtime.listen(self.game_id)
        self._task = asyncio.get_running_loop().create_task(self._run())
        await self._ready.wait()

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._subscription.close()
        self._wake()

    async def wait(self, timeout: float) -> None:
        """Until the next load, or ``timeout`` seconds."""
        await asyncio.wait([self._changed], timeout=max(timeout, 0))

    def host_html(self) -> str:
        """The host's stage for the current snapshot, rendered once for all
        the host's open screens in one language."""
        language = translation.get_language()
        if self._html is None or self._html[:2] != (self.serial, language):
            self._html = (self.serial, language, self.binding.host_html(self.snapshot))
            self._html_at = asyncio.get_running_loop().time()
        elif asyncio.get_running_loop().time() - self._html_at >= FRESH_SECONDS:
            return self.binding.host_html(self.binding.fresh(self.snapshot))
        return self._html[2]

    def _wake(self) -> None:
        changed, self._changed = self._changed, asyncio.get_running_loop().create_future()
        changed.set_result(None)

    async def _load(self, players: bool) -> None:
        while True:
            try:
                snapshot = await database(self.binding.load, self.game_id)
                break
            except Exception:  # the database away for a moment: the screens wait
                logger.warning("Live events: game %s not loaded", self.game_id, exc_info=True)
                await asyncio.sleep(RETRY_MS / 1000)
        self.loads += 1
        if snapshot is None:
            self.gone = True
        self.snapshot = snapshot
        self.serial += 1
        if players:
            self.player_serial += 1
        self._ready.set()
        self._wake()

    def _deadline_in(self) -> float | None:
        if self.snapshot is None:
            return None
        deadline = self.binding.deadline(self.snapshot)
        if deadline is None or deadline == self._closed_deadline:
            return None
        return max((deadline - timezone.now()).total_seconds(), 0.0) + DEADLINE_SLACK

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        subscription = self._subscription
        try:
            await self._load(players=True)
            last = loop.time()
            while not self.gone:
                change = await subscription.get(timeout=self._deadline_in())
                if change is None:  # the question's time is up
                    self._closed_deadline = self.binding.deadline(self.snapshot)
                    try:
                        await database(self.binding.close_if_due, self.game_id)
                    except Exception:  # the next request after the deadline closes it
                        logger.warning("Live events: game %s not closed", self.game_id)
                    continue  # its notification comes as any other
                players = change.players
                # Only the host's screen changed: gather what else comes
                # until HOST_INTERVAL after the last load, unless the
                # phones' turn comes first.
                while not players:
                    left = last + HOST_INTERVAL - loop.time()
                    if left <= 0:
                        break
                    more = await subscription.get(timeout=left)
                    players = bool(more and more.players)
                await self._load(players=players)
                last = loop.time()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Live events: game %s's hub stopped", self.game_id)
            self.gone = True
            self._ready.set()
            self._wake()


class Hubs:
    """The hubs of this server process, made with the first stream of a
    game and stopped with its last."""

    def __init__(self) -> None:
        self.hubs: dict[int, Hub] = {}

    async def acquire(self, game_id: int, binding: Binding) -> Hub:
        hub = self.hubs.get(game_id)
        if hub is None or hub.gone:
            hub = Hub(game_id, binding)
            self.hubs[game_id] = hub
            hub.streams += 1
            await hub.start()
        else:
            hub.streams += 1
            await hub._ready.wait()
        return hub

    def release(self, hub: Hub) -> None:
        hub.streams -= 1
        if hub.streams <= 0:
            hub.stop()
            if self.hubs.get(hub.game_id) is hub:
                del self.hubs[hub.game_id]


hubs = Hubs()


def event(name: str, data: str) -> str:
    """One server-sent event; each line of ``data`` a ``data:`` line."""
    lines = data.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return f"event: {name}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"


async def _stream(
    game_id: int,
    language: str,
    binding: Binding,
    *,
    serial: Callable[[Hub], int],
    ended: Callable[[Hub], bool],
    render: Callable[[Hub], str | None],
) -> AsyncIterator[str]:
    """A screen's stage now, then at every change its ``serial`` counts:
    ``render`` gives the stage (``None``: nothing to show yet, look again at
    the next change or heartbeat); the stream ends when the hub is gone,
    when ``ended`` says so, or after the game's last stage."""
    yield f"retry: {RETRY_MS}\n\n"
    hub = await hubs.acquire(game_id, binding)
    loop = asyncio.get_running_loop()
    try:
        seen, sent = None, loop.time()
        while True:
            if hub.gone or ended(hub):
                yield event("end", "")
                return
            changed = serial(hub)
            if changed != seen:
                snapshot = hub.snapshot
                with translation.override(language):
                    html = render(hub)
                if html is not None:
                    seen = changed
                    yield event("stage", html)
                    sent = loop.time()
                    if binding.is_over(snapshot):
                        yield event("end", "")
                        return
                    continue  # a change may have come while that was sent
            await hub.wait(sent + HEARTBEAT_SECONDS - loop.time())
            if loop.time() - sent >= HEARTBEAT_SECONDS:
                yield ": keep-alive\n\n"
                sent = loop.time()
    finally:
        hubs.release(hub)


def host_stream(game_id: int, language: str, binding: Binding) -> AsyncIterator[str]:
    """The host's stage now, then at every change; ends with the game."""
    return _stream(
        game_id,
        language,
        binding,
        serial=lambda hub: hub.serial,
        ended=lambda hub: False,
        render=lambda hub: hub.host_html(),
    )


def player_stream(
    game_id: int, player_id: int, language: str, binding: Binding
) -> AsyncIterator[str]:
    """The player's stage now, then at every change the phones see; ends
    when the player is removed or the game is over."""

    def render(hub: Hub) -> str | None:
        if binding.player_status(hub.snapshot, player_id) != PLAYING:
            return None
        return binding.player_html(binding.fresh(hub.snapshot), player_id)

    return _stream(
        game_id,
        language,
        binding,
        serial=lambda hub: hub.player_serial,
        ended=lambda hub: binding.player_status(hub.snapshot, player_id) == REMOVED,
        render=render,
    )


# -- the views ------------------------------------------------------------------------


def stream_response(stream: AsyncIterator[str]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


def _hosted_game_id(request: HttpRequest, pin: str) -> int | None:
    """The host's game (an open stream holds no database connection: the
    request's thread goes back to the pool once the stream starts)."""
    from quizzes.selectors.live import game_for_host

    user = request.user
    if not user.is_authenticated:
        return None
    return game_for_host(user, pin).pk


def _player_ids(request: HttpRequest, pin: str) -> tuple[int, int | None]:
    """The game with this PIN and the player of the request's signed cookie
    (``None`` when there is none, or they were removed)."""
    from quizzes.selectors.live import game_by_pin, player_in
    from quizzes.views.live import player_id_from

    game = game_by_pin(pin)
    player = player_in(game, player_id_from(request, game.pk))
    if player is None or player.removed:
        return game.pk, None
    return game.pk, player.pk


def _not_streaming(request: HttpRequest) -> bool:
    """Under WSGI (gunicorn, the tests' live server) a stream would hold a
    worker for as long as it lasts, and Django would gather it whole before
    sending anything: the page is told there is nothing to stream (204),
    and its fallback (reloading) goes on."""
    return "wsgi.version" in request.META


async def host_events(request: HttpRequest, pin: str) -> HttpResponse:
    """The host's screen's event stream: the host's own game only."""
    if _not_streaming(request):
        return HttpResponse(status=204)
    game_id = await sync_to_async(_hosted_game_id)(request, pin)
    if game_id is None:
        return HttpResponseForbidden()
    return stream_response(host_stream(game_id, request.LANGUAGE_CODE, game_binding()))


async def player_events(request: HttpRequest, pin: str) -> HttpResponse:
    """A player's event stream, for the player of the signed cookie. No
    player (or a removed one): 204, which tells the browser to stop
    reconnecting."""
    if _not_streaming(request):
        return HttpResponse(status=204)
    game_id, player_id = await sync_to_async(_player_ids)(request, pin)
    if player_id is None:
        return HttpResponse(status=204)
    return stream_response(player_stream(game_id, player_id, request.LANGUAGE_CODE, game_binding()))
