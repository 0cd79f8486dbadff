"""Writing assignments: setting, changing and withdrawing them, extensions,
and starting an attempt under their rules (``quizzes.core.rules``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from quizzes.core import rules
from quizzes.models import Assignment, Attempt, Classroom, Extension, Membership
from quizzes.selectors.classrooms import assignment_in_use

from .attempts import (
    attempt_finish,
    create_attempt,
    draw_questions,
    extra_time_percent,
    result_update,
)
from .boards import boards_changed, classroom_only


class AssignmentUnavailable(Exception):
    """The assignment cannot be started now; ``code`` names why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@transaction.atomic
def classroom_assign(*, classroom: Classroom, assignment: Assignment) -> Assignment:
    """Set a class work; its board becomes the one the class sees."""
    assignment.classroom = classroom
    assignment.save()
    boards_changed(classrooms=classroom_only(classroom.pk))
    return assignment


@transaction.atomic
def extension_set(
    *, assignment: Assignment, student: Any, extra_minutes: int, due_at: datetime | None
) -> Extension:
    """Give one pupil more time or a later due date (replacing an earlier one).
    An attempt of theirs under way gets the new deadline at once."""
    extension, _ = Extension.objects.update_or_create(
        assignment=assignment,
        student=student,
        defaults={"extra_minutes": extra_minutes, "due_at": due_at},
    )
    _deadlines_refresh(assignment=assignment, student=student)
    return extension


@transaction.atomic
def extension_remove(*, extension: Extension) -> None:
    extension.delete()
    _deadlines_refresh(assignment=extension.assignment, student=extension.student)


def _limits(*, assignment: Assignment, student: Any) -> tuple[int | None, datetime | None]:
    """The pupil's time limit (seconds) and due date for an assignment."""
    extension = Extension.objects.filter(assignment=assignment, student=student).first()
    set_limit = assignment.question_set.time_limit
    limit = rules.time_limit_s(
        set_limit_s=set_limit,
        assignment_limit_min=assignment.time_limit,
        extra_percent=extra_time_percent(student) if assignment.time_limit or set_limit else 0,
        extension_minutes=extension.extra_minutes if extension else 0,
    )
    due = rules.effective_due(
        due_at=assignment.due_at, extension_due_at=extension.due_at if extension else None
    )
    return limit, due


def _deadlines_refresh(*, assignment: Assignment, student: Any) -> None:
    """Give the pupil's attempts under way the deadline the rules give now."""
    limit, due = _limits(assignment=assignment, student=student)
    for attempt in Attempt.objects.select_for_update().filter(
        assignment=assignment, user=student, status=Attempt.Status.IN_PROGRESS
    ):
        attempt.deadline = rules.deadline(
            started_at=attempt.started_at, time_limit_s=limit, due=due
        )
        attempt.save(update_fields=["deadline"])


@transaction.atomic
def assignment_start(*, assignment: Assignment, student: Any, now: datetime) -> Attempt:
    """Start an attempt of an assignment, within its window and attempt limit,
    or go back to the one under way. The pupil's membership row is locked
    while the attempts are counted and the new one made, so starts sent at
    once cannot pass the limit together."""
    membership = (
        Membership.objects.select_for_update()
        .filter(classroom=assignment.classroom_id, student=student)
        .first()
    )
    if membership is None:
        raise AssignmentUnavailable("not_member")
    limit, due = _limits(assignment=assignment, student=student)
    attempts = list(
        Attempt.objects.filter(assignment=assignment, user=student).only(
            "status", "deadline", "started_at"
        )
    )
    under_way = []
    for attempt in attempts:
        if rules.accepts_answers(is_open=attempt.is_open, deadline=attempt.deadline, now=now):
            under_way.append(attempt)
        elif attempt.is_open:  # its time is up: close it with what was saved
            attempt_finish(attempt=attempt, now=now, status=Attempt.Status.EXPIRED)
    available = rules.availability(
        withdrawn=assignment.archived_at is not None,
        now=now,
        opens_at=assignment.opens_at,
        due=due,
        attempts_allowed=assignment.attempts_allowed,
        attempts_used=len(attempts),
        attempt_in_progress=bool(under_way),
    )
    if available == rules.Availability.IN_PROGRESS:
        return max(under_way, key=lambda a: a.started_at)
    if available != rules.Availability.OPEN:
        raise AssignmentUnavailable(UNAVAILABLE_CODES[available])
    question_set = assignment.question_set
    seed, question_ids = draw_questions(
        question_set=question_set, user=student, visitor_key="", shuffle=assignment.shuffle
    )
    return create_attempt(
        question_ids=question_ids,
        seed=seed,
        user=student,
        visitor_key="",
        question_set=question_set,
        assignment=assignment,
        mode=Attempt.Mode.QUIZ,
        feedback=assignment.feedback,
        deadline=rules.deadline(started_at=now, time_limit_s=limit, due=due),
        now=now,
    )


UNAVAILABLE_CODES = {
    rules.Availability.WITHDRAWN: "withdrawn",
    rules.Availability.UPCOMING: "not_open",
    rules.Availability.PAST_DUE: "past_due",
    rules.Availability.USED_UP: "no_attempts_left",
}


@transaction.atomic
def assignment_update(*, assignment: Assignment, changes: dict[str, Any]) -> Assignment:
    """Change an assignment's dates and rules. Attempts under way get the
    deadline the new rules give, kept results follow a new grading method,
    and the class's boards show the change."""
    grading_before = assignment.grading
    for name, value in changes.items():
        setattr(assignment, name, value)
    assignment.save()
    under_way = (
        Attempt.objects.filter(assignment=assignment, status=Attempt.Status.IN_PROGRESS)
        .values_list("user_id", flat=True)
        .distinct()
    )
    for student_id in list(under_way):
        _deadlines_refresh(assignment=assignment, student=student_id)
    if assignment.grading != grading_before:
        for student_id in list(assignment.results.values_list("student_id", flat=True)):
            result_update(assignment_id=assignment.pk, student_id=student_id)
    boards_changed(classrooms=classroom_only(assignment.classroom_id))
    return assignment


@transaction.atomic
def assignment_withdraw(*, assignment: Assignment, now: datetime) -> str:
    """Take an assignment back: deleted when nobody started it, archived when
    attempts exist (they, their results and the report keep their meaning).
    Returns ``"deleted"`` or ``"archived"``."""
    classroom_id = assignment.classroom_id
    if assignment_in_use(assignment):
        assignment.archived_at = now
        assignment.save(update_fields=["archived_at"])
        outcome = "archived"
    else:
        assignment.delete()
        outcome = "deleted"
    boards_changed(classrooms=classroom_only(classroom_id))
    return outcome


@transaction.atomic
def assignment_restore(*, assignment: Assignment) -> Assignment:
    assignment.archived_at = None
    assignment.save(update_fields=["archived_at"])
    boards_changed(classrooms=classroom_only(assignment.classroom_id))
    return assignment
