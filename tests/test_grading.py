from __future__ import annotations

from itertools import permutations, product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.grading import Grade, Kind, Verdict, grade, key_response, validate_spec

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


@pytest.mark.parametrize("kind", list(Kind))
def test_the_key_scores_full_marks(kind):
    assert grade(kind, SPECS[kind], key_response(kind, SPECS[kind])) == Grade(1.0, Verdict.CORRECT)


@pytest.mark.parametrize("kind", list(Kind))
def test_a_blank_answer_scores_nothing(kind):
    for blank in (None, "", [], set()):
        assert grade(kind, SPECS[kind], blank).verdict is Verdict.BLANK


@pytest.mark.parametrize("kind", list(Kind))
def test_every_example_spec_is_valid(kind):
    assert validate_spec(kind, SPECS[kind]) == []


# -- single and true/false ----------------------------------------------------


def test_single_every_wrong_choice_scores_zero():
    assert [grade("single", SINGLE, i).score for i in range(3)] == [0.0, 1.0, 0.0]


@pytest.mark.parametrize("bad", [3, -1, "x", True, 1.5j, [1]])
def test_single_a_tampered_index_is_wrong_not_an_error(bad):
    assert grade("single", SINGLE, bad).verdict is Verdict.WRONG


def test_true_false_needs_the_right_bool():
    assert grade("true_false", {"answer": False}, False).score == 1.0
    assert grade("true_false", {"answer": False}, True).score == 0.0
    assert grade("true_false", {"answer": True}, "true").verdict is Verdict.WRONG


# -- multiple -----------------------------------------------------------------


def test_multiple_every_subset_is_graded_by_moodles_rule():
    for ticks in product([False, True], repeat=4):
        chosen = {i for i, tick in enumerate(ticks) if tick}
        right, wrong = len(chosen & {0, 1}), len(chosen & {2, 3})
        expected = max(0.0, right / 2 - wrong / 2)
        result = grade("multiple", MULTIPLE, chosen)
        if not chosen:
            assert result.verdict is Verdict.BLANK
        else:
            assert result.score == pytest.approx(expected)


def test_multiple_half_right_is_partial():
    assert grade("multiple", MULTIPLE, {0}) == Grade(0.5, Verdict.PARTIAL)


def test_multiple_ticking_everything_scores_nothing():
    assert grade("multiple", MULTIPLE, {0, 1, 2, 3}).score == 0.0


# -- year and date ------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "score"), [(1992, 1.0), ("1992", 1.0), (" 1992 ", 1.0), (1991, 0.0)]
)
def test_year(given, score):
    assert grade("year", {"answer": 1992}, given).score == score


@pytest.mark.parametrize("bad", ["бір мың", "1992.5", True, "99999999999999999999x"])
def test_year_unreadable_is_wrong(bad):
    assert grade("year", {"answer": 1992}, bad).verdict is Verdict.WRONG


@pytest.mark.parametrize(
    ("given", "score"),
    [
        ("1992-05-15", 1.0),
        ("15 мамыр 1992", 1.0),
        ("1992 жылғы 15 мамырда", 1.0),
        ("16 мамыр 1992", 2 / 3),
        ("15 маусым 1992", 2 / 3),
        ("15 мамыр 1993", 2 / 3),
        ("16 маусым 1992", 1 / 3),
        ("14 ақпан 1991", 0.0),
        ("мамыр", 0.0),
    ],
)
def test_date_a_third_for_each_of_day_month_year(given, score):
    assert grade("date", {"answer": "1992-05-15"}, given).score == pytest.approx(score, abs=1e-3)


# -- order --------------------------------------------------------------------


def test_order_only_the_right_order_scores_full_and_reversed_scores_zero():
    scores = {p: grade("order", ORDER, list(p)).score for p in permutations(range(4))}
    assert [p for p, s in scores.items() if s == 1.0] == [(0, 1, 2, 3)]
    assert scores[(3, 2, 1, 0)] == 0.0
    assert all(0.0 <= s <= 1.0 for s in scores.values())


def test_order_one_item_out_of_place_costs_one_step():
    assert grade("order", ORDER, [1, 0, 2, 3]).score == pytest.approx(2 / 3, abs=1e-3)
    assert grade("order", ORDER, [0, 1, 3, 2]).verdict is Verdict.PARTIAL


@pytest.mark.parametrize("bad", [[0, 1, 2], [0, 0, 1, 2], [0, 1, 2, 4], ["a", 1, 2, 3]])
def test_order_that_does_not_use_every_item_once_is_wrong(bad):
    assert grade("order", ORDER, bad).verdict is Verdict.WRONG


# -- match --------------------------------------------------------------------


def test_match_a_third_for_each_right_pair():
    for chosen in product([0, 1, 2, None], repeat=3):
        right = sum(1 for left, c in enumerate(chosen) if c == left)
        assert grade("match", MATCH, list(chosen)).score == pytest.approx(right / 3, abs=1e-3)


def test_match_needs_a_choice_per_left_item():
    assert grade("match", MATCH, [0, 1]).verdict is Verdict.WRONG


# -- text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["Ташкент", "ташкент", " ТАШКЕНТ. ", "Ташкент қаласы", "Taşkent", "Tashkent", "Ташкент!"],
)
def test_text_accepts_the_answer_in_any_case_script_or_punctuation(typed):
    assert grade("text", TEXT, typed).verdict is Verdict.CORRECT


