"""A pupil's whole path in headless Chromium, in Kazakh, at phone and desktop
width, with JavaScript (htmx swaps) and without it (plain forms)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.core.emphasis import strip_emphasis
from quizzes.models import Attempt
from tests.browser import (
    VIEWPORTS,
    answer_right,
    answer_wrong,
    save_and_continue,
    settle,
    shoot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page, username="aigerim") -> None:
    page.goto(page.base + "/")
    page.get_by_role("link", name="Тіркелу").click()
    page.get_by_label("Пайдаланушы аты").fill(username)
    page.get_by_label("Құпиясөз", exact=True).fill("Kokshetau-1992")
    page.get_by_label("Құпиясөзді растау").fill("Kokshetau-1992")
    shoot(page, "signup")
    page.get_by_role("button", name="Тіркелу").click()
    page.wait_for_url(page.base + "/")


def start_quiz(page, title: str) -> Attempt:
    page.get_by_role("link", name="Тесттер").first.click()
    page.get_by_role("button", name=re.compile(f"^Бастау\\s*: {title}$")).click()
    page.wait_for_url(re.compile(r"/attempt/\d+/q/1/"))
    return Attempt.objects.latest("started_at")


def take_whole_attempt(page, attempt: Attempt, *, prefix: str) -> None:
    for item in attempt.items.order_by("position"):
        page.wait_for_selector(f"text={strip_emphasis(item.snapshot['prompt'])}")
        answer_right(page, item)
        shoot(page, f"{prefix}-{item.snapshot['kind']}")
        save_and_continue(page)


def test_a_pupil_signs_up_and_takes_a_quiz_with_every_kind(page):
    sign_up(page)
    attempt = start_quiz(page, "Сұрақ түрлерімен танысу")
    url_before = page.url
    take_whole_attempt(page, attempt, prefix="question")
    # The questions came one by one without a page load (htmx), each with its address.
    assert url_before.endswith("/q/1/")
    page.wait_for_url("**/finish/")
    shoot(page, "finish")
    page.get_by_role("button", name="Тапсырып, нәтижені көру").click()
    page.wait_for_url("**/review/")
    assert page.locator(".big-score").inner_text() == "100%"
    shoot(page, "review")
    attempt.refresh_from_db()
    assert attempt.score == 8


def test_a_saved_answer_is_announced_and_the_swap_keeps_the_page(page):
    sign_up(page)
    attempt = start_quiz(page, "Сұрақ түрлерімен танысу")
    page.evaluate("window.__same_page = true")
    answer_right(page, attempt.items.get(position=1))
    save_and_continue(page)
    assert page.get_by_role("status").inner_text().strip().endswith("1-сұрақтың жауабы сақталды.")
    assert page.evaluate("window.__same_page") is True  # no full reload
    assert page.url.endswith(f"/attempt/{attempt.pk}/q/2/")


def test_an_attempt_resumes_after_a_reload_with_its_answers(page):
    sign_up(page)
    attempt = start_quiz(page, "Сұрақ түрлерімен танысу")
    first, second = attempt.items.order_by("position")[:2]
    answer_right(page, first)
    save_and_continue(page)
    page.reload()
    shown = strip_emphasis(second.snapshot["prompt"])
    assert page.get_by_role("heading", level=1).inner_text() == shown
    page.goto(page.base + f"/attempt/{attempt.pk}/q/1/")
    shown = strip_emphasis(first.snapshot["prompt"])
    assert page.get_by_role("heading", level=1).inner_text() == shown
    assert "is-answered" in page.locator(".question-map a").first.get_attribute("class")
    # Another device: the resume link opens the first unanswered question.
    page.goto(page.base + f"/attempt/{attempt.pk}/")
    assert page.url.endswith(f"/attempt/{attempt.pk}/q/2/")


def test_a_timed_out_attempt_is_closed_with_what_was_saved(page):
    sign_up(page)
    attempt = start_quiz(page, "Толық тест")
    assert page.locator(".timer").is_visible()
    answer_right(page, attempt.items.get(position=1))
    save_and_continue(page)
    # Bring the deadline close, then let the countdown run out in the page.
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=3))
    page.reload()
    page.wait_for_function(
        "document.querySelector('[data-timer-alert]').textContent.includes('минут')"
    )
    page.wait_for_url("**/review/", timeout=20_000)
    assert "Уақыт бітті" in page.locator(".notice").inner_text()
    shoot(page, "review-expired")
    attempt.refresh_from_db()
    assert attempt.status == "expired" and attempt.score == 1


def test_the_review_links_to_the_highlighted_source_sentence(page):
    sign_up(page)
    attempt = start_quiz(page, "Сұрақ түрлерімен танысу")
    page.goto(page.base + f"/attempt/{attempt.pk}/finish/")
    page.get_by_role("button", name="Тапсырып, нәтижені көру").click()
    page.wait_for_url("**/review/")
    assert page.locator(".big-score").inner_text() == "0%"
    anchor, quote = attempt.items.get(position=1).snapshot["source_links"][0]
    page.get_by_role("link", name="Мақаладан оқу").first.click()
    page.wait_for_url(re.compile(rf"/article/\?highlight={anchor}&back=[^#]+#{anchor}$"))
    mark = page.locator(f"mark#{anchor}")
    assert quote in mark.inner_text()
    box = mark.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    shoot(page, "review-source")


def test_progress_and_practice_after_a_poor_attempt(page):
    sign_up(page)
    attempt = start_quiz(page, "Сұрақ түрлерімен танысу")
    page.goto(page.base + f"/attempt/{attempt.pk}/finish/")
    page.get_by_role("button", name="Тапсырып, нәтижені көру").click()
    page.wait_for_url("**/review/")
    page.get_by_role("link", name="Менің үлгерімім").first.click()
    assert page.locator("svg.chart circle").count() == 1
    assert page.get_by_role("row", name="Сұрақ түрлерімен танысу (1 талпыныс) 0% 0%").is_visible()
    shoot(page, "progress")
    # Unanswered questions say nothing about memory: nothing is due yet.
    page.get_by_role("link", name="Жаттығу").first.click()
    assert "0 сұрақ" in page.locator(".due-count").inner_text()

    second = start_quiz(page, "Қысқа сынақ тест")
    for item in second.items.order_by("position"):
        if item.snapshot["kind"] != "order":
            page.locator("#quiz form").get_by_role("button", name="Жауапты тексеру").click()
            settle(page)  # checking with no answer saves nothing and says so
            assert (
                page.get_by_role("alert").inner_text() == "Алдымен жауапты таңдаңыз немесе жазыңыз."
            )
        (answer_right if item.position % 2 else answer_wrong)(page, item)
        page.locator("#quiz form").get_by_role("button", name="Жауапты тексеру").click()
        settle(page)
        assert page.locator(".feedback .explanation").inner_text() == item.snapshot["explanation"]
        shoot(page, "feedback")
        link = page.locator("#quiz .quiz-nav a.button")
        link.click()
        settle(page)
    page.get_by_role("button", name="Тапсырып, нәтижені көру").click()
    page.wait_for_url("**/review/")
    second.refresh_from_db()
    missed = second.items.filter(score__lt=1).count()
    page.goto(page.base + "/practice/")
    assert f"{missed} сұрақ" in page.locator(".due-count").inner_text()
    shoot(page, "practice")
    if missed:
        page.get_by_role("button", name="Жаттығуды бастау").click()
        page.wait_for_url(re.compile(r"/attempt/\d+/q/1/"))
        practice = Attempt.objects.get(mode="practice")
        assert practice.items.count() == missed


def test_the_same_attempt_works_without_javascript(browser, live_server, shipped_sets):
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.viewport_name = "phone-nojs"
    page.base = live_server.url
    sign_up(page, "nurlan")
    attempt = start_quiz(page, "Сұрақ түрлерімен танысу")
    take_whole_attempt(page, attempt, prefix="nojs-question")
    page.wait_for_url("**/finish/")
    page.get_by_role("button", name="Тапсырып, нәтижені көру").click()
    page.wait_for_url("**/review/")
    assert page.locator(".big-score").inner_text() == "100%"
    shoot(page, "nojs-review")
    context.close()


def test_a_visitor_tries_the_short_quiz_and_keeps_it_by_signing_up(page):
    page.goto(page.base + "/quiz/")
    assert page.get_by_role("button", name=re.compile("Бастау")).count() == 1
    page.get_by_role("button", name=re.compile("^Бастау\\s*: Қысқа сынақ тест$")).click()
    page.wait_for_url(re.compile(r"/attempt/\d+/q/1/"))
    attempt = Attempt.objects.latest("started_at")
    page.goto(page.base + f"/attempt/{attempt.pk}/finish/")
    page.get_by_role("button", name="Тапсырып, нәтижені көру").click()
    page.wait_for_url("**/review/")
    page.get_by_role("link", name="Нәтижені сақтау үшін тіркеліңіз").click()
    page.get_by_label("Пайдаланушы аты").fill("saule")
    page.get_by_label("Құпиясөз", exact=True).fill("Kokshetau-1992")
    page.get_by_label("Құпиясөзді растау").fill("Kokshetau-1992")
    page.get_by_role("button", name="Тіркелу").click()
    page.wait_for_url(f"**/attempt/{attempt.pk}/review/")
    attempt.refresh_from_db()
    assert attempt.user.username == "saule"
