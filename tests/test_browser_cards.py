"""Sign-in cards in headless Chromium, in Kazakh: a teacher makes a class's
accounts and prints their cards; pupils sign in in fresh browsers by the QR
code's link and by typing the codes; a new card retires the old one; no
card signs in a teacher."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from quizzes.models import Membership, Profile
from quizzes.services.cards import cards_issue_for_class
from quizzes.services.classrooms import classroom_create
from tests.browser import ARTIFACTS, VIEWPORTS, launch_context, shoot
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4 = {"width": 794, "height": 1123}
NAMES = ["Аружан Т.", "Дәурен Қ.", "Жанна С.", "Нұрлан Б.", "Сәуле М.", "Ерлан А."] + [
    f"Оқушы {n}" for n in range(1, 7)
]


def log_in(page, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Пайдаланушы аты").fill(username)
    page.get_by_label("Құпиясөз").fill("pass-word-123")
    page.get_by_role("button", name="Кіру").click()
    page.wait_for_url(page.base + "/**")


def fresh_phone(browser, live_server):
    """Another pupil's phone: a browser with no cookies."""
    page = launch_context(browser, viewport=VIEWPORTS["phone"]).new_page()
    page.base = live_server.url
    page.viewport_name = "pupil-phone"
    return page


def signed_in_as(page) -> str:
    return page.locator(".site-footer").inner_text()


def test_a_teacher_prints_a_class_its_cards_and_pupils_sign_in(page, browser, live_server):
    make_user("gulnara", role="teacher")
    classroom = classroom_create(teacher=Profile.objects.get().user, name="9 «Ә» сынып")
    log_in(page, "gulnara")
    page.goto(page.base + f"/teach/class/{classroom.pk}/")
    shoot(page, "cards-classroom")
    # The classroom page's own button, near the top: a busy teacher finds it.
    button = page.get_by_role("link", name="Кіру карталарын басып шығару")
    assert button.bounding_box()["y"] < 1400
    button.click()
    page.get_by_role("link", name="Тіркелгісі жоқ оқушыларды қосу").click()
    names = page.get_by_label("Оқушылардың аттары, әр жолға біреуі")
    # A name typed twice: nothing is made, and the line is named.
    names.fill("\n".join(NAMES + ["Аружан Т."]))
    make = page.get_by_role("button", name="Тіркелгілерді жасап, карталарын басып шығару")
    make.click()
    page.wait_for_load_state()
    assert "13-жол: «Аружан Т.» 1-жолда да бар." in page.locator(".error").inner_text()
    shoot(page, "cards-add-pupils-error")
    assert not Membership.objects.exists()
    names.fill("\n".join(NAMES))
    shoot(page, "cards-add-pupils")
    make.click()
    page.wait_for_load_state()
    assert page.locator(".signin-card").count() == len(NAMES)
    assert page.locator(".card-sheet").count() == 2  # ten a sheet
    first = page.locator(".signin-card").first
    assert first.get_by_role("heading").inner_text() == "Аружан Т."
    assert first.get_by_role("img", name="QR-код: Аружан Т. үшін кіру сілтемесі").is_visible()
    link = first.locator(".card-link").inner_text()
    code = first.locator("dd").nth(1).inner_text()
    class_code = first.locator("dd").nth(0).inner_text()
    assert re.fullmatch(r"http://[^/]+/card/[A-Za-z0-9_-]{22}/", link)
    shoot(page, "cards-sheet")
    # As printed: an A4 page's width (at 96 px an inch), no site around the cards.
    screen = page.viewport_size
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    shoot(page, "cards-sheet-print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("heading", level=1).is_visible()
    pdf = page.pdf(
        path=str(ARTIFACTS / f"cards-{page.viewport_name}.pdf"), prefer_css_page_size=True
    )
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2  # twelve cards: two A4 sheets
    page.emulate_media(media="screen")
    page.set_viewport_size(screen)

    # A pupil scans the QR code: the link signs her in, in one request.
    aruzhan = fresh_phone(browser, live_server)
    aruzhan.goto(link)
    assert aruzhan.url == page.base + "/"
    assert "аружан.т" in signed_in_as(aruzhan)

    # A pupil without a camera types the codes, found from the login page.
    dauren = fresh_phone(browser, live_server)
    second = page.locator(".signin-card").nth(1)
    dauren.goto(page.base + "/accounts/login/")
    dauren.get_by_role("link", name="Карта кодымен кіріңіз").click()
    dauren.get_by_label("Сынып коды").fill(class_code.lower())
    dauren.get_by_label("Жеке кодыңыз").fill("WRONG-CODE")
    dauren.get_by_role("button", name="Кіру").click()
    assert "Бұл кодтармен ешкім кіре алмайды" in dauren.get_by_role("alert").inner_text()
    shoot(dauren, f"card-code-error-{page.viewport_name}")
    dauren.get_by_label("Жеке кодыңыз").fill(second.locator("dd").nth(1).inner_text())
    dauren.get_by_role("button", name="Кіру").click()
    dauren.wait_for_url(page.base + "/")
    assert "дәурен.қ" in signed_in_as(dauren)

    # Аружан lost her card: the teacher makes her a new one; the old link stops.
    page.goto(page.base + f"/teach/class/{classroom.pk}/cards/")
    shoot(page, "cards-roster")
    assert "Соңғы қолданылуы" in page.locator("table").inner_text()
    page.get_by_role("button", name=re.compile(r"Жаңа карта\W+Аружан Т\.")).click()
    page.wait_for_load_state()
    assert page.locator(".signin-card").count() == 1
    assert page.locator(".card-link").inner_text() != link
    assert page.locator("dd").nth(1).inner_text() != code
    someone = fresh_phone(browser, live_server)
    someone.goto(link)
    assert someone.get_by_role("heading", level=1).inner_text() == "Бұл карта жарамсыз"
    assert "кірдіңіз" not in signed_in_as(someone)
    for pupil in (aruzhan, dauren, someone):
        pupil.context.close()


def test_the_sign_in_by_code_page_on_a_phone_and_a_desktop(page):
    page.goto(page.base + "/accounts/card/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.get_by_role("heading", level=1).inner_text() == "Картамен кіру"
    shoot(page, "card-code")


def test_a_card_cannot_sign_in_a_teacher(page, live_server):
    teacher = make_user("gulnara", role="teacher")
    colleague = make_user("colleague")
    classroom = classroom_create(teacher=teacher, name="9 «Ә» сынып")
    Membership.objects.create(classroom=classroom, student=colleague, nickname="Әріптес")
    (card,) = cards_issue_for_class(classroom=classroom, only_missing=True, now=timezone.now())
    Profile.objects.filter(user=colleague).update(role="teacher")  # promoted after the card
    page.goto(page.base + f"/card/{card.link_secret}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Бұл карта жарамсыз"
    assert page.get_by_role("link", name="Кіру", exact=True).is_visible()  # still a visitor
    log_in(page, "gulnara")
    page.goto(page.base + f"/teach/class/{classroom.pk}/cards/")
    row = page.get_by_role("row", name=re.compile("Әріптес"))
    assert "Мұғалім тіркелгісі" in row.inner_text()
    assert row.get_by_role("button").count() == 0
