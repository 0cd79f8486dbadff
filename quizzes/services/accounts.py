"""Writing accounts: signing up, the teacher's role, and counting logins."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from quizzes.core.codes import new_code, normalize_code
from quizzes.models import Profile, TeacherInvitation

from .attempts import attempts_claim
from .ratelimit import rate_limit_hit, rate_limit_reached, rate_limit_reset

LOGIN_LIMIT = 10  # tries per account in the window
WINDOW = 15 * 60  # seconds
SIGNUPS_PER_ADDRESS = 100  # sign-up forms sent per address in the window
INVITATION_LENGTH = 12  # 23¹² ≈ 2·10¹⁶ codes


class InvitationInvalid(Exception):
    """No usable teacher invitation has this code."""


def account_key(username: str) -> str:
    """A user name the way login reads it (Unicode NFKC, as Django's username
    field normalises it), case-folded: every spelling that could reach one
    account counts as that account."""
    return unicodedata.normalize("NFKC", username).casefold().strip()[:300]


def login_try_allowed(*, username: str, address: str) -> bool:
    """Count a login try, before the password is checked (and hashed).

    The account's tries count first; a try the account's limit refuses stops
    there and never counts against the address, so one pupil's account
    hammered by someone cannot lock out a school that shares an address."""
    if not rate_limit_hit(
        scope="login-user", key=account_key(username), limit=LOGIN_LIMIT, window=WINDOW
    ):
        return False
    return not rate_limit_reached(
        scope="login-ip", key=address, limit=settings.LOGIN_FAILURES_PER_ADDRESS
    )


def login_try_done(*, username: str, address: str, succeeded: bool) -> None:
    """A right password clears the account's count; a wrong one counts
    against the address (only failures do: a class logging in together
    costs its address nothing)."""
    if succeeded:
        rate_limit_reset(scope="login-user", key=account_key(username))
    else:
        rate_limit_hit(
            scope="login-ip",
            key=address,
            limit=settings.LOGIN_FAILURES_PER_ADDRESS,
            window=WINDOW,
        )


def signup_allowed(*, address: str) -> bool:
    """Count a sign-up form sent from an address: a user name already taken
    is reported, so how fast names can be tried is bounded."""
    return rate_limit_hit(scope="signup-ip", key=address, limit=SIGNUPS_PER_ADDRESS, window=WINDOW)


@transaction.atomic
def user_signup(
    *, username: str, password: str, visitor_key: str | None, invitation: str = ""
) -> Any:
    """Create the user and their profile (a pupil's, a teacher's with a valid
    invitation), and keep what they did as a visitor. All or nothing."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password=password)
    Profile.objects.create(user=user)
    if invitation:
        teacher_role_claim(user=user, code=invitation)
    if visitor_key:
        attempts_claim(visitor_key=visitor_key, user=user)
    return user


@transaction.atomic
def teacher_role_claim(*, user: Any, code: str, now: datetime | None = None) -> None:
    """Make the account a teacher's with a school's invitation, using it once.
    Raises ``InvitationInvalid`` (and changes nothing) for a code that is
    unknown, used up or expired."""
    from django.utils import timezone

    now = now or timezone.now()
    used = TeacherInvitation.objects.filter(
        Q(expires_at=None) | Q(expires_at__gt=now),
        code=normalize_code(code),
        uses_left__gt=0,
    ).update(uses_left=F("uses_left") - 1)
    if not used:
        raise InvitationInvalid
    teacher_role_grant(user=user)


def teacher_role_grant(*, user: Any, teacher: bool = True) -> None:
    """Give (or take back) the teacher's role: for site administrators."""
    role = Profile.Role.TEACHER if teacher else Profile.Role.STUDENT
    Profile.objects.update_or_create(user=user, defaults={"role": role})


def teacher_invitation_create(
    *, note: str = "", uses: int = 30, expires_at: datetime | None = None
) -> TeacherInvitation:
    for _ in range(5):  # a collision is astronomically rare; retry anyway
        try:
            with transaction.atomic():
                return TeacherInvitation.objects.create(
                    code=new_code(INVITATION_LENGTH),
                    note=note,
                    uses_left=uses,
                    expires_at=expires_at,
                )
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free invitation code")


def invitation_tries_allowed(*, key: str, address: str) -> bool:
    """Count a try at an invitation code, per account (or address) and per
    address, like a login: codes cannot be guessed at speed."""
    if not rate_limit_hit(scope="invite", key=key, limit=LOGIN_LIMIT, window=WINDOW):
        return False
    return rate_limit_hit(
        scope="invite-ip", key=address, limit=settings.LOGIN_FAILURES_PER_ADDRESS, window=WINDOW
    )
