from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.normalize import (
    answer_key,
    clean_text,
    edit_distance,
    hyphenated_words,
    loose_key,
    to_latin,
    typo_allowance,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Ташкент", "Ташкент"),
        ("  ТАШКЕНТ. ", "ташкент"),
        ("Тəуелсіз", "Тәуелсіз"),  # Latin schwa from a PDF or a keyboard
        ("келісім-шарт", "келісім шарт"),
        ("«Беловеж» келісімі!", "Беловеж келісімі"),
        ("Ұжымдық   қауіпсіздік", "ұжымдық қауіпсіздік"),
    ],
)
def test_answers_that_differ_in_case_spaces_punctuation_or_schwa_share_a_key(typed, expected):
    assert answer_key(typed) == answer_key(expected)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Taşkent", "Ташкент"),
        ("Qazaqstan", "Қазақстан"),
        ("Ūjymdyq qauıpsızdık", "Ұжымдық қауіпсіздік"),
        ("Äzırbaijan", "Әзірбайжан"),
        ("Mäskeu", "Мәскеу"),
        ("Jeltoqsan", "Желтоқсан"),
        ("Öñırlık", "Өңірлік"),
        ("Ğaryş", "Ғарыш"),
        ("Ükımet", "Үкімет"),
    ],
)
def test_kazakh_latin_2021_matches_cyrillic(latin, cyrillic):
    assert answer_key(latin) == answer_key(cyrillic)


@pytest.mark.parametrize(
    ("variant", "cyrillic"),
    [("Tashkent", "Ташкент"), ("Qazaqstan", "Қазақстан"), ("Ashhabad", "Ашхабад")],
)
def test_common_latin_spellings_are_read_too(variant, cyrillic):
    assert answer_key(variant) == answer_key(cyrillic)


def test_to_latin_uses_the_2021_letters():
    assert to_latin("әғқңөұүшіы") == "äğqñöūüşıy"


def test_clean_text_keeps_letters_and_digits_only():
    assert clean_text("«ҰҚШҰ» — 2007 ж.!") == "ұқшұ 2007 ж"


def test_russian_keyboard_spelling_shares_the_loose_key():
    assert loose_key("Казакстан") == loose_key("Қазақстан")
    assert loose_key("Озбекстан") == loose_key("Өзбекстан")


def test_the_loose_key_still_tells_different_words_apart():
    assert loose_key("Ресей") != loose_key("Қазақстан")


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("", "", 0), ("абв", "абв", 0), ("абв", "аб", 1), ("абв", "авб", 1), ("ташкент", "мәскеу", 5)],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance


def test_short_answers_allow_no_typo_longer_ones_more():
    assert typo_allowance("ТМД") == 0
    assert typo_allowance("ташкент") == 1
    assert typo_allowance("ұжымдық қауіпсіздік") == 2


@given(st.text(max_size=200))
def test_any_text_has_a_key_and_never_raises(text):
    assert isinstance(answer_key(text), str)
    assert isinstance(loose_key(text), str)


@given(st.text(max_size=40), st.text(max_size=40))
def test_edit_distance_is_symmetric_and_bounded(a, b):
    distance = edit_distance(a, b)
    assert distance == edit_distance(b, a)
    assert abs(len(a) - len(b)) <= distance <= max(len(a), len(b))


@given(st.text(max_size=60))
def test_the_key_is_idempotent_on_cyrillic_input(text):
    key = answer_key(text)
    assert answer_key(key) == key


def test_hyphenated_words_keep_the_parts_of_each_word():
    assert hyphenated_words("ТМД-ның «әскери-стратегиялық» кеңістігі") == [
        ["tmd", "nyñ"],
        ["äskeri", "strategiialyq"],
        ["keñıstıgı"],
    ]


def test_letters_brought_together_by_dropped_characters_read_the_same_twice():
    assert answer_key("s\U00018cd6h") == answer_key(answer_key("s\U00018cd6h")) == "ş"
