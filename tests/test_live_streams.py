"""The live game's event streams, served by uvicorn as in production: the
host's stream is the host's alone, a player's carries no answer key before
the reveal, a removed player's stream ends, and (on PostgreSQL, marked
``multiserver``) a player connected to one server sees the host's step made
on another."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import make_user
from tests.live_server import Browser, Servers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    count = 2 if connection.vendor == "postgresql" else 1
    with django_db_blocker.unblock():
        running = Servers(count)
    yield running
    running.stop()


@pytest.fixture
def game(shipped_sets):
    """A teacher's game open to anyone, its first question a single choice."""
    from quizzes.models import QuestionSet
    from quizzes.services.live import host_game

    teacher = make_user("gulnara", role="teacher")
    hosted = host_game(
        host=teacher,
        question_set=QuestionSet.objects.get(key="full-test"),
        classroom=None,
        mode="speed",
        streak_bonus=False,
        seconds=60,
    )
    game = hosted.game
    game.questions.sort(key=lambda q: q["snapshot"]["kind"] != "single")
    game.save(update_fields=["questions"])
    game.teacher = teacher
    return game


def host_browser(base: str, game) -> Browser:
    client = Client()
    client.force_login(game.teacher)
    browser = Browser(base)
    browser.cookies["sessionid"] = client.cookies["sessionid"].value
    status, _, _ = browser.request("GET", f"/live/{game.pin}/host/")
    assert status == 200
    return browser


def player_browser(base: str, game, nickname: str) -> Browser:
    browser = Browser(base)
    browser.request("GET", f"/play/?pin={game.pin}")
    data = {"csrfmiddlewaretoken": browser.cookies["csrftoken"], "pin": game.pin}
    status, _, _ = browser.request("POST", "/play/", {**data, "nickname": nickname})
    assert status == 302, "the player joins"
    return browser


def control(host: Browser, game, action: str) -> None:
    status, _, _ = host.request(
        "POST",
        f"/live/{game.pin}/control/",
        {"csrfmiddlewaretoken": host.cookies["csrftoken"], "action": action},
        htmx=True,
    )
    assert status == 200


def phase(data: str) -> str:
    match = re.search(r'data-phase="(\w+)"', data)
    return match.group(1) if match else ""


def is_phase(name: str):
    return lambda event, data: event == "stage" and phase(data) == name


def test_the_host_stream_is_the_hosts_alone(servers, game):
    base = servers.urls[0]
    stream = host_browser(base, game).events(f"/live/{game.pin}/host/events")
    assert stream.status == 200
    assert stream.headers["Content-Type"].startswith("text/event-stream")
    assert stream.headers["Cache-Control"] == "no-store"
    assert stream.headers["X-Accel-Buffering"] == "no"
    event, data = stream.next()
    assert event == "stage" and phase(data) == "lobby"
    assert game.pin in data
    assert stream.raw[0].startswith("retry: ")
    stream.close()

    anonymous = Browser(base).events(f"/live/{game.pin}/host/events")
    assert anonymous.status in (302, 403)
    anonymous.close()
    other = Browser(base)
    client = Client()
    client.force_login(make_user("other-teacher", role="teacher"))
    other.cookies["sessionid"] = client.cookies["sessionid"].value
    theirs = other.events(f"/live/{game.pin}/host/events")
    assert theirs.status in (403, 404)
    theirs.close()
    player = player_browser(base, game, "Аружан")
    as_player = player.events(f"/live/{game.pin}/host/events")
    assert as_player.status in (302, 403, 404)
    as_player.close()


def test_the_host_sees_joins_and_the_phones_see_the_game(servers, game):
    base = servers.urls[0]
    host = host_browser(base, game)
    host_stream = host.events(f"/live/{game.pin}/host/events")
    host_stream.until(is_phase("lobby"))
    player = player_browser(base, game, "Дәурен")
    _, lobby = host_stream.until(lambda e, d: "Дәурен" in d)
    assert phase(lobby) == "lobby"
    stream = player.events(f"/play/{game.pin}/events")
    stream.until(is_phase("lobby"))
    control(host, game, "start")
    _, question = stream.until(is_phase("question"))
    assert 'name="index" value="0"' in question
    host_stream.until(is_phase("question"))
    stream.close()
    host_stream.close()


