"""Path converters."""

from __future__ import annotations


class IdConverter:
    """A database id in an address: at most 18 digits, so it always fits the
    database's 64-bit integer. A longer number names nothing (404), where
    ``<int:…>`` would hand the database a number it cannot hold (500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
