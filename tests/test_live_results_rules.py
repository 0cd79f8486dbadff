"""The pure rules of what a finished live game leaves behind."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.live_results import (
    MISSED,
    REMEMBERED,
    median,
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


def test_question_figures_count_each_option_and_the_share_right():
    figures = question_figures(
        players=4,
        answers=[(True, 1000, 1), (False, 3000, 0), (True, 2000, 1)],
        options=3,
    )
    assert figures.chosen == (1, 2, 0)
    assert figures.right == 2 and figures.answers == 3
    assert figures.share_right == pytest.approx(0.5)  # the silent fourth was not right
    assert figures.median_ms == 2000


def test_multiple_choice_answers_count_every_ticked_option():
    figures = question_figures(
        players=2, answers=[(True, 500, [0, 2]), (False, 700, [2])], options=3
    )
    assert figures.chosen == (1, 0, 2)


@pytest.mark.parametrize("response", [None, 1992, 7, -1, True, "0", [9, "x"], {"a": 1}])
def test_tampered_or_optionless_responses_choose_no_option(response):
    figures = question_figures(players=1, answers=[(False, 100, response)], options=2)
    assert figures.chosen == (0, 0)


def test_a_question_nobody_could_answer_has_no_share():
    figures = question_figures(players=0, answers=[], options=2)
    assert figures.share_right is None and figures.median_ms is None and figures.chosen == (0, 0)


@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(min_value=0, max_value=60000), st.integers(0, 5)),
        max_size=40,
    ),
    st.integers(min_value=0, max_value=60),
)
def test_question_figures_invariants(rows, players):
    figures = question_figures(players=players, answers=rows, options=4)
    assert sum(figures.chosen) <= len(rows)
    assert 0 <= figures.right <= figures.answers == len(rows) <= figures.players
    if figures.share_right is not None:
        assert 0 <= figures.share_right <= 1
