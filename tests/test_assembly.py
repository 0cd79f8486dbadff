from __future__ import annotations

import math
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.assembly import Pool, assemble, option_order

ROOT = Path(__file__).resolve().parent.parent

ids = st.integers(min_value=1, max_value=30)
seeds = st.integers(min_value=0, max_value=2**48)
pools = st.lists(
    st.builds(
        Pool,
        candidates=st.lists(ids, max_size=12).map(tuple),
        count=st.integers(min_value=-2, max_value=8),
    ),
    max_size=4,
)
fixeds = st.lists(ids, max_size=6)
avoids = st.frozensets(ids, max_size=15)
enemy_lists = st.lists(st.tuples(ids, ids), max_size=25)


def enemies_of(pairs):
    rivals = {}
    for a, b in pairs:
        if a != b:
            rivals.setdefault(a, set()).add(b)
            rivals.setdefault(b, set()).add(a)
    return rivals


# -- assemble: examples ----------------------------------------------------------


def test_no_fixed_questions_and_no_pools_give_an_empty_quiz():
    assert assemble(seed=1) == []


def test_without_shuffle_fixed_questions_come_in_their_given_order():
    assert assemble(seed=1, fixed=[7, 3, 9], shuffle=False) == [7, 3, 9]


def test_a_fixed_question_listed_twice_comes_once():
    assert assemble(seed=1, fixed=[7, 3, 7, 3], shuffle=False) == [7, 3]


def test_without_shuffle_pool_questions_follow_the_fixed_ones():
    result = assemble(seed=1, fixed=[100, 101], pools=[Pool((1, 2, 3), 2)], shuffle=False)
    assert result[:2] == [100, 101]
    assert set(result[2:]) <= {1, 2, 3}


def test_without_shuffle_pools_come_in_their_given_order():
    result = assemble(seed=5, pools=[Pool((1, 2, 3), 2), Pool((10, 11, 12), 2)], shuffle=False)
    assert set(result[:2]) <= {1, 2, 3}
    assert set(result[2:]) <= {10, 11, 12}


def test_a_pool_adds_its_count_of_questions():
    result = assemble(seed=3, pools=[Pool(tuple(range(1, 11)), 4)])
    assert len(result) == 4
    assert set(result) <= set(range(1, 11))


def test_a_pool_asking_for_more_than_it_has_gives_all_it_has():
    assert sorted(assemble(seed=3, pools=[Pool((4, 5, 6), 10)])) == [4, 5, 6]


@pytest.mark.parametrize("count", [0, -1, -5])
def test_a_pool_with_no_positive_count_adds_nothing(count):
    assert assemble(seed=3, fixed=[9], pools=[Pool((1, 2, 3), count)]) == [9]


def test_a_pool_with_no_candidates_adds_nothing():
    assert assemble(seed=3, fixed=[9], pools=[Pool((), 3)]) == [9]


def test_a_pool_candidate_listed_twice_is_drawn_once():
    assert sorted(assemble(seed=3, pools=[Pool((4, 4, 4, 5), 3)])) == [4, 5]


def test_a_pool_never_draws_a_fixed_question_again():
    result = assemble(seed=3, fixed=[1, 2], pools=[Pool((1, 2, 3, 4), 2)])
    assert sorted(result) == [1, 2, 3, 4]


def test_a_later_pool_does_not_draw_what_an_earlier_pool_drew():
    result = assemble(seed=3, pools=[Pool((1, 2, 3), 3), Pool((1, 2, 3, 4), 2)])
    assert sorted(result) == [1, 2, 3, 4]


@pytest.mark.parametrize("seed", range(20))
def test_a_pool_prefers_questions_not_in_the_last_attempt(seed):
    result = assemble(seed=seed, pools=[Pool((1, 2, 3, 4, 5, 6), 3)], avoid=frozenset({1, 2, 3}))
    assert sorted(result) == [4, 5, 6]


@pytest.mark.parametrize("seed", range(20))
def test_a_pool_short_of_fresh_questions_tops_up_with_avoided_ones(seed):
    result = assemble(seed=seed, pools=[Pool((1, 2, 3, 4), 3)], avoid=frozenset({1, 2, 3}))
    assert 4 in result
    assert len(result) == 3
    assert set(result) <= {1, 2, 3, 4}


def test_a_fixed_question_comes_even_when_it_was_in_the_last_attempt():
    assert assemble(seed=1, fixed=[5], avoid=frozenset({5})) == [5]


def test_the_same_seed_gives_the_same_quiz():
    kwargs = {
        "fixed": [40, 41],
        "pools": [Pool(tuple(range(1, 21)), 5), Pool(tuple(range(15, 31)), 4)],
        "avoid": frozenset({3, 4, 16}),
    }
    assert assemble(seed=1234, **kwargs) == assemble(seed=1234, **kwargs)


