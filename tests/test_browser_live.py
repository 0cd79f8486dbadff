"""A whole live game in headless Chromium, in Kazakh: a teacher hosts on a
projector-sized screen, three pupils join by PIN on phones (no account), two
questions, one phone reloads mid-game and keeps its player and score, the
host goes on by keyboard, the podium, then the host's report and its CSV.

The app runs under uvicorn, as in production (the screens are pushed to
through event streams, which pytest-django's WSGI live server cannot
serve); on PostgreSQL the game is played again with the phones on a second
server, which hears the host's steps through LISTEN/NOTIFY."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from quizzes.models import Game, Player, Question, QuestionSet, SetQuestion
from tests.browser import VIEWPORTS, launch_context, shoot
from tests.conftest import make_user
from tests.live_server import Servers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECTOR = {"width": 1280, "height": 720}
WAIT = 15_000  # ms


class Server:
    def __init__(self, url: str) -> None:
        self.url = url


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        running = Servers(2 if connection.vendor == "postgresql" else 1)
    yield running
    running.stop()


@pytest.fixture
def host_server(servers):
    """The first uvicorn server (the host's)."""
    return Server(servers.urls[0])


@pytest.fixture(params=["one server", "phones on a second server"])
def phone_server(request, servers):
    if request.param != "one server":
        if len(servers.urls) < 2:
            pytest.skip("two servers share a game through PostgreSQL only")
        return Server(servers.urls[1])
    return Server(servers.urls[0])


def log_in(page, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Пайдаланушы аты").fill(username)
    page.get_by_label("Құпиясөз").fill("pass-word-123")
    page.get_by_role("button", name="Кіру").click()
    page.wait_for_url(page.base + "/**")


def new_page(browser, host_server, viewport, name):
    page = launch_context(browser, viewport=viewport).new_page()
    page.base = host_server.url
    page.viewport_name = name
    return page


def answer(page, frozen, *, right: bool) -> None:
    """Answer on the phone, the right or a wrong answer."""
    spec, kind = frozen["snapshot"], frozen["snapshot"]["kind"]
    stage = page.locator("#stage")
    if kind == "single":
        choice = next(c for c in spec["choices"] if c["correct"] == right)
        stage.get_by_role("button", name=re.compile(re.escape(choice["text"][:25]))).click()
    elif kind == "year":
        stage.get_by_label("Жыл", exact=True).fill(
            str(spec["answer"] if right else spec["answer"] + 3)
        )
        stage.get_by_role("button", name="Жіберу").click()
    else:
        raise AssertionError(kind)
    # Received; or, for the last to answer, the question closed at once.
    expect(stage).to_contain_text(re.compile("Жауап қабылданды|Дұрыс!|Қате"), timeout=WAIT)


@pytest.fixture
def two_questions(shipped_sets):
    """A teacher's set of two questions: a single choice and a year."""
    teacher = make_user("gulnara", role="teacher")
    qset = QuestionSet.objects.create(
        key="live-two", title="Екі сұрақ", owner=teacher, shuffle=False
    )
    for position, kind in enumerate(("single", "year")):
        SetQuestion.objects.create(
            question_set=qset,
            question=Question.objects.filter(owner=None, kind=kind).order_by("key").first(),
            position=position,
        )
    return qset


def test_a_whole_live_game(browser, host_server, phone_server, two_questions):
    host = new_page(browser, host_server, PROJECTOR, "projector")
    log_in(host, "gulnara")
    host.goto(host.base + "/teach/")
    host.get_by_role("link", name="Тікелей ойын жүргізу").first.click()
    host.get_by_label("Сұрақтар жинағы").select_option(label="Екі сұрақ")
    host.get_by_label("Бір сұраққа секунд").fill("60")
    host.get_by_role("button", name="Күту бөлмесін ашу").click()
    host.wait_for_url("**/host/")
    game = Game.objects.get()
    pin = game.pin
    expect(host.locator(".join-pin")).to_contain_text(pin[:3])
    expect(host.locator(".join-qr svg")).to_be_visible()
    shoot(host, "live-lobby")

    names = ["Аружан", "Дәурен", "<b>Жанна</b>"]
    phones = []
    polled = []  # the first phone's requests after its page: its one event stream
    for name in names:
        phone = new_page(browser, phone_server, VIEWPORTS["phone"], "phone")
        if not phones:
            phone.on("request", lambda r: polled.append(r.url) if "/play/" in r.url else None)
        phone.goto(phone.base + "/play/")
        phone.get_by_label("Ойынның ПИН-коды").fill(pin[:3] + " " + pin[3:])
        phone.get_by_label("Лақап атыңыз").fill(name)
        phone.get_by_role("button", name="Ойнау").click()
        expect(phone.locator("#stage")).to_contain_text("Сіз ойындасыз!")
        phones.append(phone)
    # The lobby fills by itself; a nickname is text, never markup.
    expect(host.locator(".player-count")).to_contain_text("3", timeout=WAIT)
    expect(host.locator(".nicknames")).to_contain_text("<b>Жанна</b>")
    shoot(phones[0], "live-phone-lobby")

    # The phones are pushed to: one event stream each, no polling.
    phones[0].wait_for_timeout(3000)
    streams = [url for url in polled if url.endswith("/events")]
    assert len(streams) == 1 and not [u for u in polled if "/stage" in u]
    # Space goes on: the first question opens.
    host.locator("body").press("Space")
    expect(host.locator(".live-prompt")).to_be_visible(timeout=WAIT)
    game.refresh_from_db()
    first = game.questions[0]
    shoot(host, "live-question")
    for phone in phones:
        expect(phone.locator(".answer-button").first).to_be_visible(timeout=WAIT)
    shoot(phones[0], "live-phone-question")
    # No key on a phone before the reveal.
    assert "is-right" not in phones[0].content()
    answer(phones[0], first, right=True)
    answer(phones[1], first, right=False)
    expect(host.locator(".answered-count")).to_contain_text("2 / 3", timeout=WAIT)
    answer(phones[2], first, right=True)
    # Everyone answered: the reveal, by itself.
    expect(host.locator(".bars")).to_be_visible(timeout=WAIT)
    expect(host.locator(".bar.is-right")).to_contain_text("дұрыс жауап")
    expect(host.locator(".source")).to_be_visible()
    shoot(host, "live-reveal")
    expect(phones[0].locator(".verdict-line")).to_contain_text("Дұрыс!", timeout=WAIT)
    expect(phones[1].locator(".verdict-line")).to_contain_text("Қате", timeout=WAIT)
    shoot(phones[0], "live-phone-reveal")

    host.locator("body").press("Enter")  # the top five
    expect(host.locator(".standings")).to_contain_text("Аружан", timeout=WAIT)
    shoot(host, "live-standings")
    host.get_by_role("button", name="Келесі").click()  # question 2
    expect(host.locator(".answered-count")).to_contain_text("0 / 3", timeout=WAIT)
    second = Game.objects.get().questions[1]

    # A phone reloads mid-game: the same player, with their score.
    before = Player.objects.get(nickname="<b>Жанна</b>")
    phones[2].reload()
    expect(phones[2].locator(".me-line")).to_contain_text(f"{before.score}")
    expect(phones[2].locator(".me-line")).to_contain_text("<b>Жанна</b>")
    assert Player.objects.count() == 3
    for phone, right in zip(phones, (True, False, False), strict=True):
        answer(phone, second, right=right)
    expect(host.locator(".bars")).to_be_visible(timeout=WAIT)
    host.get_by_role("button", name="Тұғырға").click()
    expect(host.locator(".podium")).to_be_visible(timeout=WAIT)
    expect(host.locator(".podium .step-1")).to_contain_text("Аружан")
    expect(host.locator(".ranking tbody tr")).to_have_count(3)
    shoot(host, "live-podium")
    expect(phones[0].locator("#stage")).to_contain_text("1", timeout=WAIT)
    expect(phones[0].locator("h1")).to_contain_text("Сіздің орныңыз")
    shoot(phones[0], "live-phone-podium")
    host.get_by_role("button", name="Ойынды аяқтау").click()
    expect(host.locator(".stage-heading")).to_contain_text("Ойын аяқталды", timeout=WAIT)
    game.refresh_from_db()
    assert game.phase == "ended"
    assert Player.objects.get(nickname="Аружан").score > Player.objects.get(nickname="Дәурен").score
    for page in phones:
        page.context.close()  # no screen looks again after the test

    # After the game: the host's report, from the end screen, and its CSV.
    host.get_by_role("link", name="Ойын есебі").click()
    expect(host.locator("h1")).to_contain_text("Тікелей ойын есебі")
    players = host.locator("section", has=host.get_by_role("heading", name="Ойыншылар", exact=True))
    expect(players.locator("tbody tr")).to_have_count(3)
    expect(host.locator(".stat-card")).to_have_count(2)
    shoot(host, "live-report-after-game")
    with host.expect_download() as download:
        host.get_by_role("link", name="Нәтижелер (CSV)").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + 3 * 2 and {row[0] for row in rows[1:]} == set(names)
    second_answers = {row[0]: row[6] for row in rows[1:] if row[3] == "2"}
    assert second_answers == {"Аружан": "1", "Дәурен": "0", "<b>Жанна</b>": "0"}
    host.context.close()


def focused(page, condition: str):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {condition}; }})()")


