"""Cells of a CSV file that spreadsheet programs open safely.

Nothing here imports Django.
"""

from __future__ import annotations

# A cell starting with one of these is read as a formula by spreadsheet
# programs (CSV injection): a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Keep spreadsheet programs from reading a name or an answer as a formula."""
    return "'" + text if text[:1] in FORMULA_STARTS else text
