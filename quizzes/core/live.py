"""The rules of a live classroom game, decided once.

A game is a small explicit state machine: a table of which action is allowed
in which phase, and what it leads to::

    lobby -> question -> reveal -> standings -> question -> ... -> podium -> ended

The last question's reveal (or standings) goes to the podium; ``end`` goes to
``ended`` from any phase; ``pause`` and ``resume`` happen only during a
question and keep the time that was left; ``skip`` (the host) and ``close``
(time up, or every player answered) close the question at once. Any other
step is refused with ``StepRefused``.

Scoring, ranking and the movement of the top five live here too. Time is
always the server's: the caller passes ``now``. Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from .kinds import REGISTRY, LiveBar, LiveOption, kind_rules

# Points for a right answer given at once; a right answer at the very end of
# the time earns half of it (speed mode).
MAX_POINTS = 1000
# Streak bonus: from the second right answer in a row on, each earns this
# much more per answer of the streak before it, up to the cap.
STREAK_STEP = 100
STREAK_CAP = 500
# What a host may choose for the time of a question, in seconds.
MIN_SECONDS = 5
MAX_SECONDS = 240
# The top of the standings shown between questions.
TOP = 5
# A nickname's longest.
NICKNAME_MAX = 20
PIN_DIGITS = 6


class Phase(StrEnum):
    LOBBY = "lobby"
    QUESTION = "question"
    REVEAL = "reveal"
    STANDINGS = "standings"
    PODIUM = "podium"
    ENDED = "ended"


class Action(StrEnum):
    START = "start"  # the host starts the game: the first question opens
    NEXT = "next"  # the host goes on: reveal -> standings -> next question -> podium -> ended
    PAUSE = "pause"  # the host stops the clock of a question
    RESUME = "resume"  # ... and starts it again with the time that was left
    SKIP = "skip"  # the host closes the question now
    CLOSE = "close"  # the server closes the question: time up, or every player answered
    END = "end"  # the host ends the game, from any phase


class Mode(StrEnum):
    SPEED = "speed"  # a right answer earns more the sooner it comes
    ACCURACY = "accuracy"  # every right answer earns the same


# The actions a host may send from a form (``close`` is the server's own).
HOST_ACTIONS = frozenset(
    {Action.START, Action.NEXT, Action.PAUSE, Action.RESUME, Action.SKIP, Action.END}
)


class StepRefused(ValueError):
    """An action that the game's phase does not allow. ``phase`` and
    ``action`` say which; the message says it in English for logs."""

    def __init__(self, phase: Phase, action: Action) -> None:
        super().__init__(f"{action} is not allowed in phase {phase}")
        self.phase = phase
        self.action = action


@dataclass(frozen=True)
class State:
    """Where a game stands. ``index`` is the current question's position
    (0-based; -1 in the lobby); ``deadline`` is ``None`` while paused, when
    ``paused_remaining`` holds the time that was left."""

    phase: Phase
    index: int
    count: int  # how many questions the game has
    seconds: int  # the time of a question
    opened_at: datetime | None = None
    deadline: datetime | None = None
    paused_remaining: timedelta | None = None

    @property
    def paused(self) -> bool:
        return self.phase == Phase.QUESTION and self.paused_remaining is not None

    @property
    def is_last(self) -> bool:
        return self.index >= self.count - 1


def new_state(*, count: int, seconds: int) -> State:
    """A game in its lobby."""
    return State(phase=Phase.LOBBY, index=-1, count=count, seconds=seconds)


def _open(state: State, index: int, now: datetime) -> State:
    return replace(
        state,
        phase=Phase.QUESTION,
        index=index,
        opened_at=now,
        deadline=now + timedelta(seconds=state.seconds),
        paused_remaining=None,
    )


def _close(state: State, now: datetime) -> State:
    return replace(state, phase=Phase.REVEAL, paused_remaining=None)


def _after_reveal(state: State, now: datetime) -> State:
    if state.is_last:
        return replace(state, phase=Phase.PODIUM)
    return replace(state, phase=Phase.STANDINGS)


def _after_standings(state: State, now: datetime) -> State:
    if state.is_last:
        return replace(state, phase=Phase.PODIUM)
    return _open(state, state.index + 1, now)


def _start(state: State, now: datetime) -> State:
    if state.count < 1:
        raise StepRefused(state.phase, Action.START)
    return _open(state, 0, now)


def _pause(state: State, now: datetime) -> State:
    if state.paused:
        raise StepRefused(state.phase, Action.PAUSE)
    assert state.deadline is not None
    left = max(state.deadline - now, timedelta(0))
    return replace(state, deadline=None, paused_remaining=left)


def _resume(state: State, now: datetime) -> State:
    if not state.paused:
        raise StepRefused(state.phase, Action.RESUME)
    assert state.paused_remaining is not None
    # Never before the opening, however the clock was set.
    deadline = max(now, state.opened_at or now) + state.paused_remaining
    return replace(state, deadline=deadline, paused_remaining=None)


def _end(state: State, now: datetime) -> State:
    return replace(state, phase=Phase.ENDED, deadline=None, paused_remaining=None)


# The whole machine: (phase, action) -> the step. Anything missing is refused.
TRANSITIONS = {
    (Phase.LOBBY, Action.START): _start,
    (Phase.QUESTION, Action.PAUSE): _pause,
    (Phase.QUESTION, Action.RESUME): _resume,
    (Phase.QUESTION, Action.SKIP): _close,
    (Phase.QUESTION, Action.CLOSE): _close,
    (Phase.REVEAL, Action.NEXT): _after_reveal,
    (Phase.STANDINGS, Action.NEXT): _after_standings,
    (Phase.PODIUM, Action.NEXT): _end,
    **{(phase, Action.END): _end for phase in Phase if phase != Phase.ENDED},
}


def allowed(state: State) -> frozenset[Action]:
    """The actions the game takes now (the host's buttons are these)."""
    actions = {action for (phase, action) in TRANSITIONS if phase == state.phase}
    if state.phase == Phase.QUESTION:
        actions.discard(Action.RESUME if not state.paused else Action.PAUSE)
    if state.phase == Phase.LOBBY and state.count < 1:
        actions.discard(Action.START)
    return frozenset(actions)


def step(state: State, action: Action | str, now: datetime) -> State:
    """The game after ``action`` at ``now``; ``StepRefused`` when the phase
    does not allow it (the state is then unchanged: states are values)."""
    action = Action(action)
    rule = TRANSITIONS.get((state.phase, action))
    if rule is None:
        raise StepRefused(state.phase, action)
    return rule(state, now)


def is_due(state: State, now: datetime) -> bool:
    """Whether the question's time is up (never while paused)."""
    return state.phase == Phase.QUESTION and state.deadline is not None and now >= state.deadline


def accepts_answers(state: State, now: datetime) -> bool:
    """Whether an answer arriving at ``now`` counts: during a question, not
    paused, before its deadline."""
    return state.phase == Phase.QUESTION and state.deadline is not None and now < state.deadline


def remaining_s(state: State, now: datetime) -> int:
    """Whole seconds left of the question (rounded up), what a screen shows."""
    if state.phase != Phase.QUESTION:
        return 0
    if state.paused_remaining is not None:
        left = state.paused_remaining
    else:
        assert state.deadline is not None
        left = state.deadline - now
    ms = max(0, int(left.total_seconds() * 1000))
    return -(-ms // 1000)


def elapsed_ms(state: State, now: datetime) -> int:
    """The time an answer took, from the question's opening to its arrival
    at ``now``, less any pause, clamped to [0, T]. Counted back from the
    deadline (which a pause pushes on), so a pause costs no one anything."""
    total = state.seconds * 1000
    if state.deadline is None:
        assert state.paused_remaining is not None
        left = state.paused_remaining
    else:
        left = state.deadline - now
    left_ms = int(left.total_seconds() * 1000)
    return max(0, min(total, total - left_ms))


# -- scoring -----------------------------------------------------------------


def speed_points(*, elapsed_ms: int, seconds: int) -> int:
    """``round(1000 * (1 - t / 2T))``, t clamped to [0, T]: 1000 at once,
    500 at the last moment."""
    total = seconds * 1000
    t = max(0, min(total, elapsed_ms))
    return round(MAX_POINTS * (1 - t / (2 * total)))


def streak_bonus(streak: int) -> int:
    """The bonus of the ``streak``-th right answer in a row: none for the
    first, +100 for the second, +200 for the third..., at most +500."""
    return min(STREAK_STEP * max(0, streak - 1), STREAK_CAP)


@dataclass(frozen=True)
class Score:
    points: int  # what this answer earned
    streak: int  # right answers in a row, this one included (0 after a wrong one)


def score_answer(
    *,
    correct: bool,
    elapsed_ms: int,
    seconds: int,
    mode: Mode | str,
    streak_before: int,
    with_streak: bool,
) -> Score:
    """Points of one answer. Wrong (or missing) scores 0 and ends the streak.
    Right: in speed mode ``speed_points``, in accuracy mode 1000; plus, with
    the streak option, ``streak_bonus`` of the new streak. Only exactly right
    counts as right in a game (a multiple choice half ticked is wrong): the
    screen says right or wrong, never "partly"."""
    if not correct:
        return Score(points=0, streak=0)
    streak = streak_before + 1
    base = (
        MAX_POINTS
        if Mode(mode) == Mode.ACCURACY
        else speed_points(elapsed_ms=elapsed_ms, seconds=seconds)
    )
    return Score(points=base + (streak_bonus(streak) if with_streak else 0), streak=streak)


def missed(streak_before: int) -> Score:
    """A question a player did not answer: no points, the streak ends."""
    return Score(points=0, streak=0)


# -- ranking -------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A player as the ranking sees them. ``time_ms`` is the total time of
    their right answers; ``order`` their place in the order of joining."""

    player_id: int
    score: int
    time_ms: int
    order: int


@dataclass(frozen=True)
class Ranked:
    player_id: int
    place: int  # 1-based
    score: int


def rank(entries: Iterable[Entry]) -> list[Ranked]:
    """The ranking: more points first; between equal points, the smaller
    total time of right answers first (the quicker of two equally right
    players); then the one who joined first. Every player has their own
    place (no shared places), so a podium always has three steps."""
    ordered = sorted(entries, key=lambda e: (-e.score, e.time_ms, e.order, e.player_id))
    return [Ranked(player_id=e.player_id, place=i, score=e.score) for i, e in enumerate(ordered, 1)]


class Move(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"  # not in the ranking before (or the first standings)


@dataclass(frozen=True)
class Movement:
    player_id: int
    place: int
    score: int
    before: int | None  # the place in the previous ranking
    move: Move
    by: int  # places gained or lost (0 for same or new)


def movement(before: Sequence[Ranked], after: Sequence[Ranked], top: int = TOP) -> list[Movement]:
    """The top ``top`` of ``after``, each with how they moved since ``before``."""
    places = {r.player_id: r.place for r in before}
    rows = []
    for r in after[:top]:
        old = places.get(r.player_id)
        if old is None:
            move, by = Move.NEW, 0
        elif old > r.place:
            move, by = Move.UP, old - r.place
        elif old < r.place:
            move, by = Move.DOWN, r.place - old
        else:
            move, by = Move.SAME, 0
        rows.append(
            Movement(
                player_id=r.player_id, place=r.place, score=r.score, before=old, move=move, by=by
            )
        )
    return rows


# -- nicknames and PINs --------------------------------------------------------


def nickname_clean(raw: str) -> str:
    """A nickname as kept: spaces collapsed and trimmed."""
    return " ".join((raw or "").split())


def nickname_key(nickname: str) -> str:
    """What makes two nicknames the same in a game: case never does (Kazakh
    and Russian letters too, which SQLite's ``lower`` does not fold)."""
    return nickname_clean(nickname).casefold()


def nickname_problem(nickname: str) -> str | None:
    """Why a (cleaned) nickname cannot be used: ``"blank"``, ``"too_long"``,
    ``"control"`` (invisible characters); ``None`` if it can."""
    if not nickname:
        return "blank"
    if len(nickname) > NICKNAME_MAX:
        return "too_long"
    if any(not ch.isprintable() for ch in nickname):
        return "control"
    return None


def pin_clean(raw: str) -> str | None:
    """A typed PIN as six digits (spaces and dashes allowed), or ``None``."""
    digits = "".join(ch for ch in (raw or "") if ch not in " -")
    if len(digits) == PIN_DIGITS and digits.isascii() and digits.isdigit():
        return digits
    return None


# -- what a game asks ------------------------------------------------------------

# The kinds a live game plays: each kind says so itself (``QuestionKind.live``,
# with the reason): single and multiple choice, true/false and a year.
PLAYABLE_KINDS = tuple(kind.value for kind, rules in REGISTRY.items() if rules.live)


def playable(kind: str) -> bool:
    return kind in PLAYABLE_KINDS


def options(kind: str, spec: Mapping[str, Any], order: Sequence[int]) -> list[LiveOption]:
    """The options a game shows, in order, without the key."""
    return kind_rules(kind).live_options(spec, order)


def tally(
    kind: str, spec: Mapping[str, Any], order: Sequence[int], responses: Iterable[Any]
) -> list[LiveBar]:
    """How many players gave each answer (unanswered left out)."""
    if not playable(kind):
        raise ValueError(f"{kind} is not played live")
    given = [r for r in responses if r is not None]
    return kind_rules(kind).live_tally(spec, order, given)
