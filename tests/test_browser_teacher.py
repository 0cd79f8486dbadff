"""A teacher's whole path in headless Chromium, in Kazakh: a classroom, a set
written with every kind, an assignment, two pupils joining and taking it
while the leaderboard updates, then the reports and the CSV of grades."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.utils import translation

from quizzes.core.codes import display_code
from quizzes.core.emphasis import strip_emphasis
from quizzes.models import Attempt, Classroom, Question, QuestionSet
from quizzes.services.accounts import teacher_invitation_create
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
    ("true_false", "Келісім-шартқа Украина қосылды. Бұл тұжырым дұрыс па?", {"Жалған": None}),
    ("year", "ТМД Жарғысы қай жылы қабылданды?", {"Жауап": "1993"}),
    ("date", "Ұжымдық қауіпсіздік келісім-шарты қай күні қабылданды?", {"Жауап": "1992-05-15"}),
    ("text", "ТМД-ның құқықтық негізі қаланған қаланы жазыңыз.",
     {"Жауап": "Алматы", "Бұлар да қабылданады": "Алматы қаласы"}),
    ("order", "Оқиғаларды ретімен орналастырыңыз.",
     {"Элементтер, дұрыс ретімен": "Беловеж келісімі\nКелісім-шарттың қабылдануы\nТМД Жарғысы"}),
    ("match", "Бапты мазмұнымен сәйкестендіріңіз.",
     {"Жұптар": "2-бап = кеңесу\n4-бап = агрессия\n6-бап = ядролық қару"}),
]  # fmt: skip


def sign_up(page, username: str, *, invitation: str = "") -> None:
    """Sign up as a pupil, or as a teacher with the school's invitation code."""
    page.goto(page.base + "/accounts/signup/")
    page.get_by_label("Пайдаланушы аты").fill(username)
    page.get_by_label("Құпиясөз", exact=True).fill("Kokshetau-1992")
    page.get_by_label("Құпиясөзді растау").fill("Kokshetau-1992")
    if invitation:
        page.get_by_label("Мұғалімнің шақыру коды").fill(invitation)
    page.get_by_role("button", name="Тіркелу").click()
    page.wait_for_url("**/teach/" if invitation else page.base + "/")


def write_question(
    page, set_url: str, kind: str, prompt: str, fields: dict, *, preview: bool
) -> None:
    page.goto(set_url)
    page.get_by_role("link", name="Сұрақ жазу").click()
    with translation.override("kk"):
        kind_label = str(Question.Kind(kind).label)
    page.get_by_role("link", name=kind_label, exact=True).click()  # the kind comes first
    page.get_by_label("Тақырып").select_option("treaty")
    page.get_by_label("Сұрақ", exact=True).fill(prompt)
    for label, value in fields.items():
        if value is None:
            page.get_by_label(label, exact=True).check()  # a radio button
        else:
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
    invitation = teacher_invitation_create(note="№ 12 мектеп")
    sign_up(teacher, "gulnara", invitation=display_code(invitation.code))
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


def test_a_teacher_corrects_reads_and_builds_without_losing_their_place(
    browser, live_server, shipped_sets
):
    """Opening a pupil's answer from the grid, editing an assignment's due
    date, adding bank questions without losing the search, an export that
    names what it leaves out, archiving a set that pupils used."""
    from datetime import timedelta

    from django.utils import timezone

    from quizzes.models import Assignment, Membership, Profile, SetQuestion
    from quizzes.services.assignments import assignment_start
    from quizzes.services.classrooms import classroom_create
    from tests.answers import finish_with
    from tests.conftest import make_user

    teacher = make_user("gulnara", role="teacher")
    teacher.set_password("Kokshetau-1992")
    teacher.save()
    Profile.objects.filter(user=teacher).update(role="teacher")
    pupil = make_user("aigerim")
    classroom = classroom_create(teacher=teacher, name="9 «Ә» сынып")
    Membership.objects.create(classroom=classroom, student=pupil, nickname="Әйгерім Н.")
    question_set = QuestionSet.objects.create(owner=teacher, key="mine", title="Менің жинағым")
    chosen = [*Question.objects.filter(owner=None, kind="single")[:2]]
    chosen.append(Question.objects.filter(owner=None, kind="date").first())  # not in GIFT
    for question in chosen:
        SetQuestion.objects.create(question_set=question_set, question=question)
    assignment = Assignment.objects.create(
        classroom=classroom,
        question_set=question_set,
        opens_at=timezone.now() - timedelta(hours=1),
        due_at=timezone.now() + timedelta(days=1),
    )
    attempt = finish_with(
        assignment_start(assignment=assignment, student=pupil, now=timezone.now()), 1
    )

    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="ru-RU")
    page = context.new_page()
    page.viewport_name = "desktop"
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Пайдаланушы аты").fill("gulnara")
    page.get_by_label("Құпиясөз").fill("Kokshetau-1992")
    page.get_by_role("button", name="Кіру").click()
    page.wait_for_url("**/")

    # The grid: a cell opens the pupil's answer.
    page.goto(live_server.url + f"/teach/assignment/{assignment.pk}/")
    shoot(page, "teacher-report-grid")
    page.locator("table.grid tbody td a").first.click()
    page.wait_for_url(re.compile(rf"/teach/attempt/{attempt.pk}/#q\d+"))
    assert "Оқушының жауабы" in page.content()
    shoot(page, "teacher-pupil-answer")

    # Editing the due date.
    page.goto(live_server.url + f"/teach/assignment/{assignment.pk}/edit/")
    later = timezone.localtime() + timedelta(days=6)
    page.get_by_label("Мерзімі").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Сақтау").click()
    page.wait_for_url(f"**/teach/assignment/{assignment.pk}/")
    assert later.strftime("%d.%m.%Y") in page.locator(".facts").inner_text()

    # The bank: search, add, and the search is still there.
    page.goto(live_server.url + f"/teach/sets/{question_set.pk}/")
    page.locator("#id_bank-q").fill("ташкент")
    page.get_by_role("button", name="Сүзу").click()
    page.wait_for_url(re.compile("bank-q=%D1%82%D0%B0%D1%88"))
    before = page.url
    first = page.locator(".bank-item").first
    first.get_by_role("button", name=re.compile("^Қосу")).click()
    page.wait_for_selector(".bank-item .added")
    assert page.url == before and page.locator("#id_bank-q").input_value() == "ташкент"
    assert "(4)" in page.locator("#fixed-heading").inner_text()
    shoot(page, "teacher-bank-added")

    # What a GIFT export leaves out is said before the download.
    page.locator("summary", has_text="Импорт және экспорт").click()
    assert "GIFT мыналарды қамтымайды" in page.locator(".set-tools").inner_text()

    # Archiving a set that pupils used.
    page.locator("summary", has_text="Баптаулар").click()
    page.get_by_role("link", name="Жою не мұрағатқа жіберу").click()
    page.get_by_role("button", name="Мұрағатқа жіберу").click()
    page.wait_for_url("**/teach/sets/")
    question_set.refresh_from_db()
    assert question_set.archived_at is not None
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    context.close()
