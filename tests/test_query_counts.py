"""What one request costs in queries, at a class of 30 and of 300: the same.
(Transaction control statements, BEGIN and COMMIT, are not queries.)"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.models import (
    Assignment,
    AssignmentResult,
    Membership,
    Profile,
    QuestionSet,
    ReviewCard,
)
from quizzes.services.assignments import assignment_start
from quizzes.services.classrooms import classroom_create
from tests.answers import right_form
from tests.conftest import make_user

CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def queries(run) -> int:
    with CaptureQueriesContext(connection) as context:
        response = run()
    assert response.status_code in (200, 302, 304)
    return sum(
        1 for q in context.captured_queries if not q["sql"].lstrip().upper().startswith(CONTROL)
    )


@pytest.fixture(params=[30, 300])
def class_of(request, shipped_sets, client):
    teacher = make_user("teacher", role="teacher")
    classroom = classroom_create(teacher=teacher, name="Сынып")
    assignment = Assignment.objects.create(
        classroom=classroom,
        question_set=QuestionSet.objects.get(key="every-kind"),
        opens_at=timezone.now(),
        attempts_allowed=0,
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"pupil{i}") for i in range(request.param)
    )
    Profile.objects.bulk_create(Profile(user=u) for u in users)
    Membership.objects.bulk_create(
        Membership(classroom=classroom, student=u, nickname=f"Оқушы {i}")
        for i, u in enumerate(users)
    )
    AssignmentResult.objects.bulk_create(
        AssignmentResult(
            assignment=assignment,
            student=u,
            grade=(i % 9) / 8,
            attempts=1,
            achieved_at=timezone.now(),
        )
        for i, u in enumerate(users)
    )
    me = users[-1]
    client.force_login(me)
    attempt = assignment_start(assignment=assignment, student=me, now=timezone.now())
    return {"client": client, "classroom": classroom, "attempt": attempt}


def test_a_question_costs_four_queries(class_of):
    """The user with their profile, the attempt with its set's title, the
    map of answered questions, the items shown: no session row."""
    client, attempt = class_of["client"], class_of["attempt"]
    url = reverse("attempt_question", args=[attempt.pk, 1])
    assert queries(lambda: client.get(url)) == 4
    assert queries(lambda: client.get(url, HTTP_HX_REQUEST="true")) == 4


def test_an_answer_costs_at_most_six_queries(class_of):
    client, attempt = class_of["client"], class_of["attempt"]
    item = attempt.items.get(position=1)
    url = reverse("attempt_question", args=[attempt.pk, 1])
    data = {**right_form(item), "go": "next"}
    assert queries(lambda: client.post(url, data, HTTP_HX_REQUEST="true")) <= 6


def test_an_unchanged_leaderboard_poll_costs_at_most_four_queries(class_of):
    client, classroom = class_of["client"], class_of["classroom"]
    url = reverse("classroom_boards", args=[classroom.pk])
    etag = client.get(url, HTTP_HX_REQUEST="true")["ETag"]
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert queries(lambda: client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag)) <= 3


def test_a_changed_leaderboard_costs_at_most_four_queries_once_computed(class_of):
    """After a change the first pupil to look computes the boards; the rest of
    the class reads them from the shared cache."""
    classroom = class_of["classroom"]
    url = reverse("classroom_boards", args=[classroom.pk])
    first = class_of["client"]
    assert queries(lambda: first.get(url, HTTP_HX_REQUEST="true")) <= 12
    membership = Membership.objects.filter(classroom=classroom).order_by("pk").first()
    classmate = Client()
    classmate.force_login(membership.student)
    assert queries(lambda: classmate.get(url, HTTP_HX_REQUEST="true")) <= 4
    # A classmate finishing changes the version: the boards are computed
    # again, once, and show the new result.
    attempt = assignment_start(
        assignment=class_of["attempt"].assignment, student=membership.student, now=timezone.now()
    )
    for item in attempt.items.all():
        classmate.post(
            reverse("attempt_question", args=[attempt.pk, item.position]),
            {**right_form(item), "go": "save"},
        )
    classmate.post(reverse("attempt_finish", args=[attempt.pk]))
    assert queries(lambda: classmate.get(url, HTTP_HX_REQUEST="true")) <= 12
    assert queries(lambda: first.get(url, HTTP_HX_REQUEST="true")) <= 4
    # The classmate's own row on the assignment's board (the first) shows 100.
    board = classmate.get(url, HTTP_HX_REQUEST="true").content.decode()
    own = re.search(re.escape(membership.nickname) + r' <span class="muted">.*?"num">(\d+)<', board)
    assert own.group(1) == "100"


@pytest.mark.parametrize("key", ["every-kind", "full-test"])
def test_finishing_costs_the_same_for_any_number_of_answers(class_of, key):
    """The review cards of every answered question are written together:
    eight answers or twenty, finishing costs the same."""
    client, me = class_of["client"], class_of["attempt"].user
    assignment = Assignment.objects.create(
        classroom=class_of["classroom"],
        question_set=QuestionSet.objects.get(key=key),
        opens_at=timezone.now(),
        attempts_allowed=0,
    )
    attempt = assignment_start(assignment=assignment, student=me, now=timezone.now())
    for item in attempt.items.order_by("position"):
        url = reverse("attempt_question", args=[attempt.pk, item.position])
        client.post(url, {**right_form(item), "go": "save"})
    answered = attempt.items.exclude(answered_at=None).count()
    assert answered == attempt.items.count() >= 8
    url = reverse("attempt_finish", args=[attempt.pk])
    assert queries(lambda: client.post(url)) <= 14
    assert ReviewCard.objects.filter(user=me).count() >= answered


def test_the_teachers_pages_cost_the_same_for_any_class(class_of, shipped_sets):
    """The report (grid, statistics, heatmap, extension form), the classroom
    with its roster and boards, the dashboard: the same number of queries for
    30 pupils as for 300."""
    from tests.answers import finish_with

    assignment = class_of["attempt"].assignment
    finish_with(class_of["attempt"], 3)
    teacher = Client()
    teacher.force_login(assignment.classroom.teacher)
    pages = {
        reverse("teacher_assignment", args=[assignment.pk]): 13,
        reverse("teacher_classroom", args=[assignment.classroom_id]): 14,
        reverse("teacher_dashboard"): 4,
    }
    for url, most in pages.items():
        assert queries(lambda url=url: teacher.get(url)) <= most, url


@pytest.mark.parametrize("players", [3, 30])
def test_a_live_answer_costs_four_queries_and_reads_one_question(
    players, shipped_sets, monkeypatch
):
    """A class's answers come in a burst: each is the game's state and the
    player's in one query (the current question alone, not all of them
    decoded), the answer, the player's score, and whether anyone still has
    to answer. The form names its game; one without it costs a query more,
    to find the game by its PIN. The phone's stage is drawn from the
    snapshot the event streams already hold."""
    from quizzes.selectors.live import game_snapshot
    from quizzes.services import live
    from tests.live_helpers import right_form as live_right_form

    teacher = make_user("host", role="teacher")
    game = live.host_game(
        host=teacher,
        question_set=QuestionSet.objects.get(key="every-kind"),
        classroom=None,
        mode="speed",
        streak_bonus=False,
        seconds=30,
    ).game
    phones = []
    for i in range(players):
        phone = Client()
        assert phone.post("/play/", {"pin": game.pin, "nickname": f"p{i}"}).status_code == 302
        phones.append(phone)
    live.control(game=game, host=teacher, action="start")
    game.refresh_from_db()
    snapshot = game_snapshot(game.pk)
    monkeypatch.setattr("quizzes.views.live_events.shared_snapshot", lambda game_id: snapshot)
    page = phones[0].get(f"/play/{game.pin}/").content.decode()
    assert f'name="game" value="{game.pk}"' in page
    data = {"index": 0, **live_right_form(game.question())}
    url = f"/play/{game.pin}/answer/"
    for phone, form, expected in ((phones[0], {"game": game.pk}, 4), (phones[1], {}, 5)):
        with CaptureQueriesContext(connection) as context:
            response = phone.post(url, {**data, **form}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        sql = [q["sql"] for q in context.captured_queries]
        assert len([q for q in sql if not q.lstrip().upper().startswith(CONTROL)]) == expected
        assert not any('"quizzes_game"."questions"' in q for q in sql)
