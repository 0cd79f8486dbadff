"""The rules of an attempt as pupils meet them: the holes found by attacking
the app (answers before they are due, more attempts than allowed) and the
defects found by using it."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from quizzes.core.grading import key_response
from quizzes.core.responses import parse_form
from quizzes.core.rules import GRACE
from quizzes.models import Assignment, Attempt, AttemptItem, Extension, QuestionSet, ReviewCard
from quizzes.selectors.classrooms import assignments_for_student
from quizzes.services.assignments import assignment_start, extension_set
from quizzes.services.attempts import (
    AttemptClosed,
    attempt_answer,
    attempt_finish,
    attempt_start,
    practice_start,
)
from quizzes.templatetags.quiz_text import emphasis
from tests.answers import form_for, wrong_form


def _after_due(assignment, **changes):
    Assignment.objects.filter(pk=assignment.pk).update(feedback="after_due", **changes)
    assignment.refresh_from_db()
    return assignment


def _answered_wrong(student, assignment):
    """An attempt with every question answered wrong, then submitted."""
    attempt = assignment_start(assignment=assignment, student=student, now=timezone.now())
    for item in attempt.items.all():
        lists = {k: v if isinstance(v, list) else [v] for k, v in wrong_form(item).items()}
        response = parse_form(item.snapshot["kind"], item.snapshot, item.option_order, lists)
        attempt_answer(attempt=attempt, item=item, response=response, now=timezone.now())
    return attempt_finish(attempt=attempt, now=timezone.now())


# -- 1. practice before the due date ------------------------------------------------


def test_practice_keeps_an_after_due_assignments_questions_until_the_due_date(
    student_client, student, member, assignment
):
    _after_due(assignment)
    attempt = _answered_wrong(student, assignment)
    assert ReviewCard.objects.filter(user=student, box=1).count() == 8  # scheduled all the same
    assert practice_start(user=student, now=timezone.now()) is None
    page = student_client.get(reverse("practice")).content.decode()
    assert "0" in page and not Attempt.objects.filter(mode="practice").exists()
    response = student_client.post(reverse("practice"))
    assert response.status_code == 200 and not Attempt.objects.filter(mode="practice").exists()

    later = assignment.due_at + timedelta(minutes=1)
    practice = practice_start(user=student, now=later)
    asked = set(practice.items.values_list("question_id", flat=True))
    assert asked == set(attempt.items.values_list("question_id", flat=True))


def test_an_extension_keeps_the_questions_back_until_the_pupils_own_due_date(
    student, member, assignment
):
    _after_due(assignment)
    Extension.objects.create(
        assignment=assignment, student=student, due_at=assignment.due_at + timedelta(days=3)
    )
    _answered_wrong(student, assignment)
    assert practice_start(user=student, now=assignment.due_at + timedelta(days=1)) is None
    assert practice_start(user=student, now=assignment.due_at + timedelta(days=4))


def test_practice_never_shows_an_open_assignment_attempts_questions(student, member, assignment):
    """A question missed elsewhere and due today waits while an assignment
    that asks it is under way: practice would show its answer."""
    attempt = assignment_start(assignment=assignment, student=student, now=timezone.now())
    for item in attempt.items.all():
        ReviewCard.objects.create(
            user=student,
            question_id=item.question_id,
            box=1,
            due=timezone.localdate(),
            reviewed_at=timezone.now(),
        )
    assert practice_start(user=student, now=timezone.now()) is None


# -- 2. progress before the due date ------------------------------------------------


def test_progress_does_not_show_what_was_missed_before_the_due_date(
    student_client, student, member, assignment
):
    _after_due(assignment)
    attempt = _answered_wrong(student, assignment)
    prompts = list(attempt.items.values_list("snapshot__prompt", flat=True))
    html = student_client.get(reverse("progress")).content.decode()
    assert not any(emphasis(prompt) in html for prompt in prompts)

    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    html = student_client.get(reverse("progress")).content.decode()
    assert any(emphasis(prompt) in html for prompt in prompts)


def test_progress_does_not_show_answers_of_an_attempt_still_under_way(
    student_client, student, shipped_sets
):
    """Feedback at the end means at the end: not on the progress page before."""
    question_set = QuestionSet.objects.get(key="every-kind")
    attempt = attempt_start(
        question_set=question_set, user=student, visitor_key="", now=timezone.now()
    )
    item = attempt.items.get(snapshot__kind="true_false")
    attempt_answer(
        attempt=attempt, item=item, response=not item.snapshot["answer"], now=timezone.now()
    )
    html = student_client.get(reverse("progress")).content.decode()
    assert emphasis(item.snapshot["prompt"]) not in html


# -- 3. the due date closes an untimed attempt --------------------------------------


def test_the_due_date_closes_an_attempt_without_a_time_limit(
    student_client, student, member, assignment
):
    attempt = assignment_start(assignment=assignment, student=student, now=timezone.now())
    assert attempt.deadline == assignment.due_at
    item = attempt.items.get(position=1)
    after = assignment.due_at + GRACE + timedelta(seconds=1)
    with pytest.raises(AttemptClosed):
        attempt_answer(attempt=attempt, item=item, response=0, now=after)
    attempt.refresh_from_db()
    assert attempt.status == "expired" and attempt.finished_at <= assignment.due_at + GRACE
    assert not AttemptItem.objects.filter(attempt=attempt).exclude(answered_at=None).exists()


def test_an_answer_posted_after_the_due_date_is_not_stored(
    student_client, student, member, assignment
):
    attempt = assignment_start(assignment=assignment, student=student, now=timezone.now())
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    item = attempt.items.get(position=1)
    response = student_client.post(
        reverse("attempt_question", args=[attempt.pk, 1]),
        {**form_for(item, key_response(item.snapshot["kind"], item.snapshot)), "go": "next"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("attempt_review", args=[attempt.pk])
    item.refresh_from_db()
    assert item.answered_at is None


def test_a_later_own_due_date_moves_the_deadline_of_an_attempt_under_way(
    student, member, assignment
):
    attempt = assignment_start(assignment=assignment, student=student, now=timezone.now())
    later = assignment.due_at + timedelta(days=2)
    extension_set(assignment=assignment, student=student, extra_minutes=0, due_at=later)
    attempt.refresh_from_db()
    assert attempt.deadline == later


def test_a_timed_attempt_ends_at_the_due_date_when_that_comes_first(student, member, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(
        time_limit=30, due_at=timezone.now() + timedelta(minutes=10)
    )
    assignment.refresh_from_db()
    attempt = assignment_start(assignment=assignment, student=student, now=timezone.now())
    assert attempt.deadline == assignment.due_at


# -- 4. the attempt limit under simultaneous starts --------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_starts_cannot_pass_the_attempt_limit(student, member, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(attempts_allowed=1)
    assignment.refresh_from_db()
    starters, barrier, errors = 20, threading.Barrier(20), []

    def start():
        try:
            barrier.wait()
            assignment_start(assignment=assignment, student=student, now=timezone.now())
        except Exception as error:  # noqa: BLE001 - counted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(starters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Attempt.objects.filter(assignment=assignment, user=student).count() == 1
    assert not errors


# -- defects found by using the app ---------------------------------------------------


def test_a_pupil_with_a_later_own_due_date_is_not_shown_missed(student, member, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assignment.refresh_from_db()
    Extension.objects.create(
        assignment=assignment, student=student, due_at=timezone.now() + timedelta(days=1)
    )
    (status,) = assignments_for_student(student=student, now=timezone.now())
    assert status.state == "open" and status.due > timezone.now()


def test_an_attempt_past_its_deadline_is_not_shown_in_progress(student, member, assignment):
    attempt = assignment_start(assignment=assignment, student=student, now=timezone.now())
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(hours=1))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    (status,) = assignments_for_student(student=student, now=timezone.now())
    assert status.state == "done" and status.open_attempt_id is None


def test_rearranging_a_saved_ordering_stores_and_grades_the_new_order(
    student_client, student, shipped_sets
):
    question_set = QuestionSet.objects.get(key="every-kind")
    attempt = attempt_start(
        question_set=question_set, user=student, visitor_key="", now=timezone.now()
    )
    item = attempt.items.get(snapshot__kind="order")
    count = len(item.option_order)
    key = list(range(count))
    attempt_answer(attempt=attempt, item=item, response=key, now=timezone.now())
    token = {spec: shown for shown, spec in enumerate(item.option_order)}
    shown = [str(token[i]) for i in key]
    response = student_client.post(
        reverse("attempt_question", args=[attempt.pk, item.position]),
        {"item": shown, "move": "0:1", "go": "save"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.response == [1, 0, *range(2, count)]
    assert item.score < 1  # the stored answer is the one shown, graded
