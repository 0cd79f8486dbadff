"""Writing sign-in cards: making them (with pupils' accounts, when a teacher
types the names), making new ones, and signing in with one."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Q

from quizzes.core.cards import (
    code_digest,
    link_digest,
    new_card_code,
    new_link_secret,
    username_base,
    username_pick,
)
from quizzes.core.codes import normalize_code
from quizzes.models import Classroom, Membership, Profile, SigninCard
from quizzes.selectors.cards import card_for_code, card_holder_allowed

from .boards import boards_changed, classroom_only
from .ratelimit import rate_limit_hit, rate_limit_reached

CODE_FAILURES_PER_CLASS = 50  # wrong typed codes per class code in the window
WINDOW = 15 * 60  # seconds


@dataclass(frozen=True)
class IssuedCard:
    """A card as it is printed, the only time its secrets are known."""

    membership: Membership
    link_secret: str
    code: str


class CardRefused(Exception):
    """Cards are for pupils' accounts only."""


class CardInvalid(Exception):
    """No card signs in with this; ``code`` is ``"unknown"`` or ``"rate_limited"``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class PupilsNotCreated(Exception):
    """A name or a user name was taken while the accounts were being made."""


def _issue(
    *, classroom: Classroom, memberships: list[Membership], now: datetime
) -> list[IssuedCard]:
    """New cards for these memberships, in place of their old ones. Call it
    in a transaction: the old cards stop working when it commits."""
    issued = [IssuedCard(m, new_link_secret(), new_card_code()) for m in memberships]
    SigninCard.objects.filter(membership__in=memberships).delete()
    SigninCard.objects.bulk_create(
        SigninCard(
            membership=card.membership,
            link_digest=link_digest(card.link_secret),
            code_digest=code_digest(classroom.pk, card.code),
            issued_at=now,
        )
        for card in issued
    )
    return issued


def _retrying(write):
    """Run ``write`` in a transaction, again with new secrets when one was
    already taken (for a typed code in a large class: rare, not impossible)."""
    for _ in range(4):
        try:
            with transaction.atomic():
                return write()
        except IntegrityError:
            continue
    with transaction.atomic():
        return write()


def cards_issue(
    *, classroom: Classroom, memberships: Iterable[Membership], now: datetime
) -> list[IssuedCard]:
    """New cards for the pupils of these memberships (the classroom's): each
    replaces the pupil's old card at once. Teachers' and staff accounts get
    none. Raises ``CardRefused`` when that leaves none to make."""
    eligible = [
        m for m in memberships if m.classroom_id == classroom.pk and card_holder_allowed(m.student)
    ]
    if not eligible:
        raise CardRefused
    return _retrying(lambda: _issue(classroom=classroom, memberships=eligible, now=now))


def cards_issue_for_class(
    *, classroom: Classroom, only_missing: bool, now: datetime
) -> list[IssuedCard]:
    """Cards for the whole class, or for its pupils without one. Returns
    those made (none when every pupil already has one)."""
    members = Membership.objects.filter(classroom=classroom).select_related("student__profile")
    if only_missing:
        members = members.filter(card=None)
    try:
        return cards_issue(classroom=classroom, memberships=list(members), now=now)
    except CardRefused:
        return []


def pupils_create(*, classroom: Classroom, names: list[str], now: datetime) -> list[IssuedCard]:
    """An account, a place in the class under the typed name and a card for
    each name, all or nothing. The accounts have no password to remember
    (an unusable one: the pupil may set one later) and user names made of
    the names. Raises ``PupilsNotCreated`` when a name or user name was
    taken meanwhile, again and again."""
    if not names:
        return []
    try:
        return _retrying(lambda: _pupils_create(classroom=classroom, names=names, now=now))
    except IntegrityError as error:
        raise PupilsNotCreated from error


def _pupils_create(*, classroom: Classroom, names: list[str], now: datetime) -> list[IssuedCard]:
    user_model = get_user_model()
    bases = [username_base(name) for name in names]
    starts = functools.reduce(operator.or_, (Q(username__startswith=b) for b in set(bases)))
    taken = set(user_model.objects.filter(starts).values_list("username", flat=True))
    usernames = []
    for base in bases:
        usernames.append(username_pick(base, taken))
        taken.add(usernames[-1])
    users = user_model.objects.bulk_create(
        user_model(username=username, password=make_password(None)) for username in usernames
    )
    Profile.objects.bulk_create(Profile(user=user) for user in users)
    memberships = Membership.objects.bulk_create(
        Membership(classroom=classroom, student=user, nickname=name)
        for user, name in zip(users, names, strict=True)
    )
    boards_changed(classrooms=classroom_only(classroom.pk))
    return _issue(classroom=classroom, memberships=memberships, now=now)


def card_signin(*, card: SigninCard, now: datetime) -> Any:
    """The card's pupil, who is signing in with it: its last use is now."""
    SigninCard.objects.filter(pk=card.pk).update(last_used_at=now)
    return card.membership.student


def card_code_signin(*, class_code: str, code: str, address: str, now: datetime) -> Any:
    """The pupil whose card has this code in the class with this class code.

    Like a join code, typed codes are rate-limited: wrong ones count per
    address and per class code, and a try is refused before anything is
    looked up once either has had too many. Right ones count nothing, so a
    class signing in together from one address costs it nothing. Raises
    ``CardInvalid`` without saying which of the two codes was wrong."""
    class_key = normalize_code(class_code)
    if rate_limit_reached(
        scope="card-ip", key=address, limit=settings.LOGIN_FAILURES_PER_ADDRESS
    ) or rate_limit_reached(scope="card-class", key=class_key, limit=CODE_FAILURES_PER_CLASS):
        raise CardInvalid("rate_limited")
    card = card_for_code(class_code=class_code, code=code)
    if card is None:
        rate_limit_hit(
            scope="card-ip", key=address, limit=settings.LOGIN_FAILURES_PER_ADDRESS, window=WINDOW
        )
        rate_limit_hit(
            scope="card-class", key=class_key, limit=CODE_FAILURES_PER_CLASS, window=WINDOW
        )
        raise CardInvalid("unknown")
    return card_signin(card=card, now=now)
