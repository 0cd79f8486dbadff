from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, AttemptItem, QuestionSet, ReviewCard
from quizzes.services.attempts import attempt_finish, attempt_start
from quizzes.templatetags.quiz_text import emphasis
from tests.answers import right_form, wrong_form


def start(client, key="every-kind") -> Attempt:
    response = client.post(reverse("quiz_start", args=[key]), {"anew": "1"})
    assert response.status_code == 302
    return Attempt.objects.latest("started_at")


def question_url(attempt, position):
    return reverse("attempt_question", args=[attempt.pk, position])


def answer(client, attempt, position, data, go="next", **extra):
    return client.post(question_url(attempt, position), {**data, "go": go}, **extra)


@pytest.fixture
def every_kind(shipped_sets):
    return QuestionSet.objects.get(key="every-kind")


# -- starting -----------------------------------------------------------------


def test_starting_draws_one_question_of_each_kind(student_client, every_kind):
    attempt = start(student_client)
    kinds = sorted(attempt.items.values_list("snapshot__kind", flat=True))
    assert kinds == sorted(
        ["single", "multiple", "true_false", "year", "date", "order", "match", "text"]
    )
    assert attempt.max_score == 8


def test_an_attempt_is_reproducible_from_its_seed(student, every_kind):
    now = timezone.now()
    a = attempt_start(question_set=every_kind, user=student, visitor_key="", now=now, seed=42)
    b = attempt_start(question_set=every_kind, user=None, visitor_key="v", now=now, seed=42)
    rows = lambda at: list(at.items.values_list("question_id", "option_order"))  # noqa: E731
    assert rows(a) == rows(b)


def test_a_new_attempt_avoids_the_last_attempts_questions(student_client, shipped_sets):
    first = start(student_client, "topic-origins")
    second = start(student_client, "topic-origins")
    ids = lambda at: set(at.items.values_list("question_id", flat=True))  # noqa: E731
    assert not ids(first) & ids(second)


def test_options_are_shuffled_per_attempt(student, every_kind):
    now = timezone.now()
    orders = {
        tuple(
            attempt_start(question_set=every_kind, user=student, visitor_key="", now=now, seed=s)
            .items.get(snapshot__kind="order")
            .option_order
        )
        for s in range(5)
    }
    assert all(order != tuple(range(len(order))) for order in orders)


# -- answering ----------------------------------------------------------------


