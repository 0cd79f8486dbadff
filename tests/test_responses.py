from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from quizzes.core.assembly import option_order
from quizzes.core.grading import MAX_TYPED as MAX_TEXT
from quizzes.core.grading import Grade, Kind, Verdict, grade, key_response
from quizzes.core.normalize import answer_key
from quizzes.core.responses import (
    ResponseError,
    describe,
    move,
    option_count,
    parse_form,
    shown_options,
)
from quizzes.views.student import ERRORS

SINGLE = {"choices": [{"text": t, "correct": t == "Ташкент"} for t in ("Минск", "Ташкент", "Киев")]}
MULTIPLE = {
    "choices": [
        {"text": "Армения", "correct": True},
        {"text": "Қазақстан", "correct": True},
        {"text": "Украина", "correct": False},
        {"text": "Грузия", "correct": False},
    ]
}
ORDER = {"items": ["Беловеж", "Алматы", "Минск", "Ташкент"]}
MATCH = {"pairs": [["2-бап", "кеңесу"], ["4-бап", "агрессия"], ["6-бап", "ядролық қару"]]}
TEXT = {"answer": "Ташкент", "accepted": ["Ташкент қаласы"]}
SPECS = {
    Kind.SINGLE: SINGLE,
    Kind.MULTIPLE: MULTIPLE,
    Kind.TRUE_FALSE: {"answer": False},
    Kind.YEAR: {"answer": 1992},
    Kind.DATE: {"answer": "1992-05-15"},
    Kind.ORDER: ORDER,
    Kind.MATCH: MATCH,
    Kind.TEXT: TEXT,
}
OPTION_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.ORDER, Kind.MATCH)


def code_of(kind: str, spec: dict, order: list[int], data: dict) -> str:
    with pytest.raises(ResponseError) as error:
        parse_form(kind, spec, order, data)
    return error.value.code


def test_a_response_error_is_a_value_error_carrying_its_code():
    error = ResponseError("blank")
    assert isinstance(error, ValueError)
    assert error.code == "blank"


# -- option_count and shown_options -----------------------------------------------


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        (Kind.SINGLE, 3),
        (Kind.MULTIPLE, 4),
        (Kind.ORDER, 4),
        (Kind.MATCH, 3),
        (Kind.TRUE_FALSE, 0),
        (Kind.YEAR, 0),
        (Kind.DATE, 0),
        (Kind.TEXT, 0),
    ],
)
def test_option_count_is_the_number_of_things_an_attempt_shuffles(kind, count):
    assert option_count(kind, SPECS[kind]) == count


def test_single_choices_are_shown_in_the_attempts_order():
    assert shown_options("single", SINGLE, [2, 0, 1]) == ["Киев", "Минск", "Ташкент"]


def test_multiple_choices_are_shown_in_the_attempts_order():
    assert shown_options("multiple", MULTIPLE, [3, 1, 0, 2]) == [
        "Грузия",
        "Қазақстан",
        "Армения",
        "Украина",
    ]


def test_order_items_are_shown_in_the_attempts_order():
    assert shown_options("order", ORDER, [1, 3, 0, 2]) == ["Алматы", "Ташкент", "Беловеж", "Минск"]


def test_match_shows_the_right_hand_sides_in_the_attempts_order():
    assert shown_options("match", MATCH, [2, 0, 1]) == ["ядролық қару", "кеңесу", "агрессия"]


@pytest.mark.parametrize("kind", [Kind.TRUE_FALSE, Kind.YEAR, Kind.DATE, Kind.TEXT])
def test_kinds_without_options_show_none(kind):
    assert shown_options(kind, SPECS[kind], []) == []


@pytest.mark.parametrize("kind", OPTION_KINDS)
@given(seed=st.integers(min_value=0, max_value=2**48), question_id=st.integers(1, 10_000))
def test_the_shown_options_are_the_specs_options_reordered(kind, seed, question_id):
    spec = SPECS[kind]
    order = option_order(seed=seed, question_id=question_id, count=option_count(kind, spec))
    assert sorted(shown_options(kind, spec, order)) == sorted(
        shown_options(kind, spec, range(option_count(kind, spec)))
    )


