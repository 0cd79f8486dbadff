from __future__ import annotations


class FormatError(ValueError):
    """A file cannot be read as a bank; the message names the line at fault."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line
