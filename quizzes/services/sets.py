"""Writing question sets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from quizzes.models import QuestionSet, SetPool

from .boards import boards_changed, classrooms_assigned

SET_FIELDS = ("title", "description", "feedback", "time_limit", "shuffle", "open_to_visitors")
POOL_FIELDS = ("count", "topic", "kind", "difficulty")


@transaction.atomic
def shipped_sets_load(*, sets: Sequence[dict[str, Any]]) -> int:
    """Create or update the sets that ship with the bank, by key; their pools
    are replaced. Past attempts keep their questions (they are copied)."""
    loaded = []
    for position, data in enumerate(sets):
        defaults = {name: data[name] for name in SET_FIELDS if name in data}
        question_set, _ = QuestionSet.objects.update_or_create(
            key=data["key"], owner=None, defaults={**defaults, "position": position}
        )
        loaded.append(question_set.pk)
        question_set.pools.all().delete()
        SetPool.objects.bulk_create(
            SetPool(
                question_set=question_set,
                **{"topic": "", "kind": "", "difficulty": None}
                | {k: v for k, v in pool.items() if k in POOL_FIELDS},
            )
            for pool in data.get("pools", [])
        )
    boards_changed(classrooms=classrooms_assigned(loaded))  # titles may have changed
    return len(sets)
