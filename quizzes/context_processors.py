"""What every page's template gets."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import get_language_info


@functools.cache
def _language_names() -> tuple[tuple[str, str], ...]:
    return tuple(
        (code, capfirst(get_language_info(code)["name_local"])) for code, _ in settings.LANGUAGES
    )


def languages(request: HttpRequest) -> dict[str, object]:
    """The language switch's choices, each named in its own language: worked
    out once, not on every page (twice on a question's)."""
    return {"language_names": _language_names()}
