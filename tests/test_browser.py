"""The app as a pupil sees it, in headless Chromium (Debian's, driven by Playwright).

Screenshots of each page at phone and desktop width land in test-artifacts/.
"""

from __future__ import annotations

import pytest

from tests.browser import VIEWPORTS, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pupil_reads_the_home_page_and_opens_the_article(page):
    page.goto(page.base + "/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Ұжымдық қауіпсіздік келісім-шарты және ҰҚШҰ"
    )
    shoot(page, "home")
    page.get_by_role("link", name="Мақаланы оқу").click()
    page.wait_for_url("**/article/")
    assert page.get_by_role("heading", level=1).inner_text() == "Мақала"
    shoot(page, "article")


def test_a_linked_sentence_is_highlighted_and_scrolled_into_view(page):
    page.goto(page.base + "/article/?highlight=p20-s1#p20-s1")
    mark = page.locator("mark#p20-s1")
    assert "ҰҚШҰ-ның хатшылығы" not in mark.inner_text()
    assert mark.inner_text().startswith("Қазақстан Ұжымдық қауіпсіздік шартын")
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    background = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 226, 122)"
    shoot(page, "article-highlight")


def test_the_language_switch_works_without_javascript(browser, live_server, bank):
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Русский").click()
    assert page.get_by_role("link", name="Читать статью").is_visible()
    page.get_by_role("button", name="Қазақ").click()
    assert page.get_by_role("link", name="Мақаланы оқу").is_visible()
    context.close()


def test_the_page_can_be_used_with_the_keyboard(page):
    page.goto(page.base + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Негізгі мазмұнға өту"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
