"""Writing classrooms, memberships, assignments and their results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from quizzes.core.codes import new_code, normalize_code
from quizzes.models import (
    Assignment,
    Attempt,
    Classroom,
    Extension,
    Membership,
    Profile,
)

from .attempts import create_attempt, draw_questions
from .boards import boards_changed, classroom_only
from .ratelimit import rate_limit_hit

JOIN_LIMIT = 10  # tries
JOIN_WINDOW = 15 * 60  # seconds


class JoinError(Exception):
    """Joining failed; ``code`` names why for the message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class AssignmentUnavailable(Exception):
    """The assignment cannot be started now; ``code`` names why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def classroom_create(*, teacher: Any, name: str) -> Classroom:
    for _ in range(5):  # a collision is astronomically rare; retry anyway
        try:
            with transaction.atomic():
                return Classroom.objects.create(teacher=teacher, name=name, join_code=new_code())
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free join code")


def classroom_regenerate_code(*, classroom: Classroom) -> Classroom:
    for _ in range(5):
        try:
            with transaction.atomic():
                classroom.join_code = new_code()
                classroom.save(update_fields=["join_code"])
                return classroom
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free join code")


def classroom_join(*, student: Any, code: str, nickname: str, ip: str) -> Membership:
    """Join by code, rate-limited per account and per address."""
    allowed = rate_limit_hit(
        scope="join-user", key=str(student.pk), limit=JOIN_LIMIT, window=JOIN_WINDOW
    )
    allowed &= rate_limit_hit(scope="join-ip", key=ip, limit=JOIN_LIMIT * 60, window=JOIN_WINDOW)
    if not allowed:
        raise JoinError("rate_limited")
    classroom = Classroom.objects.filter(join_code=normalize_code(code)).first()
    if classroom is None:
        raise JoinError("not_found")
    if classroom.teacher_id == student.pk:
        raise JoinError("own_class")
    if Membership.objects.filter(classroom=classroom, student=student).exists():
        raise JoinError("already")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                classroom=classroom, student=student, nickname=nickname
            )
            boards_changed(classrooms=classroom_only(classroom.pk))
            return membership
    except IntegrityError as error:
        raise JoinError("nickname_taken") from error


@transaction.atomic
def board_visibility_set(*, classroom: Classroom, visible: bool) -> None:
    classroom.leaderboard_visible = visible
    classroom.save(update_fields=["leaderboard_visible"])
    boards_changed(classrooms=classroom_only(classroom.pk))


@transaction.atomic
def classroom_assign(*, classroom: Classroom, assignment: Assignment) -> Assignment:
    """Set a class work; its board becomes the one the class sees."""
    assignment.classroom = classroom
    assignment.save()
    boards_changed(classrooms=classroom_only(classroom.pk))
    return assignment


@transaction.atomic
def membership_remove(*, classroom: Classroom, student_id: int) -> None:
    Membership.objects.filter(classroom=classroom, student_id=student_id).delete()
    boards_changed(classrooms=classroom_only(classroom.pk))


def extension_set(
    *, assignment: Assignment, student: Any, extra_minutes: int, due_at: datetime | None
) -> Extension:
    """Give one pupil more time or a later due date (replacing an earlier one)."""
    extension, _ = Extension.objects.update_or_create(
        assignment=assignment,
        student=student,
        defaults={"extra_minutes": extra_minutes, "due_at": due_at},
    )
    return extension


def _extension(assignment: Assignment, student: Any) -> Extension | None:
    return Extension.objects.filter(assignment=assignment, student=student).first()


def assignment_due(*, assignment: Assignment, student: Any) -> datetime | None:
    extension = _extension(assignment, student)
    return extension.due_at if extension and extension.due_at else assignment.due_at


def assignment_start(*, assignment: Assignment, student: Any, now: datetime) -> Attempt:
    """Start an attempt of an assignment, within its window and attempt limit."""
    if not Membership.objects.filter(classroom=assignment.classroom_id, student=student).exists():
        raise AssignmentUnavailable("not_member")
    if now < assignment.opens_at:
        raise AssignmentUnavailable("not_open")
    due = assignment_due(assignment=assignment, student=student)
    if due and now > due:
        raise AssignmentUnavailable("past_due")
    open_attempt = Attempt.objects.filter(
        assignment=assignment, user=student, status=Attempt.Status.IN_PROGRESS
    ).first()
    if open_attempt:
        return open_attempt
    used = Attempt.objects.filter(assignment=assignment, user=student).count()
    if assignment.attempts_allowed and used >= assignment.attempts_allowed:
        raise AssignmentUnavailable("no_attempts_left")
    question_set = assignment.question_set
    seed, question_ids = draw_questions(
        question_set=question_set, user=student, visitor_key="", shuffle=assignment.shuffle
    )
    minutes = assignment.time_limit or (
        question_set.time_limit // 60 if question_set.time_limit else None
    )
    limit = None
    if minutes:
        extension = _extension(assignment, student)
        extra = (
            Profile.objects.filter(user=student)
            .values_list("extra_time_percent", flat=True)
            .first()
            or 0
        )
        limit = minutes * 60 * (100 + extra) // 100 + (
            extension.extra_minutes * 60 if extension else 0
        )
    if limit and due:
        limit = min(limit, max(int((due - now).total_seconds()), 60))
    return create_attempt(
        question_ids=question_ids,
        seed=seed,
        user=student,
        visitor_key="",
        question_set=question_set,
        assignment=assignment,
        mode=Attempt.Mode.QUIZ,
        feedback=assignment.feedback,
        time_limit=limit,
        now=now,
    )


def feedback_released(*, attempt: Attempt, now: datetime) -> bool:
    """Whether a finished attempt's answers may be shown yet."""
    if attempt.feedback != Assignment.Feedback.AFTER_DUE or attempt.assignment_id is None:
        return True
    due = assignment_due(assignment=attempt.assignment, student=attempt.user)
    return due is None or now > due