def tab_to(page, condition: str, *, limit: int = 60) -> None:
    for _ in range(limit):
        if focused(page, condition):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached an element where {condition}")


def test_a_live_game_by_keyboard_alone_and_without_javascript(browser, host_server, two_questions):
    """The host goes on with Space and Enter; one pupil plays with the keyboard
    alone; another's phone runs no JavaScript (plain forms, the page reloads
    itself)."""
    from quizzes.services.live import host_game

    game = host_game(
        host=two_questions.owner,
        question_set=two_questions,
        classroom=None,
        mode="accuracy",
        streak_bonus=False,
        seconds=60,
    ).game
    host = new_page(browser, host_server, PROJECTOR, "projector")
    log_in(host, "gulnara")
    host.goto(host.base + f"/live/{game.pin}/host/")

    keys = new_page(browser, host_server, VIEWPORTS["phone"], "keyboard")
    keys.goto(keys.base + "/play/")
    tab_to(keys, "el.name === 'pin'")
    keys.keyboard.type(game.pin)
    tab_to(keys, "el.name === 'nickname'")
    keys.keyboard.type("Пернетақта")
    keys.keyboard.press("Enter")
    expect(keys.locator("#stage")).to_contain_text("Сіз ойындасыз!")

    plain = launch_context(browser, viewport=VIEWPORTS["phone"], javascript=False).new_page()
    plain.goto(host_server.url + f"/play/?pin={game.pin}")
    plain.get_by_label("Лақап атыңыз").fill("Скриптсіз")
    plain.get_by_role("button", name="Ойнау").click()
    expect(plain.locator("#stage")).to_contain_text("Сіз ойындасыз!")

    expect(host.locator(".player-count")).to_contain_text("2", timeout=WAIT)
    host.keyboard.press("Space")
    expect(host.locator(".live-prompt")).to_be_visible(timeout=WAIT)
    first = Game.objects.get().questions[0]
    right = next(c["text"] for c in first["snapshot"]["choices"] if c["correct"])
    # The keyboard: Tab to the right answer's button, Enter.
    expect(keys.locator(".answer-button").first).to_be_visible(timeout=WAIT)
    tab_to(keys, f"el.classList.contains('answer-button') && el.innerText.includes({right[:20]!r})")
    keys.keyboard.press("Enter")
    expect(keys.locator("#stage")).to_contain_text("Жауап қабылданды", timeout=WAIT)
    # No JavaScript: the page reloads itself into the question; a plain post.
    expect(plain.locator(".answer-button").first).to_be_visible(timeout=WAIT)
    plain.get_by_role("button", name=re.compile(re.escape(right[:20]))).click()
    expect(plain.locator("#stage")).to_contain_text(re.compile("Дұрыс!|Жауап қабылданды"))
    expect(host.locator(".bars")).to_be_visible(timeout=WAIT)
    host.keyboard.press("Enter")  # standings
    expect(host.locator(".standings")).to_be_visible(timeout=WAIT)
    host.keyboard.press("Enter")  # the year
    second = Game.objects.get().questions[1]
    expect(keys.locator("#stage")).to_contain_text("Жыл", timeout=WAIT)
    tab_to(keys, "el.name === 'answer'")
    keys.keyboard.type(str(second["snapshot"]["answer"]))
    keys.keyboard.press("Enter")
    expect(keys.locator("#stage")).to_contain_text("Жауап қабылданды", timeout=WAIT)
    plain.wait_for_selector("input[name=answer]", timeout=WAIT)
    plain.get_by_label("Жыл", exact=True).fill("1000")
    plain.get_by_role("button", name="Жіберу").click()
    expect(host.locator(".bars")).to_be_visible(timeout=WAIT)
    host.keyboard.press("Enter")  # the podium
    expect(host.locator(".podium .step-1")).to_contain_text("Пернетақта", timeout=WAIT)
    expect(plain.locator("h1")).to_contain_text(
        "Сіздің орныңыз: 2 ойыншының ішінде 2", timeout=WAIT
    )
    assert Player.objects.get(nickname="Пернетақта").score == 2000
    assert Player.objects.get(nickname="Скриптсіз").score == 1000
    for page in (host, keys, plain):
        page.context.close()
