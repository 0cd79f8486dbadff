from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.scheduling import Card, is_due, review

TODAY = date(2024, 3, 10)

boxes = st.integers(min_value=1, max_value=5)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
cards = st.one_of(st.none(), st.builds(Card, box=boxes, due=days))
scores = st.floats(min_value=0, max_value=1)


def test_a_question_right_the_first_time_starts_in_box_two_due_in_two_days():
    assert review(None, score=1.0, today=TODAY) == Card(box=2, due=TODAY + timedelta(days=2))


@pytest.mark.parametrize("score", [0.0, 0.5, 0.9999])
def test_a_question_not_fully_right_the_first_time_starts_in_box_one_due_today(score):
    assert review(None, score=score, today=TODAY) == Card(box=1, due=TODAY)


@pytest.mark.parametrize(
    ("box", "new_box", "interval"),
    [(1, 2, 2), (2, 3, 4), (3, 4, 8), (4, 5, 16)],
)
def test_full_marks_move_a_question_up_one_box_and_further_away(box, new_box, interval):
    card = Card(box=box, due=TODAY - timedelta(days=3))
    assert review(card, score=1.0, today=TODAY) == Card(
        box=new_box, due=TODAY + timedelta(days=interval)
    )


def test_full_marks_keep_a_question_in_the_top_box_sixteen_days_away():
    card = Card(box=5, due=TODAY)
    assert review(card, score=1.0, today=TODAY) == Card(box=5, due=TODAY + timedelta(days=16))


@pytest.mark.parametrize("box", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("score", [0.0, 0.3333, 0.9999])
def test_anything_less_than_full_marks_sends_a_question_back_to_box_one_due_today(box, score):
    card = Card(box=box, due=TODAY + timedelta(days=5))
    assert review(card, score=score, today=TODAY) == Card(box=1, due=TODAY)


def test_the_next_review_is_counted_from_the_day_answered_not_from_the_old_due_date():
    card = Card(box=2, due=TODAY - timedelta(days=30))
    assert review(card, score=1.0, today=TODAY).due == TODAY + timedelta(days=4)


def test_a_question_due_before_today_is_due():
    assert is_due(Card(box=3, due=TODAY - timedelta(days=1)), today=TODAY)


def test_a_question_due_today_is_due():
    assert is_due(Card(box=3, due=TODAY), today=TODAY)


def test_a_question_due_tomorrow_is_not_due():
    assert not is_due(Card(box=3, due=TODAY + timedelta(days=1)), today=TODAY)


def test_a_missed_question_is_due_again_the_same_day():
    assert is_due(review(Card(box=4, due=TODAY), score=0.0, today=TODAY), today=TODAY)


def test_a_remembered_question_is_not_due_again_the_same_day():
    assert not is_due(review(Card(box=1, due=TODAY), score=1.0, today=TODAY), today=TODAY)


@given(card=cards, score=scores, today=days)
def test_the_box_stays_between_one_and_five(card, score, today):
    assert 1 <= review(card, score=score, today=today).box <= 5


@given(card=cards, score=scores, today=days)
def test_the_next_review_is_never_before_today(card, score, today):
    assert review(card, score=score, today=today).due >= today


@given(card=cards, score=scores, today=days)
def test_a_reviewed_question_is_due_on_its_due_date(card, score, today):
    after = review(card, score=score, today=today)
    assert is_due(after, today=after.due)


@given(passes=st.integers(min_value=1, max_value=10), today=days)
def test_each_full_marks_answer_in_a_row_climbs_one_box_up_to_five(passes, today):
    card = None
    for _ in range(passes):
        card = review(card, score=1.0, today=today)
    assert card.box == min(passes + 1, 5)


@given(card=cards, today=days)
def test_a_higher_box_is_never_scheduled_sooner(card, today):
    after = review(card, score=1.0, today=today)
    again = review(after, score=1.0, today=today)
    assert again.due >= after.due
