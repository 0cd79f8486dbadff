"""Counting tries at something (logging in, joining a class, signing up) per
key in a fixed window, in the database that every app worker shares.

A try is counted by one conditional ``UPDATE … SET count = count + 1`` inside
a transaction, so tries made at the same moment on several workers are all
counted, and the count read back is this try's own. The window starts with
the first try and is not moved by the later ones.
"""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from quizzes.models import RateCounter

# Now and then a new window clears the ended ones, so the table stays small.
CLEANUP_CHANCE = 0.01


def _name(scope: str, key: str) -> str:
    # A digest: keys may be long (user names, addresses), and the table then
    # keeps no names.
    return f"{scope}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


@transaction.atomic
def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one try; ``False`` when ``limit`` tries were already made in the
    window (``window`` seconds from the first)."""
    name, now = _name(scope, key), timezone.now()
    counted = RateCounter.objects.filter(name=name, expires_at__gt=now).update(count=F("count") + 1)
    if not counted:
        _start(name=name, now=now, window=window)
    count = RateCounter.objects.filter(name=name).values_list("count", flat=True).get()
    return count <= limit


def _start(*, name: str, now, window: int) -> None:
    """The first try of a window: a new row, or an ended window restarted.
    Two first tries at once: one inserts, the other counts on its row."""
    ends = now + timedelta(seconds=window)
    _, created = RateCounter.objects.get_or_create(
        name=name, defaults={"count": 1, "expires_at": ends}
    )
    if created:
        if random.random() < CLEANUP_CHANCE:
            RateCounter.objects.filter(expires_at__lt=now).delete()
        return
    restarted = RateCounter.objects.filter(name=name, expires_at__lte=now).update(
        count=1, expires_at=ends
    )
    if not restarted:
        RateCounter.objects.filter(name=name).update(count=F("count") + 1)


def rate_limit_reached(*, scope: str, key: str, limit: int) -> bool:
    """Whether ``limit`` tries were made in the current window (counts nothing)."""
    count = (
        RateCounter.objects.filter(name=_name(scope, key), expires_at__gt=timezone.now())
        .values_list("count", flat=True)
        .first()
    )
    return (count or 0) >= limit


def rate_limit_reset(*, scope: str, key: str) -> None:
    RateCounter.objects.filter(name=_name(scope, key)).delete()
