"""Telling the live game's screens that a game changed.

``publish(game_id, players=...)`` says "game N changed" once a change is
committed; ``players`` is true when what the players see changed (a phase,
the next question, pause or resume, a removal, the end) and false when only
the host's screen did (a join, an answer). ``subscribe(game_id)`` is what an
event stream listens to.

This first version only records the calls in this process (what the game's
services and their tests need); the fan-out to event streams, in one process
or across several servers, takes its place behind the same two names.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    game_id: int
    players: bool


# The latest calls, in order (tests read and clear it); the oldest are let go.
published: list[Notice] = []
KEEP = 1000
_dropped = 0  # how many were let go, so that a listener's place stays right


def publish(game_id: int, *, players: bool) -> None:
    """Game ``game_id`` changed (call it on commit)."""
    global _dropped
    published.append(Notice(game_id=game_id, players=players))
    if len(published) > 2 * KEEP:
        del published[:KEEP]
        _dropped += KEEP


async def subscribe(game_id: int) -> AsyncIterator[Notice]:
    """The notices of one game as they come (this version: those recorded
    from now on in this process, looked at four times a second)."""
    seen = _dropped + len(published)
    while True:
        seen = max(seen, _dropped)
        while seen < _dropped + len(published):
            notice = published[seen - _dropped]
            seen += 1
            if notice.game_id == game_id:
                yield notice
        await asyncio.sleep(0.25)
