"""Small statistics for progress pages and reports. No Django here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from datetime import datetime
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def latest(records: Iterable[tuple[K, datetime, float]]) -> dict[K, float]:
    """The most recent score for each key, from ``(key, when, score)``."""
    best: dict[K, tuple[datetime, float]] = {}
    for key, when, score in records:
        if key not in best or when >= best[key][0]:
            best[key] = (when, score)
    return {key: score for key, (_, score) in best.items()}


def mastery(latest_scores: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Mean of the latest score of each question, by group (e.g. topic)."""
    groups: dict[str, list[float]] = defaultdict(list)
    for group, score in latest_scores:
        groups[group].append(score)
    return {group: sum(s) / len(s) for group, s in groups.items()}


def chart_points(
    values: Sequence[float], *, width: int, height: int, pad: int = 8
) -> list[tuple[float, float]]:
    """SVG coordinates of values in 0..1 spread evenly across the width, 1 at the top."""
    if not values:
        return []
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    step = inner_w / (len(values) - 1) if len(values) > 1 else 0
    return [
        (
            round(pad + i * step if len(values) > 1 else width / 2, 1),
            round(pad + (1 - min(max(v, 0), 1)) * inner_h, 1),
        )
        for i, v in enumerate(values)
    ]


def combine_attempts(
    finished: Sequence[tuple[datetime, float]], method: str
) -> tuple[float, datetime] | None:
    """An assignment's grade from a pupil's finished attempts ``(when, score
    0..1)`` by the grading method, with the moment that grade was reached
    (ties on a leaderboard go to whoever reached it first)."""
    if not finished:
        return None
    ordered = sorted(finished)
    if method == "first":
        when, score = ordered[0]
        return score, when
    if method == "last":
        when, score = ordered[-1]
        return score, when
    if method == "average":
        return sum(s for _, s in ordered) / len(ordered), ordered[-1][0]
    best = max(s for _, s in ordered)  # highest: the first attempt that reached it
    return best, next(when for when, s in ordered if s == best)


def facility(scores: Sequence[float]) -> float | None:
    """Facility index: the mean score on a question, 0 (nobody) to 1 (everybody)."""
    return mean(scores)


def discrimination(pairs: Sequence[tuple[float, float]], share: float = 0.27) -> float | None:
    """Discrimination index from ``(pupil's total, pupil's score on the
    question)``: the question's mean in the top 27% of totals minus its mean in
    the bottom 27%. Near 1 it tells strong pupils from weak ones; below 0 it
    misleads. ``None`` with fewer than two pupils in each group."""
    ranked = sorted(pairs, key=lambda p: p[0])
    size = max(int(len(ranked) * share), 1)
    if len(ranked) < 2 * size or len(ranked) < 4:
        return None
    low, high = ranked[:size], ranked[-size:]
    return sum(s for _, s in high) / size - sum(s for _, s in low) / size
