"""The live game's pure rules: the state machine, scoring, ranking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.core import live
from quizzes.core.live import (
    Action,
    Entry,
    Mode,
    Move,
    Phase,
    State,
    StepRefused,
    allowed,
    movement,
    rank,
    score_answer,
    speed_points,
    step,
)

T0 = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def in_phase(phase: Phase, *, index: int = 0, count: int = 3, paused: bool = False) -> State:
    """A state of each phase, as the machine would make it."""
    if phase == Phase.LOBBY:
        return live.new_state(count=count, seconds=20)
    base = State(phase=phase, index=index, count=count, seconds=20, opened_at=T0)
    if phase == Phase.QUESTION:
        if paused:
            return State(**{**base.__dict__, "paused_remaining": timedelta(seconds=7)})
        return State(**{**base.__dict__, "deadline": at(20)})
    return base


# What each (phase, action) does; anything not here is refused.
EXPECTED = {
    (Phase.LOBBY, Action.START): Phase.QUESTION,
    (Phase.QUESTION, Action.PAUSE): Phase.QUESTION,
    (Phase.QUESTION, Action.SKIP): Phase.REVEAL,
    (Phase.QUESTION, Action.CLOSE): Phase.REVEAL,
    (Phase.REVEAL, Action.NEXT): Phase.STANDINGS,
    (Phase.STANDINGS, Action.NEXT): Phase.QUESTION,
    (Phase.PODIUM, Action.NEXT): Phase.ENDED,
    **{(p, Action.END): Phase.ENDED for p in Phase if p != Phase.ENDED},
}


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("action", list(Action))
def test_every_phase_and_action(phase, action):
    """Every phase × every action: allowed steps go where the table says,
    the others are refused with the phase and action named."""
    state = in_phase(phase)
    if (phase, action) in EXPECTED:
        assert step(state, action, at(5)).phase == EXPECTED[phase, action]
        assert action in allowed(state)
    else:
        with pytest.raises(StepRefused) as refused:
            step(state, action, at(5))
        assert refused.value.phase == phase and refused.value.action == action
        assert action not in allowed(state)


@pytest.mark.parametrize("action", list(Action))
def test_every_action_while_paused(action):
    state = in_phase(Phase.QUESTION, paused=True)
    allowed_now = {Action.RESUME, Action.SKIP, Action.CLOSE, Action.END}
    assert allowed(state) == allowed_now
    if action in allowed_now:
        step(state, action, at(5))
    else:
        with pytest.raises(StepRefused):
            step(state, action, at(5))


def test_unknown_action_is_refused():
    with pytest.raises(ValueError):
        step(in_phase(Phase.LOBBY), "explode", T0)


def test_a_game_without_questions_cannot_start():
    state = live.new_state(count=0, seconds=20)
    assert Action.START not in allowed(state)
    with pytest.raises(StepRefused):
        step(state, Action.START, T0)
    assert step(state, Action.END, T0).phase == Phase.ENDED


def test_a_whole_game():
    state = live.new_state(count=2, seconds=20)
    state = step(state, Action.START, at(0))
    assert (state.phase, state.index, state.opened_at, state.deadline) == (
        Phase.QUESTION,
        0,
        at(0),
        at(20),
    )
    state = step(state, Action.CLOSE, at(20))
    assert state.phase == Phase.REVEAL and state.index == 0
    state = step(state, Action.NEXT, at(25))
    assert state.phase == Phase.STANDINGS
    state = step(state, Action.NEXT, at(30))
    assert (state.phase, state.index, state.deadline) == (Phase.QUESTION, 1, at(50))
    state = step(state, Action.SKIP, at(31))
    # The last question's reveal goes to the podium.
    state = step(state, Action.NEXT, at(35))
    assert state.phase == Phase.PODIUM
    state = step(state, Action.NEXT, at(40))
    assert state.phase == Phase.ENDED
    assert allowed(state) == frozenset()


def test_last_standings_go_to_the_podium():
    state = State(phase=Phase.STANDINGS, index=2, count=3, seconds=20)
    assert step(state, Action.NEXT, T0).phase == Phase.PODIUM


def test_pause_keeps_the_time_left_and_does_not_count_against_players():
    state = step(live.new_state(count=1, seconds=20), Action.START, at(0))
    state = step(state, Action.PAUSE, at(5))
    assert state.paused and state.deadline is None
    assert state.paused_remaining == timedelta(seconds=15)
    assert live.remaining_s(state, at(500)) == 15
    assert not live.accepts_answers(state, at(6))
    assert not live.is_due(state, at(500))
    state = step(state, Action.RESUME, at(65))
    assert state.deadline == at(80) and not state.paused
    # Answered one second after resuming: 6 s of the question, not 66.
    assert live.elapsed_ms(state, at(66)) == 6000
    assert live.is_due(state, at(80)) and not live.is_due(state, at(79.999))


def test_pause_after_the_deadline_leaves_no_time():
    state = step(live.new_state(count=1, seconds=20), Action.START, at(0))
    state = step(state, Action.PAUSE, at(25))
    assert state.paused_remaining == timedelta(0)


def test_answers_only_before_the_deadline():
    state = step(live.new_state(count=1, seconds=10), Action.START, at(0))
    assert live.accepts_answers(state, at(0))
    assert live.accepts_answers(state, at(9.999))
    assert not live.accepts_answers(state, at(10))
    assert not live.accepts_answers(step(state, Action.SKIP, at(3)), at(4))
    assert live.remaining_s(state, at(0.5)) == 10
    assert live.remaining_s(state, at(9.5)) == 1
    assert live.remaining_s(state, at(11)) == 0


def test_elapsed_is_clamped():
    state = step(live.new_state(count=1, seconds=10), Action.START, at(0))
    assert live.elapsed_ms(state, at(-3)) == 0
    assert live.elapsed_ms(state, at(2.5)) == 2500
    assert live.elapsed_ms(state, at(30)) == 10000


# -- state machine over random action sequences --------------------------------


@settings(max_examples=300, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=5),
    seconds=st.integers(min_value=live.MIN_SECONDS, max_value=live.MAX_SECONDS),
    moves=st.lists(
        st.tuples(st.sampled_from(list(Action)), st.integers(min_value=0, max_value=400_000)),
        max_size=40,
    ),
)
def test_random_sequences_keep_the_invariants(count, seconds, moves):
    state = live.new_state(count=count, seconds=seconds)
    now = T0
    ended = False
    for action, gap_ms in moves:
        now += timedelta(milliseconds=gap_ms)
        before = state
        try:
            state = step(state, action, now)
        except StepRefused:
            assert action not in allowed(before)
            assert state == before
            continue
        assert action in allowed(before)
        assert not ended, "ended is final"
        ended = state.phase == Phase.ENDED
        # The index never exceeds the count, and moves on one at a time.
        assert -1 <= state.index < max(count, 1)
        assert state.index in (before.index, before.index + 1)
        if state.phase in (Phase.QUESTION, Phase.REVEAL, Phase.STANDINGS):
            assert 0 <= state.index < count
        if state.phase == Phase.QUESTION:
            assert state.opened_at is not None
            # Either running with a deadline after its opening, or paused.
            assert (state.deadline is None) != (state.paused_remaining is None)
            if state.deadline is not None:
                assert state.deadline > state.opened_at
                assert 0 <= live.elapsed_ms(state, now) <= seconds * 1000
            else:
                assert timedelta(0) <= state.paused_remaining <= timedelta(seconds=seconds)
            assert 0 <= live.remaining_s(state, now) <= seconds
        else:
            assert state.paused_remaining is None
            assert not live.accepts_answers(state, now)
        if state.phase == Phase.PODIUM:
            assert state.index == count - 1


# -- scoring -------------------------------------------------------------------


def test_speed_points():
    assert speed_points(elapsed_ms=0, seconds=20) == 1000
    assert speed_points(elapsed_ms=10_000, seconds=20) == 750
    assert speed_points(elapsed_ms=20_000, seconds=20) == 500
    assert speed_points(elapsed_ms=99_000, seconds=20) == 500
    assert speed_points(elapsed_ms=-5, seconds=20) == 1000
    assert speed_points(elapsed_ms=1_234, seconds=10) == round(1000 * (1 - 1.234 / 20))


@given(
    seconds=st.integers(min_value=live.MIN_SECONDS, max_value=live.MAX_SECONDS),
    a=st.integers(min_value=-1000, max_value=500_000),
    b=st.integers(min_value=-1000, max_value=500_000),
)
def test_speed_points_fall_with_time_between_500_and_1000(seconds, a, b):
    pa, pb = (
        speed_points(elapsed_ms=a, seconds=seconds),
        speed_points(elapsed_ms=b, seconds=seconds),
    )
    assert 500 <= pa <= 1000
    if a <= b:
        assert pa >= pb


def test_wrong_scores_nothing_and_ends_the_streak():
    score = score_answer(
        correct=False,
        elapsed_ms=100,
        seconds=20,
        mode=Mode.SPEED,
        streak_before=4,
        with_streak=True,
    )
    assert score == live.Score(points=0, streak=0)
    assert live.missed(4) == live.Score(points=0, streak=0)


def test_accuracy_mode_ignores_speed():
    for elapsed in (0, 5_000, 20_000):
        score = score_answer(
            correct=True,
            elapsed_ms=elapsed,
            seconds=20,
            mode="accuracy",
            streak_before=0,
            with_streak=False,
        )
        assert score.points == 1000


def test_streak_bonus():
    assert [live.streak_bonus(n) for n in range(0, 9)] == [0, 0, 100, 200, 300, 400, 500, 500, 500]
    points = []
    streak = 0
    for _ in range(4):
        score = score_answer(
            correct=True,
            elapsed_ms=0,
            seconds=20,
            mode=Mode.SPEED,
            streak_before=streak,
            with_streak=True,
        )
        points.append(score.points)
        streak = score.streak
    assert points == [1000, 1100, 1200, 1300]
    assert streak == 4
    # Without the option the streak is still counted but earns nothing.
    plain = score_answer(
        correct=True, elapsed_ms=0, seconds=20, mode=Mode.SPEED, streak_before=3, with_streak=False
    )
    assert plain == live.Score(points=1000, streak=4)


# -- ranking -------------------------------------------------------------------


def test_ranking_points_then_time_then_join_order():
    entries = [
        Entry(player_id=1, score=1500, time_ms=9000, order=1),
        Entry(player_id=2, score=1800, time_ms=20000, order=2),
        Entry(player_id=3, score=1500, time_ms=4000, order=3),
        Entry(player_id=4, score=1500, time_ms=4000, order=4),
        Entry(player_id=5, score=0, time_ms=0, order=0),
    ]
    ranked = rank(entries)
    assert [r.player_id for r in ranked] == [2, 3, 4, 1, 5]
    assert [r.place for r in ranked] == [1, 2, 3, 4, 5]


@given(
    st.lists(
        st.tuples(st.integers(0, 5000), st.integers(0, 100_000)),
        max_size=30,
    )
)
def test_ranking_is_a_total_order(rows):
    entries = [Entry(player_id=i, score=s, time_ms=t, order=i) for i, (s, t) in enumerate(rows)]
    ranked = rank(reversed(entries))
    assert [r.place for r in ranked] == list(range(1, len(entries) + 1))
    assert sorted(r.player_id for r in ranked) == list(range(len(entries)))
    by_id = {e.player_id: e for e in entries}
    for a, b in zip(ranked, ranked[1:], strict=False):
        ea, eb = by_id[a.player_id], by_id[b.player_id]
        assert (-ea.score, ea.time_ms, ea.order) < (-eb.score, eb.time_ms, eb.order)


def test_movement_of_the_top_five():
    before = rank(Entry(player_id=i, score=100 - i, time_ms=0, order=i) for i in range(1, 8))
    # Player 7 (last) leaps to first; player 1 drops; player 9 is new.
    after = rank(
        [
            Entry(player_id=7, score=500, time_ms=0, order=7),
            Entry(player_id=2, score=98, time_ms=0, order=2),
            Entry(player_id=9, score=97, time_ms=0, order=9),
            Entry(player_id=1, score=96, time_ms=0, order=1),
            Entry(player_id=4, score=96, time_ms=0, order=4),
            Entry(player_id=3, score=1, time_ms=0, order=3),
        ]
    )
    rows = movement(before, after)
    assert len(rows) == 5
    assert [(r.player_id, r.place, r.before, r.move, r.by) for r in rows] == [
        (7, 1, 7, Move.UP, 6),
        (2, 2, 2, Move.SAME, 0),
        (9, 3, None, Move.NEW, 0),
        (1, 4, 1, Move.DOWN, 3),
        (4, 5, 4, Move.DOWN, 1),
    ]
    assert movement([], after, top=2)[0].move == Move.NEW


# -- nicknames and PINs --------------------------------------------------------


def test_nicknames():
    assert live.nickname_clean("  Әлия   Б ") == "Әлия Б"
    assert live.nickname_key("ӘЛИЯ") == live.nickname_key("әлия")
    assert live.nickname_problem("") == "blank"
    assert live.nickname_problem("x" * 20) is None
    assert live.nickname_problem("x" * 21) == "too_long"
    assert live.nickname_problem("a\u200bb") == "control"
    assert live.nickname_problem("<script>") is None


def test_pins():
    assert live.pin_clean("123 456") == "123456"
    assert live.pin_clean("123-456") == "123456"
    assert live.pin_clean("12345") is None
    assert live.pin_clean("１２３４５６") is None  # fullwidth digits are not ASCII
    assert live.pin_clean("abcdef") is None
    assert live.pin_clean("") is None


# -- the kinds a game plays, and the reveal's bars --------------------------------


def test_the_kinds_a_game_plays():
    assert set(live.PLAYABLE_KINDS) == {"single", "multiple", "true_false", "year"}
    assert not live.playable("text") and not live.playable("order")
    with pytest.raises(ValueError):
        live.tally("text", {"answer": "x"}, [], [])


def test_tally_of_choices_follows_the_order_shown():
    spec = {
        "choices": [
            {"text": "a", "correct": False},
            {"text": "b", "correct": True},
            {"text": "c", "correct": False},
        ]
    }
    order = [2, 0, 1]
    bars = live.tally("single", spec, order, [1, 1, 0, None, 7, True])
    assert [(b.shown, b.lines, b.count, b.correct) for b in bars] == [
        (0, ("c",), 0, False),
        (1, ("a",), 1, False),
        (2, ("b",), 2, True),
    ]
    options = live.options("single", spec, order)
    assert [(o.shown, o.value, o.lines) for o in options] == [
        (0, "0", ("c",)),
        (1, "1", ("a",)),
        (2, "2", ("b",)),
    ]
    # The options carry no key.
    assert not any(hasattr(o, "correct") for o in options)
    multiple = {**spec, "choices": [*spec["choices"][:2], {"text": "c", "correct": True}]}
    bars = live.tally("multiple", multiple, [0, 1, 2], [[1, 2], [2], [0]])
    assert [b.count for b in bars] == [1, 1, 2]


def test_tally_of_true_false_and_years():
    bars = live.tally("true_false", {"answer": False}, [], [True, False, False, None])
    assert [(b.lines, b.count, b.correct) for b in bars] == [
        (("true",), 1, False),
        (("false",), 2, True),
    ]
    bars = live.tally("year", {"answer": 1992}, [], [1991, 1991, 1993, 1994, 1995, 1991, 1996])
    # The years given most, and the right one even when nobody gave it.
    assert [(b.lines, b.count, b.correct) for b in bars] == [
        (("1992",), 0, True),
        (("1991",), 3, False),
        (("1993",), 1, False),
        (("1994",), 1, False),
    ]
    bars = live.tally("year", {"answer": 1992}, [], [1992, 1992, 1990])
    assert [(b.lines[0], b.count) for b in bars] == [("1992", 2), ("1990", 1)]