# -- parse_form: single -----------------------------------------------------------


@pytest.mark.parametrize(("shown", "index"), [("0", 2), ("1", 0), ("2", 1)])
def test_single_a_shown_place_is_read_back_as_the_spec_choice_shown_there(shown, index):
    assert parse_form("single", SINGLE, [2, 0, 1], {"choice": [shown]}) == index


def test_single_whitespace_around_the_choice_is_ignored():
    assert parse_form("single", SINGLE, [2, 0, 1], {"choice": [" 1 "]}) == 0


@pytest.mark.parametrize("data", [{}, {"choice": []}, {"choice": [""]}, {"choice": ["  "]}])
def test_single_no_choice_is_blank(data):
    assert code_of("single", SINGLE, [2, 0, 1], data) == "blank"


@pytest.mark.parametrize("value", ["x", "3", "-1", "1.0", "один"])
def test_single_a_choice_not_shown_is_invalid(value):
    assert code_of("single", SINGLE, [2, 0, 1], {"choice": [value]}) == "invalid"


def test_single_two_choices_are_invalid():
    assert code_of("single", SINGLE, [2, 0, 1], {"choice": ["0", "1"]}) == "invalid"


# -- parse_form: multiple ---------------------------------------------------------


def test_multiple_ticked_places_are_read_back_as_sorted_spec_choices():
    assert parse_form("multiple", MULTIPLE, [3, 1, 0, 2], {"choice": ["3", "0"]}) == [2, 3]


def test_multiple_a_choice_ticked_twice_counts_once():
    assert parse_form("multiple", MULTIPLE, [3, 1, 0, 2], {"choice": ["1", "1"]}) == [1]


@pytest.mark.parametrize("data", [{}, {"choice": []}])
def test_multiple_nothing_ticked_is_blank(data):
    assert code_of("multiple", MULTIPLE, [3, 1, 0, 2], data) == "blank"


@pytest.mark.parametrize("bad", ["4", "-1", "x"])
def test_multiple_any_choice_not_shown_makes_it_invalid(bad):
    assert code_of("multiple", MULTIPLE, [3, 1, 0, 2], {"choice": ["0", bad]}) == "invalid"


# -- parse_form: true/false -------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False)])
def test_true_false_reads_true_and_false(value, expected):
    assert parse_form("true_false", {"answer": False}, [], {"answer": [value]}) is expected


def test_true_false_whitespace_around_the_answer_is_ignored():
    assert parse_form("true_false", {"answer": False}, [], {"answer": [" true\n"]}) is True


@pytest.mark.parametrize("data", [{}, {"answer": [""]}, {"answer": [" "]}])
def test_true_false_no_answer_is_blank(data):
    assert code_of("true_false", {"answer": False}, [], data) == "blank"


@pytest.mark.parametrize("value", ["yes", "1", "TRUE", "ақиқат"])
def test_true_false_anything_but_true_or_false_is_invalid(value):
    assert code_of("true_false", {"answer": False}, [], {"answer": [value]}) == "invalid"


def test_true_false_two_answers_are_invalid():
    assert code_of("true_false", {"answer": False}, [], {"answer": ["true", "false"]}) == "invalid"


# -- parse_form: year -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "year"), [("1992", 1992), (" 1992 ", 1992), ("1", 1), ("9999", 9999)]
)
def test_year_digits_are_read_as_the_year(value, year):
    assert parse_form("year", {"answer": 1992}, [], {"answer": [value]}) == year


@pytest.mark.parametrize("data", [{}, {"answer": [""]}, {"answer": ["   "]}])
def test_year_no_answer_is_blank(data):
    assert code_of("year", {"answer": 1992}, [], data) == "blank"


@pytest.mark.parametrize("value", ["abc", "0", "10000", "-5", "+1992", "19.92", "1992 ж", "1 992"])
def test_year_anything_but_a_year_in_digits_gets_the_year_code(value):
    assert code_of("year", {"answer": 1992}, [], {"answer": [value]}) == "year"


