"""The rules of an attempt, decided once.

When an assignment can be started, how long an attempt lasts, when it stops
taking answers, when an answer is final, and when feedback of any kind (the
review, practice, progress) may show whether an answer was right. Every view,
selector and service that needs one of these asks here.

Nothing here imports Django.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

# An answer sent in the last seconds before the deadline may arrive after it.
GRACE = timedelta(seconds=5)


class Feedback(StrEnum):
    """When a pupil learns whether an answer was right (the models' values)."""

    EACH = "each"  # right after each question; the answer is then final
    END = "end"  # once the attempt is submitted
    AFTER_DUE = "after_due"  # once the due date has passed for this pupil


class Availability(StrEnum):
    """Where a pupil stands with an assignment."""

    WITHDRAWN = "withdrawn"  # the teacher archived it
    UPCOMING = "upcoming"  # not open yet
    IN_PROGRESS = "in_progress"  # an attempt is under way: go back to it
    OPEN = "open"  # a new attempt may start
    PAST_DUE = "past_due"  # the due date has passed
    USED_UP = "used_up"  # every allowed attempt was taken


def effective_due(*, due_at: datetime | None, extension_due_at: datetime | None) -> datetime | None:
    """The pupil's own due date: an extension's date replaces the assignment's."""
    return extension_due_at or due_at


def availability(
    *,
    now: datetime,
    opens_at: datetime,
    due: datetime | None,
    attempts_allowed: int,
    attempts_used: int,
    attempt_in_progress: bool,
    withdrawn: bool = False,
) -> Availability:
    """Whether a pupil may start (or go back to) an assignment now.

    ``due`` is the pupil's effective due date, ``attempts_allowed`` 0 for no
    limit, ``attempts_used`` every attempt started (an open one included), and
    ``attempt_in_progress`` whether one of them still takes answers."""
    if withdrawn:
        return Availability.WITHDRAWN
    if now < opens_at:
        return Availability.UPCOMING
    if attempt_in_progress:
        return Availability.IN_PROGRESS
    if due is not None and now > due:
        return Availability.PAST_DUE
    if attempts_allowed and attempts_used >= attempts_allowed:
        return Availability.USED_UP
    return Availability.OPEN


def time_limit_s(
    *,
    set_limit_s: int | None,
    assignment_limit_min: int | None = None,
    extra_percent: int = 0,
    extension_minutes: int = 0,
) -> int | None:
    """An attempt's time limit in seconds, or ``None`` for none.

    The assignment's limit (minutes) replaces the set's (seconds); the pupil's
    extra-time accommodation lengthens it by a share, a teacher's extension by
    minutes. Without a limit there is nothing to lengthen."""
    limit = assignment_limit_min * 60 if assignment_limit_min else set_limit_s
    if not limit:
        return None
    return limit * (100 + max(extra_percent, 0)) // 100 + max(extension_minutes, 0) * 60


def deadline(
    *, started_at: datetime, time_limit_s: int | None, due: datetime | None
) -> datetime | None:
    """When an attempt stops taking answers: at the end of its time limit, and
    at the latest at the pupil's due date, timed or not."""
    ends = [started_at + timedelta(seconds=time_limit_s)] if time_limit_s else []
    if due is not None:
        ends.append(due)
    return min(ends) if ends else None


def accepts_answers(*, is_open: bool, deadline: datetime | None, now: datetime) -> bool:
    """Whether an attempt still takes answers (a few seconds' grace after its
    deadline, for answers sent in time that arrive late)."""
    return is_open and (deadline is None or now <= deadline + GRACE)


def finished_at(*, deadline: datetime | None, now: datetime) -> datetime:
    """The time an attempt closed: now, or its deadline's end when that came first."""
    return min(now, deadline + GRACE) if deadline is not None else now


def shows_feedback_each(feedback: str) -> bool:
    """Whether the pupil checks each answer before going on."""
    return feedback == Feedback.EACH


def answer_locked(*, feedback: str, answered: bool) -> bool:
    """Whether an answer is final: once its feedback was shown, it cannot change."""
    return shows_feedback_each(feedback) and answered


def review_released(*, feedback: str, due: datetime | None, now: datetime) -> bool:
    """Whether a finished attempt's answers may be shown: at once, or after the
    pupil's due date when the feedback waits for it (no due date: at once)."""
    return feedback != Feedback.AFTER_DUE or due is None or now > due


def feedback_visible(
    *, feedback: str, finished: bool, answered: bool, due: datetime | None, now: datetime
) -> bool:
    """Whether a pupil may learn if one answer of an attempt was right: on the
    question page, in the review, in practice or in progress alike."""
    if shows_feedback_each(feedback) and answered:
        return True
    return finished and review_released(feedback=feedback, due=due, now=now)
