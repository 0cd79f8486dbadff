"""The suffix stripper: every case and possessive of a noun is the noun, in
either script and on a Russian keyboard; what changes the meaning is not."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.checks import key_answers
from quizzes.core.morphology import form_words, forms, same_answer, stems
from quizzes.core.normalize import answer_key, to_latin
from quizzes.services.bank import bank_fixture_questions
from tests.kazakh_forms import CASES, POSSESSIVES, case, forms_of, plural, possessive

RUSSIAN_KEYBOARD = str.maketrans("әғқңөұүһі", "агкноуухи")

# Back and front, vowel- and consonant-final, к/қ/п that voice before a
# vowel, loans, names, and nouns of the article's own answers.
NOUNS = (
    "кеңес", "кеңістік", "айлақ", "талап", "заман", "министр", "мемлекет", "қала",
    "Алматы", "Ресей", "кездесу", "инкорпорация", "Ташкент", "келісім", "құжат",
    "тұжырымдама", "бап", "ұйым", "шекара", "Елбасы", "Мәскеу", "Минск", "Украина",
    "қозғалыс", "әскер", "жарғы", "бағыт", "декларация", "мүдде", "Қазақстан", "Грузия",
    "қауіп", "өкілеттік", "мүше", "жүйе", "Түрікменстан", "Әзірбайжан", "құрылым", "тетік",
)  # fmt: skip


def readable(form: str, noun: str) -> bool:
    """The dative of "my"/"your" after a vowel («қалама») is spelled like a
    negative verb («қолдама»): it is left unread, so «қолдамады» never
    becomes «қолдады»."""
    return not (noun[-1].lower() in "аәеиоөуұүыіэюя" and form.endswith(("ма", "ме")))


TABLE = [(noun, form) for noun in NOUNS for form in forms_of(noun.lower()) if readable(form, noun)]


def test_the_table_has_every_case_and_possessive_of_every_noun():
    assert len(forms_of("кеңес")) == 2 * len(POSSESSIVES) * len(CASES)
    assert len(TABLE) >= len(NOUNS) * 2 * len(POSSESSIVES) * len(CASES) - 2 * len(NOUNS)


@pytest.mark.parametrize("noun", NOUNS)
def test_every_case_and_possessive_of_a_noun_is_the_noun(noun):
    wrong = [form for n, form in TABLE if n == noun and not same_answer(form, noun)]
    assert wrong == []


@pytest.mark.parametrize("noun", NOUNS)
def test_word_forms_match_in_the_latin_alphabet_too(noun):
    wrong = [form for n, form in TABLE if n == noun and not same_answer(to_latin(form), noun)]
    assert wrong == []


@pytest.mark.parametrize("noun", NOUNS)
def test_word_forms_match_typed_on_a_russian_keyboard(noun):
    folded = [form.translate(RUSSIAN_KEYBOARD) for n, form in TABLE if n == noun]
    assert [form for form in folded if not same_answer(form, noun)] == []


@pytest.mark.parametrize(
    ("form", "base"),
    [
        # Forms of the article itself.
        ("Кеңесін", "Кеңесі"),
        ("министрлерінің", "министрлер"),
        ("кеңістігін", "кеңістік"),
        ("айлағының", "айлағы"),
        ("қозғалысының", "қозғалысы"),
        ("Ресеймен", "Ресей"),
        ("инкорпорацияға", "инкорпорация"),
        ("Елбасымыз", "Елбасы"),
        ("заманның", "заман"),
        ("талабы", "талап"),
        ("Алматыда", "Алматы"),
        ("Ташкентте", "Ташкент"),
        ("Минскіде", "Минск"),
        ("Ашхабадта", "Ашхабад"),
        ("Қазақстанның", "Қазақстан"),
        ("кездесуінде", "кездесу"),
        ("мемлекеттерінің", "мемлекет"),
        # Verbs: past, present, participles, verbal noun, converb.
        ("түседі", "түсу"),
        ("түсті", "түсу"),
        ("түскен", "түсу"),
        ("түсетін", "түсу"),
        ("түсуге", "түсу"),
        ("қабылдады", "қабылдау"),
        ("қабылдап", "қабылдау"),
        # An ending after a hyphen, and a hyphen inside a compound.
        ("ТМД-ның", "ТМД"),
        ("ҰҚШҰ-ға", "ҰҚШҰ"),
        ("пост-кеңестік", "посткеңестік"),
        ("көші-қонмен", "көші-қон"),
        # «мен», «бен», «пен» are one conjunction.
        ("хатшылық пен штаб", "хатшылығы мен штабы"),
    ],
)
def test_attested_forms_are_their_base(form, base):
    assert same_answer(form, base)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("заңды", "заңсыз"),  # lawful / unlawful: -сыз is derivation
        ("дәстүрлі", "дәстүрлі емес"),  # «емес» is a word of its own
        ("қатысты", "қатыспады"),  # took part / did not
        ("енген", "енбеген"),
        ("қолдады", "қолдамады"),
        ("болды", "болмады"),
        ("11", "12"),
        ("11", "111"),
        ("1992", "1993"),
        ("5 жылға", "3 жылға"),
        ("он бір", "он екі"),
        ("Алматы", "Алма"),
        ("алты", "ал"),
        ("Ресей", "Ресейсіз"),
        ("посткеңестік", "посткеңес"),
    ],
)
def test_what_changes_the_meaning_is_not_a_word_form(one, other):
    assert not same_answer(one, other)
    assert not same_answer(other, one)


def test_a_number_keeps_only_its_digits():
    assert form_words("1992-ші 11-і") == [frozenset({"1992"}), frozenset({"11"})]


def test_endings_follow_vowel_harmony():
    # A back ending is not taken off a front word, nor a front one off a back word.
    assert "keñes" not in stems(to_latin("кеңесдан"))
    assert "qala" not in stems(to_latin("қаладен"))


def test_a_stem_keeps_three_letters():
    assert all(len(stem) >= 3 for stem in stems(to_latin("алтының")))


def test_the_copula_adds_nothing():
    assert same_answer("заман талабы болды", "заман талабы")
    assert same_answer("заман талабы болатын", "заман талабы")
    assert not same_answer("заман талабы болмады", "заман талабы")


# -- the bank's own keys ---------------------------------------------------------------

BANK = bank_fixture_questions()
KEYS = sorted(
    {
        (q["key"], answer)
        for q in BANK
        if q["kind"] in ("single", "multiple", "text")
        for answer in key_answers(q)
    }
)
ENDINGS = st.sampled_from(
    [
        lambda w: w,
        plural,
        lambda w: possessive(w, "his"),
        lambda w: case(w, "genitive"),
        lambda w: case(w, "accusative"),
        lambda w: case(w, "dative"),
        lambda w: case(w, "locative"),
        lambda w: case(w, "ablative"),
        lambda w: case(w, "instrumental"),
        lambda w: case(possessive(w, "his"), "locative", after="his"),
        lambda w: case(plural(w), "genitive"),
    ]
)
# Keys of different questions that are one answer in other endings (the CIS
# Charter and the treaty's Article 2 both speak of coordinating positions).
SAME_WORDS = {frozenset({"ūstanymdaryn üilestıru", "ūstanymdardy üilestıru"})}


def _meet(a: str, b: str) -> bool:
    return bool(forms(a) & forms(b))


def _decline(text: str, ending) -> str:
    """The text with an ending on its last word, when that word is Kazakh."""
    *head, last = text.lower().split()
    if not last.isalpha() or not set(last) <= set("абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяә"):
        return text
    return " ".join([*head, ending(last)])


def test_keys_of_different_questions_meet_only_when_they_are_one_answer():
    met = {
        frozenset({answer_key(a), answer_key(b)})
        for (qa, a), (qb, b) in itertools.combinations(KEYS, 2)
        if qa != qb and answer_key(a) != answer_key(b) and _meet(a, b)
    }
    assert met <= SAME_WORDS


@given(st.sampled_from(KEYS), st.sampled_from(KEYS), ENDINGS, ENDINGS)
def test_endings_never_merge_two_different_keys_of_the_bank(one, other, end_one, end_other):
    (_, a), (_, b) = one, other
    if answer_key(a) == answer_key(b) or _meet(a, b):
        return
    assert not _meet(_decline(a, end_one), _decline(b, end_other))
