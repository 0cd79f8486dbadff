"""The rules of an attempt (``quizzes.core.rules``), over dates and settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from quizzes.core import rules
from quizzes.core.rules import GRACE, Availability, Feedback

START = datetime(2026, 9, 1, tzinfo=UTC)
moments = st.integers(min_value=0, max_value=60 * 24 * 3600).map(
    lambda s: START + timedelta(seconds=s)
)
maybe_moments = st.none() | moments
feedbacks = st.sampled_from(list(Feedback))
limits_s = st.none() | st.integers(min_value=1, max_value=6 * 3600)
limits_min = st.none() | st.integers(min_value=1, max_value=600)
percents = st.integers(min_value=0, max_value=300)
minutes = st.integers(min_value=0, max_value=600)


# -- due dates and availability ---------------------------------------------------


@given(maybe_moments, maybe_moments)
def test_an_extension_date_replaces_the_assignments(due, extension):
    assert rules.effective_due(due_at=due, extension_due_at=extension) == (extension or due)


@given(
    now=moments,
    opens=moments,
    due=maybe_moments,
    allowed=st.integers(min_value=0, max_value=5),
    used=st.integers(min_value=0, max_value=6),
    in_progress=st.booleans(),
    withdrawn=st.booleans(),
)
def test_availability(now, opens, due, allowed, used, in_progress, withdrawn):
    state = rules.availability(
        now=now,
        opens_at=opens,
        due=due,
        attempts_allowed=allowed,
        attempts_used=used,
        attempt_in_progress=in_progress,
        withdrawn=withdrawn,
    )
    if withdrawn:
        assert state is Availability.WITHDRAWN
    elif now < opens:
        assert state is Availability.UPCOMING
    elif in_progress:
        assert state is Availability.IN_PROGRESS
    elif due is not None and now > due:
        assert state is Availability.PAST_DUE
    elif allowed and used >= allowed:
        assert state is Availability.USED_UP
    else:
        assert state is Availability.OPEN
    # A new attempt only inside the window and under the limit.
    if state is Availability.OPEN:
        assert opens <= now and (due is None or now <= due) and (not allowed or used < allowed)


def test_the_due_minute_itself_is_still_open():
    due = START + timedelta(days=1)
    arguments = {"opens_at": START, "attempts_allowed": 1, "attempts_used": 0}
    arguments["attempt_in_progress"] = False
    assert rules.availability(now=due, due=due, **arguments) is Availability.OPEN
    later = due + timedelta(microseconds=1)
    assert rules.availability(now=later, due=due, **arguments) is Availability.PAST_DUE


# -- time limits and deadlines ------------------------------------------------------


@given(limits_s, limits_min, percents, minutes)
def test_the_time_limit(set_limit, assignment_limit, extra_percent, extension_minutes):
    limit = rules.time_limit_s(
        set_limit_s=set_limit,
        assignment_limit_min=assignment_limit,
        extra_percent=extra_percent,
        extension_minutes=extension_minutes,
    )
    base = assignment_limit * 60 if assignment_limit else set_limit
    if not base:
        assert limit is None  # nothing to lengthen
        return
    assert limit == base * (100 + extra_percent) // 100 + extension_minutes * 60
    assert limit >= base


@given(limits_s, percents, percents)
def test_more_extra_time_never_shortens_the_limit(set_limit, a, b):
    low, high = sorted((a, b))
    shorter = rules.time_limit_s(set_limit_s=set_limit, extra_percent=low)
    longer = rules.time_limit_s(set_limit_s=set_limit, extra_percent=high)
    assert (shorter is None and longer is None) or shorter <= longer


@given(start=moments, limit=limits_s, due=maybe_moments)
def test_the_deadline_is_the_earlier_of_the_limit_and_the_due_date(start, limit, due):
    end = rules.deadline(started_at=start, time_limit_s=limit, due=due)
    candidates = ([start + timedelta(seconds=limit)] if limit else []) + ([due] if due else [])
    if not candidates:
        assert end is None
        return
    assert end in candidates and all(end <= c for c in candidates)
    if due is not None:
        assert end <= due  # the due date closes an untimed attempt too


@given(is_open=st.booleans(), deadline=maybe_moments, now=moments)
def test_answers_are_taken_until_the_deadline_and_its_grace(is_open, deadline, now):
    takes = rules.accepts_answers(is_open=is_open, deadline=deadline, now=now)
    assert takes == (is_open and (deadline is None or now <= deadline + GRACE))


@given(deadline=maybe_moments, now=moments)
def test_an_attempt_closes_at_the_latest_when_its_time_was_up(deadline, now):
    closed = rules.finished_at(deadline=deadline, now=now)
    assert closed <= now
    if deadline is not None:
        assert closed <= deadline + GRACE


# -- answers and feedback ---------------------------------------------------------


@given(feedbacks, st.booleans())
def test_an_answer_is_final_once_its_feedback_was_shown(feedback, answered):
    assert rules.answer_locked(feedback=feedback, answered=answered) == (
        feedback is Feedback.EACH and answered
    )


@given(
    feedback=feedbacks,
    finished=st.booleans(),
    answered=st.booleans(),
    due=maybe_moments,
    now=moments,
)
def test_feedback_shows_only_when_its_time_has_come(feedback, finished, answered, due, now):
    visible = rules.feedback_visible(
        feedback=feedback, finished=finished, answered=answered, due=due, now=now
    )
    if feedback is Feedback.EACH:
        assert visible == (answered or finished)
    elif feedback is Feedback.END:
        assert visible == finished
    else:
        assert visible == (finished and (due is None or now > due))
    if visible and not answered:
        assert finished  # an unanswered question shows its answer only in the review


@given(due=moments, now=moments)
def test_after_due_feedback_never_shows_before_the_due_date(due, now):
    for finished in (False, True):
        for answered in (False, True):
            visible = rules.feedback_visible(
                feedback=Feedback.AFTER_DUE, finished=finished, answered=answered, due=due, now=now
            )
            if now <= due:
                assert not visible


@given(feedback=feedbacks, due=maybe_moments, now=moments)
def test_the_review_follows_the_same_rule(feedback, due, now):
    assert rules.review_released(feedback=feedback, due=due, now=now) == rules.feedback_visible(
        feedback=feedback, finished=True, answered=False, due=due, now=now
    )