@pytest.mark.parametrize("value", ["²", "199²", "1" * 5000])
def test_year_digit_characters_int_cannot_read_get_the_year_code(value):
    assert code_of("year", {"answer": 1992}, [], {"answer": [value]}) == "year"


def test_year_two_answers_are_invalid():
    assert code_of("year", {"answer": 1992}, [], {"answer": ["1991", "1992"]}) == "invalid"


# -- parse_form: date -------------------------------------------------------------


def date_form(day: str, month: str, year: str) -> dict[str, list[str]]:
    return {"day": [day], "month": [month], "year": [year]}


@pytest.mark.parametrize(
    ("fields", "iso"),
    [
        (("15", "5", "1992"), "1992-05-15"),
        (("05", "01", "1992"), "1992-01-05"),
        ((" 15 ", " 5", "1992 "), "1992-05-15"),
        (("29", "2", "2024"), "2024-02-29"),
        (("1", "1", "1000"), "1000-01-01"),
    ],
)
def test_date_day_month_and_year_are_read_as_an_iso_date(fields, iso):
    assert parse_form("date", {"answer": "1992-05-15"}, [], date_form(*fields)) == iso


@pytest.mark.parametrize("data", [{}, date_form("", "", ""), date_form(" ", "", " ")])
def test_date_no_field_filled_is_blank(data):
    assert code_of("date", {"answer": "1992-05-15"}, [], data) == "blank"


@pytest.mark.parametrize(
    "fields",
    [
        ("15", "", "1992"),
        ("", "", "1992"),
        ("15", "мамыр", "1992"),
        ("-1", "5", "1992"),
        ("15", "5", "1992ж"),
        ("²", "5", "1992"),
    ],
)
def test_date_a_field_missing_or_not_in_digits_gets_the_date_code(fields):
    assert code_of("date", {"answer": "1992-05-15"}, [], date_form(*fields)) == "date"


@pytest.mark.parametrize(
    "fields",
    [
        ("31", "2", "1992"),
        ("29", "2", "2023"),
        ("0", "5", "1992"),
        ("15", "13", "1992"),
        ("15", "0", "1992"),
        ("15", "5", "0"),
        ("15", "5", "19920"),
    ],
)
def test_date_a_day_that_does_not_exist_gets_the_date_code(fields):
    assert code_of("date", {"answer": "1992-05-15"}, [], date_form(*fields)) == "date"


def test_date_two_values_in_a_field_are_invalid():
    data = {"day": ["15", "16"], "month": ["5"], "year": ["1992"]}
    assert code_of("date", {"answer": "1992-05-15"}, [], data) == "invalid"


# -- parse_form: text -------------------------------------------------------------


def test_text_the_answer_is_read_without_surrounding_whitespace():
    assert parse_form("text", TEXT, [], {"answer": ["  Ташкент\n"]}) == "Ташкент"


@pytest.mark.parametrize("data", [{}, {"answer": [""]}, {"answer": [" \t "]}])
def test_text_no_answer_is_blank(data):
    assert code_of("text", TEXT, [], data) == "blank"


def test_text_an_answer_of_the_maximum_length_is_accepted():
    assert parse_form("text", TEXT, [], {"answer": ["ә" * MAX_TEXT]}) == "ә" * MAX_TEXT


def test_text_the_length_limit_is_counted_without_surrounding_whitespace():
    value = "   " + "ә" * MAX_TEXT + "   "
    assert parse_form("text", TEXT, [], {"answer": [value]}) == "ә" * MAX_TEXT


def test_text_an_answer_over_the_maximum_length_is_too_long():
    assert code_of("text", TEXT, [], {"answer": ["ә" * (MAX_TEXT + 1)]}) == "too_long"


def test_text_two_answers_are_invalid():
    assert code_of("text", TEXT, [], {"answer": ["Ташкент", "Минск"]}) == "invalid"


# -- parse_form: order ------------------------------------------------------------


