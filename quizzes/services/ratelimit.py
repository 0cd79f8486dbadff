"""Counting attempts at something (logging in, joining a class) per key in a
fixed time window, in the shared cache, so every app worker sees one count."""

from __future__ import annotations

from django.core.cache import cache


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt; ``False`` when ``limit`` were already made in the window."""
    name = f"rl:{scope}:{key}"
    if cache.add(name, 1, timeout=window):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add() and incr()
        cache.add(name, 1, timeout=window)
        return True
    return count <= limit


def rate_limit_reset(*, scope: str, key: str) -> None:
    cache.delete(f"rl:{scope}:{key}")
