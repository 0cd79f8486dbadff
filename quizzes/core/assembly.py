"""Seeded assembly of a quiz: which questions, in which order, with which
order of options. Everything is a function of the attempt's seed, so an
attempt can be rebuilt exactly on another device or after a dropped connection.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Pool:
    """Draw ``count`` questions from ``candidates`` (question ids)."""

    candidates: tuple[int, ...]
    count: int


def assemble(
    *,
    seed: int,
    fixed: Sequence[int] = (),
    pools: Sequence[Pool] = (),
    avoid: frozenset[int] = frozenset(),
    shuffle: bool = True,
) -> list[int]:
    """The question ids of an attempt.

    Fixed questions always come; each pool adds its count of questions not
    already chosen, preferring those not in ``avoid`` (the previous attempt's),
    and taking avoided ones only when the pool has too few others.
    """
    rng = random.Random(seed)
    chosen: list[int] = list(dict.fromkeys(fixed))
    taken = set(chosen)
    for pool in pools:
        candidates = sorted(set(pool.candidates) - taken)
        fresh = [c for c in candidates if c not in avoid]
        stale = [c for c in candidates if c in avoid]
        rng.shuffle(fresh)
        rng.shuffle(stale)
        drawn = (fresh + stale)[: max(pool.count, 0)]
        chosen += drawn
        taken.update(drawn)
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