def test_order_the_shown_places_are_read_back_as_spec_items_in_the_order_given():
    assert parse_form("order", ORDER, [2, 0, 3, 1], {"item": ["3", "2", "1", "0"]}) == [1, 3, 0, 2]


@pytest.mark.parametrize("data", [{}, {"item": []}])
def test_order_no_items_is_blank(data):
    assert code_of("order", ORDER, [2, 0, 3, 1], data) == "blank"


@pytest.mark.parametrize(
    "items",
    [["0", "1", "2"], ["0", "1", "2", "2"], ["0", "1", "2", "3", "3"], ["0", "1", "2", "4"]],
)
def test_order_not_using_every_item_exactly_once_is_invalid(items):
    assert code_of("order", ORDER, [2, 0, 3, 1], {"item": items}) == "invalid"


def test_order_an_item_that_is_not_a_place_is_invalid():
    assert code_of("order", ORDER, [2, 0, 3, 1], {"item": ["0", "1", "x", "3"]}) == "invalid"


# -- parse_form: match ------------------------------------------------------------


def test_match_each_left_items_shown_place_is_read_back_as_a_spec_right_item():
    data = {"match-0": ["1"], "match-1": ["2"], "match-2": ["0"]}
    assert parse_form("match", MATCH, [2, 0, 1], data) == [0, 1, 2]


def test_match_a_left_item_left_unmatched_is_none():
    data = {"match-0": ["1"], "match-1": [""]}
    assert parse_form("match", MATCH, [2, 0, 1], data) == [0, None, None]


def test_match_the_same_right_item_may_be_chosen_for_two_left_items():
    data = {"match-0": ["0"], "match-1": ["0"]}
    assert parse_form("match", MATCH, [2, 0, 1], data) == [2, 2, None]


def test_match_fields_beyond_the_left_items_are_ignored():
    data = {"match-0": ["1"], "match-3": ["x"], "match-9": ["0"]}
    assert parse_form("match", MATCH, [2, 0, 1], data) == [0, None, None]


@pytest.mark.parametrize("data", [{}, {"match-0": [""], "match-1": [" "]}, {"match-3": ["0"]}])
def test_match_nothing_matched_is_blank(data):
    assert code_of("match", MATCH, [2, 0, 1], data) == "blank"


@pytest.mark.parametrize("value", ["3", "-1", "x"])
def test_match_a_right_item_that_is_not_shown_is_invalid(value):
    assert code_of("match", MATCH, [2, 0, 1], {"match-0": ["0"], "match-1": [value]}) == "invalid"


def test_match_two_right_items_for_one_left_item_are_invalid():
    assert code_of("match", MATCH, [2, 0, 1], {"match-0": ["0", "1"]}) == "invalid"


# -- parse_form: properties -------------------------------------------------------

FIELDS = ["choice", "answer", "day", "month", "year", "item", "match-0", "match-1", "match-2"]
form_values = st.one_of(
    st.text(max_size=8),
    st.integers(min_value=-3, max_value=10).map(str),
    st.integers(min_value=-3, max_value=10).map(lambda n: f" {n} "),
)
forms = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)),
    st.lists(form_values, max_size=4),
    max_size=6,
)


@pytest.mark.parametrize("kind", list(Kind))
@given(data=forms, seed=st.integers(min_value=0, max_value=2**48))
@example(data={"answer": ["²"]}, seed=0)
def test_parse_form_on_any_form_returns_a_response_or_raises_a_response_error(kind, data, seed):
    spec = SPECS[kind]
    order = option_order(seed=seed, question_id=1, count=option_count(kind, spec))
    try:
        parse_form(kind, spec, order, data)
    except ResponseError as error:
        # Every code has its message on the question page ("invalid" is a 400).
        assert error.code in {*ERRORS, "invalid"}


def labels(prefix: str, count: int) -> list[str]:
    return [f"{prefix} {i}" for i in range(count)]


def choices(correct: list[bool]) -> dict:
    return {"choices": [{"text": f"choice {i}", "correct": c} for i, c in enumerate(correct)]}


