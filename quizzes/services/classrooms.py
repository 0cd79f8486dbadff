"""Writing classrooms, memberships, assignments and their results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from quizzes.core import rules
from quizzes.core.codes import new_code, normalize_code
from quizzes.models import Assignment, Attempt, Classroom, Extension, Membership

from .attempts import attempt_finish, create_attempt, draw_questions, extra_time_percent
from .boards import boards_changed, classroom_only
from .ratelimit import rate_limit_hit, rate_limit_reached

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
    """Join by code, rate-limited per account and per address. The account's
    tries count first; the address counts only the wrong codes the account's
    limit let through, so one account cannot lock a school out."""
    if not rate_limit_hit(
        scope="join-user", key=str(student.pk), limit=JOIN_LIMIT, window=JOIN_WINDOW
    ) or rate_limit_reached(scope="join-ip", key=ip, limit=settings.LOGIN_FAILURES_PER_ADDRESS):
        raise JoinError("rate_limited")
    classroom = Classroom.objects.filter(join_code=normalize_code(code)).first()
    if classroom is None:
        rate_limit_hit(
            scope="join-ip", key=ip, limit=settings.LOGIN_FAILURES_PER_ADDRESS, window=JOIN_WINDOW
        )
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
    rules.Availability.UPCOMING: "not_open",
    rules.Availability.PAST_DUE: "past_due",
    rules.Availability.USED_UP: "no_attempts_left",
}
