"""A pupil's app worth opening: unfinished work found again, and pages that
speak the pupil's language."""

from __future__ import annotations

import re

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


# -- 4. results and progress that speak ------------------------------------------------------


def test_the_results_count_right_wrong_and_blank_and_say_what_next(student_client, shipped_sets):
    attempt = _half_done(student_client)  # three right, five not answered
    student_client.post(reverse("attempt_finish", args=[attempt.pk]))
    html = student_client.get(reverse("attempt_review", args=[attempt.pk])).content.decode()
    assert '<span class="n">3</span> дұрыс' in html and '<span class="n">5</span> жауапсыз' in html
    assert "Жартысына жеттіңіз" not in html and "Бастама жасалды" in html  # 38%
    assert "?only=missed#answers" in html
    only = student_client.get(reverse("attempt_review", args=[attempt.pk]), {"only": "missed"})
    assert only.content.decode().count('class="review-item"') == 5


def test_an_order_answer_is_numbered_in_the_review(student_client, shipped_sets):
    student_client.post(reverse("quiz_start", args=["every-kind"]))
    attempt = Attempt.objects.get()
    student_client.post(reverse("attempt_finish", args=[attempt.pk]))
    html = student_client.get(reverse("attempt_review", args=[attempt.pk])).content.decode()
    assert '<ol class="answer-order">' in html


def test_the_chart_has_a_scale_values_and_dates(student_client, shipped_sets):
    attempt = _half_done(student_client)
    student_client.post(reverse("attempt_finish", args=[attempt.pk]))
    html = student_client.get(reverse("progress")).content.decode()
    assert ">100%</text>" in html and ">0%</text>" in html
    assert f'class="value" text-anchor="middle">{Attempt.objects.get().percent}</text>' in html
    assert attempt.started_at.strftime("%d.%m") in html


def test_mastery_waits_for_enough_answers(student_client, shipped_sets):
    from quizzes.selectors.progress import MASTERY_AFTER

    attempt = _half_done(student_client)
    student_client.post(reverse("attempt_finish", args=[attempt.pk]))
    html = student_client.get(reverse("progress")).content.decode()
    # Three questions of three topics: no topic has MASTERY_AFTER answers yet.
    assert MASTERY_AFTER == 3 and "<meter" not in html.split("mastery")[-1]
    # How many of a topic's questions were answered (which topics the three
    # drawn questions fall in depends on the draw), without a case ending
    # glued to a numeral: «2-іне» is wrong Kazakh («екісіне»), so none is.
    assert re.search(r"Жауап берілді: \d+ / 3", html)


def test_nothing_due_offers_no_practice_and_signing_up_leads_home(client, db):
    response = client.post(
        reverse("signup"),
        {"username": "erlan", "password1": "Kokshetau-1992", "password2": "Kokshetau-1992"},
    )
    assert response["Location"] == reverse("home")
    html = client.get(reverse("progress")).content.decode()
    assert (
        "Бүгін қайталайтын сұрақ жоқ" in html
        and 'href="/practice/"' not in html.split("due-heading")[1].split("</section>")[0]
    )


# -- 5. the article -----------------------------------------------------------------------


def test_the_article_links_back_to_where_the_pupil_came_from(client, article):
    review = "/attempt/12/review/"
    html = client.get(reverse("article"), {"highlight": "p7-s1", "back": review}).content
    assert f'href="{review}"' in html.decode()
    for elsewhere in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        html = client.get(reverse("article"), {"back": elsewhere}).content.decode()
        assert elsewhere not in html