def test_text_accepts_russian_keyboard_letters():
    spec = {"answer": "Қазақстан", "accepted": []}
    assert grade("text", spec, "Казакстан").verdict is Verdict.CORRECT


@pytest.mark.parametrize("typed", ["Ташкнт", "Тошкент", "Ташкетн"])
def test_text_one_typo_away_is_a_near_miss_not_correct(typed):
    assert grade("text", TEXT, typed) == Grade(0.0, Verdict.NEAR_MISS)


@pytest.mark.parametrize("typed", ["Мәскеу", "Алматы", "Таш"])
def test_text_a_different_answer_is_wrong(typed):
    assert grade("text", TEXT, typed).verdict is Verdict.WRONG


def test_text_short_answers_have_no_typo_allowance():
    spec = {"answer": "ТМД", "accepted": []}
    assert grade("text", spec, "ТМК").verdict is Verdict.WRONG


def test_text_only_punctuation_is_blank():
    assert grade("text", TEXT, " ?! ").verdict is Verdict.BLANK


@pytest.mark.parametrize(
    "typed",
    ["Ташкентте", "Ташкенттен", "Ташкентке", "Taşkentte", "ташкент қаласында", "Ташкентта"],
)
def test_text_accepts_the_answer_with_the_ending_the_sentence_needs(typed):
    spec = {"answer": "Ташкент", "accepted": ["Ташкент қаласы"]}
    expected = Verdict.NEAR_MISS if typed == "Ташкентта" else Verdict.CORRECT
    assert grade("text", spec, typed).verdict is expected


def test_text_accepts_word_forms_of_every_word_of_an_accepted_answer():
    spec = {"answer": "кеңістік", "accepted": ["ортақ әскери-стратегиялық кеңістік"]}
    assert grade("text", spec, "ортақ әскери-стратегиялық кеңістікті").verdict is Verdict.CORRECT


@pytest.mark.parametrize(
    ("answer", "typed"),
    [
        ("заңды", "заңсыз"),
        ("заңсыз көші-қон", "заңды көші-қон"),
        ("дәстүрлі емес", "дәстүрлі"),
        ("дәстүрлі", "дәстүрлі емес"),
        ("11", "12"),
        ("6", "6 емес"),
        ("қатысты", "қатыспады"),
    ],
)
def test_text_refuses_what_changes_the_meaning(answer, typed):
    """Wrong, not a near miss: the pupil is not told to check the spelling."""
    assert grade("text", {"answer": answer, "accepted": []}, typed).verdict is Verdict.WRONG


def test_text_a_typo_in_a_word_form_is_still_a_near_miss():
    spec = {"answer": "Қорғаныс министрлерінің Кеңесі", "accepted": []}
    assert grade("text", spec, "Қорғаныс министрлерінің Кенесін").verdict is Verdict.CORRECT
    assert grade("text", spec, "Қорғаныс минситрлерінің Кеңесі").verdict is Verdict.NEAR_MISS


# -- validation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "spec", "fragment"),
    [
        ("nonsense", {}, "unknown kind"),
        ("single", [], "must be an object"),
        ("single", {"choices": [{"text": "а", "correct": True}]}, "at least 2"),
        (
            "single",
            {"choices": [{"text": "а", "correct": True}, {"text": "б", "correct": True}]},
            "exactly 1",
        ),
        (
            "single",
            {"choices": [{"text": "а", "correct": True}, {"text": "А.", "correct": False}]},
            "duplicate",
        ),
        (
            "multiple",
            {"choices": [{"text": "а", "correct": True}, {"text": "б", "correct": True}]},
            "correct and wrong",
        ),
        ("single", {"choices": [{"text": "а"}, {"text": "б", "correct": False}]}, "true/false"),
        ("true_false", {"answer": "yes"}, "true or false"),
        ("year", {"answer": "1992"}, "a year"),
        ("year", {"answer": True}, "a year"),
        ("date", {"answer": "15.05.1992"}, "YYYY-MM-DD"),
        ("text", {"answer": " "}, "non-empty"),
        ("text", {"answer": "а", "accepted": [""]}, "accepted"),
        ("order", {"items": ["а", "б"]}, "at least 3"),
        ("match", {"pairs": [["а", "б"], ["в"]]}, "[left, right]"),
        ("match", {"pairs": [["а", "б"], ["в", "б"]]}, "duplicate"),
    ],
)
def test_malformed_specs_are_reported(kind, spec, fragment):
    assert any(fragment in message for message in validate_spec(kind, spec))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=20,
)


@given(st.sampled_from(list(Kind)), json_values)
def test_any_response_is_graded_without_raising(kind, response):
    result = grade(kind, SPECS[kind], response)
    assert 0.0 <= result.score <= 1.0


@given(st.sampled_from(list(Kind)), json_values)
def test_any_spec_is_validated_without_raising(kind, spec):
    assert isinstance(
        validate_spec(kind, spec if isinstance(spec, dict) else {"answer": spec}), list
    )


@pytest.mark.parametrize("kind", list(Kind))
def test_an_infinite_number_is_a_wrong_answer_not_a_crash(kind):
    assert grade(kind, SPECS[kind], float("inf")).score == 0