def test_different_seeds_draw_different_questions():
    draws = {
        frozenset(assemble(seed=seed, pools=[Pool(tuple(range(1, 21)), 5)])) for seed in range(20)
    }
    assert len(draws) > 1


def test_shuffle_mixes_the_order_of_the_questions():
    fixed = list(range(1, 9))
    orders = {tuple(assemble(seed=seed, fixed=fixed)) for seed in range(20)}
    assert orders - {tuple(fixed)}


# -- assemble: properties --------------------------------------------------------


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, shuffle=st.booleans())
def test_assemble_never_returns_a_question_twice(seed, fixed, pools, avoid, shuffle):
    result = assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid, shuffle=shuffle)
    assert len(result) == len(set(result))


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, shuffle=st.booleans())
def test_assemble_always_returns_the_fixed_questions(seed, fixed, pools, avoid, shuffle):
    result = assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid, shuffle=shuffle)
    assert set(fixed) <= set(result)


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, shuffle=st.booleans())
def test_assemble_never_returns_more_than_asked(seed, fixed, pools, avoid, shuffle):
    result = assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid, shuffle=shuffle)
    assert len(result) <= len(set(fixed)) + sum(max(pool.count, 0) for pool in pools)


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, shuffle=st.booleans())
def test_assemble_returns_only_fixed_or_pool_questions(seed, fixed, pools, avoid, shuffle):
    result = assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid, shuffle=shuffle)
    allowed = set(fixed).union(*(pool.candidates for pool in pools))
    assert set(result) <= allowed


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, shuffle=st.booleans())
def test_assemble_is_deterministic_for_a_seed(seed, fixed, pools, avoid, shuffle):
    first = assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid, shuffle=shuffle)
    again = assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid, shuffle=shuffle)
    assert first == again


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids)
def test_shuffle_changes_only_the_order_not_the_questions(seed, fixed, pools, avoid):
    shuffled = assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid, shuffle=True)
    plain = assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid, shuffle=False)
    assert sorted(shuffled) == sorted(plain)


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, data=st.data())
def test_the_draw_does_not_depend_on_the_order_candidates_are_listed_in(
    seed, fixed, pools, avoid, data
):
    reordered = [
        Pool(tuple(data.draw(st.permutations(pool.candidates))), pool.count) for pool in pools
    ]
    assert assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid) == assemble(
        seed=seed, fixed=fixed, pools=reordered, avoid=avoid
    )


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids)
def test_each_pool_takes_avoided_questions_only_when_it_runs_short(seed, fixed, pools, avoid):
    result = assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid, shuffle=False)
    taken = set(dict.fromkeys(fixed))
    assert result[: len(taken)] == list(dict.fromkeys(fixed))
    position = len(taken)
    for pool in pools:
        available = set(pool.candidates) - taken
        size = min(max(pool.count, 0), len(available))
        drawn = set(result[position : position + size])
        assert len(drawn) == size
        assert drawn <= available
        if drawn & avoid:
            assert available - avoid <= drawn
        taken |= drawn
        position += size
    assert position == len(result)


# -- assemble: enemies -----------------------------------------------------------------


def test_a_pool_never_draws_the_enemy_of_a_fixed_question():
    for seed in range(30):
        result = assemble(seed=seed, fixed=[1], pools=[Pool((2, 3, 4), 2)], enemies=[(1, 2)])
        assert 2 not in result
        assert sorted(result) == [1, 3, 4]


def test_a_pool_never_draws_two_enemies():
    for seed in range(30):
        result = assemble(seed=seed, pools=[Pool((1, 2, 3), 3)], enemies=[(1, 2)])
        assert not {1, 2} <= set(result)
        assert len(result) == 2


@pytest.mark.parametrize("seed", range(30))
def test_a_pool_draws_around_a_question_with_many_enemies_to_fill_its_count(seed):
    enemies = [(1, 2), (1, 3), (1, 4)]
    result = assemble(seed=seed, pools=[Pool((1, 2, 3, 4), 3)], enemies=enemies)
    assert sorted(result) == [2, 3, 4]


def test_of_two_fixed_enemies_the_seed_keeps_one():
    kept = {
        tuple(assemble(seed=seed, fixed=[5, 6, 7], enemies=[(5, 6)], shuffle=False))
        for seed in range(40)
    }
    assert kept == {(5, 7), (6, 7)}


def test_enemies_given_either_way_round_are_the_same():
    kwargs = {"fixed": [1, 2, 3], "pools": [Pool(tuple(range(4, 20)), 5)]}
    assert assemble(seed=9, enemies=[(1, 2), (5, 6)], **kwargs) == assemble(
        seed=9, enemies=[(6, 5), (2, 1), (1, 2)], **kwargs
    )


