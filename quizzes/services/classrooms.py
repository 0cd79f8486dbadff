"""Writing classrooms and memberships: creating, joining, leaving, the boards' switch."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare

from quizzes.core.codes import new_code, normalize_code
from quizzes.models import Classroom, Membership
from quizzes.selectors.classrooms import classroom_in_use

from .boards import boards_changed, classroom_only
from .ratelimit import rate_limit_hit, rate_limit_reached

JOIN_LIMIT = 10  # tries
JOIN_WINDOW = 15 * 60  # seconds


class JoinError(Exception):
    """Joining failed; ``code`` names why for the message."""

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


def join_signature(code: str) -> str:
    """What the teacher's join link adds to the class code: only the server
    can make it, so a join through the link is not a guess."""
    return signing.Signer(salt="quizzes.join").signature(normalize_code(code))


def _join_refused(*, student: Any, ip: str) -> bool:
    """Count a typed code: the account's tries first, then the address's wrong ones."""
    if not rate_limit_hit(
        scope="join-user", key=str(student.pk), limit=JOIN_LIMIT, window=JOIN_WINDOW
    ):
        return True
    return rate_limit_reached(scope="join-ip", key=ip, limit=settings.LOGIN_FAILURES_PER_ADDRESS)


def classroom_join(
    *, student: Any, code: str, nickname: str, ip: str, signature: str = ""
) -> Membership:
    """Join by code, rate-limited per account and per address. The account's
    tries count first; the address counts only the wrong codes the account's
    limit let through, so one account cannot lock a school out. A code that
    comes with the join link's signature is not counted: it is no guess."""
    by_link = bool(signature) and constant_time_compare(signature, join_signature(code))
    if not by_link and _join_refused(student=student, ip=ip):
        raise JoinError("rate_limited")
    classroom = Classroom.objects.filter(join_code=normalize_code(code), archived_at=None).first()
    if classroom is None:
        if not by_link:
            rate_limit_hit(
                scope="join-ip",
                key=ip,
                limit=settings.LOGIN_FAILURES_PER_ADDRESS,
                window=JOIN_WINDOW,
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
def membership_remove(*, classroom: Classroom, student_id: int) -> None:
    Membership.objects.filter(classroom=classroom, student_id=student_id).delete()
    boards_changed(classrooms=classroom_only(classroom.pk))


@transaction.atomic
def classroom_rename(*, classroom: Classroom, name: str) -> Classroom:
    classroom.name = name
    classroom.save(update_fields=["name"])
    boards_changed(classrooms=classroom_only(classroom.pk))
    return classroom


@transaction.atomic
def classroom_withdraw(*, classroom: Classroom, now: datetime) -> str:
    """Close a classroom: deleted when none of its pupils has an attempt in it
    (memberships and untouched assignments go with it), archived otherwise:
    the work stays, the code stops working, it leaves everyone's lists.
    Returns ``"deleted"`` or ``"archived"``."""
    if classroom_in_use(classroom):
        classroom.archived_at = now
        classroom.save(update_fields=["archived_at"])
        boards_changed(classrooms=classroom_only(classroom.pk))
        return "archived"
    classroom.delete()
    return "deleted"


@transaction.atomic
def classroom_restore(*, classroom: Classroom) -> Classroom:
    classroom.archived_at = None
    classroom.save(update_fields=["archived_at"])
    boards_changed(classrooms=classroom_only(classroom.pk))
    return classroom
