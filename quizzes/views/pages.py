from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from quizzes.selectors.article import bank_summary
from quizzes.selectors.attempts import VISITOR_SESSION_KEY, unfinished_attempts
from quizzes.selectors.classrooms import (
    assignments_for_student,
    is_teacher,
    memberships_for_student,
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    topics = bank_summary()
    context = {
        "topics": topics,
        "total": sum(t["count"] for t in topics),
        "unfinished": unfinished_attempts(
            user=request.user,
            visitor_key=request.session.get(VISITOR_SESSION_KEY, ""),
            now=timezone.now(),
        ),
    }
    if request.user.is_authenticated:
        context |= {
            "assignments": assignments_for_student(student=request.user, now=timezone.now()),
            "memberships": memberships_for_student(request.user),
            "teaching": is_teacher(request.user),
        }
    return render(request, "quizzes/home.html", context)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and uptime checks: no session, no template, no database."""
    return HttpResponse("ok", content_type="text/plain")
