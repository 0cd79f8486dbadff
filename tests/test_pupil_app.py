"""A pupil's app worth opening: unfinished work found again, and pages that
speak the pupil's language."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from quizzes.models import Attempt
from tests.answers import right_form


def _half_done(client, key="every-kind"):
    client.post(reverse("quiz_start", args=[key]))
    attempt = Attempt.objects.latest("started_at")
    for item in attempt.items.order_by("position")[:3]:
        client.post(
            reverse("attempt_question", args=[attempt.pk, item.position]),
            {**right_form(item), "go": "next"},
        )
    return attempt


# -- 1. unfinished work is found again -----------------------------------------------------


def test_the_home_page_and_the_quiz_list_offer_to_continue(student_client, shipped_sets):
    attempt = _half_done(student_client)
    resume = reverse("attempt_resume", args=[attempt.pk])
    for page in ("home", "quiz_list", "progress"):
        html = student_client.get(reverse(page)).content.decode()
        assert resume in html, page
        assert "Жалғастыру" in html
    assert 'max="8" value="3"' in student_client.get(reverse("home")).content.decode()


def test_starting_a_set_left_half_done_asks_first(student_client, shipped_sets):
    attempt = _half_done(student_client)
    response = student_client.post(reverse("quiz_start", args=["every-kind"]))
    html = response.content.decode()
    assert response.status_code == 200 and Attempt.objects.count() == 1
    assert reverse("attempt_resume", args=[attempt.pk]) in html and 'name="anew"' in html
    response = student_client.post(reverse("quiz_start", args=["every-kind"]), {"anew": "1"})
    assert Attempt.objects.count() == 2
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.score == 3  # what it had was kept


def test_a_visitors_try_out_survives_logging_in(student, shipped_sets):
    visitor = Client()
    attempt = _half_done(visitor, "try-it")
    visitor.post(reverse("attempt_finish", args=[attempt.pk]))
    visitor.post(reverse("login"), {"username": student.username, "password": "pass-word-123"})
    attempt.refresh_from_db()
    assert attempt.user == student and attempt.visitor_key == ""
