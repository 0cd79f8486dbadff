"""Reading ids that a form or an address sends."""

from __future__ import annotations

from django.http import Http404

MAX_ID_DIGITS = 18  # always fits the database's 64-bit integer


def id_or_404(value: str | None) -> int:
    """An id as a form sends it; anything else (a tampered value) names nothing."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS):
        raise Http404
    return int(value)
