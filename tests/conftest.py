from __future__ import annotations

import pytest

# The article, the bank and the shipped sets are loaded once per session
# through the app's own services; each later test gets the same rows back with
# a few bulk inserts (a transactional test's flush removes them again).
_LOADED: dict[str, list[tuple[type, list[dict]]]] = {}


def _load_once(name: str, models: list[type], load) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    if name in _LOADED:
        for model, rows in _LOADED[name]:
            model.objects.bulk_create(model(**row) for row in rows)
        with connection.cursor() as cursor:  # PostgreSQL's sequences follow the ids
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        return
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in models}
    load()
    _LOADED[name] = [
        (model, list(model.objects.exclude(pk__in=before[model]).order_by("pk").values()))
        for model in models
    ]


@pytest.fixture
def article(db):
    """The clean article stored as paragraphs and sentences."""
    from quizzes.models import Paragraph, Sentence
    from quizzes.services.bank import article_load, read_clean_article

    _load_once(
        "article", [Paragraph, Sentence], lambda: article_load(paragraphs=read_clean_article())
    )


@pytest.fixture
def bank(article):
    """The whole shipped bank, loaded."""
    from quizzes.models import Question
    from quizzes.services.bank import bank_fixture_questions, bank_load

    _load_once(
        "bank",
        [Question, Question.sources.through, Question.enemies.through],
        lambda: bank_load(questions=bank_fixture_questions()),
    )


@pytest.fixture
def shipped_sets(bank):
    from quizzes.models import QuestionSet, SetPool
    from quizzes.services.bank import shipped_sets
    from quizzes.services.sets import shipped_sets_load

    _load_once("sets", [QuestionSet, SetPool], lambda: shipped_sets_load(sets=shipped_sets()))


def make_user(username: str, role: str = "student"):
    from django.contrib.auth import get_user_model

    from quizzes.models import Profile

    user = get_user_model().objects.create_user(username=username, password="pass-word-123")
    Profile.objects.create(user=user, role=role)
    return user


@pytest.fixture
def student(db):
    return make_user("aruzhan")


@pytest.fixture
def other_student(db):
    return make_user("dauren")


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(params=["phone", "desktop"])
def page(request, browser, live_server, shipped_sets):
    """A fresh browser tab at phone or desktop width. The browser asks for
    Russian, as many phones in Kazakhstan do: the app must still speak Kazakh."""
    from tests.browser import VIEWPORTS

    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="ru-RU")
    page = context.new_page()
    page.viewport_name = request.param
    page.base = live_server.url
    yield page
    context.close()


# -- a teacher's classroom with an assignment ------------------------------------


@pytest.fixture
def teacher(db):
    return make_user("gulnara", role="teacher")


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def classroom(teacher):
    from quizzes.services.classrooms import classroom_create

    return classroom_create(teacher=teacher, name="9 «Ә» сынып")


@pytest.fixture
def member(student, classroom):
    from quizzes.models import Membership

    return Membership.objects.create(classroom=classroom, student=student, nickname="Аружан Т.")


@pytest.fixture
def assignment(classroom, shipped_sets):
    """The every-kind set, open since an hour, due in two days, two attempts."""
    from datetime import timedelta

    from django.utils import timezone

    from quizzes.models import Assignment, QuestionSet

    return Assignment.objects.create(
        classroom=classroom,
        question_set=QuestionSet.objects.get(key="every-kind"),
        opens_at=timezone.now() - timedelta(hours=1),
        due_at=timezone.now() + timedelta(days=2),
        attempts_allowed=2,
    )
