"""Emphasis in a question's text: ``**емес**`` is shown in bold.

A negative stem («... қатыспады?») misread as a positive one turns the right
answers into wrong ones, so the negative word is marked with two asterisks on
each side. The marker is plain text, safe to keep in JSON and GIFT; templates
turn it into ``<strong>`` after escaping the text around it. Nothing here
imports Django.
"""

from __future__ import annotations

import re

MARKER = "**"
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def split_emphasis(text: str) -> list[tuple[str, bool]]:
    """The text as ``(part, emphasised)`` pieces; an unmatched ``**`` is text."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for found in _EMPHASIS.finditer(text):
        if found.start() > position:
            parts.append((text[position : found.start()], False))
        parts.append((found.group(1), True))
        position = found.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts


def strip_emphasis(text: str) -> str:
    """The text without its markers, for titles, attributes and plain exports."""
    return "".join(part for part, _ in split_emphasis(text))