@given(
    seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, enemies=enemy_lists, shuffle=st.booleans()
)
def test_an_attempt_never_holds_two_enemies(seed, fixed, pools, avoid, enemies, shuffle):
    result = assemble(
        seed=seed, fixed=fixed, pools=pools, avoid=avoid, enemies=enemies, shuffle=shuffle
    )
    rivals = enemies_of(enemies)
    assert all(not rivals.get(q, set()) & set(result) for q in result)
    assert len(result) == len(set(result))


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, enemies=enemy_lists)
def test_a_fixed_question_is_left_out_only_for_a_kept_enemy(seed, fixed, pools, avoid, enemies):
    result = assemble(seed=seed, fixed=fixed, pools=pools, avoid=avoid, enemies=enemies)
    rivals = enemies_of(enemies)
    for question in set(fixed) - set(result):
        assert rivals[question] & set(result) & set(fixed)


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, enemies=enemy_lists)
def test_each_pool_comes_up_short_only_when_its_other_candidates_are_barred(
    seed, fixed, pools, avoid, enemies
):
    result = assemble(
        seed=seed, fixed=fixed, pools=pools, avoid=avoid, enemies=enemies, shuffle=False
    )
    rivals = enemies_of(enemies)
    kept_fixed = [q for q in dict.fromkeys(fixed) if q in result]
    assert result[: len(kept_fixed)] == kept_fixed
    taken = set(kept_fixed)
    position = len(kept_fixed)
    for pool in pools:
        available = set(pool.candidates) - taken
        count = max(pool.count, 0)
        drawn = set()
        while position < len(result) and result[position] in available and len(drawn) < count:
            drawn.add(result[position])
            position += 1
        taken |= drawn
        if len(drawn) < count:
            barred = set().union(*(rivals.get(q, set()) for q in taken))
            assert available - drawn <= barred
    assert position == len(result)


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, shuffle=st.booleans())
def test_enemies_outside_the_set_change_nothing(seed, fixed, pools, avoid, shuffle):
    kwargs = {"seed": seed, "fixed": fixed, "pools": pools, "avoid": avoid, "shuffle": shuffle}
    assert assemble(**kwargs, enemies=[(100, 101), (102, 100)]) == assemble(**kwargs)


@given(seed=seeds, fixed=fixeds, pools=pools, avoid=avoids, enemies=enemy_lists)
def test_assemble_with_enemies_is_deterministic_for_a_seed(seed, fixed, pools, avoid, enemies):
    kwargs = {"fixed": fixed, "pools": pools, "avoid": avoid, "enemies": enemies}
    assert assemble(seed=seed, **kwargs) == assemble(seed=seed, **kwargs)


# -- option_order ----------------------------------------------------------------


@pytest.mark.parametrize(("count", "expected"), [(0, []), (1, [0])])
def test_option_order_of_fewer_than_two_options_has_one_answer(count, expected):
    assert option_order(seed=99, question_id=7, count=count) == expected


@pytest.mark.parametrize("count", [2, 3, 4])
def test_option_order_is_drawn_uniformly_among_all_orders(count):
    """With two options the stored first one is shown first half the time:
    its place says nothing about which is right."""
    draws = 6000
    seen = Counter(
        tuple(option_order(seed=seed, question_id=11, count=count)) for seed in range(draws)
    )
    orders = math.factorial(count)
    assert len(seen) == orders  # every order comes, the stored one included
    expected = draws / orders
    # Far wider than chance strays (about 4 standard deviations).
    assert all(abs(n - expected) < 4 * math.sqrt(expected) for n in seen.values())


@given(seed=seeds, question_id=ids, count=st.integers(min_value=0, max_value=12))
def test_option_order_is_a_permutation(seed, question_id, count):
    assert sorted(option_order(seed=seed, question_id=question_id, count=count)) == list(
        range(count)
    )


@given(seed=seeds, question_id=ids, count=st.integers(min_value=2, max_value=12))
def test_an_ordering_is_never_shown_solved(seed, question_id, count):
    order = option_order(seed=seed, question_id=question_id, count=count, keep_unsolved=True)
    assert order != list(range(count)) and sorted(order) == list(range(count))


@given(seed=seeds, question_id=ids, count=st.integers(min_value=0, max_value=12))
def test_option_order_is_deterministic(seed, question_id, count):
    assert option_order(seed=seed, question_id=question_id, count=count) == option_order(
        seed=seed, question_id=question_id, count=count
    )


def test_option_order_differs_between_questions_of_one_attempt():
    orders = {tuple(option_order(seed=5, question_id=q, count=5)) for q in range(1, 21)}
    assert len(orders) > 1


def test_option_order_differs_between_attempts_of_one_question():
    orders = {tuple(option_order(seed=s, question_id=3, count=5)) for s in range(20)}
    assert len(orders) > 1


def test_option_order_is_the_same_in_another_interpreter_run():
    code = (
        "from quizzes.core.assembly import option_order; "
        "print([option_order(seed=s, question_id=q, count=6) for s in range(3) for q in range(3)])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    expected = [option_order(seed=s, question_id=q, count=6) for s in range(3) for q in range(3)]
    assert outputs == {f"{expected}\n"}
