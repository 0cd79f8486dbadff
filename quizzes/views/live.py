"""The live game's pages: a teacher hosting on the projector, players on
their phones.

Two pure functions render what changes on each screen from a snapshot
(``quizzes.selectors.live.game_snapshot``), without a query: the pages use
them, and so do the event streams that push them. A player is known by a
signed cookie per game holding their id: a reload, a dropped connection or a
locked phone comes back as the same player.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quizzes.core import live as rules
from quizzes.forms_live import HostGameForm, JoinGameForm
from quizzes.http import client_address
from quizzes.models import Game, Membership, Player
from quizzes.selectors.live import (
    AnswerRow,
    Snapshot,
    game_by_pin,
    game_for_host,
    game_id_by_pin,
    game_snapshot,
    player_in,
)
from quizzes.services import live as service
from quizzes.services.live import LiveError

from .decorators import teacher_required

COOKIE_SALT = "quizzes.live.player"
COOKIE_AGE = 12 * 60 * 60  # a school day
# Until the screens are pushed to, they reload themselves this often (s).
REFRESH_S = 3


def _refresh_s() -> int:
    return getattr(settings, "LIVE_REFRESH_S", REFRESH_S)


JOIN_ERRORS = {
    "pin_format": gettext_lazy("A game PIN is six digits."),
    "not_found": gettext_lazy("No game is running with this PIN. Check it on the big screen."),
    "rate_limited": gettext_lazy("Too many wrong PINs. Wait a quarter of an hour and try again."),
    "host": gettext_lazy("You host this game: open its host screen instead."),
    "removed": gettext_lazy("The host took you out of this game."),
    "over": gettext_lazy("This game is over."),
    "nickname_taken": gettext_lazy(
        "Someone in the game already has this nickname. Choose another."
    ),
    "nickname_reserved": gettext_lazy(
        "This is the class name of a pupil of this class: log in to play under it, "
        "or choose another nickname."
    ),
    "nickname_blank": gettext_lazy("Choose a nickname."),
    "nickname_too_long": gettext_lazy("A nickname is at most 20 characters."),
    "nickname_control": gettext_lazy("A nickname cannot hold invisible characters."),
}
ANSWER_ERRORS = {
    "closed": gettext_lazy("This question is closed."),
    "late": gettext_lazy("Time was up: your answer came too late."),
    "paused": gettext_lazy("The game is paused: wait for the host."),
    "already": gettext_lazy("You have already answered this question."),
    "removed": gettext_lazy("The host took you out of this game."),
    "response_blank": gettext_lazy("Choose an answer first."),
    "response_year": gettext_lazy("Type a year in digits, for example 1992."),
    "response_invalid": gettext_lazy("This answer does not fit the question."),
}
HOST_ERRORS = {
    "step": gettext_lazy("The game has already moved on: this step no longer applies."),
    "no_player": gettext_lazy("This player is no longer in the game."),
}
HOST_ERRORS_SETUP = {
    "no_questions": gettext_lazy(
        "This set has no question a live game can play (single or multiple choice, "
        "true or false, a year)."
    ),
    "no_pin": gettext_lazy("No free PIN could be found just now. Try again."),
}


# -- the two screens' changing parts ----------------------------------------------


def host_stage_html(snapshot: Snapshot) -> str:
    """What changes on the host's screen (no query)."""
    return _host_stage(snapshot)


def player_stage_html(snapshot: Snapshot, player_id: int) -> str:
    """What changes on one player's screen (no query). Before the reveal it
    holds the question and its options, never which is right."""
    return _player_stage(snapshot, player_id)


def _host_stage(snapshot: Snapshot, notice: str = "") -> str:
    return render_to_string("live/host.html#stage", _host_context(snapshot, notice))


