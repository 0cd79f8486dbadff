"""Seeded assembly of a quiz: which questions, in which order, with which
order of options. Everything is a function of the attempt's seed, so an
attempt can be rebuilt exactly on another device or after a dropped connection.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Pool:
    """Draw ``count`` questions from ``candidates`` (question ids)."""

    candidates: tuple[int, ...]
    count: int


# How many shuffles a pool tries when enemies keep it from its count.
DRAW_TRIES = 25


def _draw(
    candidates: list[int],
    count: int,
    *,
    avoid: frozenset[int],
    barred: set[int],
    rivals: dict[int, set[int]],
    rng: random.Random,
) -> list[int]:
    """``count`` candidates, fresh ones first, none barred or enemies of one
    another. A shuffle whose enemies leave the pool short is tried again, up
    to ``DRAW_TRIES`` times, and the fullest draw (then the freshest) wins."""
    fresh = [c for c in candidates if c not in avoid]
    stale = [c for c in candidates if c in avoid]
    open_fresh = sum(1 for c in fresh if c not in barred)
    most = min(max(count, 0), open_fresh + sum(1 for c in stale if c not in barred))

    def quality(draw: list[int]) -> tuple[int, int]:
        return len(draw), sum(1 for c in draw if c not in avoid)

    best: list[int] = []
    for _ in range(DRAW_TRIES):
        rng.shuffle(fresh)
        rng.shuffle(stale)
        drawn: list[int] = []
        shut = set(barred)
        for candidate in fresh + stale:
            if len(drawn) >= count:
                break
            if candidate not in shut:
                drawn.append(candidate)
                shut |= rivals.get(candidate, set())
        best = max(best, drawn, key=quality)
        if quality(best) == (most, min(most, open_fresh)):
            break  # nothing fuller or fresher can be drawn
    return best


def _rivals(enemies: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    rivals: dict[int, set[int]] = {}
    for a, b in enemies:
        if a != b:
            rivals.setdefault(a, set()).add(b)
            rivals.setdefault(b, set()).add(a)
    return rivals


def _fixed_without_enemies(fixed: list[int], rivals: dict[int, set[int]], seed: int) -> list[int]:
    """The fixed questions, less one of each pair of enemies, chosen by the
    seed; the others keep their order."""
    if not any(rivals.get(q, set()) & set(fixed) for q in fixed):
        return fixed
    order = sorted(fixed)
    random.Random(f"{seed}:enemies").shuffle(order)
    kept: set[int] = set()
    for question in order:
        if not rivals.get(question, set()) & kept:
            kept.add(question)
    return [q for q in fixed if q in kept]


def assemble(
    *,
    seed: int,
    fixed: Sequence[int] = (),
    pools: Sequence[Pool] = (),
    avoid: frozenset[int] = frozenset(),
    shuffle: bool = True,
    enemies: Iterable[tuple[int, int]] = (),
) -> list[int]:
    """The question ids of an attempt.

    Fixed questions always come; each pool adds its count of questions not
    already chosen, preferring those not in ``avoid`` (the previous attempt's),
    and taking avoided ones only when the pool has too few others.

    ``enemies`` are pairs of questions that give each other away: an attempt
    never holds both. Of fixed questions that are enemies, the seed keeps one
    (each pupil may get a different one); a pool passes over a question whose
    enemy is already chosen, and comes up short only when no draw it tries
    can avoid it.
    """
    rng = random.Random(seed)
    rivals = _rivals(enemies)
    chosen = _fixed_without_enemies(list(dict.fromkeys(fixed)), rivals, seed)
    taken = set(chosen)
    barred = set().union(*(rivals.get(q, ()) for q in chosen))
    for pool in pools:
        candidates = sorted(set(pool.candidates) - taken)
        drawn = _draw(candidates, pool.count, avoid=avoid, barred=barred, rivals=rivals, rng=rng)
        chosen += drawn
        taken.update(drawn)
        barred = barred.union(*(rivals.get(q, ()) for q in drawn))
    if shuffle:
        rng.shuffle(chosen)
    return chosen


def option_order(
    *, seed: int, question_id: int, count: int, keep_unsolved: bool = False
) -> list[int]:
    """A permutation of ``range(count)``: the order a question's options are
    shown in during one attempt, drawn uniformly among all orders, the stored
    one included (else, with two options, the one shown second would always be
    the stored first). With ``keep_unsolved`` the stored order never comes:
    for an ordering question it is the answer."""
    rng = random.Random(f"{seed}:{question_id}")
    order = list(range(count))
    rng.shuffle(order)
    while keep_unsolved and count > 1 and order == list(range(count)):
        rng.shuffle(order)
    return order
