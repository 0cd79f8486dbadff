"""Reading classrooms and assignments, each as only its own people may."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from quizzes.core import rules
from quizzes.models import (
    Assignment,
    AssignmentResult,
    Attempt,
    Classroom,
    Extension,
    Membership,
)


def is_teacher(user: Any) -> bool:
    profile = getattr(user, "profile", None)
    return bool(user.is_authenticated and profile and profile.role == "teacher")


def classrooms_for_teacher(teacher: Any) -> QuerySet[Classroom]:
    return Classroom.objects.filter(teacher=teacher).annotate(
        pupils=Count("memberships", distinct=True)
    )


def classroom_for_teacher(teacher: Any, pk: int) -> Classroom:
    """The teacher's own classroom, or 404."""
    return get_object_or_404(Classroom, pk=pk, teacher=teacher)


def assignment_for_teacher(teacher: Any, pk: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("classroom", "question_set"),
        pk=pk,
        classroom__teacher=teacher,
    )


def assignment_for_member(student: Any, pk: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("classroom", "question_set"),
        pk=pk,
        classroom__memberships__student=student,
    )


def due_for_student(*, assignment: Assignment, student: Any) -> datetime | None:
    """The pupil's own due date for an assignment, an extension's included."""
    return dues_for_student(student=student, assignments=[assignment])[assignment.pk]


def dues_for_student(*, student: Any, assignments: Iterable[Assignment]) -> dict[int, Any]:
    """Each assignment's due date for this pupil, by id: one query for all."""
    assignments = list(assignments)
    extended = dict(
        Extension.objects.filter(
            student=student, assignment_id__in=[a.pk for a in assignments]
        ).values_list("assignment_id", "due_at")
    )
    return {
        a.pk: rules.effective_due(due_at=a.due_at, extension_due_at=extended.get(a.pk))
        for a in assignments
    }


def assignment_availability(
    *, assignment: Assignment, student: Any, now: datetime
) -> rules.Availability:
    """Whether the pupil may start (or go back to) the assignment now."""
    attempts = list(
        Attempt.objects.filter(assignment=assignment, user=student).values_list(
            "status", "deadline"
        )
    )
    return rules.availability(
        withdrawn=assignment.archived_at is not None,
        now=now,
        opens_at=assignment.opens_at,
        due=due_for_student(assignment=assignment, student=student),
        attempts_allowed=assignment.attempts_allowed,
        attempts_used=len(attempts),
        attempt_in_progress=any(
            rules.accepts_answers(
                is_open=status == Attempt.Status.IN_PROGRESS, deadline=deadline, now=now
            )
            for status, deadline in attempts
        ),
    )


@dataclass
class AssignmentStatus:
    assignment: Assignment
    state: str  # upcoming, open, done, missed
    attempts_used: int
    grade: float | None
    open_attempt_id: int | None
    due: datetime | None  # the pupil's own, an extension's included


# Where a pupil stands, as the home page says it.
_STATES = {
    rules.Availability.UPCOMING: "upcoming",
    rules.Availability.IN_PROGRESS: "open",
    rules.Availability.OPEN: "open",
    rules.Availability.USED_UP: "done",
}


def assignments_for_student(*, student: Any, now: datetime) -> list[AssignmentStatus]:
    """The pupil's assignments, the most urgent first, with where they stand."""
    assignments = list(
        Assignment.objects.filter(
            classroom__memberships__student=student,
            archived_at=None,
            classroom__archived_at=None,
        )
        .select_related("classroom", "question_set")
        .order_by("due_at", "opens_at")
    )
    ids = [a.pk for a in assignments]
    used = dict(
        Attempt.objects.filter(user=student, assignment_id__in=ids)
        .values("assignment_id")
        .annotate(n=Count("id"))
        .values_list("assignment_id", "n")
    )
    open_attempts = {
        assignment_id: pk
        for assignment_id, pk, deadline in Attempt.objects.filter(
            user=student, assignment_id__in=ids, status=Attempt.Status.IN_PROGRESS
        ).values_list("assignment_id", "id", "deadline")
        if rules.accepts_answers(is_open=True, deadline=deadline, now=now)
    }
    grades = dict(
        AssignmentResult.objects.filter(student=student, assignment_id__in=ids).values_list(
            "assignment_id", "grade"
        )
    )
    dues = dues_for_student(student=student, assignments=assignments)
    rows = []
    for assignment in assignments:
        count = used.get(assignment.pk, 0)
        available = rules.availability(
            now=now,
            opens_at=assignment.opens_at,
            due=dues[assignment.pk],
            attempts_allowed=assignment.attempts_allowed,
            attempts_used=count,
            attempt_in_progress=assignment.pk in open_attempts,
        )
        if available == rules.Availability.PAST_DUE:
            state = "done" if count else "missed"
        else:
            state = _STATES[available]
        rows.append(
            AssignmentStatus(
                assignment,
                state,
                count,
                grades.get(assignment.pk),
                open_attempts.get(assignment.pk),
                dues[assignment.pk],
            )
        )
    rows.sort(key=lambda row: (row.due is None, row.due or now, row.assignment.opens_at))
    return rows


def memberships_for_student(student: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(student=student, classroom__archived_at=None).select_related(
        "classroom"
    )


def assignment_in_use(assignment: Assignment) -> bool:
    """Whether pupils have attempts of it: then it is archived, never deleted."""
    return Attempt.objects.filter(assignment=assignment).exists()


def classroom_in_use(classroom: Classroom) -> bool:
    return Attempt.objects.filter(assignment__classroom=classroom).exists()
