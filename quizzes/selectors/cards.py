"""Reading sign-in cards: finding the card a link or a typed code names, and
a classroom's pupils with their cards."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from quizzes.core.cards import code_digest, link_digest
from quizzes.core.codes import normalize_code
from quizzes.models import Classroom, Membership, Profile, SigninCard

SECRET_CHARS = 64  # a link secret is 22; anything much longer names no card


def card_holder_allowed(user: Any) -> bool:
    """Cards sign in pupils only: never a teacher's, staff or superuser
    account, whose power a lost card must not carry."""
    profile = getattr(user, "profile", None)
    return bool(
        user.is_active
        and not user.is_staff
        and not user.is_superuser
        and profile is not None
        and profile.role == Profile.Role.STUDENT
    )


def _cards() -> QuerySet[SigninCard]:
    return SigninCard.objects.select_related(
        "membership__student__profile", "membership__classroom"
    ).filter(membership__classroom__archived_at=None)


def _usable(card: SigninCard | None) -> SigninCard | None:
    if card is None or not card_holder_allowed(card.membership.student):
        return None
    return card


def card_for_link(secret: str) -> SigninCard | None:
    """The card whose link carries ``secret``, if it still signs someone in."""
    if not secret or len(secret) > SECRET_CHARS:
        return None
    return _usable(_cards().filter(link_digest=link_digest(secret)).first())


def card_for_code(*, class_code: str, code: str) -> SigninCard | None:
    """The card with this typed code in the class with this code, if it
    still signs someone in."""
    classroom_id = (
        Classroom.objects.filter(join_code=normalize_code(class_code), archived_at=None)
        .values_list("pk", flat=True)
        .first()
    )
    if classroom_id is None:
        return None
    card = (
        _cards()
        .filter(code_digest=code_digest(classroom_id, code), membership__classroom_id=classroom_id)
        .first()
    )
    return _usable(card)


def members_with_cards(classroom: Classroom) -> list[Membership]:
    """The classroom's pupils, each with ``card`` (or none) and
    ``may_have_card``: the cards page's roster, in two queries."""
    members = list(
        Membership.objects.filter(classroom=classroom).select_related("student__profile")
    )
    cards = {c.membership_id: c for c in SigninCard.objects.filter(membership__in=members)}
    for member in members:
        member.signin_card = cards.get(member.pk)
        member.may_have_card = card_holder_allowed(member.student)
    return members


def member_of_classroom(classroom: Classroom, student_id: int) -> Membership | None:
    return (
        Membership.objects.filter(classroom=classroom, student_id=student_id)
        .select_related("student__profile")
        .first()
    )


def classroom_has_cards(classroom: Classroom) -> bool:
    return SigninCard.objects.filter(membership__classroom=classroom).exists()
