"""Reading and writing the bank's exchange formats (JSON, Moodle GIFT)."""

from __future__ import annotations

from typing import Any

from .gift import parse_gift
from .jsonbank import parse_json


def read_bank_file(name: str, text: str) -> list[dict[str, Any]]:
    """Questions from a file's text: JSON when it looks like JSON, else GIFT."""
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        return parse_json(text)
    return parse_gift(text)
