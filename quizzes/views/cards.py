"""Sign-in cards: a pupil signing in with one (its link or its typed code),
and a teacher printing them, making new ones and adding pupils by name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.core.codes import display_code
from quizzes.forms_cards import CardSigninForm, PupilListForm
from quizzes.http import client_address
from quizzes.models import Classroom
from quizzes.selectors.attempts import VISITOR_SESSION_KEY
from quizzes.selectors.cards import (
    card_for_link,
    classroom_has_cards,
    member_of_classroom,
    members_with_cards,
)
from quizzes.selectors.classrooms import classroom_for_teacher
from quizzes.services.attempts import attempts_claim
from quizzes.services.cards import (
    CardInvalid,
    CardRefused,
    IssuedCard,
    PupilsNotCreated,
    card_code_signin,
    card_signin,
    cards_issue,
    cards_issue_for_class,
    pupils_create,
)

from .decorators import teacher_required

CARDS_PER_SHEET = 10  # two columns of five on A4
CARD_ERRORS = {
    "unknown": gettext_lazy(
        "These codes sign no one in. Check both against your card, "
        "or ask your teacher for a new card."
    ),
    "rate_limited": gettext_lazy("Too many tries. Wait a quarter of an hour and try again."),
}


def _sign_in(request: HttpRequest, user: Any) -> HttpResponse:
    """Log the card's pupil in (a new session key) and keep what they did as
    a visitor, as logging in does."""
    visitor_key = request.session.get(VISITOR_SESSION_KEY)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    if visitor_key:
        attempts_claim(visitor_key=visitor_key, user=user)
    return redirect("home")


@require_http_methods(["GET", "POST"])
def card_link(request: HttpRequest, secret: str) -> HttpResponse:
    """The card's QR code opens this: one request signs the pupil in.

    Signing in on GET is deliberate. The 128-bit secret in the address is
    the whole credential (what a password is to a login form), and a class
    of pupils scanning cards must be in with one request on a slow phone. A
    link preview or a prefetcher that opens it uses up nothing (a card
    works until the teacher replaces it) and only gets a session it throws
    away. What GET must not do is change who is signed in on a browser
    where someone already is, since a page elsewhere could send that
    browser here: then it asks first, and the button POSTs with the CSRF
    token. The session key is new either way (``login`` rotates it)."""
    card = card_for_link(secret)
    if card is None:
        return render(request, "registration/card_invalid.html", status=404)
    holder = card.membership.student
    if request.method == "GET" and request.user.is_authenticated:
        if request.user.pk == holder.pk:
            return redirect("home")
        return render(request, "registration/card_switch.html", {"card": card})
    return _sign_in(request, card_signin(card=card, now=timezone.now()))


@require_http_methods(["GET", "POST"])
def card_code(request: HttpRequest) -> HttpResponse:
    """Signing in by typing the class code and the card's code: where there is no camera."""
    form = CardSigninForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = card_code_signin(
                class_code=form.cleaned_data["class_code"],
                code=form.cleaned_data["code"],
                address=client_address(request),
                now=timezone.now(),
            )
        except CardInvalid as error:
            form.add_error(None, CARD_ERRORS[error.code])
            status = 429 if error.code == "rate_limited" else 200
        else:
            return _sign_in(request, user)
    return render(request, "registration/card_code.html", {"form": form}, status=status)


def _open_classroom(request: HttpRequest, pk: int) -> Classroom:
    """The teacher's classroom, unless archived: its cards sign no one in."""
    classroom = classroom_for_teacher(request.user, pk)
    if classroom.archived_at is not None:
        raise Http404
    return classroom


def _print(request: HttpRequest, classroom: Classroom, issued: list[IssuedCard]) -> HttpResponse:
    """The cards just made, as sheets to print: their secrets are known only
    now, so this is the answer to the request that made them."""
    cards = [
        {
            "nickname": card.membership.nickname,
            "url": request.build_absolute_uri(reverse("card_link", args=[card.link_secret])),
            "code": display_code(card.code),
        }
        for card in issued
    ]
    sheets = [cards[i : i + CARDS_PER_SHEET] for i in range(0, len(cards), CARDS_PER_SHEET)]
    return render(
        request,
        "teacher/cards_print.html",
        {
            "classroom": classroom,
            "class_code": display_code(classroom.join_code),
            "code_url": request.build_absolute_uri(reverse("card_code")),
            "sheets": sheets,
            "count": len(cards),
        },
    )


@teacher_required
@require_GET
def cards(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_for_teacher(request.user, pk)
    members = members_with_cards(classroom)
    return render(
        request,
        "teacher/cards.html",
        {
            "classroom": classroom,
            "members": members,
            "missing": sum(1 for m in members if m.may_have_card and m.signin_card is None),
        },
    )


@teacher_required
@require_POST
def cards_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Cards for the pupils without one, or (``which=all``) new ones for the
    whole class, asked first when that retires cards already printed."""
    classroom = _open_classroom(request, pk)
    whole_class = request.POST.get("which") == "all"
    if whole_class and not request.POST.get("confirmed") and classroom_has_cards(classroom):
        return render(
            request,
            "teacher/confirm.html",
            {
                "heading": _("New cards for the whole class?"),
                "name": classroom.name,
                "consequence": _(
                    "Every pupil's card stops working at once. The new ones are shown on "
                    "the next page: print them there."
                ),
                "button": _("Make new cards"),
                "back_url": reverse("teacher_cards", args=[pk]),
                "hidden": {"which": "all", "confirmed": "1"},
            },
        )
    issued = cards_issue_for_class(
        classroom=classroom, only_missing=not whole_class, now=timezone.now()
    )
    if not issued:
        messages.info(request, _("Every pupil already has a card: there was none to make."))
        return redirect("teacher_cards", pk=pk)
    return _print(request, classroom, issued)


@teacher_required
@require_POST
def card_issue_view(request: HttpRequest, pk: int, student_id: int) -> HttpResponse:
    """A new card for one pupil: the old one stops working."""
    classroom = _open_classroom(request, pk)
    membership = member_of_classroom(classroom, student_id)
    if membership is None:
        raise Http404
    try:
        issued = cards_issue(classroom=classroom, memberships=[membership], now=timezone.now())
    except CardRefused:
        messages.error(request, _("Cards are for pupils' accounts only: this one is a teacher's."))
        return redirect("teacher_cards", pk=pk)
    return _print(request, classroom, issued)


@teacher_required
@require_http_methods(["GET", "POST"])
def pupils_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Accounts for pupils who have none, from their names: all or nothing."""
    classroom = _open_classroom(request, pk)
    form = PupilListForm(request.POST or None, classroom=classroom)
    if request.method == "POST" and form.is_valid():
        try:
            issued = pupils_create(
                classroom=classroom, names=form.cleaned_data["names"], now=timezone.now()
            )
        except PupilsNotCreated:
            form.add_error(
                None, _("A name was taken meanwhile. Nothing was made: send the list again.")
            )
        else:
            return _print(request, classroom, issued)
    return render(request, "teacher/pupils_add.html", {"classroom": classroom, "form": form})
