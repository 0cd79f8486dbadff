"""Question text in templates: ``**емес**`` in bold, safely; and the map of
an attempt's questions."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

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


@register.simple_tag
def question_map_links(entries, word: str, done: str) -> SafeString:
    """The map's list items: a link to each question, marked answered and
    current. Built here rather than in a template loop, which cost the
    question page a quarter of its rendering for twenty small links: the
    words are escaped once, the rest is numbers and our own addresses."""
    label = conditional_escape(word)
    answered = format_html('<span class="visually-hidden"> ({})</span>', done)
    links = []
    for entry in entries:
        attributes = (' class="is-answered"' if entry.answered else "") + (
            ' aria-current="step"' if entry.current else ""
        )
        links.append(
            f'<li><a href="{conditional_escape(entry.url)}"{attributes}>'
            f'<span class="visually-hidden">{label} </span>{int(entry.position)}'
            f"{answered if entry.answered else ''}</a></li>"
        )
    return mark_safe("".join(links))  # noqa: S308  (every part escaped or a number)
