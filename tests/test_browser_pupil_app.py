"""A pupil's app worth opening, seen in headless Chromium at 360×740 in
Kazakh: every kind of question and its main button on the first screen,
with JavaScript and without; unfinished work found again; results and
progress that speak."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quizzes.models import QuestionSet
from quizzes.services.attempts import attempt_start
from tests.browser import VIEWPORTS, launch_context, shoot
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = VIEWPORTS["phone"]


def _logged_in_page(browser, live_server, *, javascript: bool, name: str):
    from django.contrib.auth import get_user_model

    pupil = make_user(name)
    pupil.set_password("Kokshetau-1992")
    pupil.save()
    context = launch_context(browser, viewport=PHONE, javascript=javascript)
    page = context.new_page()
    page.viewport_name = "phone-js" if javascript else "phone-nojs"
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Пайдаланушы аты").fill(name)
    page.get_by_label("Құпиясөз").fill("Kokshetau-1992")
    page.get_by_role("button", name="Кіру").click()
    page.wait_for_url(live_server.url + "/")
    return page, get_user_model().objects.get(username=name)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_kind_and_its_main_button_fit_the_first_screen(
    browser, live_server, shipped_sets, javascript
):
    page, pupil = _logged_in_page(
        browser, live_server, javascript=javascript, name=f"screen{int(javascript)}"
    )
    attempt = attempt_start(
        question_set=QuestionSet.objects.get(key="every-kind"),
        user=pupil,
        visitor_key="",
        now=timezone.now(),
    )
    for item in attempt.items.order_by("position"):
        page.goto(live_server.url + f"/attempt/{attempt.pk}/q/{item.position}/")
        prompt = page.locator("#q-title").bounding_box()
        main = page.locator(".quiz-nav .button").last
        button = main.bounding_box()
        kind = item.snapshot["kind"]
        shoot(page, f"first-screen-{kind}")
        assert prompt["y"] >= 0 and prompt["y"] + prompt["height"] <= PHONE["height"], kind
        assert button["y"] + button["height"] <= PHONE["height"], (kind, button)
        # The header is one line: the set's name and the menu.
        assert page.locator(".quiz-bar").bounding_box()["height"] <= 64
    page.context.close()


def test_the_menu_holds_the_site_and_the_language_switch(browser, live_server, shipped_sets):
    page, pupil = _logged_in_page(browser, live_server, javascript=False, name="menu")
    attempt = attempt_start(
        question_set=QuestionSet.objects.get(key="every-kind"),
        user=pupil,
        visitor_key="",
        now=timezone.now(),
    )
    page.goto(live_server.url + f"/attempt/{attempt.pk}/q/1/")
    assert not page.get_by_role("link", name="Тесттер").is_visible()
    page.locator(".quiz-menu > summary").click()
    assert page.get_by_role("link", name="Тесттер").is_visible()
    page.locator(".quiz-menu-panel").get_by_role("button", name="Русский").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    shoot(page, "quiz-menu")
    page.context.close()