SPEC_STRATEGIES = {
    Kind.SINGLE: st.integers(min_value=2, max_value=7).flatmap(
        lambda n: st.integers(min_value=0, max_value=n - 1).map(
            lambda k: choices([i == k for i in range(n)])
        )
    ),
    Kind.MULTIPLE: st.lists(st.booleans(), min_size=2, max_size=7)
    .filter(lambda flags: any(flags) and not all(flags))
    .map(choices),
    Kind.TRUE_FALSE: st.builds(lambda b: {"answer": b}, st.booleans()),
    Kind.YEAR: st.builds(lambda y: {"answer": y}, st.integers(min_value=1, max_value=9999)),
    Kind.DATE: st.builds(lambda d: {"answer": d.isoformat()}, st.dates()),
    # What a pupil can type in one line: no control characters.
    Kind.TEXT: st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=MAX_TEXT)
    .map(str.strip)
    .filter(answer_key)
    .map(lambda text: {"answer": text, "accepted": []}),
    Kind.ORDER: st.integers(min_value=3, max_value=7).map(lambda n: {"items": labels("item", n)}),
    Kind.MATCH: st.integers(min_value=2, max_value=7).map(
        lambda n: {"pairs": [[f"left {i}", f"right {i}"] for i in range(n)]}
    ),
}


def form_for(kind: str, order: list[int], response) -> dict[str, list[str]]:
    """What a pupil posts for ``response``: option ``order[t]`` is shown at place ``t``."""
    place = {spec_index: str(shown) for shown, spec_index in enumerate(order)}
    if kind == Kind.SINGLE:
        return {"choice": [place[response]]}
    if kind == Kind.MULTIPLE:
        return {"choice": [place[i] for i in response]}
    if kind == Kind.TRUE_FALSE:
        return {"answer": ["true" if response else "false"]}
    if kind in (Kind.YEAR, Kind.TEXT):
        return {"answer": [str(response)]}
    if kind == Kind.DATE:
        year, month, day = (int(part) for part in response.split("-"))
        return {"day": [str(day)], "month": [str(month)], "year": [str(year)]}
    if kind == Kind.ORDER:
        return {"item": [place[i] for i in response]}
    return {f"match-{left}": [place[right]] for left, right in enumerate(response)}


def key_round_trip(kind: str, data: st.DataObject, seed: int, question_id: int):
    spec = data.draw(SPEC_STRATEGIES[kind])
    order = option_order(seed=seed, question_id=question_id, count=option_count(kind, spec))
    key = key_response(kind, spec)
    return spec, key, parse_form(kind, spec, order, form_for(kind, order, key))


seeds = st.integers(min_value=0, max_value=2**48)
question_ids = st.integers(min_value=1, max_value=10_000)


@pytest.mark.parametrize("kind", list(Kind))
@given(data=st.data(), seed=seeds, question_id=question_ids)
def test_the_form_for_the_key_parses_back_to_the_key(kind, data, seed, question_id):
    _, key, parsed = key_round_trip(kind, data, seed, question_id)
    if kind is Kind.MULTIPLE:
        assert parsed == sorted(key)
    else:
        assert parsed == key


@pytest.mark.parametrize("kind", list(Kind))
@given(data=st.data(), seed=seeds, question_id=question_ids)
def test_the_form_for_the_key_scores_full_marks(kind, data, seed, question_id):
    spec, _, parsed = key_round_trip(kind, data, seed, question_id)
    assert grade(kind, spec, parsed) == Grade(1.0, Verdict.CORRECT)


# -- move -------------------------------------------------------------------------


def test_move_up_swaps_an_item_with_the_one_above():
    assert move([10, 20, 30], 1, -1) == [20, 10, 30]


def test_move_down_swaps_an_item_with_the_one_below():
    assert move([10, 20, 30], 1, 1) == [10, 30, 20]


@pytest.mark.parametrize("step", [0, 2, -2])
def test_a_move_other_than_one_place_is_invalid(step):
    with pytest.raises(ResponseError) as error:
        move([10, 20, 30, 40], 1, step)
    assert error.value.code == "invalid"


