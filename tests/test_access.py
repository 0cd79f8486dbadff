"""Every route that shows or changes an object, tried by the wrong people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.models import (
    Assignment,
    Extension,
    Membership,
    Question,
    QuestionSet,
    SetPool,
    SigninCard,
)
from quizzes.services.authoring import set_add_question
from quizzes.services.classrooms import classroom_create
from tests.conftest import make_user


@pytest.fixture
def world(shipped_sets):
    """A teacher's classroom, set, question, assignment and extension, and the
    people who must not reach them."""
    owner = make_user("owner", role="teacher")
    pupil = make_user("pupil")
    classroom = classroom_create(teacher=owner, name="Сынып")
    Membership.objects.create(classroom=classroom, student=pupil, nickname="Оқушы")
    question_set = QuestionSet.objects.create(key="t-own", title="Өз жинағым", owner=owner)
    question = Question.objects.create(
        key="t-own-q",
        kind="year",
        topic="treaty",
        difficulty=1,
        prompt="Қай жылы?",
        explanation="Түсіндірме.",
        answer={"answer": 1992},
        owner=owner,
    )
    set_add_question(question_set=question_set, question=question)
    pool = SetPool.objects.create(question_set=question_set, count=1)
    assignment = Assignment.objects.create(
        classroom=classroom,
        question_set=question_set,
        opens_at=timezone.now() - timedelta(hours=1),
    )
    extension = Extension.objects.create(assignment=assignment, student=pupil, extra_minutes=5)
    return {
        "classroom": classroom,
        "pupil": pupil,
        "set": question_set,
        "item": question_set.fixed_questions.get(),
        "question": question,
        "pool": pool,
        "assignment": assignment,
        "extension": extension,
    }


def teacher_routes(w):
    c, s, a = w["classroom"].pk, w["set"].pk, w["assignment"].pk
    return [
        ("get", reverse("teacher_classroom", args=[c])),
        ("post", reverse("teacher_regenerate", args=[c])),
        ("post", reverse("teacher_remove_member", args=[c, w["pupil"].pk])),
        ("post", reverse("teacher_board", args=[c])),
        ("get", reverse("teacher_cards", args=[c])),
        ("post", reverse("teacher_cards_issue", args=[c])),
        ("post", reverse("teacher_card_issue", args=[c, w["pupil"].pk])),
        ("get", reverse("teacher_pupils_add", args=[c])),
        ("post", reverse("teacher_pupils_add", args=[c])),
        ("get", reverse("teacher_assign", args=[c])),
        ("get", reverse("teacher_assignment", args=[a])),
        ("get", reverse("teacher_csv", args=[a])),
        ("post", reverse("teacher_extension_delete", args=[a, w["extension"].pk])),
        ("get", reverse("teacher_set", args=[s])),
        ("post", reverse("teacher_set_add", args=[s])),
        ("post", reverse("teacher_set_remove", args=[s, w["item"].pk])),
        ("post", reverse("teacher_pool_add", args=[s])),
        ("post", reverse("teacher_pool_remove", args=[s, w["pool"].pk])),
        ("get", reverse("teacher_set_export", args=[s])),
        ("post", reverse("teacher_set_import", args=[s])),
        ("get", reverse("teacher_question_edit", args=[w["question"].pk])),
        ("post", reverse("teacher_assignment_edit", args=[a])),
        ("post", reverse("teacher_assignment_withdraw", args=[a])),
        ("post", reverse("teacher_assignment_restore", args=[a])),
        ("post", reverse("teacher_classroom_edit", args=[c])),
        ("post", reverse("teacher_classroom_withdraw", args=[c])),
        ("post", reverse("teacher_classroom_restore", args=[c])),
        ("post", reverse("teacher_set_withdraw", args=[s])),
        ("post", reverse("teacher_set_restore", args=[s])),
        ("post", reverse("teacher_question_withdraw", args=[w["question"].pk])),
    ]


def snapshot(w):
    w["classroom"].refresh_from_db()
    return (
        w["classroom"].join_code,
        w["classroom"].leaderboard_visible,
        Membership.objects.count(),
        Extension.objects.count(),
        SetPool.objects.count(),
        w["set"].fixed_questions.count(),
        w["classroom"].name,
        w["classroom"].archived_at,
        Assignment.objects.filter(archived_at=None).count(),
        QuestionSet.objects.filter(archived_at=None).count(),
        Question.objects.filter(archived_at=None).count(),
        list(SigninCard.objects.values_list("link_digest", flat=True)),
        get_user_model().objects.count(),
    )


def test_another_teacher_gets_404_everywhere_and_changes_nothing(world):
    intruder = Client()
    intruder.force_login(make_user("intruder", role="teacher"))
    before = snapshot(world)
    for method, url in teacher_routes(world):
        response = getattr(intruder, method)(
            url,
            {"visible": "0", "count": 2, "question": world["question"].pk, "names": "Бөтен"},
        )
        assert response.status_code == 404, (method, url)
    assert snapshot(world) == before


def test_a_pupil_gets_403_on_every_teacher_route(world):
    pupil = Client()
    pupil.force_login(world["pupil"])
    before = snapshot(world)
    for method, url in teacher_routes(world) + [("get", reverse("teacher_dashboard"))]:
        assert getattr(pupil, method)(url).status_code == 403, (method, url)
    assert snapshot(world) == before


def test_a_visitor_is_sent_to_log_in(world):
    visitor = Client()
    for method, url in teacher_routes(world):
        response = getattr(visitor, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_someone_outside_the_class_gets_404_on_its_pages(world):
    outsider = Client()
    outsider.force_login(make_user("outsider"))
    for method, url in [
        ("get", reverse("classroom_boards", args=[world["classroom"].pk])),
        ("get", reverse("assignment_board", args=[world["assignment"].pk])),
        ("post", reverse("assignment_start", args=[world["assignment"].pk])),
    ]:
        assert getattr(outsider, method)(url).status_code == 404, url


def test_a_teacher_cannot_add_another_teachers_question_to_a_set(world, client):
    other = make_user("other", role="teacher")
    mine = QuestionSet.objects.create(key="t-mine", title="Менікі", owner=other)
    client.force_login(other)
    response = client.post(
        reverse("teacher_set_add", args=[mine.pk]), {"question": world["question"].pk}
    )
    assert response.status_code == 404
    assert not mine.fixed_questions.exists()


def test_a_teacher_cannot_assign_another_teachers_set(world, client):
    other = make_user("other", role="teacher")
    classroom = classroom_create(teacher=other, name="Басқа")
    client.force_login(other)
    response = client.post(
        reverse("teacher_assign", args=[classroom.pk]),
        {
            "question_set": world["set"].pk,
            "opens_at": "2026-11-25T08:00",
            "attempts_allowed": 1,
            "grading": "highest",
            "feedback": "end",
        },
    )
    assert response.status_code == 200 and not classroom.assignments.exists()


def test_teacher_written_text_is_escaped(world, client):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    Question.objects.filter(pk=world["question"].pk).update(prompt=payload)
    world["classroom"].name = payload
    world["classroom"].save()
    Membership.objects.filter(student=world["pupil"]).update(nickname=payload[:40])
    client.force_login(world["classroom"].teacher)
    for url in [
        reverse("teacher_classroom", args=[world["classroom"].pk]),
        reverse("teacher_set", args=[world["set"].pk]),
        reverse("classroom_boards", args=[world["classroom"].pk]),
        reverse("teacher_cards", args=[world["classroom"].pk]),
    ]:
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html, url
    printed = client.post(
        reverse("teacher_cards_issue", args=[world["classroom"].pk]), {"which": "all"}
    )
    html = printed.content.decode()
    assert printed.status_code == 200
    assert "<script>alert(1)" not in html and "<img src=x" not in html
