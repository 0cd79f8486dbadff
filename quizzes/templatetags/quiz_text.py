"""Question text in templates: ``**емес**`` in bold, safely."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from quizzes.core.emphasis import split_emphasis, strip_emphasis

register = template.Library()


@register.filter
def emphasis(text: object) -> SafeString:
    """The text escaped, with each ``**...**`` in ``<strong>``: the text is a
    teacher's, so nothing in it becomes markup but the marker."""
    pieces = (
        format_html("<strong>{}</strong>", part) if strong else conditional_escape(part)
        for part, strong in split_emphasis(str(text))
    )
    return format_html_join("", "{}", ((piece,) for piece in pieces))


@register.filter
def plain(text: object) -> str:
    """The text without emphasis markers (for titles and attributes)."""
    return strip_emphasis(str(text))
