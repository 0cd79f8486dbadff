from __future__ import annotations

import json

import pytest

from quizzes.core.derive import Event, FactError, derive_questions
from quizzes.core.grading import grade, key_response
from quizzes.services.bank import fixtures_dir


def fact(key, date, place=None, **extra):
    data = {
        "key": key,
        "date": date,
        "subject": f"{key} оқиғасы",
        "predicate": "болды",
        "label": f"{key} оқиғасы",
        "topic": "treaty",
        "source": [f"{key} туралы"],
    }
    if place:
        data |= {"place": place, "place_locative": place + "да"}
    return data | extra


FACTS = {
    "events": [
        fact("a", "1991-12-08"),
        fact("b", "1992-05-15", "Ташкент"),
        fact("c", "1992-07", "Мәскеу"),
        fact("d", "1993", "Ашхабад"),
        fact("e", "1996", "Алматы"),
    ],
    "orders": [{"prompt": "Ретімен орналастырыңыз.", "events": ["d", "b", "a"]}],
    "matches": [{"prompt": "Сәйкестендіріңіз.", "events": ["b", "a", "e"]}],
}


@pytest.fixture
def derived():
    return {q["key"]: q for q in derive_questions(FACTS)}


def test_every_event_gets_a_year_question(derived):
    assert {k for k in derived if k.endswith("-year")} == {f"event-{e}-year" for e in "abcde"}
    assert derived["event-b-year"]["answer"] == 1992


def test_only_events_with_a_day_get_a_date_question(derived):
    assert {k for k in derived if k.endswith("-date")} == {"event-a-date", "event-b-date"}
    assert derived["event-b-date"]["answer"] == "1992-05-15"


def test_place_questions_take_wrong_choices_from_sibling_places(derived):
    choices = derived["event-b-place"]["choices"]
    assert [c["text"] for c in choices if c["correct"]] == ["Ташкент"]
    assert {c["text"] for c in choices if not c["correct"]} == {"Мәскеу", "Ашхабад", "Алматы"}


def test_derivation_is_stable(derived):
    assert {q["key"]: q for q in derive_questions(FACTS)} == derived


def test_order_questions_list_items_by_date(derived):
    assert derived["chronology-order-1"]["items"] == ["a оқиғасы", "b оқиғасы", "d оқиғасы"]


def test_match_questions_pair_dates_with_events(derived):
    assert derived["chronology-match-1"]["pairs"] == [
        ["1991 жылғы 8 желтоқсан", "a оқиғасы"],
        ["1992 жылғы 15 мамыр", "b оқиғасы"],
        ["1996 жыл", "e оқиғасы"],
    ]


def test_order_and_match_questions_have_the_prompt_the_facts_give_them(derived):
    assert derived["chronology-order-1"]["prompt"] == "Ретімен орналастырыңыз."
    assert derived["chronology-match-1"]["prompt"] == "Сәйкестендіріңіз."


def test_the_year_and_the_date_question_of_an_event_are_enemies(derived):
    assert derived["event-b-date"]["enemies"] == ["event-b-year"]


def test_which_city_questions_with_one_answer_are_enemies():
    facts = {"events": [fact("a", "1991-12-21", "Алматы"), fact("b", "1996", "Алматы")]}
    derived = {q["key"]: q for q in derive_questions(facts)}
    assert derived["event-a-place"]["enemies"] == ["event-b-place"]
    assert derived["event-b-place"]["enemies"] == ["event-a-place"]


def test_a_match_question_is_the_enemy_of_the_questions_its_dates_answer(derived):
    """Its own events' dates, and every year it shows (c is of 1992 too)."""
    assert set(derived["chronology-match-1"]["enemies"]) == {
        "event-b-date",
        "event-a-date",
        "event-a-year",
        "event-b-year",
        "event-c-year",
        "event-e-year",
    }


def test_the_explanation_states_the_fact_in_kazakh():
    event = Event.from_fact(fact("b", "1992-05-15", "Ташкент"))
    assert event.statement() == "Мақала бойынша, b оқиғасы 1992 жылғы 15 мамырда Ташкентда болды."
    assert Event.from_fact(fact("c", "2007-10")).when == "2007 жылы қазан айында"


def test_events_of_one_year_without_a_month_cannot_be_ordered():
    facts = {
        "events": [fact("x", "1993-01-22"), fact("y", "1993")],
        "orders": [{"prompt": "Ретімен.", "events": ["x", "y"]}],
    }
    with pytest.raises(FactError, match="cannot order"):
        derive_questions(facts)


def test_an_unknown_event_in_a_group_is_an_error():
    with pytest.raises(FactError, match="unknown event"):
        derive_questions(
            {
                "events": [fact("x", "1993")],
                "orders": [{"prompt": "Ретімен.", "events": ["x", "z"]}],
            }
        )


def test_duplicate_event_keys_are_an_error():
    with pytest.raises(FactError, match="duplicate"):
        derive_questions({"events": [fact("x", "1993"), fact("x", "1994")]})


def test_every_derived_question_from_the_shipped_facts_grades_its_own_key():
    facts = json.loads((fixtures_dir() / "bank" / "facts.json").read_text(encoding="utf-8"))
    for question in derive_questions(facts):
        spec = {k: v for k, v in question.items() if k in ("choices", "answer", "items", "pairs")}
        assert grade(question["kind"], spec, key_response(question["kind"], spec)).score == 1.0
