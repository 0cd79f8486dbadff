from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.stats import chart_points, latest, mastery, mean

T0 = datetime(2024, 3, 10, 9, 0)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


# -- mean -------------------------------------------------------------------------


def test_the_mean_of_nothing_is_none():
    assert mean([]) is None


def test_the_mean_of_one_value_is_that_value():
    assert mean([0.25]) == 0.25


def test_the_mean_averages_the_values():
    assert mean([0.0, 0.5, 1.0, 0.5]) == 0.5


def test_the_mean_reads_a_generator_once():
    assert mean(v / 4 for v in range(5)) == 0.5


@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1))
def test_the_mean_lies_between_the_smallest_and_largest_value(values):
    assert min(values) - 1e-9 <= mean(values) <= max(values) + 1e-9


# -- latest -----------------------------------------------------------------------


def test_latest_of_nothing_is_empty():
    assert latest([]) == {}


def test_latest_keeps_the_most_recent_score_of_a_key():
    assert latest([(1, at(0), 0.0), (1, at(5), 1.0)]) == {1: 1.0}


def test_latest_goes_by_time_not_by_the_order_records_come_in():
    assert latest([(1, at(5), 1.0), (1, at(0), 0.0)]) == {1: 1.0}


def test_latest_keeps_each_key_separately():
    records = [(1, at(0), 0.0), (2, at(1), 0.5), (1, at(2), 1.0), (2, at(3), 0.25)]
    assert latest(records) == {1: 1.0, 2: 0.25}


def test_latest_of_records_at_the_same_moment_is_the_last_one_given():
    assert latest([(1, at(0), 0.0), (1, at(0), 0.75)]) == {1: 0.75}


def test_latest_accepts_any_hashable_key():
    assert latest([(("set", 3), at(0), 0.5)]) == {("set", 3): 0.5}


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=4),
            st.integers(min_value=0, max_value=100),
            st.floats(min_value=0, max_value=1),
        ),
        unique_by=lambda r: (r[0], r[1]),
    ),
    st.randoms(),
)
def test_latest_gives_the_same_scores_whatever_order_the_records_come_in(records, random):
    timed = [(key, at(minute), score) for key, minute, score in records]
    shuffled = list(timed)
    random.shuffle(shuffled)
    assert latest(shuffled) == latest(timed)


# -- mastery ----------------------------------------------------------------------


def test_mastery_of_nothing_is_empty():
    assert mastery([]) == {}


def test_mastery_is_the_mean_score_of_each_group():
    scores = [("treaty", 1.0), ("war", 0.0), ("treaty", 0.5), ("war", 0.5), ("treaty", 0.0)]
    assert mastery(scores) == {"treaty": 0.5, "war": 0.25}


def test_mastery_of_a_group_with_one_question_is_its_score():
    assert mastery([("people", 0.75)]) == {"people": 0.75}


# -- chart_points -----------------------------------------------------------------


def test_no_values_give_no_points():
    assert chart_points([], width=200, height=100) == []


def test_a_single_value_is_drawn_in_the_middle_of_the_width():
    assert chart_points([0.5], width=200, height=100) == [(100.0, 50.0)]


def test_the_first_and_last_values_touch_the_padded_edges():
    points = chart_points([0.0, 1.0], width=200, height=100)
    assert [x for x, _ in points] == [8.0, 192.0]


def test_values_are_spread_evenly_across_the_width():
    points = chart_points([0.0, 0.0, 0.0, 0.0, 0.0], width=216, height=100)
    assert [x for x, _ in points] == [8.0, 58.0, 108.0, 158.0, 208.0]


@pytest.mark.parametrize(("value", "y"), [(1.0, 8.0), (0.0, 92.0), (0.5, 50.0), (0.25, 71.0)])
def test_a_value_of_one_is_drawn_at_the_top_and_zero_at_the_bottom(value, y):
    assert chart_points([value, value], width=200, height=100)[0][1] == y


@pytest.mark.parametrize(("value", "y"), [(1.5, 8.0), (-0.5, 92.0)])
def test_values_outside_zero_to_one_are_clamped_to_the_edges(value, y):
    assert chart_points([value], width=200, height=100)[0][1] == y


def test_the_padding_can_be_changed():
    assert chart_points([1.0, 0.0], width=100, height=50, pad=0) == [(0.0, 0.0), (100.0, 50.0)]


def test_coordinates_are_rounded_to_one_decimal():
    points = chart_points([1 / 3, 1 / 3, 1 / 3, 1 / 3], width=101, height=101)
    assert points == [(8.0, 64.7), (36.3, 64.7), (64.7, 64.7), (93.0, 64.7)]


chart_values = st.lists(
    st.floats(allow_nan=False, min_value=-2, max_value=3), min_size=1, max_size=40
)
sizes = st.integers(min_value=0, max_value=20).flatmap(
    lambda pad: st.tuples(
        st.integers(min_value=2 * pad, max_value=2000),
        st.integers(min_value=2 * pad, max_value=1000),
        st.just(pad),
    )
)


@given(values=chart_values, size=sizes)
def test_chart_points_stay_inside_the_padded_box(values, size):
    width, height, pad = size
    for x, y in chart_points(values, width=width, height=height, pad=pad):
        assert pad <= x <= width - pad
        assert pad <= y <= height - pad


@given(values=chart_values, size=sizes)
def test_there_is_one_point_per_value(values, size):
    width, height, pad = size
    assert len(chart_points(values, width=width, height=height, pad=pad)) == len(values)


@given(values=chart_values.filter(lambda v: len(v) >= 2))
def test_points_go_left_to_right_in_the_order_of_the_values(values):
    xs = [x for x, _ in chart_points(values, width=1000, height=100)]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)


@given(a=st.floats(min_value=0, max_value=1), b=st.floats(min_value=0, max_value=1))
def test_a_higher_value_is_never_drawn_lower(a, b):
    (_, ya), (_, yb) = chart_points([a, b], width=200, height=100)
    if a > b:
        assert ya <= yb
    else:
        assert ya >= yb