def test_every_kind_answered_right_scores_full_marks(student_client, every_kind):
    attempt = start(student_client)
    for item in attempt.items.all():
        response = answer(student_client, attempt, item.position, right_form(item))
        assert response.status_code == 302
    student_client.post(reverse("attempt_finish", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.percent) == ("submitted", 8, 100)


def test_every_kind_answered_wrong_scores_less(student_client, every_kind):
    attempt = start(student_client)
    for item in attempt.items.all():
        answer(student_client, attempt, item.position, wrong_form(item))
    attempt_finish(attempt=attempt, now=timezone.now())
    for item in attempt.items.all():
        assert item.score < 1, item.snapshot["kind"]


def test_saving_moves_to_the_next_question(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(position=1)
    response = answer(student_client, attempt, 1, right_form(item))
    assert response["Location"] == question_url(attempt, 2) + "?saved=1"
    html = student_client.get(response["Location"]).content.decode()
    assert "1-сұрақтың жауабы сақталды" in html  # which answer was saved: the one before


def test_the_last_question_leads_to_the_finish_page(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(position=8)
    response = answer(student_client, attempt, 8, right_form(item), go="finish")
    assert response["Location"] == reverse("attempt_finish", args=[attempt.pk])


def test_a_replayed_answer_is_stored_once(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(position=1)
    for _ in range(3):
        answer(student_client, attempt, 1, right_form(item))
    assert AttemptItem.objects.filter(attempt=attempt, position=1).count() == 1
    assert attempt.items.exclude(answered_at=None).count() == 1


def test_an_answer_can_be_changed_before_submitting(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(position=1)
    answer(student_client, attempt, 1, wrong_form(item))
    answer(student_client, attempt, 1, right_form(item))
    item.refresh_from_db()
    assert item.score == 1


def test_reloading_shows_the_same_question_with_the_answer_given(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(snapshot__kind="text")
    answer(student_client, attempt, item.position, right_form(item))
    html = student_client.get(question_url(attempt, item.position)).content.decode()
    assert f'value="{item.snapshot["answer"]}"' in html
    assert emphasis(item.snapshot["prompt"]) in html


def test_the_question_map_links_every_question_and_marks_answered_and_current(
    student_client, every_kind
):
    attempt = start(student_client)
    answer(student_client, attempt, 2, right_form(attempt.items.get(position=2)))
    html = student_client.get(question_url(attempt, 3)).content.decode()
    nav = html[
        html.index('<nav class="question-map"') : html.index("</nav>", html.index("question-map"))
    ]
    links = re.findall(r'<a href="([^"]+)"([^>]*)>', nav)
    total = attempt.items.count()
    assert [href for href, _ in links[:total]] == [
        question_url(attempt, n) for n in range(1, total + 1)
    ]
    assert [n + 1 for n, (_, attrs) in enumerate(links[:total]) if "is-answered" in attrs] == [2]
    assert [n + 1 for n, (_, attrs) in enumerate(links[:total]) if "aria-current" in attrs] == [3]


def test_resuming_opens_the_first_unanswered_question(student_client, every_kind):
    attempt = start(student_client)
    answer(student_client, attempt, 1, right_form(attempt.items.get(position=1)))
    response = student_client.get(reverse("attempt_resume", args=[attempt.pk]))
    assert response["Location"] == question_url(attempt, 2)


def test_skipping_a_question_without_an_answer_is_allowed(student_client, every_kind):
    attempt = start(student_client)
    response = answer(student_client, attempt, 1, {})
    assert response["Location"] == question_url(attempt, 2)
    assert not attempt.items.get(position=1).is_answered


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("year", {"answer": "бір мың"}, "Жылды цифрмен жазыңыз"),
        ("date", {"day": "31", "month": "2", "year": "1992"}, "Нақты күннің"),
    ],
)
def test_a_malformed_answer_re_renders_with_a_message(
    student_client, every_kind, kind, data, message
):
    attempt = start(student_client)
    item = attempt.items.get(snapshot__kind=kind)
    response = answer(student_client, attempt, item.position, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AttemptItem.objects.get(pk=item.pk).is_answered


def test_a_tampered_option_is_refused(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(snapshot__kind="single")
    response = answer(student_client, attempt, item.position, {"choice": "99"})
    assert response.status_code == 400
    assert not AttemptItem.objects.get(pk=item.pk).is_answered


def test_a_question_outside_the_attempt_is_404(student_client, every_kind):
    attempt = start(student_client)
    assert student_client.get(question_url(attempt, 9)).status_code == 404
    assert answer(student_client, attempt, 0, {}).status_code == 404


def test_ordering_moves_an_item_and_keeps_the_arrangement(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(snapshot__kind="order")
    shown = [str(t) for t in range(len(item.option_order))]
    response = student_client.post(
        question_url(attempt, item.position), {"item": shown, "move": "1:-1"}
    )
    assert response["Location"] == question_url(attempt, item.position)
    item.refresh_from_db()
    assert item.response == [item.option_order[1], item.option_order[0], *item.option_order[2:]]
    assert not item.is_answered  # arranging is not answering


@pytest.mark.parametrize("kind", ["single", "multiple", "match", "text"])
def test_a_move_on_a_question_that_is_not_an_ordering_is_refused(student_client, every_kind, kind):
    attempt = start(student_client)
    item = attempt.items.get(snapshot__kind=kind)
    shown = [str(t) for t in range(max(len(item.option_order), 2))]
    response = student_client.post(
        question_url(attempt, item.position), {"item": shown, "move": "0:1"}
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.response is None and not item.is_answered


@pytest.mark.parametrize("move", ["0:5", "0:-1", "x:1", "1", "0:2", ""])
def test_a_move_outside_the_list_is_refused(student_client, every_kind, move):
    attempt = start(student_client)
    item = attempt.items.get(snapshot__kind="order")
    shown = [str(t) for t in range(len(item.option_order))]
    response = student_client.post(
        question_url(attempt, item.position), {"item": shown, "move": move}
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.response is None


@pytest.mark.parametrize("go", ["jump", "finish-now", "", "next "])
def test_an_unknown_step_is_refused_and_saves_nothing(student_client, every_kind, go):
    attempt = start(student_client)
    item = attempt.items.get(position=1)
    response = answer(student_client, attempt, 1, right_form(item), go=go)
    assert response.status_code == 400
    assert not AttemptItem.objects.get(pk=item.pk).is_answered


def test_an_ordering_cannot_be_moved_once_its_feedback_is_shown(student_client, shipped_sets):
    attempt = start(student_client, key="every-kind")
    Attempt.objects.filter(pk=attempt.pk).update(feedback="each")
    item = attempt.items.get(snapshot__kind="order")
    answer(student_client, attempt, item.position, right_form(item), go="save")
    item.refresh_from_db()
    kept = item.response
    shown = [str(t) for t in range(len(item.option_order))]
    response = student_client.post(
        question_url(attempt, item.position), {"item": shown, "move": "0:1"}
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.response == kept and item.score == 1


# -- finishing, time limits, feedback -----------------------------------------


def test_finishing_twice_scores_once(student_client, every_kind):
    attempt = start(student_client)
    answer(student_client, attempt, 1, right_form(attempt.items.get(position=1)))
    student_client.post(reverse("attempt_finish", args=[attempt.pk]))
    attempt.refresh_from_db()
    first = (attempt.score, attempt.finished_at)
    student_client.post(reverse("attempt_finish", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert (attempt.score, attempt.finished_at) == first


def test_a_submitted_attempt_refuses_answers(student_client, every_kind):
    attempt = start(student_client)
    student_client.post(reverse("attempt_finish", args=[attempt.pk]))
    item = attempt.items.get(position=1)
    response = answer(student_client, attempt, 1, right_form(item))
    assert response["Location"] == reverse("attempt_review", args=[attempt.pk])
    assert not AttemptItem.objects.get(pk=item.pk).is_answered


def test_an_expired_attempt_is_closed_with_what_was_saved(student_client, shipped_sets):
    attempt = start(student_client, "full-test")
    assert attempt.deadline is not None
    item = attempt.items.get(position=1)
    answer(student_client, attempt, 1, right_form(item))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    late = attempt.items.get(position=2)
    response = answer(student_client, attempt, 2, right_form(late))
    assert response["Location"] == reverse("attempt_review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.status == "expired" and attempt.score == 1
    assert not AttemptItem.objects.get(pk=late.pk).is_answered


def test_an_answer_in_the_grace_seconds_is_kept(student_client, shipped_sets):
    attempt = start(student_client, "full-test")
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=2))
    item = attempt.items.get(position=1)
    answer(student_client, attempt, 1, right_form(item))
    assert AttemptItem.objects.get(pk=item.pk).is_answered


def test_feedback_after_each_question_shows_the_explanation_and_locks_it(
    student_client, shipped_sets
):
    attempt = start(student_client, "topic-treaty")
    item = attempt.items.get(position=1)
    response = answer(student_client, attempt, 1, wrong_form(item), go="save", follow=True)
    html = response.content.decode()
    assert item.snapshot["explanation"] in html
    assert "?highlight=" in html
    again = answer(student_client, attempt, 1, right_form(item), go="save")
    assert again.status_code == 400
    assert AttemptItem.objects.get(pk=item.pk).score < 1


def test_no_answer_key_before_feedback_is_due(student_client, every_kind):
    attempt = start(student_client)
    for item in attempt.items.all():
        html = student_client.get(question_url(attempt, item.position)).content.decode()
        assert "is-correct" not in html
        assert item.snapshot["explanation"] not in html
        if item.snapshot["kind"] == "order":
            items = item.snapshot["items"]
            positions = [html.index(f">{text}<") for text in items]
            assert positions != sorted(positions)


# -- the review ---------------------------------------------------------------


def test_the_review_shows_score_answers_and_sources(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(position=1)
    answer(student_client, attempt, 1, wrong_form(item))
    student_client.post(reverse("attempt_finish", args=[attempt.pk]))
    html = student_client.get(reverse("attempt_review", args=[attempt.pk])).content.decode()
    attempt.refresh_from_db()
    assert f'<p class="big-score">{attempt.percent}%</p>' in html
    assert "Дұрыс жауап" in html
    anchor, quote = item.snapshot["source_links"][0]
    assert f"/article/?highlight={anchor}&amp;back=" in html and f"#{anchor}" in html
    assert quote in html


def test_an_open_attempt_has_no_review_yet(student_client, every_kind):
    attempt = start(student_client)
    response = student_client.get(reverse("attempt_review", args=[attempt.pk]))
    assert response["Location"] == question_url(attempt, 1)


# -- whose attempt ------------------------------------------------------------


@pytest.mark.parametrize("route", ["attempt_resume", "attempt_review", "attempt_finish"])
def test_another_pupils_attempt_is_404(client, student, other_student, every_kind, route):
    attempt = attempt_start(
        question_set=every_kind, user=student, visitor_key="", now=timezone.now()
    )
    client.force_login(other_student)
    assert client.get(reverse(route, args=[attempt.pk])).status_code == 404
    assert client.get(question_url(attempt, 1)).status_code == 404
    assert client.post(question_url(attempt, 1), {"answer": "1992"}).status_code == 404


def test_a_visitor_can_try_the_short_quiz_only(client, shipped_sets):
    assert client.post(reverse("quiz_start", args=["full-test"])).status_code == 404
    attempt = start(client, "try-it")
    assert attempt.user is None and attempt.visitor_key
    assert client.get(question_url(attempt, 1)).status_code == 200


def test_another_visitor_cannot_see_a_visitors_attempt(client, shipped_sets):
    from django.test import Client

    attempt = start(client, "try-it")
    assert Client().get(question_url(attempt, 1)).status_code == 404


def test_signing_up_keeps_what_a_visitor_did(client, shipped_sets):
    attempt = start(client, "try-it")
    item = attempt.items.get(position=1)
    answer(client, attempt, 1, wrong_form(item), go="save")
    client.post(reverse("attempt_finish", args=[attempt.pk]))
    response = client.post(
        reverse("signup"),
        {
            "username": "zhanna",
            "password1": "Kokshetau-1992",
            "password2": "Kokshetau-1992",
            "role": "student",
        },
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.user.username == "zhanna" and attempt.visitor_key == ""
    assert ReviewCard.objects.filter(user=attempt.user, question=item.question, box=1).exists()


def test_signup_refuses_a_weak_password_and_changes_nothing(client, db):
    from django.contrib.auth import get_user_model

    response = client.post(
        reverse("signup"),
        {"username": "a", "password1": "123", "password2": "123", "role": "student"},
    )
    assert response.status_code == 200
    assert "error" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_signup_does_not_redirect_elsewhere(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "erlan",
            "password1": "Kokshetau-1992",
            "password2": "Kokshetau-1992",
            "role": "student",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("home")


# -- progress and practice ----------------------------------------------------


def finished_attempt(client, key, form):
    attempt = start(client, key)
    for item in attempt.items.all():
        answer(client, attempt, item.position, form(item), go="save")
    client.post(reverse("attempt_finish", args=[attempt.pk]))
    attempt.refresh_from_db()
    return attempt


def test_progress_shows_attempts_sets_topics_and_misses(student_client, every_kind):
    finished_attempt(student_client, "every-kind", right_form)
    missed = finished_attempt(student_client, "every-kind", wrong_form)
    html = student_client.get(reverse("progress")).content.decode()
    assert "<polyline" in html
    assert "Сұрақ түрлерімен танысу" in html
    assert "<meter" in html
    assert emphasis(missed.items.first().snapshot["prompt"]) in html


def test_missed_questions_are_due_for_practice(student, student_client, every_kind):
    attempt = finished_attempt(student_client, "every-kind", wrong_form)
    due = ReviewCard.objects.filter(user=student, box=1, due__lte=timezone.localdate())
    assert due.count() == attempt.items.count()
    html = student_client.get(reverse("practice")).content.decode()
    assert "8 сұрақ" in html


def test_practice_draws_the_due_questions_and_a_right_answer_moves_them_up(
    student, student_client, every_kind
):
    finished_attempt(student_client, "every-kind", wrong_form)
    response = student_client.post(reverse("practice"))
    practice = Attempt.objects.get(user=student, mode="practice")
    assert response["Location"] == question_url(practice, 1)
    for item in practice.items.all():
        answer(student_client, practice, item.position, right_form(item), go="save")
    student_client.post(reverse("attempt_finish", args=[practice.pk]))
    assert not ReviewCard.objects.filter(user=student, due__lte=timezone.localdate()).exists()
    assert set(ReviewCard.objects.filter(user=student).values_list("box", flat=True)) == {2}


def test_progress_and_practice_need_an_account(client, db):
    assert client.get(reverse("progress"))["Location"].startswith(reverse("login"))
    assert client.get(reverse("practice"))["Location"].startswith(reverse("login"))


# -- with htmx ----------------------------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_with_htmx_saving_swaps_in_the_next_question_and_its_url(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(position=1)
    response = answer(student_client, attempt, 1, right_form(item), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="quiz"' in html
    assert emphasis(attempt.items.get(position=2).snapshot["prompt"]) in html
    assert response["HX-Push-Url"] == question_url(attempt, 2)


def test_with_htmx_moving_an_item_returns_the_rearranged_question(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(snapshot__kind="order")
    shown = [str(t) for t in range(len(item.option_order))]
    response = student_client.post(
        question_url(attempt, item.position), {"item": shown, "move": "0:1"}, **HTMX
    )
    html = response.content.decode()
    first, second = (item.snapshot["items"][i] for i in item.option_order[:2])
    assert html.index(f">{second}<") < html.index(f">{first}<")


def test_with_htmx_feedback_comes_back_in_the_fragment(student_client, shipped_sets):
    attempt = start(student_client, "topic-treaty")
    item = attempt.items.get(position=1)
    response = answer(student_client, attempt, 1, right_form(item), go="save", **HTMX)
    html = response.content.decode()
    assert "Дұрыс" in html and item.snapshot["explanation"] in html
    assert "сақталды" not in html  # the verdict speaks; no "saved" line above it


def test_with_htmx_finishing_redirects_the_whole_page(student_client, every_kind):
    attempt = start(student_client)
    item = attempt.items.get(position=8)
    response = answer(student_client, attempt, 8, right_form(item), go="finish", **HTMX)
    assert response["HX-Redirect"] == reverse("attempt_finish", args=[attempt.pk])


def test_extra_time_lengthens_the_limit_for_that_pupil_only(student, other_student, shipped_sets):
    from quizzes.models import Profile

    Profile.objects.filter(user=student).update(extra_time_percent=50)
    full = QuestionSet.objects.get(key="full-test")
    now = timezone.now()
    mine = attempt_start(question_set=full, user=student, visitor_key="", now=now)
    theirs = attempt_start(question_set=full, user=other_student, visitor_key="", now=now)
    assert mine.deadline - now == timedelta(seconds=1800)
    assert theirs.deadline - now == timedelta(seconds=1200)


def test_login_and_logout(client, student):
    response = client.post(reverse("login"), {"username": "aruzhan", "password": "pass-word-123"})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("progress")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("progress")).status_code == 302


def test_a_wrong_password_is_refused_with_a_kazakh_message(client, student):
    response = client.post(reverse("login"), {"username": "aruzhan", "password": "wrong"})
    assert response.status_code == 200
    assert "Дұрыс пайдаланушы аты мен құпиясөзді енгізіңіз" in response.content.decode()


def test_password_change(student_client, student):
    response = student_client.post(
        reverse("password_change"),
        {
            "old_password": "pass-word-123",
            "new_password1": "Taraz-2007-oct",
            "new_password2": "Taraz-2007-oct",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    student.refresh_from_db()
    assert student.check_password("Taraz-2007-oct")
