"""Reading classrooms and assignments, each as only its own people may."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from quizzes.models import Assignment, AssignmentResult, Attempt, Classroom, Membership


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


@dataclass
class AssignmentStatus:
    assignment: Assignment
    state: str  # upcoming, open, done, missed
    attempts_used: int
    grade: float | None
    open_attempt_id: int | None


def assignments_for_student(*, student: Any, now: datetime) -> list[AssignmentStatus]:
    """The pupil's assignments, the most urgent first, with where they stand."""
    assignments = list(
        Assignment.objects.filter(classroom__memberships__student=student)
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
    open_attempts = dict(
        Attempt.objects.filter(
            user=student, assignment_id__in=ids, status=Attempt.Status.IN_PROGRESS
        ).values_list("assignment_id", "id")
    )
    grades = dict(
        AssignmentResult.objects.filter(student=student, assignment_id__in=ids).values_list(
            "assignment_id", "grade"
        )
    )
    rows = []
    for assignment in assignments:
        count = used.get(assignment.pk, 0)
        if now < assignment.opens_at:
            state = "upcoming"
        elif assignment.pk in open_attempts:
            state = "open"
        elif assignment.due_at and now > assignment.due_at:
            state = "done" if count else "missed"
        elif assignment.attempts_allowed and count >= assignment.attempts_allowed:
            state = "done"
        else:
            state = "open"
        rows.append(
            AssignmentStatus(
                assignment,
                state,
                count,
                grades.get(assignment.pk),
                open_attempts.get(assignment.pk),
            )
        )
    return rows


def memberships_for_student(student: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(student=student).select_related("classroom")
