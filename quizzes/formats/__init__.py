"""Reading and writing the bank's exchange formats (JSON, Moodle GIFT)."""

from __future__ import annotations

from typing import Any

from .gift import parse_gift
from .jsonbank import parse_json_set


def read_bank_file(name: str, text: str) -> list[dict[str, Any]]:
    """Questions from a file's text: JSON when it looks like JSON, else GIFT."""
    return read_set_file(name, text)[0]


def read_set_file(name: str, text: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """A set's questions and random pools from a file (GIFT has no pools)."""
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        return parse_json_set(text)
    return parse_gift(text), []
