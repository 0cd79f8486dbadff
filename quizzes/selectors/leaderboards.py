"""Leaderboards. Each reads the kept results (one row per pupil and
assignment), never the attempts, so its cost follows the classroom's size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, OuterRef, Subquery

from quizzes.models import AssignmentResult, Classroom, Membership, ReviewCard

TOP = 10


@dataclass
class Row:
    rank: int
    name: str
    score: float  # 0..100, or a count for the mastery board
    is_me: bool


def _ranked(entries: list[tuple[int, str, float]], viewer_id: int | None) -> dict[str, Any]:
    """Top ten plus the viewer's own row when it is further down. Equal scores
    share a rank; ``entries`` arrive in board order (ties already broken)."""
    rows, rank, previous = [], 0, None
    for position, (student_id, name, score) in enumerate(entries, 1):
        if score != previous:
            rank, previous = position, score
        rows.append(Row(rank, name, score, student_id == viewer_id))
    top = rows[:TOP]
    me = next((r for r in rows[TOP:] if r.is_me), None)
    return {"rows": top, "me": me, "total": len(rows)}


def leaderboard_for_assignment(*, assignment: Any, viewer_id: int | None) -> dict[str, Any]:
    names = dict(
        Membership.objects.filter(classroom_id=assignment.classroom_id).values_list(
            "student_id", "nickname"
        )
    )
    results = (
        AssignmentResult.objects.filter(assignment=assignment, student_id__in=list(names))
        .order_by("-grade", "achieved_at")
        .values_list("student_id", "grade")
    )
    entries = [(sid, names[sid], round(100 * grade)) for sid, grade in results]
    return _ranked(entries, viewer_id)


def leaderboard_for_classroom(*, classroom: Classroom, viewer_id: int | None) -> dict[str, Any]:
    """Sum of the pupils' assignment grades; ties to whoever got there first.
    Reads one row per pupil and assignment."""
    names = dict(
        Membership.objects.filter(classroom=classroom).values_list("student_id", "nickname")
    )
    points: dict[int, float] = dict.fromkeys(names, 0.0)
    reached: dict[int, Any] = {}
    for student_id, grade, achieved_at in AssignmentResult.objects.filter(
        assignment__classroom=classroom, student_id__in=list(names)
    ).values_list("student_id", "grade", "achieved_at"):
        points[student_id] += grade
        reached[student_id] = max(reached.get(student_id, achieved_at), achieved_at)
    order = sorted(
        names,
        key=lambda sid: (
            -round(100 * points[sid]),
            sid not in reached,
            reached.get(sid),
            names[sid],
        ),
    )
    entries = [(sid, names[sid], round(100 * points[sid])) for sid in order]
    return _ranked(entries, viewer_id)


def mastery_board(*, classroom: Classroom, viewer_id: int | None) -> dict[str, Any]:
    """Questions each pupil answered right the last time they met them: a
    slow but thorough pupil leads here."""
    names = dict(
        Membership.objects.filter(classroom=classroom).values_list("student_id", "nickname")
    )
    mastered = dict(
        ReviewCard.objects.filter(user_id__in=list(names), box__gte=2)
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    entries = sorted(
        ((sid, name, mastered.get(sid, 0)) for sid, name in names.items()),
        key=lambda e: (-e[2], e[1]),
    )
    return _ranked(entries, viewer_id)


def board_version(*, classroom: Classroom) -> str:
    """A tag that changes whenever any board of the classroom would: one query."""
    members = Membership.objects.filter(classroom=OuterRef("pk"))
    results = AssignmentResult.objects.filter(assignment__classroom=OuterRef("pk"))
    cards = ReviewCard.objects.filter(user__memberships__classroom=OuterRef("pk"))
    stamp = (
        Classroom.objects.filter(pk=classroom.pk)
        .annotate(
            n_members=_scalar(members.values("classroom").annotate(v=Count("id")).values("v")),
            n_results=_scalar(
                results.values("assignment__classroom").annotate(v=Count("id")).values("v")
            ),
            last_result=_scalar(
                results.values("assignment__classroom").annotate(v=Max("updated_at")).values("v")
            ),
            last_card=_scalar(
                cards.values("user__memberships__classroom")
                .annotate(v=Max("reviewed_at"))
                .values("v")
            ),
        )
        .values_list("n_members", "n_results", "last_result", "last_card", "leaderboard_visible")
        .get()
    )
    return "-".join(str(part) for part in (classroom.pk, *stamp))


def _scalar(queryset) -> Subquery:
    return Subquery(queryset[:1])
