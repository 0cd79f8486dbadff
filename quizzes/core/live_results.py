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
    chosen: tuple[int, ...]  # how many chose each option (empty for kinds without options)


def question_figures(
    *,
    players: int,
    answers: Iterable[tuple[bool, int, object]],
    options: int,
) -> QuestionFigures:
    """A question's figures from its answers ``(right, elapsed ms, response)``:
    a response is an option's index, a list of them, or anything else (a
    year). ``players`` is how many could answer it; unanswered count as not
    right. An index outside ``0 .. options - 1`` is ignored."""
    rows = list(answers)
    chosen = [0] * options
    for _, _, response in rows:
        picked = response if isinstance(response, list) else [response]
        for index in picked:
            if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < options:
                chosen[index] += 1
    right = sum(1 for correct, _, _ in rows if correct)
    players = max(players, len(rows))
    return QuestionFigures(
        answers=len(rows),
        players=players,
        right=right,
        share_right=right / players if players else None,
        median_ms=median([ms for _, ms, _ in rows]),
        chosen=tuple(chosen),
    )