def test_no_answer_key_reaches_a_phone_before_the_reveal(servers, game):
    from quizzes.core.grading import key_response

    base = servers.urls[0]
    host = host_browser(base, game)
    player = player_browser(base, game, "Жанна")
    stream = player.events(f"/play/{game.pin}/events")
    stream.until(is_phase("lobby"))
    control(host, game, "start")
    _, question = stream.until(is_phase("question"))
    spec = game.questions[0]["snapshot"]
    assert spec["kind"] == "single"
    key = spec["choices"][key_response("single", spec)]["text"]
    # Every option's button is alike but for its value; nothing else names
    # the key: not the explanation, not the source sentence, not a mark.
    buttons = re.findall(r"<button[^>]*>", question)
    assert len(buttons) == len(spec["choices"])
    assert len({re.sub(r'value="[^"]*"', "", b) for b in buttons}) == 1
    assert spec["explanation"] not in question
    for quote in spec.get("source", []):
        assert quote not in question
    # The key once, as one of the options (another option may hold it as a
    # part, as «25 жылға» holds «5 жылға»).
    shown = [t.strip() for t in re.findall(r'<span lang="kk">([^<]*)</span></button>', question)]
    assert len(shown) == len(spec["choices"]) and shown.count(key) == 1
    assert "is-right" not in question and "correct" not in question.lower()

    control(host, game, "skip")
    _, reveal = stream.until(is_phase("reveal"))
    assert key in reveal
    stream.close()


def test_a_removed_player_stream_ends_and_stays_closed(servers, game):
    from quizzes.models import Player

    base = servers.urls[0]
    host = host_browser(base, game)
    player = player_browser(base, game, "Нұрлан")
    stream = player.events(f"/play/{game.pin}/events")
    stream.until(is_phase("lobby"))
    removed = Player.objects.get(game=game, nickname="Нұрлан")
    status, _, _ = host.request(
        "POST",
        f"/live/{game.pin}/remove/",
        {"csrfmiddlewaretoken": host.cookies["csrftoken"], "player": removed.pk},
        htmx=True,
    )
    assert status == 200
    assert stream.until(lambda e, d: e == "end") == ("end", "")
    assert stream.next(timeout=5) is None  # the server closed it
    stream.close()
    again = player.events(f"/play/{game.pin}/events")
    assert again.status == 204  # and a reconnection gets nothing
    again.close()


def test_a_stream_without_a_player_is_told_to_stop(servers, game):
    stream = Browser(servers.urls[0]).events(f"/play/{game.pin}/events")
    assert stream.status == 204
    stream.close()
    missing = Browser(servers.urls[0]).events("/play/000000/events")
    assert missing.status in (204, 404)
    missing.close()


@pytest.mark.multiserver
def test_a_player_on_one_server_sees_the_hosts_next_made_on_another(servers, game):
    if len(servers.urls) < 2:
        pytest.skip("two servers share a game through PostgreSQL only")
    first, second = servers.urls
    host = host_browser(first, game)
    player = player_browser(second, game, "Сәуле")
    stream = player.events(f"/play/{game.pin}/events")
    stream.until(is_phase("lobby"))
    host_stream = host.events(f"/live/{game.pin}/host/events")
    host_stream.until(lambda e, d: "Сәуле" in d)  # the join, made on the second
    control(host, game, "start")
    _, question = stream.until(is_phase("question"))
    assert 'name="index" value="0"' in question
    control(host, game, "skip")
    stream.until(is_phase("reveal"))
    control(host, game, "next")
    stream.until(is_phase("standings"))
    control(host, game, "next")
    _, second_question = stream.until(is_phase("question"))
    assert 'name="index" value="1"' in second_question
    stream.close()
    host_stream.close()


def test_under_wsgi_there_is_nothing_to_stream(game, client):
    """gunicorn (or the tests' live server) would hold a worker per stream.
    (In a thread of its own: a browser test before it leaves an event loop
    running in this one.)"""
    client.force_login(game.teacher)
    statuses = []

    def get():
        statuses.append(Client().get(f"/play/{game.pin}/events").status_code)
        statuses.append(client.get(f"/live/{game.pin}/host/events").status_code)

    thread = threading.Thread(target=get)
    thread.start()
    thread.join()
    assert statuses == [204, 204]
