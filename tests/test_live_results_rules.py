"""The pure rules of what a finished live game leaves behind."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.live_results import (
    MISSED,
    REMEMBERED,
    first_index,
    median,
    openings,
    practice_scores,
    question_figures,
)


def test_every_question_played_while_in_the_game_counts():
    assert practice_scores(reached=4, first_index=0, answers={0: True, 2: False}) == {
        0: REMEMBERED,
        1: MISSED,
        2: MISSED,
        3: MISSED,
    }


def test_a_late_joiner_is_not_charged_with_the_questions_before_they_came():
    assert practice_scores(reached=3, first_index=2, answers={2: True}) == {2: REMEMBERED}


def test_a_game_that_never_opened_a_question_gives_nothing():
    assert practice_scores(reached=0, first_index=0, answers={}) == {}


def test_a_player_who_came_after_the_last_question_gives_nothing():
    assert practice_scores(reached=3, first_index=3, answers={}) == {}


@given(
    reached=st.integers(min_value=0, max_value=30),
    first=st.integers(min_value=0, max_value=30),
    answers=st.dictionaries(st.integers(min_value=0, max_value=29), st.booleans(), max_size=30),
)
def test_practice_scores_rules(reached, first, answers):
    scores = practice_scores(reached=reached, first_index=first, answers=answers)
    # Every answer given counts, right as remembered, wrong as missed.
    for index, correct in answers.items():
        assert scores[index] == (REMEMBERED if correct else MISSED)
    # Every other question counted was played after joining and is a miss.
    for index, score in scores.items():
        if index not in answers:
            assert first <= index < reached and score == MISSED
    # Nothing played after joining is left out.
    assert set(range(first, reached)) <= set(scores)
    assert set(scores.values()) <= {REMEMBERED, MISSED}


@given(st.lists(st.integers(min_value=0, max_value=10**6), max_size=50))
def test_median_is_the_statistics_median(values):
    if values:
        assert median(values) == statistics.median(values)
    else:
        assert median(values) is None


def test_question_figures_count_the_share_right_of_those_who_could_answer():
    figures = question_figures(players=4, answers=[(True, 1000), (False, 3000), (True, 2000)])
    assert figures.right == 2 and figures.answers == 3
    assert figures.share_right == pytest.approx(0.5)  # the silent fourth was not right
    assert figures.median_ms == 2000


def test_a_question_nobody_could_answer_has_no_share():
    figures = question_figures(players=0, answers=[])
    assert figures.share_right is None and figures.median_ms is None


@given(
    st.lists(st.tuples(st.booleans(), st.integers(min_value=0, max_value=60000)), max_size=40),
    st.integers(min_value=0, max_value=60),
)
def test_question_figures_invariants(rows, players):
    figures = question_figures(players=players, answers=rows)
    assert 0 <= figures.right <= figures.answers == len(rows) <= figures.players
    if figures.share_right is not None:
        assert 0 <= figures.share_right <= 1


# -- who was there when --------------------------------------------------------

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_openings_come_from_the_earliest_answer_of_each_question():
    opened = openings(
        reached=3,
        answers=[(0, at(5), 4000), (0, at(3), 1000), (2, at(70), 2000)],
        current=at(65),
    )
    assert opened == [at(1), None, at(65)]  # the last one's own opening is exact


def test_openings_ignore_answers_outside_the_game():
    assert openings(reached=1, answers=[(4, at(5), 0), (-1, at(5), 0)], current=None) == [None]


def test_a_player_in_the_lobby_is_charged_with_every_question():
    assert first_index(joined_at=at(-10), opened=[at(0), at(30), at(60)]) == 0


def test_a_player_who_came_during_the_second_question_starts_with_the_third():
    assert first_index(joined_at=at(40), opened=[at(0), at(30), at(60)]) == 2


def test_a_question_of_unknown_opening_goes_with_the_one_before():
    assert first_index(joined_at=at(40), opened=[at(0), at(30), None, at(90)]) == 3
    assert first_index(joined_at=at(10), opened=[None, None, at(30)]) == 0


@given(
    st.lists(st.one_of(st.none(), st.integers(0, 1000)), max_size=12),
    st.integers(-10, 1100),
)
def test_first_index_never_charges_a_question_opened_before_joining(gaps, joined):
    # Openings only grow, as a game's questions come one after another.
    moments, clock = [], 0
    for gap in gaps:
        if gap is None:
            moments.append(None)
        else:
            clock += gap
            moments.append(at(clock))
    first = first_index(joined_at=at(joined), opened=moments)
    assert 0 <= first <= len(moments)
    for index in range(first, len(moments)):
        if moments[index] is not None:
            assert moments[index] >= at(joined)