def _player_stage(snapshot: Snapshot, player_id: int, notice: str = "") -> str:
    context = _player_context(snapshot, player_id)
    context["notice"] = notice
    shared = _shared_body(snapshot, context)
    if shared is not None:
        # Rendered once per snapshot and language for every player it fits:
        # 300 phones pushed a new question cost one form, not 300.
        key = (shared, get_language())
        if key not in snapshot.rendered:
            snapshot.rendered[key] = render_to_string("live/play.html#body", context)
        context["body_html"] = snapshot.rendered[key]
    return render_to_string("live/play.html#stage", context)


def _shared_body(snapshot: Snapshot, context: dict[str, Any]) -> tuple | None:
    """What a player's stage body depends on when it is not theirs alone (in
    the lobby and during a question, nothing of the player shows but whether
    they have answered); ``None`` when it is (their points and place)."""
    if context["removed"] or context["me"] is None:
        return None
    if snapshot.phase not in (Game.Phase.LOBBY, Game.Phase.QUESTION):
        return None
    return (snapshot.phase, snapshot.index, snapshot.paused, context["mine"] is not None)


def _host_context(snapshot: Snapshot, notice: str = "") -> dict[str, Any]:
    return {"s": snapshot, "notice": notice}


def _player_context(snapshot: Snapshot, player_id: int) -> dict[str, Any]:
    return {
        "s": snapshot,
        "me": snapshot.by_id.get(player_id),
        "mine": snapshot.answers.get(player_id),
        "removed": player_id in snapshot.removed,
        "player_id": player_id,
    }


# -- the player's cookie -------------------------------------------------------------


def cookie_name(game_id: int) -> str:
    return f"live-{game_id}"


def player_id_from(request: HttpRequest, game_id: int) -> int | None:
    """The player this browser is in the game, from its signed cookie."""
    try:
        value = request.get_signed_cookie(
            cookie_name(game_id), salt=COOKIE_SALT, max_age=COOKIE_AGE
        )
        return int(value)
    except (KeyError, signing.BadSignature, ValueError):
        return None


