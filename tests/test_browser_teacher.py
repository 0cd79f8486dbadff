"""A teacher's whole path in headless Chromium, in Kazakh: a classroom, a set
written with every kind, an assignment, two pupils joining and taking it
while the leaderboard updates, then the reports and the CSV of grades."""

from __future__ import annotations

import csv
import io
import re

import pytest

from quizzes.core.emphasis import strip_emphasis
from quizzes.models import Attempt, Classroom, QuestionSet
from tests.browser import VIEWPORTS, answer_right, save_and_continue, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One question of every kind, typed as a teacher would into the form.
# Eight questions none of which gives another's answer away, so that every
# attempt holds all of them.
QUESTIONS = [
    ("single", "Ұжымдық қауіпсіздік келісім-шарты қай қалада қабылданды?",
     {"Жауап нұсқалары": "* Ташкент\nМинск\nКиев\nМәскеу"}),
    ("multiple", "Келісім-шартты алғаш қабылдаған мемлекеттерді белгілеңіз.",
     {"Жауап нұсқалары": "* Армения\n* Қазақстан\nУкраина\nГрузия"}),
    ("true_false", "Келісім-шартқа Украина қосылды. Бұл тұжырым дұрыс па?", {"Жауап": "false"}),
    ("year", "ТМД Жарғысы қай жылы қабылданды?", {"Жауап": "1993"}),
    ("date", "Ұжымдық қауіпсіздік келісім-шарты қай күні қабылданды?", {"Жауап": "1992-05-15"}),
    ("text", "ТМД-ның құқықтық негізі қаланған қаланы жазыңыз.",
     {"Жауап": "Алматы", "Бұлар да қабылданады": "Алматы қаласы"}),
    ("order", "Оқиғаларды ретімен орналастырыңыз.",
     {"Элементтер немесе жұптар": "Беловеж келісімі\nКелісім-шарттың қабылдануы\nТМД Жарғысы"}),
    ("match", "Бапты мазмұнымен сәйкестендіріңіз.",
     {"Элементтер немесе жұптар": "2-бап = кеңесу\n4-бап = агрессия\n6-бап = ядролық қару"}),
]  # fmt: skip


def sign_up(page, username: str, *, teacher: bool = False) -> None:
    page.goto(page.base + "/accounts/signup/")
    page.get_by_label("Пайдаланушы аты").fill(username)
    page.get_by_label("Құпиясөз", exact=True).fill("Kokshetau-1992")
    page.get_by_label("Құпиясөзді растау").fill("Kokshetau-1992")
    if teacher:
        page.get_by_label("Мұғалім").check()
    page.get_by_role("button", name="Тіркелу").click()
    page.wait_for_url("**/progress/")


def write_question(
    page, set_url: str, kind: str, prompt: str, fields: dict, *, preview: bool
) -> None:
    page.goto(set_url)
    page.get_by_role("link", name="Сұрақ жазу").click()
    page.get_by_label("Түрі").select_option(kind)
    page.get_by_label("Тақырып").select_option("treaty")
    page.get_by_label("Сұрақ", exact=True).fill(prompt)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Түсіндірме").fill("Мақалада осылай айтылады.")
    if preview:
        page.get_by_role("button", name="Алдын ала қарау").click()
        assert page.locator(".preview-frame h1").inner_text() == prompt
        shoot(page, f"teacher-preview-{kind}")
    page.get_by_role("button", name="Сақтау").click()
    page.wait_for_url(set_url)


