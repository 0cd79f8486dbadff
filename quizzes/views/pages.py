from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quizzes.selectors.article import bank_summary


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    topics = bank_summary()
    total = sum(t["count"] for t in topics)
    return render(request, "quizzes/home.html", {"topics": topics, "total": total})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and uptime checks: no session, no template, no database."""
    return HttpResponse("ok", content_type="text/plain")
