from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.dates import DateParseError, format_kazakh, month_from_word, parse_date

MAY_15 = date(1992, 5, 15)


@pytest.mark.parametrize(
    "text",
    [
        "1992-05-15",
        "15.05.1992",
        "15/5/1992",
        "15 мамыр 1992",
        "15 мамыр 1992 ж.",
        "1992 жылғы 15 мамыр",
        "1992 жылдың 15 мамырында",
        "15 Мамыр, 1992",
        "15 мая 1992",
        "15 May 1992",
        "May 15, 1992",
        "15 mamyr 1992",
        "1992 жылғы 15 мамырда",
    ],
)
def test_a_date_is_read_in_the_forms_pupils_type(text):
    assert parse_date(text) == MAY_15


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("қаңтарда", 1),
        ("ақпанында", 2),
        ("наурыз", 3),
        ("сәуір", 4),
        ("маусымда", 6),
        ("шілдесінде", 7),
        ("тамыз", 8),
        ("қыркүйек", 9),
        ("қазан", 10),
        ("қараша", 11),
        ("желтоқсанның", 12),
        ("желтоксан", 12),
    ],
)
def test_kazakh_months_are_recognised_with_case_endings(word, month):
    assert month_from_word(word) == month


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "мамыр",
        "15 1992",
        "32 мамыр 1992",
        "15 мамыр қазан 1992",
        "31.02.1992",
        "x" * 200,
    ],
)
def test_what_is_not_one_date_is_refused(text):
    with pytest.raises(DateParseError):
        parse_date(text)


def test_a_date_is_written_the_kazakh_way():
    assert format_kazakh(MAY_15) == "1992 жылғы 15 мамыр"


@given(st.text(max_size=120))
def test_any_text_gives_a_date_or_a_date_error(text):
    try:
        result = parse_date(text)
    except DateParseError:
        return
    assert isinstance(result, date)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_date_written_in_kazakh_reads_back(value):
    assert parse_date(format_kazakh(value)) == value