def test_a_teacher_runs_a_class_from_set_to_report(browser, live_server, shipped_sets):
    contexts = []

    def new_page(name: str, viewport: str = "desktop"):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport], locale="ru-RU", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.base = live_server.url
        page.viewport_name = viewport
        return page

    teacher = new_page("teacher")
    sign_up(teacher, "gulnara", teacher=True)
    teacher.get_by_role("link", name="Оқыту").first.click()
    teacher.get_by_label("Атауы").fill("9 «Ә» сынып")
    teacher.get_by_role("button", name="Сынып құру").click()
    teacher.wait_for_url(re.compile(r"/teach/class/\d+/"))
    code = teacher.locator(".join-code").inner_text()
    classroom = Classroom.objects.get()
    assert code.replace("-", "") == classroom.join_code
    shoot(teacher, "teacher-classroom")

    teacher.goto(live_server.url + "/teach/sets/")
    teacher.get_by_label("Атауы").fill("Ташкент келісім-шарты")
    teacher.get_by_role("button", name="Жинақ құру").click()
    teacher.wait_for_url(re.compile(r"/teach/sets/\d+/"))
    set_url = teacher.url
    for index, (kind, prompt, fields) in enumerate(QUESTIONS):
        write_question(teacher, set_url, kind, prompt, fields, preview=index in (0, 6))
    question_set = QuestionSet.objects.get(owner__username="gulnara")
    assert question_set.fixed_questions.count() == 8
    shoot(teacher, "teacher-set")

    teacher.goto(live_server.url + f"/teach/class/{classroom.pk}/assign/")
    teacher.get_by_label("Сұрақтар жинағы").select_option(label="Ташкент келісім-шарты")
    teacher.get_by_label("Рұқсат етілген талпыныс саны").fill("2")
    teacher.get_by_role("button", name="Тапсыру").click()
    teacher.wait_for_url(re.compile(r"/teach/assignment/\d+/"))
    teacher.goto(live_server.url + f"/class/{classroom.pk}/")
    assert "Әзірге ешкім жоқ" in teacher.locator("#boards").inner_text()

    for username, nickname, viewport in (
        ("aigerim", "Әйгерім Н.", "phone"),
        ("timur", "Тимур Ж.", "desktop"),
    ):
        pupil = new_page(username, viewport)
        sign_up(pupil, username)
        pupil.goto(live_server.url + f"/join/{code}/")
        pupil.get_by_label("Сыныпқа көрінетін атыңыз").fill(nickname)
        pupil.get_by_role("button", name="Қосылу").click()
        pupil.wait_for_url(f"**/class/{classroom.pk}/")
        pupil.goto(live_server.url + "/")
        shoot(pupil, f"pupil-home-{username}")
        pupil.get_by_role("button", name=re.compile("^Бастау")).first.click()
        pupil.wait_for_url(re.compile(r"/attempt/\d+/q/1/"))
        attempt = Attempt.objects.get(user__username=username)
        items = list(attempt.items.order_by("position"))
        for item in items if username == "aigerim" else items[:4]:
            pupil.wait_for_selector(
                f"#q-title:has-text('{strip_emphasis(item.snapshot['prompt'])}')"
            )
            answer_right(pupil, item)
            save_and_continue(pupil)
        if username == "aigerim":
            pupil.wait_for_url("**/finish/")  # the last answer leads there
        else:
            pupil.goto(live_server.url + f"/attempt/{attempt.pk}/finish/")
        pupil.get_by_role("button", name="Тапсырып, нәтижені көру").click()
        pupil.wait_for_url("**/review/")
        # The teacher's open board catches up by itself (htmx polling).
        teacher.wait_for_function(
            "name => document.querySelector('#boards').textContent.includes(name)",
            arg=nickname,
            timeout=20_000,
        )
    board = teacher.locator("#boards table").first.inner_text()
    assert board.index("Әйгерім Н.") < board.index("Тимур Ж.")
    shoot(teacher, "teacher-live-board")

    pupil.goto(live_server.url + f"/class/{classroom.pk}/")
    assert pupil.locator("tr.is-me").first.inner_text().startswith("2")
    shoot(pupil, "pupil-board")

    teacher.goto(live_server.url + "/teach/")
    teacher.get_by_role("link", name="9 «Ә» сынып").click()
    teacher.get_by_role("link", name="Ташкент келісім-шарты").click()
    assert teacher.locator("table.grid tbody tr").count() == 2
    assert teacher.locator(".stat-card").count() == 8
    shoot(teacher, "teacher-report")
    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Бағалар (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert sorted(row[:4] for row in rows[1:]) == [
        ["Тимур Ж.", "timur", "1", "50"],
        ["Әйгерім Н.", "aigerim", "1", "100"],
    ]
    for context in contexts:
        context.close()
