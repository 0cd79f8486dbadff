"""What a finished live game leaves behind, decided once: which questions
count for a player's practice, and the figures of the host's report.

A player's practice gets every question played while they were in the game:
from the question open (or next to open) when they joined to the last one the
game reached. A right answer counts as remembered (full marks), a wrong one
as a miss, and so does a question they let pass unanswered: in a game,
silence is a miss, not a question never met. Questions opened before they
joined are not theirs, and a removed player leaves nothing.

Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# The score a right and a missed question give the review schedule
# (``quizzes.core.scheduling.review``).
REMEMBERED = 1.0
MISSED = 0.0


def practice_scores(
    *, reached: int, first_index: int, answers: Mapping[int, bool]
) -> dict[int, float]:
    """The review score of each question index that counts for a player.

    ``reached``: how many questions the game opened (indices ``0 ..
    reached - 1``); ``first_index``: the first question the player could
    answer; ``answers``: index -> right or not, for what they answered. An
    answer to a question outside the range (a tampered row) still counts
    as given: the player met that question.
    """
    scores = {index: MISSED for index in range(max(first_index, 0), max(reached, 0))}
    for index, correct in answers.items():
        scores[index] = REMEMBERED if correct else MISSED
    return dict(sorted(scores.items()))


def openings(
    *, reached: int, answers: Iterable[tuple[int, datetime, int]], current: datetime | None
) -> list[datetime | None]:
    """When each question reached was opened, as far as the answers tell:
    an answer at ``answered_at`` that took ``elapsed_ms`` came to a question
    opened no later than ``answered_at - elapsed_ms`` (later only by a pause),
    so the earliest such moment is kept. ``current`` is the last question's
    own opening, known exactly. ``None`` where a question has no answers."""
    opened: list[datetime | None] = [None] * max(reached, 0)
    for index, answered_at, ms in answers:
        if 0 <= index < len(opened):
            moment = answered_at - timedelta(milliseconds=ms)
            known = opened[index]
            opened[index] = moment if known is None or moment < known else known
    if opened and current is not None:
        opened[-1] = current
    return opened


def first_index(*, joined_at: datetime, opened: Sequence[datetime | None]) -> int:
    """The first question a player who joined at ``joined_at`` is charged
    with: the first one opened after they came. A question whose opening is
    unknown is taken as opened with the one before it, so doubt never
    charges a player with a question they may not have seen (one they
    answered counts anyway: see ``practice_scores``)."""
    first = 0
    last_known: datetime | None = None
    for index, moment in enumerate(opened):
        last_known = moment if moment is not None else last_known
        if last_known is not None and last_known < joined_at:
            first = index + 1
    return first


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones), ``None`` if none."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class QuestionFigures:
    answers: int  # answers given
    players: int  # players who could answer it
    right: int
    share_right: float | None  # of the players who could answer, ``None`` if none could
    median_ms: float | None  # of the answers given


def question_figures(*, players: int, answers: Iterable[tuple[bool, int]]) -> QuestionFigures:
    """A question's figures from its answers ``(right, elapsed ms)``.
    ``players`` is how many could answer it: a silent one is not right.
    (How many chose each option is ``quizzes.core.live.tally``.)"""
    rows = list(answers)
    right = sum(1 for correct, _ in rows if correct)
    players = max(players, len(rows))
    return QuestionFigures(
        answers=len(rows),
        players=players,
        right=right,
        share_right=right / players if players else None,
        median_ms=median([ms for _, ms in rows]),
    )
