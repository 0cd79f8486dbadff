"""Reading a full date typed by a pupil: ``15 мамыр 1992``, ``1992 жылғы 15
мамырда``, ``15.05.1992``, ``1992-05-15``, ``15 мая 1992``, ``15 May 1992``."""

from __future__ import annotations

import re
from datetime import date

from .normalize import cyrillic_schwa

# Stems long enough to tell the months apart, so that case endings
# (мамырда, мамырында, желтоқсанның) still match.
MONTH_STEMS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, ("қаңтар", "январ", "jan", "qañtar", "kantar")),
    (2, ("ақпан", "феврал", "feb", "aqpan", "akpan")),
    (3, ("наурыз", "март", "mar", "nauryz")),
    (4, ("сәуір", "сауир", "апрел", "apr", "säuır", "sauir")),
    (5, ("мамыр", "мая", "май", "may", "mamyr")),
    (6, ("маусым", "июн", "jun", "mausym")),
    (7, ("шілде", "шилде", "июл", "jul", "şılde", "shilde")),
    (8, ("тамыз", "август", "aug", "tamyz")),
    (9, ("қыркүйек", "кыркуйек", "сентябр", "sep", "qyrküiek", "kyrkuiek")),
    (10, ("қазан", "казан", "октябр", "oct", "qazan", "kazan")),
    (11, ("қараша", "караша", "ноябр", "nov", "qaraşa", "karasha")),
    (12, ("желтоқсан", "желтоксан", "декабр", "dec", "jeltoqsan", "zheltoksan")),
)

# Kazakh month names in the genitive-free form used in prompts and answers.
KAZAKH_MONTHS = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
)  # fmt: skip

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_NUMERIC = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NUMBER = re.compile(r"\d+")


class DateParseError(ValueError):
    """The text is not a date this module can read."""


def month_from_word(word: str) -> int | None:
    word = cyrillic_schwa(word.lower())
    for number, stems in MONTH_STEMS:
        if any(word.startswith(stem) for stem in stems):
            return number
    return None


def parse_date(text: str) -> date:
    """Read a date, or raise ``DateParseError`` with the reason."""
    if not isinstance(text, str) or not text.strip():
        raise DateParseError("empty")
    if len(text) > 100:
        raise DateParseError("too long")
    for pattern, order in ((_ISO, (0, 1, 2)), (_NUMERIC, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            return _make(parts[order[0]], parts[order[1]], parts[order[2]])

    months = [m for m in (month_from_word(w) for w in _WORD.findall(text)) if m]
    numbers = [int(n) for n in _NUMBER.findall(text)]
    if len(months) != 1:
        raise DateParseError("month")
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if n < 1000]
    if len(years) != 1 or len(days) != 1:
        raise DateParseError("day or year")
    return _make(years[0], months[0], days[0])


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateParseError(str(error)) from error


def format_kazakh(value: date) -> str:
    """``1992 жылғы 15 мамыр``, the order Kazakh writes a date in."""
    return f"{value.year} жылғы {value.day} {KAZAKH_MONTHS[value.month - 1]}"