def _remember(response: HttpResponse, game_id: int, player_id: int) -> None:
    response.set_signed_cookie(
        cookie_name(game_id),
        str(player_id),
        salt=COOKIE_SALT,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _number(value: str, digits: int) -> int | None:
    """A posted id or position: ASCII digits, at most ``digits`` of them."""
    if value.isascii() and value.isdigit() and len(value) <= digits:
        return int(value)
    return None


def _pin(pin: str) -> str:
    clean = rules.pin_clean(pin)
    if clean is None:
        raise Http404
    return clean


# -- the host ---------------------------------------------------------------------------


@teacher_required
@require_http_methods(["GET", "POST"])
def host_new(request: HttpRequest) -> HttpResponse:
    """The form that hosts a game: a set, who plays, the scoring, the time."""
    initial = {}
    if (set_id := request.GET.get("set", "")).isdigit():
        initial["question_set"] = int(set_id)
    if (class_id := request.GET.get("classroom", "")).isdigit():
        initial["classroom"] = int(class_id)
    form = HostGameForm(request.POST or None, teacher=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hosted = service.host_game(
                host=request.user,
                question_set=data["question_set"],
                classroom=data["classroom"],
                mode=data["mode"],
                streak_bonus=data["streak_bonus"],
                seconds=data["seconds"],
            )
        except LiveError as error:
            form.add_error(None, HOST_ERRORS_SETUP.get(error.code, _("The game was not made.")))
        else:
            if hosted.left_out:
                messages.info(
                    request,
                    ngettext(
                        "%(n)s question of the set is of a kind a live game does not play "
                        "(a typed answer, a date, ordering, matching): it was left out.",
                        "%(n)s questions of the set are of kinds a live game does not play "
                        "(a typed answer, a date, ordering, matching): they were left out.",
                        hosted.left_out,
                    )
                    % {"n": hosted.left_out},
                )
            return redirect("live_host", pin=hosted.game.pin)
    return render(request, "live/new.html", {"form": form})


def _join_url(request: HttpRequest, pin: str) -> str:
    return request.build_absolute_uri(reverse("play_join") + f"?pin={pin}")


@teacher_required
@require_http_methods(["GET"])
def host(request: HttpRequest, pin: str) -> HttpResponse:
    game = game_for_host(request.user, _pin(pin))
    service.close_if_due(game.pk)
    snapshot = game_snapshot(game.pk)
    return render(
        request,
        "live/host.html",
        {
            **_host_context(snapshot),
            "join_url": _join_url(request, game.pin),
            "join_short": request.build_absolute_uri(reverse("play_join")),
            "refresh_s": _refresh_s(),
        },
    )


def _host_reply(request: HttpRequest, game: Game, notice: str = "") -> HttpResponse:
    """An htmx post gets the new stage (with what went wrong, if anything);
    a plain form post goes back to the host's page (the message with it)."""
    if request.htmx:
        return HttpResponse(_host_stage(game_snapshot(game.pk), notice))
    if notice:
        messages.warning(request, notice)
    return redirect("live_host", pin=game.pin)


@teacher_required
@require_POST
def host_control(request: HttpRequest, pin: str) -> HttpResponse:
    game = game_for_host(request.user, _pin(pin))
    action = request.POST.get("action", "")
    if action not in {a.value for a in rules.HOST_ACTIONS}:
        return HttpResponseBadRequest()
    service.close_if_due(game.pk)
    notice = ""
    try:
        service.control(game=game, host=request.user, action=action)
    except LiveError as error:
        if error.code == "not_host":
            return HttpResponseForbidden()
        notice = str(HOST_ERRORS.get(error.code, HOST_ERRORS["step"]))
    return _host_reply(request, game, notice)


@teacher_required
@require_POST
def host_remove(request: HttpRequest, pin: str) -> HttpResponse:
    """Take a player out: the player's id is the pressed button's value."""
    game = game_for_host(request.user, _pin(pin))
    player_id = _number(request.POST.get("player", ""), 18)
    if player_id is None:
        return HttpResponseBadRequest()
    try:
        service.remove_player(game=game, host=request.user, player_id=player_id)
    except LiveError as error:
        if error.code == "not_host":
            return HttpResponseForbidden()
        raise Http404 from error
    return _host_reply(request, game)


# -- the players ------------------------------------------------------------------------


def _suggested_nickname(user: Any) -> str:
    if not user.is_authenticated:
        return ""
    name = (
        Membership.objects.filter(student=user, classroom__archived_at=None)
        .order_by("-joined_at")
        .values_list("nickname", flat=True)
        .first()
    )
    return (name or user.get_username())[: rules.NICKNAME_MAX]


@require_http_methods(["GET", "POST"])
def play_join(request: HttpRequest) -> HttpResponse:
    """``/play/``: a PIN and a nickname, no account needed."""
    initial = {"pin": request.GET.get("pin", "")[:12], "nickname": ""}
    if request.method == "GET":
        initial["nickname"] = _suggested_nickname(request.user)
        # Already in this game on this phone: straight back to it.
        clean = rules.pin_clean(initial["pin"])
        if clean is not None:
            game = service.find_game(clean)
            if game is not None and player_id_from(request, game.pk) is not None:
                return redirect("play", pin=clean)
    form = JoinGameForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        pin = form.cleaned_data["pin"]
        game = service.find_game(pin)
        if game is not None:
            # A phone that already plays in this game stays the same player.
            player = player_in(game, player_id_from(request, game.pk))
            if player is not None and not player.removed:
                return redirect("play", pin=pin)
        try:
            player = service.join(
                pin=pin,
                nickname=form.cleaned_data["nickname"],
                user=request.user,
                ip=client_address(request),
            )
        except LiveError as error:
            field = "nickname" if error.code.startswith("nickname") else None
            form.add_error(field, JOIN_ERRORS.get(error.code, JOIN_ERRORS["not_found"]))
        else:
            response = redirect("play", pin=pin)
            _remember(response, player.game_id, player.pk)
            return response
    return render(request, "live/join.html", {"form": form})


def _player_or_join(request: HttpRequest, pin: str) -> tuple[Game, int | None]:
    game = game_by_pin(_pin(pin))
    return game, player_id_from(request, game.pk)


@require_http_methods(["GET"])
def play(request: HttpRequest, pin: str) -> HttpResponse:
    """``/play/<pin>/``: the player's screen."""
    game, player_id = _player_or_join(request, pin)
    if player_id is None:
        return redirect(reverse("play_join") + f"?pin={game.pin}")
    service.close_if_due(game.pk)
    snapshot = game_snapshot(game.pk)
    if player_id not in snapshot.by_id and player_id not in snapshot.removed:
        # A cookie of a player who is not in this game (another game's PIN).
        return redirect(reverse("play_join") + f"?pin={game.pin}")
    context = _player_context(snapshot, player_id)
    context["refresh_s"] = _player_refresh(snapshot, context)
    return render(request, "live/play.html", context)


def _player_refresh(snapshot: Snapshot, context: dict[str, Any]) -> int | None:
    """How soon the player's page reloads itself until the screens are pushed
    to: not while they are choosing an answer (a reload would lose it), but
    once the question's time is up."""
    if snapshot.phase == Game.Phase.ENDED or context["removed"]:
        return None
    if snapshot.phase == Game.Phase.QUESTION and context["mine"] is None and not snapshot.paused:
        return snapshot.remaining_s + 1
    return _refresh_s()


def _answer_data(request: HttpRequest) -> dict[str, list[str]]:
    return {
        name: values
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "index", "game")
    }


def _answered_snapshot(game_id: int, stored: Any) -> Snapshot | None:
    """The game as this server's event streams last loaded it, with the
    answer just stored: a burst of answers does not load the whole game
    once per answer. ``None`` (load it) when no stream shows the game here
    or it has moved on since."""
    from quizzes.views.live_events import shared_snapshot

    snapshot = shared_snapshot(game_id)
    if (
        stored is None
        or snapshot is None
        or snapshot.phase != Game.Phase.QUESTION
        or snapshot.index != stored.index
        or stored.player_id not in snapshot.by_id
    ):
        return None
    answers = {
        **snapshot.answers,
        stored.player_id: AnswerRow(correct=stored.correct, points=stored.points),
    }
    return replace(snapshot, answers=answers)


@require_POST
def play_answer(request: HttpRequest, pin: str) -> HttpResponse:
    # The service checks that the player is in the game, and the answer
    # against the game's questions.
    pin = _pin(pin)
    # The form names its game (one query fewer in a class's burst); a form
    # without it is found by the PIN. The service checks the two agree.
    game_id = _number(request.POST.get("game", ""), 12) or game_id_by_pin(pin)
    player_id = player_id_from(request, game_id)
    if player_id is None:
        return HttpResponseForbidden()
    index = _number(request.POST.get("index", ""), 4)
    if index is None:
        return HttpResponseBadRequest()
    notice = ""
    stored = None
    try:
        stored = service.answer(
            player=Player(pk=player_id, game_id=game_id),
            index=index,
            data=_answer_data(request),
            pin=pin,
        )
    except LiveError as error:
        if error.code == "not_player":
            return HttpResponseForbidden()
        if error.code == "response_invalid":
            return HttpResponseBadRequest()
        notice = str(ANSWER_ERRORS.get(error.code, ANSWER_ERRORS["closed"]))
        if error.code == "late":
            service.close_if_due(game_id)
    if request.htmx:
        snapshot = _answered_snapshot(game_id, stored) or game_snapshot(game_id)
        return HttpResponse(_player_stage(snapshot, player_id, notice))
    if notice:
        messages.warning(request, notice)
    return redirect("play", pin=pin)
