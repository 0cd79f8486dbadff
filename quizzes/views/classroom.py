"""A pupil's classrooms: joining, assignments and leaderboards."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.forms_teacher import JoinForm
from quizzes.http import client_address
from quizzes.selectors.classrooms import assignment_for_member
from quizzes.selectors.leaderboards import (
    classroom_boards,
    classroom_with_board_version,
    leaderboard_for_assignment,
)
from quizzes.services.assignments import AssignmentUnavailable, assignment_start
from quizzes.services.attempts import AttemptClosed
from quizzes.services.classrooms import JoinError, classroom_join

JOIN_ERRORS = {
    "not_found": gettext_lazy("No class has this code. Check it with your teacher."),
    "rate_limited": gettext_lazy("Too many tries. Wait a quarter of an hour and try again."),
    "already": gettext_lazy("You are already in this class."),
    "own_class": gettext_lazy("This is your own class."),
    "nickname_taken": gettext_lazy("Someone in this class already uses this name."),
}
UNAVAILABLE = {
    "not_member": gettext_lazy("You are not in this class."),
    "not_open": gettext_lazy("This assignment has not opened yet."),
    "withdrawn": gettext_lazy("The teacher has withdrawn this assignment."),
    "past_due": gettext_lazy("The due date has passed."),
    "no_attempts_left": gettext_lazy("You have used all your attempts."),
}
POLL_SECONDS = 10


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str = "", signature: str = "") -> HttpResponse:
    form = JoinForm(request.POST or None, initial={"code": code, "signature": signature})
    if request.method == "POST" and form.is_valid():
        try:
            membership = classroom_join(
                student=request.user,
                code=form.cleaned_data["code"],
                nickname=form.cleaned_data["nickname"],
                ip=client_address(request),
                signature=form.cleaned_data["signature"],
            )
        except JoinError as error:
            form.add_error(None, JOIN_ERRORS[error.code])
            status = 429 if error.code == "rate_limited" else 200
            return render(request, "classroom/join.html", {"form": form}, status=status)
        return redirect("classroom_boards", pk=membership.classroom_id)
    return render(request, "classroom/join.html", {"form": form})


@login_required
@require_POST
def assignment_begin(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_member(request.user, pk)
    try:
        attempt = assignment_start(assignment=assignment, student=request.user, now=timezone.now())
    except (AssignmentUnavailable, AttemptClosed) as error:
        message = UNAVAILABLE.get(getattr(error, "code", ""), "")
        return render(request, "classroom/unavailable.html", {"message": message}, status=403)
    return redirect("attempt_resume", pk=attempt.pk)


@login_required
@require_GET
def boards(request: HttpRequest, pk: int) -> HttpResponse:
    """The classroom's leaderboards; htmx polls the fragment, and an unchanged
    board costs one query and answers 304."""
    classroom, version = classroom_with_board_version(request.user, pk)
    is_teacher = classroom.teacher_id == request.user.pk
    etag = f'"{version}-{request.user.pk}-{request.LANGUAGE_CODE}"'
    if request.htmx and request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    context = {"classroom": classroom, "is_teacher": is_teacher, "poll": POLL_SECONDS}
    if classroom.leaderboard_visible or is_teacher:
        viewer = None if is_teacher else request.user.pk
        context |= classroom_boards(classroom=classroom, version=version, viewer_id=viewer)
    template = "classroom/boards.html" + ("#boards" if request.htmx else "")
    response = render(request, template, context)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_GET
def assignment_board(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_member(request.user, pk)
    board = leaderboard_for_assignment(assignment=assignment, viewer_id=request.user.pk)
    if not assignment.classroom.leaderboard_visible:
        board = None
    return render(
        request, "classroom/assignment_board.html", {"assignment": assignment, "board": board}
    )
