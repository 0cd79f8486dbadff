"""The live game's screens: option letters in the reader's alphabet, times
for the countdown script."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def letter(shown: int) -> str:
    """The letter of the option shown ``shown``-th (0-based), in the
    language's own alphabet (Kazakh and Russian screens show Cyrillic)."""
    # Translators: the letters that name a question's options, in order (20).
    alphabet = gettext("ABCDEFGHIJKLMNOPQRST")
    try:
        return alphabet[int(shown)]
    except (IndexError, TypeError, ValueError):
        return str(shown + 1) if isinstance(shown, int) else ""


@register.filter
def epoch_ms(moment: datetime | None) -> str:
    """A time as milliseconds since 1970 (what the countdown script reads)."""
    return "" if moment is None else str(int(moment.timestamp() * 1000))
