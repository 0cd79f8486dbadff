from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from quizzes.models import Attempt, QuestionSet


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_needs_an_inline_script_or_style(client, bank):
    html = (
        client.get(reverse("home")).content.decode()
        + client.get(reverse("article")).content.decode()
    )
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert "onclick=" not in html and "onsubmit=" not in html


def test_check_deploy_is_clean_with_production_settings(settings):
    # The browser tests allow Django's ORM in Playwright's event loop for their
    # own process; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "quizsite.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE": "1",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-" + "y" * 20,
        "DJANGO_ALLOWED_HOSTS": "quiz.example.kz",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_logins_are_rate_limited_per_account(client, student):
    for _ in range(10):
        client.post(reverse("login"), {"username": "aruzhan", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "aruzhan", "password": "pass-word-123"})
    assert response.status_code == 429
    assert "Тым көп талпыныс" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_clears_the_count(client, student):
    for _ in range(5):
        client.post(reverse("login"), {"username": "aruzhan", "password": "wrong"})
    client.post(reverse("login"), {"username": "aruzhan", "password": "pass-word-123"})
    client.post(reverse("logout"))
    for _ in range(5):
        client.post(reverse("login"), {"username": "aruzhan", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "aruzhan", "password": "pass-word-123"})
    assert response.status_code == 302


def test_csrf_is_enforced_on_answers_htmx_included(student, shipped_sets):
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(student)
    checked.get(reverse("quiz_list"))
    token = checked.cookies["csrftoken"].value
    start = reverse("quiz_start", args=["every-kind"])
    assert checked.post(start).status_code == 403
    assert checked.post(start, HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true").status_code == 302
    attempt = Attempt.objects.get()
    url = reverse("attempt_question", args=[attempt.pk, 1])
    assert checked.post(url, {"go": "next"}, HTTP_HX_REQUEST="true").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_backup_copies_sqlite_online_and_points_postgresql_to_pg_dump(shipped_sets, tmp_path):
    from django.core.management import CommandError
    from django.db import connection

    target = tmp_path / "copy.sqlite3"
    if connection.vendor != "sqlite":
        with pytest.raises(CommandError, match="pg_dump"):
            call_command("backup_db", "--to", str(target))
        return
    call_command("backup_db", "--to", str(target))
    with sqlite3.connect(target) as copy:
        count = copy.execute("SELECT COUNT(*) FROM quizzes_questionset").fetchone()[0]
    assert count == QuestionSet.objects.count()


def test_pages_with_answers_or_grades_are_kept_by_no_cache(student, teacher, member, assignment):
    from django.utils import timezone

    from quizzes.services.assignments import assignment_start
    from tests.answers import finish_with

    attempt = finish_with(
        assignment_start(assignment=assignment, student=student, now=timezone.now()), 2
    )
    pupil_pages = [
        reverse("attempt_review", args=[attempt.pk]),
        reverse("progress"),
        reverse("practice"),
        reverse("home"),
    ]
    teacher_pages = [
        reverse("teacher_assignment", args=[assignment.pk]),
        reverse("teacher_csv", args=[assignment.pk]),
    ]
    for user, pages in ((student, pupil_pages), (teacher, teacher_pages)):
        client = Client()
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Cache-Control"] == "private, no-store", url


def test_a_question_page_is_kept_by_no_cache(student_client, shipped_sets):
    student_client.post(reverse("quiz_start", args=["every-kind"]))
    attempt = Attempt.objects.get()
    response = student_client.get(reverse("attempt_question", args=[attempt.pk, 1]))
    assert response["Cache-Control"] == "private, no-store"
