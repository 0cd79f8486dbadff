from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quizzes.forms import TeacherInvitationForm
from quizzes.selectors.classrooms import is_teacher


def teacher_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, and a teacher: pupils get 403, with the page where a
    teacher's invitation code makes the account a teacher's."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_teacher(request.user):
            return render(
                request,
                "registration/become_teacher.html",
                {"form": TeacherInvitationForm()},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper
