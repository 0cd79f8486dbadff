"""After a live game, in headless Chromium and in Kazakh: the teacher finds
the game from their dashboard and the classroom's page, reads its report and
downloads its CSV by keyboard; a pupil finds it in their progress on a phone,
and practice brings back the question they missed."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.browser import VIEWPORTS, shoot
from tests.test_live_game_results import game_played  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Пайдаланушы аты").fill(username)
    page.get_by_label("Құпиясөз").fill("pass-word-123")
    page.get_by_role("button", name="Кіру").click()
    page.wait_for_load_state()


def test_the_teacher_reads_the_report_and_the_pupil_practises_what_they_missed(
    browser,
    live_server,
    game_played,  # noqa: F811
    teacher,
    student,
):
    game = game_played["game"]
    title = game.question_set.title
    desk = browser.new_context(viewport=VIEWPORTS["desktop"], locale="ru-RU", accept_downloads=True)
    host = desk.new_page()
    base = live_server.url
    log_in(host, base, teacher.username)
    host.goto(base + "/teach/")
    assert host.get_by_role("heading", name="Соңғы тікелей ойындар").is_visible()
    host.get_by_role("link", name="9 «Ә» сынып").click()
    section = host.locator("section", has=host.get_by_role("heading", name="Тікелей ойындар"))
    assert title in section.inner_text()
    section.get_by_role("link", name=re.compile("^Есеп")).click()
    host.wait_for_load_state()
    assert host.get_by_role("heading", level=1).inner_text().startswith("Тікелей ойын есебі")
    players = host.locator("section", has=host.get_by_role("heading", name="Ойыншылар", exact=True))
    ranking = players.locator("tbody tr")
    assert ranking.count() == 3
    assert ranking.first.inner_text().split("\t")[:2] == ["1", "Қонақ"]
    assert host.locator(".stat-card").count() == 2
    shoot(host, "live-report")
    # The CSV by keyboard: its link takes the focus and Enter downloads it.
    link = host.get_by_role("link", name="Нәтижелер (CSV)")
    link.focus()
    with host.expect_download() as download:
        host.keyboard.press("Enter")
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["nickname", "username", "place"]
    assert len(rows) == 1 + 3 * 2
    assert {row[0] for row in rows[1:]} == {"Қонақ", "Аружан Т.", "Дәурен"}
    desk.close()

    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="ru-RU")
    pupil = phone.new_page()
    log_in(pupil, base, student.username)
    pupil.goto(base + "/progress/")
    games = pupil.locator("section", has=pupil.get_by_role("heading", name="Тікелей ойындар"))
    row = games.locator("tbody tr").first.inner_text()
    assert title in row and "3 ішінен 2" in row and "1 / 2" in row
    shoot(pupil, "live-progress")
    # The page fits the phone: nothing wider than the screen.
    assert pupil.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    pupil.goto(base + "/practice/")
    pupil.get_by_role("button", name="Жаттығуды бастау").click()
    pupil.wait_for_load_state()
    missed = game.questions[1]["snapshot"]["prompt"].replace("**", "")
    assert missed[:40] in pupil.locator("main").inner_text()
    phone.close()