@pytest.mark.parametrize(("index", "step"), [(0, -1), (2, 1), (3, -1), (-1, 1), (5, 0), (-1, 0)])
def test_move_off_either_end_is_invalid(index, step):
    with pytest.raises(ResponseError) as error:
        move([10, 20, 30], index, step)
    assert error.value.code == "invalid"


def test_move_leaves_the_given_list_alone():
    items = [10, 20, 30]
    move(items, 0, 1)
    assert items == [10, 20, 30]


small_lists = st.lists(st.integers(min_value=0, max_value=5), max_size=8)


@given(items=small_lists, index=st.integers(-3, 10), step=st.integers(-3, 3))
def test_move_keeps_the_same_items(items, index, step):
    try:
        moved = move(items, index, step)
    except ResponseError:
        return
    assert Counter(moved) == Counter(items)


@given(items=small_lists, index=st.integers(-3, 10), step=st.integers(-3, 3))
def test_move_is_invalid_exactly_when_the_step_or_a_place_is_off(items, index, step):
    inside = step in (-1, 1) and 0 <= index < len(items) and 0 <= index + step < len(items)
    try:
        move(items, index, step)
    except ResponseError:
        assert not inside
    else:
        assert inside


@given(items=small_lists.filter(lambda xs: len(xs) >= 2), data=st.data())
def test_move_down_then_back_up_restores_the_order(items, data):
    index = data.draw(st.integers(min_value=0, max_value=len(items) - 2))
    assert move(move(items, index, 1), index + 1, -1) == items


# -- describe ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(Kind))
def test_describe_no_response_is_no_lines(kind):
    assert describe(kind, SPECS[kind], None) == []


def test_describe_single_is_the_choice_text():
    assert describe("single", SINGLE, 2) == ["Киев"]


@pytest.mark.parametrize("response", [[3, 0], {3, 0}])
def test_describe_multiple_is_the_choice_texts_in_spec_order(response):
    assert describe("multiple", MULTIPLE, response) == ["Армения", "Грузия"]


@pytest.mark.parametrize(("response", "line"), [(True, "true"), (False, "false")])
def test_describe_true_false_is_true_or_false(response, line):
    assert describe("true_false", {"answer": False}, response) == [line]


def test_describe_year_is_the_year():
    assert describe("year", {"answer": 1992}, 1991) == ["1991"]


def test_describe_date_is_written_the_kazakh_way():
    assert describe("date", {"answer": "1992-05-15"}, "1991-12-16") == ["1991 жылғы 16 желтоқсан"]


def test_describe_a_date_that_is_not_iso_is_shown_as_given():
    assert describe("date", {"answer": "1992-05-15"}, "16 желтоқсан") == ["16 желтоқсан"]


def test_describe_text_is_the_text():
    assert describe("text", TEXT, "Минск") == ["Минск"]


def test_describe_order_is_the_items_in_the_order_given():
    assert describe("order", ORDER, [3, 0, 2, 1]) == ["Ташкент", "Беловеж", "Минск", "Алматы"]


def test_describe_match_pairs_each_left_item_with_the_chosen_right_item():
    assert describe("match", MATCH, [1, 0, 2]) == [
        "2-бап → агрессия",
        "4-бап → кеңесу",
        "6-бап → ядролық қару",
    ]


def test_describe_match_shows_a_dash_for_an_unmatched_left_item():
    assert describe("match", MATCH, [None, 1, None]) == [
        "2-бап → —",
        "4-бап → агрессия",
        "6-бап → —",
    ]


@pytest.mark.parametrize(
    ("kind", "response"),
    [
        (Kind.SINGLE, 7),
        (Kind.SINGLE, "x"),
        (Kind.MULTIPLE, [0, 9]),
        (Kind.ORDER, [0, 9]),
        (Kind.ORDER, 5),
        (Kind.MATCH, [0, 9, None]),
        (Kind.DATE, 1992),
    ],
)
def test_describe_a_response_that_does_not_fit_the_spec_is_shown_as_given(kind, response):
    assert describe(kind, SPECS[kind], response) == [str(response)]
