"""The pure rules of sign-in cards: their secrets, the pasted list of names,
and the user names made of them."""

from __future__ import annotations

import hashlib
import re

from django.contrib.auth.validators import UnicodeUsernameValidator
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.cards import (
    code_digest,
    link_digest,
    new_card_code,
    new_link_secret,
    pupil_names,
    username_base,
    username_pick,
)
from quizzes.core.codes import ALPHABET


def names(text, taken=frozenset(), limit=60):
    found, problems = pupil_names(text, limit=limit, max_length=40, taken=set(taken))
    return found, [(p.code, p.params.get("line")) for p in problems]


def test_a_link_secret_carries_128_random_bits():
    secrets = {new_link_secret() for _ in range(1000)}
    assert len(secrets) == 1000
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", s) for s in secrets)  # 16 bytes, base64url


def test_a_card_code_is_eight_characters_without_look_alikes():
    code = new_card_code()
    assert len(code) == 8 and set(code) <= set(ALPHABET)


def test_secrets_are_kept_as_sha256_digests():
    assert link_digest("abc") == hashlib.sha256(b"abc").hexdigest()


def test_a_typed_code_is_read_as_typed_and_bound_to_its_classroom():
    assert code_digest(7, "acde-fghj") == code_digest(7, " ACDEFGHJ ")
    assert code_digest(7, "ACDEFGHJ") != code_digest(8, "ACDEFGHJ")


def test_names_are_one_a_line_tidied_and_blank_lines_skipped():
    assert names("  Аружан   Т. \r\n\n\tДәурен\n   \n") == (["Аружан Т.", "Дәурен"], [])


def test_a_problem_names_its_line_as_the_teacher_counts_them():
    text = "\nАружан\n" + "Д" * 41 + "\nаружан\nСәуле\x07\nЖанна\u200b\nНұрлан"
    found, problems = names(text, taken={"нұрлан"})
    assert problems == [
        ("too_long", 3),
        ("repeated", 4),
        ("control", 5),
        ("control", 6),
        ("taken", 7),
    ]
    assert found == ["Аружан"]


def test_a_control_character_does_not_split_a_line():
    """str.splitlines would break at \\x1e and shift every later line's number."""
    _, problems = names("Аружан\x1eДәурен\nСәуле\x0bЖанна\nНұрлан\x00")
    assert problems == [("control", 1), ("control", 2), ("control", 3)]


def test_a_repeated_name_says_where_it_was_first():
    _, problems = pupil_names("Аружан\nДәурен\nАРУЖАН", limit=60, max_length=40)
    assert problems[0].params == {"line": 3, "name": "АРУЖАН", "first": 1}


def test_too_many_names_are_refused():
    _, problems = names("\n".join(f"Оқушы {n}" for n in range(61)))
    assert problems == [("too_many", None)]
    assert names("\n".join(f"Оқушы {n}" for n in range(60)))[1] == []


def test_a_user_name_is_made_of_the_names_words():
    assert username_base("Аружан Т.") == "аружан.т"
    assert username_base("  Жанна-Мария  О'Нил ") == "жанна.мария.о.нил"
    assert username_base("ＡＢＣ") == "abc"
    assert username_base("!!! ???") == "оқушы"


def test_a_taken_user_name_gets_a_number():
    assert username_pick("аружан.т", set()) == "аружан.т"
    assert username_pick("аружан.т", {"аружан.т", "аружан.т2"}) == "аружан.т3"


@given(st.text(max_size=80))
def test_any_name_makes_a_user_name_django_accepts(name):
    base = username_base(name)
    UnicodeUsernameValidator()(base)  # raises if not
    assert 0 < len(base) <= 30
    UnicodeUsernameValidator()(username_pick(base, {base}))


@given(st.text(max_size=400))
def test_any_pasted_text_gives_names_or_problems_never_an_error(text):
    found, problems = pupil_names(text, limit=60, max_length=40)
    assert all(0 < len(n) <= 40 and n == " ".join(n.split()) for n in found)
    assert len({n.casefold() for n in found}) == len(found)
    assert all(p.params.get("line", 1) >= 1 for p in problems)
