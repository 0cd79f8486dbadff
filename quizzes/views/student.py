"""A pupil's path: choose a set, answer one question at a time, review,
follow progress and practise. Every page works as a plain form; with htmx
the question area is swapped without a page load."""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url

from quizzes.core import rules
from quizzes.core.kinds import kind_rules
from quizzes.core.responses import ResponseError, move, parse_form
from quizzes.models import Attempt, AttemptItem
from quizzes.selectors.attempts import (
    VISITOR_SESSION_KEY,
    Sheet,
    attempt_for,
    attempt_items_with_feedback,
    attempt_on_page,
    attempt_sheet,
    first_unanswered_position,
    question_map,
    question_view,
    retry_url,
    review_released,
    review_summary,
    sets_for,
    unfinished_attempts,
)
from quizzes.selectors.progress import due_count, progress_for_user
from quizzes.services.attempts import (
    AnswerLocked,
    AttemptClosed,
    attempt_answer,
    attempt_arrange,
    attempt_expire_if_due,
    attempt_finish,
    attempt_start,
    attempts_close_unfinished,
    practice_start,
)

STEPS = {"next", "prev", "save", "finish"}  # the buttons under a question
MAIN_STEPS = {  # the main button's step and label
    "save": gettext_lazy("Check answer"),
    "next": gettext_lazy("Save and next"),
    "finish": gettext_lazy("Save and finish"),
}

ERRORS = {
    "blank": gettext_lazy("Choose or type an answer first."),
    "year": gettext_lazy("Type a year in digits, for example 1992."),
    "date": gettext_lazy("Give the day, the month and the year of a real date."),
    "too_long": gettext_lazy("The answer is too long."),
    "characters": gettext_lazy("The answer has characters that cannot be typed. Type it again."),
}


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _visitor_key(request: HttpRequest) -> str:
    return "" if request.user.is_authenticated else request.session.get(VISITOR_SESSION_KEY, "")


def _unfinished(request: HttpRequest):
    return unfinished_attempts(
        user=request.user, visitor_key=_visitor_key(request), now=timezone.now()
    )


@require_GET
def quiz_list(request: HttpRequest) -> HttpResponse:
    unfinished = {u.attempt.question_set_id: u for u in reversed(_unfinished(request))}
    sets = [(s, unfinished.get(s.pk)) for s in sets_for(user=request.user)]
    return render(request, "quizzes/quiz_list.html", {"sets": sets})


@require_POST
def quiz_start(request: HttpRequest, key: str) -> HttpResponse:
    """Start a ready set; with an attempt of it left half done, first ask
    whether to go back to it or to start anew."""
    question_set = get_object_or_404(sets_for(user=request.user), key=key)
    user = request.user if request.user.is_authenticated else None
    visitor_key = ""
    if user is None:
        visitor_key = request.session.setdefault(VISITOR_SESSION_KEY, secrets.token_urlsafe(24))
    now = timezone.now()
    if request.POST.get("anew") != "1":
        waiting = [u for u in _unfinished(request) if u.attempt.question_set_id == question_set.pk]
        if waiting:
            return render(
                request,
                "quizzes/quiz_choice.html",
                {"question_set": question_set, "unfinished": waiting[0]},
            )
    attempts_close_unfinished(
        question_set=question_set, user=user, visitor_key=visitor_key, now=now
    )
    attempt = attempt_start(question_set=question_set, user=user, visitor_key=visitor_key, now=now)
    return redirect("attempt_question", pk=attempt.pk, position=1)


