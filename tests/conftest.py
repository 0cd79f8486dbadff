from __future__ import annotations

import pytest


@pytest.fixture
def article(db):
    """The clean article stored as paragraphs and sentences."""
    from quizzes.services.bank import article_load, read_clean_article

    article_load(paragraphs=read_clean_article())


@pytest.fixture
def bank(article):
    """The whole shipped bank, loaded."""
    from quizzes.services.bank import bank_fixture_questions, bank_load

    return bank_load(questions=bank_fixture_questions())


@pytest.fixture
def shipped_sets(bank):
    from quizzes.services.bank import shipped_sets
    from quizzes.services.sets import shipped_sets_load

    shipped_sets_load(sets=shipped_sets())


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
