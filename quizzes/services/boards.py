"""Keeping the leaderboards' version: every write that shows on a board
raises it, in its own transaction."""

from __future__ import annotations

from django.db.models import F, QuerySet

from quizzes.models import Assignment, Classroom, Membership


def boards_changed(*, classrooms: QuerySet[Classroom]) -> None:
    """Give these classrooms' boards a new version. Call it inside the
    transaction of the write that changes them; the rows are locked in the
    order of their keys, so two such writes cannot deadlock."""
    ids = list(classrooms.select_for_update().order_by("pk").values_list("pk", flat=True))
    if ids:
        Classroom.objects.filter(pk__in=ids).update(board_rev=F("board_rev") + 1)


def classroom_only(classroom_id: int) -> QuerySet[Classroom]:
    return Classroom.objects.filter(pk=classroom_id)


def classrooms_of(user_id: int) -> QuerySet[Classroom]:
    """The classrooms whose boards show this pupil."""
    joined = Membership.objects.filter(student_id=user_id).values("classroom_id")
    return Classroom.objects.filter(pk__in=joined)


def classrooms_assigned(question_set_ids: list[int]) -> QuerySet[Classroom]:
    """The classrooms with an assignment of these sets: their boards show its title."""
    assigned = Assignment.objects.filter(question_set_id__in=question_set_ids)
    return Classroom.objects.filter(pk__in=assigned.values("classroom_id"))