@require_GET
def attempt_resume(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _attempt(request, pk)
    return redirect("attempt_question", pk=pk, position=first_unanswered_position(attempt))


def _attempt(request: HttpRequest, pk: int) -> Attempt:
    return attempt_for(user=request.user, visitor_key=_visitor_key(request), pk=pk)


@require_http_methods(["GET", "POST"])
def attempt_question(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    now = timezone.now()
    attempt = attempt_on_page(user=request.user, visitor_key=_visitor_key(request), pk=pk)
    attempt = attempt_expire_if_due(attempt=attempt, now=now)
    if not attempt.is_open:
        return _redirect(request, reverse("attempt_review", args=[pk]))
    sheet = attempt_sheet(attempt, around=position)
    item = sheet.items.get(position)
    if item is None:
        raise Http404
    if request.method == "GET":
        return _render_question(request, attempt, sheet, item)

    data = dict(request.POST.lists())
    snapshot = item.snapshot
    go = request.POST.get("go", "next")
    if go not in STEPS:
        return HttpResponseBadRequest(_("This step is not part of a quiz."))
    try:
        if "move" in request.POST:
            if not kind_rules(snapshot["kind"]).arranged:
                return HttpResponseBadRequest(_("Only an ordering question has items to move."))
            index, step = (int(part) for part in request.POST["move"].split(":"))
            arranged = move(
                parse_form(snapshot["kind"], snapshot, item.option_order, data), index, step
            )
            item = attempt_arrange(attempt=attempt, item=item, arrangement=arranged, now=now)
            sheet.put(item)
            if not request.htmx:
                return redirect("attempt_question", pk=pk, position=position)
            return _render_question(request, attempt, sheet, item, moved=index + step)
        try:
            response = parse_form(snapshot["kind"], snapshot, item.option_order, data)
        except ResponseError as error:
            if error.code != "blank" or go == "save":
                raise
            response = None  # moving on without answering
        if response is not None:
            item = attempt_answer(attempt=attempt, item=item, response=response, now=now)
            sheet.put(item)
    except (ResponseError, ValueError) as error:
        code = getattr(error, "code", "invalid")
        if code not in ERRORS:
            return HttpResponseBadRequest(_("This answer does not fit the question."))
        return _render_question(request, attempt, sheet, item, error=ERRORS[code])
    except AttemptClosed:
        return _redirect(request, reverse("attempt_review", args=[pk]))
    except AnswerLocked:
        return HttpResponseBadRequest(_("This question's answer is already final."))

    if rules.shows_feedback_each(attempt.feedback) and response is not None:
        if not request.htmx:
            return redirect(reverse("attempt_question", args=[pk, position]))
        return _render_question(request, attempt, sheet, item)
    return _go(request, attempt, sheet, position, go, saved=response is not None)


def _go(
    request: HttpRequest,
    attempt: Attempt,
    sheet: Sheet,
    position: int,
    go: str,
    *,
    saved: bool,
) -> HttpResponse:
    if go == "prev":
        target = max(position - 1, 1)
    elif go == "finish" or (go == "next" and position >= sheet.total):
        return _redirect(request, reverse("attempt_finish", args=[attempt.pk]))
    elif go == "save":
        target = position
    else:
        target = position + 1
    url = reverse("attempt_question", args=[attempt.pk, target])
    if request.htmx:
        response = _render_question(
            request, attempt, sheet, sheet.items[target], saved=position if saved else 0
        )
        return push_url(response, url)
    # Without JavaScript the "saved" note (which question's answer) travels in
    # the address of the next page.
    return redirect(f"{url}?saved={position}" if saved else url)


def _saved_position(request: HttpRequest, total: int) -> int:
    value = request.GET.get("saved", "")
    return int(value) if value.isdigit() and 1 <= int(value) <= total else 0


def _render_question(
    request: HttpRequest,
    attempt: Attempt,
    sheet: Sheet,
    item: AttemptItem,
    *,
    error: str = "",
    saved: int = 0,
    moved: int | None = None,
) -> HttpResponse:
    show_feedback = rules.feedback_visible(
        feedback=attempt.feedback,
        finished=False,
        answered=item.is_answered,
        due=None,
        now=timezone.now(),
    )
    entries = question_map(attempt, sheet.answered, current=item.position)
    if rules.shows_feedback_each(attempt.feedback):
        main_step = "save"  # check this answer first, then move on
    else:
        main_step = "next" if item.position < len(entries) else "finish"
    context = {
        "main_step": main_step,
        "main_label": MAIN_STEPS[main_step],
        "attempt": attempt,
        "view": question_view(item, show_feedback=show_feedback),
        "question_map": entries,
        "total": len(entries),
        "answered": sum(1 for e in entries if e.answered),
        "error": error,
        # Which question's answer was just saved (the one before, usually);
        # beside a question's own feedback there is nothing more to say.
        "saved": 0 if show_feedback else saved or _saved_position(request, len(entries)),
        "moved": moved,
        "months": MONTHS,
        "grace": int(rules.GRACE.total_seconds()),
    }
    template = "quizzes/attempt_question.html"
    if request.htmx:
        template += "#quiz"
    return render(request, template, context, status=200)


@require_http_methods(["GET", "POST"])
def attempt_finish_view(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    attempt = attempt_expire_if_due(attempt=_attempt(request, pk), now=now)
    if request.method == "POST" or not attempt.is_open:
        attempt_finish(attempt=attempt, now=now)
        return redirect("attempt_review", pk=pk)
    items = list(attempt.items.only("position", "answered_at"))
    return render(
        request,
        "quizzes/attempt_finish.html",
        {
            "attempt": attempt,
            "items": items,
            "unanswered": [i.position for i in items if not i.is_answered],
            "answered": sum(1 for i in items if i.is_answered),
        },
    )


@require_GET
def attempt_review(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = attempt_expire_if_due(attempt=_attempt(request, pk), now=timezone.now())
    if attempt.is_open:
        return redirect("attempt_question", pk=pk, position=first_unanswered_position(attempt))
    duration = (attempt.finished_at - attempt.started_at).total_seconds()
    released = review_released(attempt=attempt, now=timezone.now())
    items = list(attempt.items.all())
    views = attempt_items_with_feedback(attempt, items) if released else []
    only_missed = released and request.GET.get("only") == "missed"
    if only_missed:
        views = [v for v in views if v.feedback["verdict"] != "correct"]
    due = due_count(user=request.user, now=timezone.now()) if request.user.is_authenticated else 0
    return render(
        request,
        "quizzes/attempt_review.html",
        {
            "attempt": attempt,
            "summary": review_summary(attempt=attempt, items=items),
            "only_missed": only_missed,
            "due": due,
            "retry_url": retry_url(attempt=attempt, user=request.user, now=timezone.now()),
            "released": released,
            "views": views,
            "minutes": int(duration // 60),
            "seconds": int(duration % 60),
        },
    )


@login_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    context = progress_for_user(user=request.user, now=timezone.now())
    context["unfinished"] = _unfinished(request)
    return render(request, "quizzes/progress.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def practice(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    if request.method == "POST":
        attempt = practice_start(user=request.user, now=now)
        if attempt is not None:
            return redirect("attempt_question", pk=attempt.pk, position=1)
    return render(request, "quizzes/practice.html", {"due": due_count(user=request.user, now=now)})


MONTHS = [
    (1, pgettext_lazy("month name", "January")),
    (2, pgettext_lazy("month name", "February")),
    (3, pgettext_lazy("month name", "March")),
    (4, pgettext_lazy("month name", "April")),
    (5, pgettext_lazy("month name", "May")),
    (6, pgettext_lazy("month name", "June")),
    (7, pgettext_lazy("month name", "July")),
    (8, pgettext_lazy("month name", "August")),
    (9, pgettext_lazy("month name", "September")),
    (10, pgettext_lazy("month name", "October")),
    (11, pgettext_lazy("month name", "November")),
    (12, pgettext_lazy("month name", "December")),
]
