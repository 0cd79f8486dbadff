"""The live game's pages: hosting, joining, playing, the host's controls."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import timezone

from quizzes.models import Game, GameAnswer, Player, QuestionSet
from quizzes.selectors.live import game_snapshot
from quizzes.services import live
from quizzes.views.live import cookie_name, host_stage_html, player_id_from, player_stage_html
from tests.conftest import make_user
from tests.live_helpers import right_form, right_texts


@pytest.fixture
def every_kind(shipped_sets):
    return QuestionSet.objects.get(key="every-kind")


@pytest.fixture
def game(teacher, every_kind):
    return live.host_game(
        host=teacher,
        question_set=every_kind,
        classroom=None,
        mode="speed",
        streak_bonus=False,
        seconds=30,
    ).game


def phone(game=None, nickname="Аружан") -> Client:
    """A phone that joined ``game`` through /play/."""
    client = Client()
    if game is not None:
        response = client.post("/play/", {"pin": game.pin, "nickname": nickname})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == f"/play/{game.pin}/"
    return client


def player_of(client, game) -> Player:
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    return Player.objects.get(pk=player_id_from(request, game.pk))


def go(teacher_client, game, action):
    return teacher_client.post(f"/live/{game.pin}/control/", {"action": action})


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_words(html: str) -> list[str]:
    """Latin words of two letters or more in the text a person sees (and
    in labels a screen reader says)."""
    text = visible_text(html)
    text += " " + " ".join(re.findall(r'aria-label="([^"]*)"', html))
    text += " " + " ".join(re.findall(r"<title>([^<]*)</title>", html))
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED_LATIN]


# What stays Latin on a Kazakh page: the address to open, the language
# switch's own "English", a QR code, and the teacher's user name.
ALLOWED_LATIN = {"http", "testserver", "play", "English", "QR", "gulnara"}


# -- hosting -------------------------------------------------------------------


def test_a_teacher_hosts_from_the_form(teacher_client, every_kind, classroom):
    page = teacher_client.get(f"/live/new/?set={every_kind.pk}")
    assert page.status_code == 200
    response = teacher_client.post(
        "/live/new/",
        {
            "question_set": every_kind.pk,
            "classroom": classroom.pk,
            "mode": "accuracy",
            "streak_bonus": "on",
            "seconds": "25",
        },
    )
    game = Game.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/live/{game.pin}/host/"
    assert (game.classroom, game.mode, game.streak_bonus, game.seconds) == (
        classroom,
        "accuracy",
        True,
        25,
    )
    host_page = teacher_client.get(response["Location"])
    html = host_page.content.decode()
    assert host_page.status_code == 200
    assert game.pin[:3] in html and '<svg role="img"' in html and "testserver/play/" in html
    # The set's other kinds were left out, and the teacher is told.
    assert "live" not in english_words(html)


def test_the_host_form_refuses_bad_options_and_others_sets(teacher_client, every_kind):
    other = make_user("other-teacher", role="teacher")
    theirs = QuestionSet.objects.create(key="theirs", title="Theirs", owner=other)
    for data in (
        {"question_set": every_kind.pk, "mode": "speed", "seconds": "2"},
        {"question_set": every_kind.pk, "mode": "fastest", "seconds": "20"},
        {"question_set": theirs.pk, "mode": "speed", "seconds": "20"},
        {"question_set": "x", "mode": "speed", "seconds": "x"},
    ):
        response = teacher_client.post("/live/new/", data)
        assert response.status_code == 200
        assert 'class="error"' in response.content.decode()
    assert not Game.objects.exists()


def test_only_the_host_sees_and_drives_the_game(game, client, student):
    other = make_user("other-teacher", role="teacher")
    client.force_login(other)
    assert client.get(f"/live/{game.pin}/host/").status_code == 404
    assert go(client, game, "start").status_code == 404
    client.force_login(student)
    assert client.get(f"/live/{game.pin}/host/").status_code == 403
    assert go(client, game, "start").status_code == 403
    client.logout()
    assert go(client, game, "start").status_code == 302  # to the login page
    game.refresh_from_db()
    assert game.phase == "lobby"


def test_tampered_posts_are_refused_not_errors(game, teacher_client):
    assert go(teacher_client, game, "explode").status_code == 400
    assert go(teacher_client, game, "close").status_code == 400
    assert teacher_client.post("/live/12/control/", {"action": "start"}).status_code == 404
    assert teacher_client.post("/live/999999/control/", {"action": "start"}).status_code == 404
    remove = f"/live/{game.pin}/remove/"
    assert teacher_client.post(remove, {"player": "99999"}).status_code == 404
    assert teacher_client.post(remove, {"player": "x"}).status_code == 400
    assert teacher_client.post(remove, {}).status_code == 400
    assert teacher_client.get(f"/live/{game.pin}/control/").status_code == 405
    # A step out of order: said, nothing changes.
    response = go(teacher_client, game, "next")
    assert response.status_code == 302
    game.refresh_from_db()
    assert game.phase == "lobby"


# -- players -----------------------------------------------------------------------


def test_join_play_and_rejoin_as_the_same_player(game, teacher_client):
    aruzhan = phone(game, "Аружан")
    page = aruzhan.get(f"/play/{game.pin}/")
    assert page.status_code == 200
    assert "Аружан" in page.content.decode()
    # Reloading, or the join page again with the PIN: the same player.
    assert aruzhan.get(f"/play/?pin={game.pin}")["Location"] == f"/play/{game.pin}/"
    again = aruzhan.post("/play/", {"pin": game.pin, "nickname": "Аружан 2"})
    assert again["Location"] == f"/play/{game.pin}/"
    assert Player.objects.count() == 1
    go(teacher_client, game, "start")
    game.refresh_from_db()
    html = aruzhan.get(f"/play/{game.pin}/").content.decode()
    assert 'name="index" value="0"' in html


def test_a_phone_without_its_cookie_is_sent_to_join(game):
    response = Client().get(f"/play/{game.pin}/")
    assert response.status_code == 302 and response["Location"] == f"/play/?pin={game.pin}"
    assert Client().get("/play/000000x/").status_code == 404
    # A forged cookie is no player.
    forged = Client()
    forged.cookies[cookie_name(game.pk)] = "1:forged"
    assert forged.get(f"/play/{game.pin}/").status_code == 302


def test_join_errors_are_said_in_kazakh(game):
    phone(game, "Аружан")
    client = Client()
    html = client.post("/play/", {"pin": game.pin, "nickname": "аружан"}).content.decode()
    assert "Бұл лақап ат" in html or "лақап" in html
    html = client.post("/play/", {"pin": "12", "nickname": "x"}).content.decode()
    assert 'class="error"' in html
    wrong = "000000" if game.pin != "000000" else "111111"
    html = client.post("/play/", {"pin": wrong, "nickname": "x"}).content.decode()
    assert 'class="error"' in html
    assert Player.objects.count() == 1


def test_nicknames_are_escaped_everywhere(game, teacher_client):
    evil = phone(game, "<script>x</script>")
    host = teacher_client.get(f"/live/{game.pin}/host/").content.decode()
    assert "<script>x</script>" not in host
    assert "&lt;script&gt;x&lt;/script&gt;" in host
    assert "<script>x" not in evil.get(f"/play/{game.pin}/").content.decode()


def test_the_players_page_holds_no_answer_key_before_the_reveal(game, teacher_client):
    players = [phone(game, f"p{i}") for i in range(2)]
    go(teacher_client, game, "start")
    for index in range(game.count):
        game.refresh_from_db()
        frozen = game.question()
        html = players[0].get(f"/play/{game.pin}/").content.decode()
        stage = player_stage_html(game_snapshot(game.pk), player_of(players[0], game).pk)
        for text in (html, stage):
            assert frozen["snapshot"]["prompt"][:20] in text or frozen["snapshot"]["prompt"][
                :20
            ].replace("**", "") in visible_text(text)
            assert "correct" not in text.lower()
            assert "is-right" not in text and "right-mark" not in text
            assert frozen["snapshot"]["explanation"] not in text
            if frozen["snapshot"]["kind"] == "year":
                assert str(frozen["snapshot"]["answer"]) not in visible_text(text)
        # Answered: nothing of the key either.
        players[0].post(f"/play/{game.pin}/answer/", {"index": index, **right_form(frozen)})
        after = players[0].get(f"/play/{game.pin}/").content.decode()
        assert frozen["snapshot"]["explanation"] not in after
        assert "is-right" not in after
        go(teacher_client, game, "skip")
        revealed = players[0].get(f"/play/{game.pin}/").content.decode()
        assert "is-right" in revealed
        for text in right_texts(frozen):
            assert text[:15] in revealed.replace("<strong>", "").replace("</strong>", "")
        go(teacher_client, game, "next")
        game.refresh_from_db()
        if game.phase == "standings":
            go(teacher_client, game, "next")


def test_an_answer_shows_in_no_score_or_place_before_the_reveal(game, teacher_client):
    """A reloaded phone, or the projector, must not tell a player whether they
    were right before the reveal: scores and places stay those from before
    the question until it closes."""
    a = phone(game, "a")
    phone(game, "b")
    go(teacher_client, game, "start")
    game.refresh_from_db()
    frozen = game.question()
    a.post(f"/play/{game.pin}/answer/", {"index": 0, **right_form(frozen)})
    assert Player.objects.get(nickname="a").score > 0
    snapshot = game_snapshot(game.pk)
    assert {row.nickname: row.score for row in snapshot.players} == {"a": 0, "b": 0}
    for html in (
        a.get(f"/play/{game.pin}/").content.decode(),
        player_stage_html(snapshot, player_of(a, game).pk),
        teacher_client.get(f"/live/{game.pin}/host/").content.decode(),
    ):
        assert re.search(r"\b[1-9]\d* ұпай", visible_text(html)) is None, visible_text(html)
    go(teacher_client, game, "skip")
    revealed = game_snapshot(game.pk)
    assert revealed.by_id[player_of(a, game).pk].score > 0


def test_answer_by_plain_post_and_by_htmx(game, teacher_client):
    a, b = phone(game, "a"), phone(game, "b")
    go(teacher_client, game, "start")
    game.refresh_from_db()
    frozen = game.question()
    response = a.post(f"/play/{game.pin}/answer/", {"index": 0, **right_form(frozen)})
    assert response.status_code == 302
    response = b.post(
        f"/play/{game.pin}/answer/", {"index": 0, **right_form(frozen)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert GameAnswer.objects.count() == 2
    # A second answer: refused, said, nothing stored.
    again = b.post(
        f"/play/{game.pin}/answer/", {"index": 0, **right_form(frozen)}, HTTP_HX_REQUEST="true"
    )
    assert again.status_code == 200 and 'role="alert"' in again.content.decode()
    assert GameAnswer.objects.count() == 2


def test_tampered_answers_get_400_or_403(game, teacher_client):
    a = phone(game, "a")
    phone(game, "b")
    go(teacher_client, game, "start")
    url = f"/play/{game.pin}/answer/"
    assert a.post(url, {"index": "x"}).status_code == 400
    assert a.post(url, {"index": "-1"}).status_code == 400
    assert a.post(url, {"index": "99"}).status_code == 400
    assert a.post(url, {"index": "0", "choice": "77", "answer": "maybe"}).status_code in (302, 400)
    assert Client().post(url, {"index": "0"}).status_code == 403
    assert a.get(url).status_code == 405
    # A form naming another game: this phone is no player there, and a PIN
    # that is not that game's is refused even to one of its players.
    other = live.host_game(
        host=game.host,
        question_set=game.question_set,
        classroom=None,
        mode="speed",
        streak_bonus=False,
        seconds=30,
    ).game
    assert a.post(url, {"index": "0", "game": other.pk}).status_code == 403
    elsewhere = phone(other, "c")
    assert elsewhere.post(url, {"index": "0", "game": other.pk}).status_code == 403
    assert a.post(url, {"index": "0", "game": "1" * 13}).status_code in (302, 400)
    assert not GameAnswer.objects.exists()


def test_the_host_removes_a_player(game, teacher_client):
    rude = phone(game, "rude")
    player = player_of(rude, game)
    response = teacher_client.post(f"/live/{game.pin}/remove/", {"player": player.pk})
    assert response.status_code == 302
    assert Player.objects.get(pk=player.pk).removed
    html = rude.get(f"/play/{game.pin}/").content.decode()
    assert "rude" not in teacher_client.get(f"/live/{game.pin}/host/").content.decode()
    assert 'href="/play/"' in html


def test_stage_renderers_ask_nothing_of_the_database(
    game, teacher_client, django_assert_num_queries
):
    players = [phone(game, f"p{i}") for i in range(3)]
    ids = [player_of(p, game).pk for p in players]
    snapshots = [game_snapshot(game.pk)]
    go(teacher_client, game, "start")
    snapshots.append(game_snapshot(game.pk))
    game.refresh_from_db()
    live.answer(player=Player.objects.get(pk=ids[0]), index=0, data=right_form(game.question()))
    go(teacher_client, game, "skip")
    snapshots.append(game_snapshot(game.pk))
    go(teacher_client, game, "next")
    snapshots.append(game_snapshot(game.pk))
    go(teacher_client, game, "end")
    snapshots.append(game_snapshot(game.pk))
    assert [s.phase for s in snapshots] == ["lobby", "question", "reveal", "standings", "ended"]
    for snapshot in snapshots:
        with django_assert_num_queries(0):
            host = host_stage_html(snapshot)
            mine = [player_stage_html(snapshot, pid) for pid in ids]
        # The players are listed, to be taken out, except while answers come in.
        assert ("p0" in host) == (snapshot.phase != "question")
        assert all(f">p{i}<" in m for i, m in enumerate(mine))
        # A part rendered once for several players is what each would get alone.
        for pid, html in zip(ids, mine, strict=True):
            assert player_stage_html(dataclasses.replace(snapshot, rendered={}), pid) == html


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize(
    "phase_steps", [[], ["start"], ["start", "skip"], ["start", "skip", "next"], ["end"]]
)
def test_kazakh_and_russian_pages_have_no_english(game, teacher_client, phase_steps, language):
    player = phone(game, "Аружан")
    visitor = Client()
    for client in (player, teacher_client, visitor):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for step in phase_steps:
        go(teacher_client, game, step)
    for html in (
        teacher_client.get(f"/live/{game.pin}/host/").content.decode(),
        player.get(f"/play/{game.pin}/").content.decode(),
        visitor.get("/play/").content.decode(),
        teacher_client.get("/live/new/").content.decode(),
    ):
        assert f'lang="{language}"' in html
        assert english_words(html) == []


def test_time_up_closes_the_question_on_the_next_request(game, teacher_client):
    a = phone(game, "a")
    phone(game, "b")
    go(teacher_client, game, "start")
    Game.objects.filter(pk=game.pk).update(deadline=timezone.now())
    html = a.get(f"/play/{game.pin}/").content.decode()
    game.refresh_from_db()
    assert game.phase == "reveal"
    assert "verdict-line" in html


def test_screens_do_not_poll_the_server_pushes_to_them(game, teacher_client):
    """Players do not poll: the stages connect to their event streams, and
    only a page without JavaScript reloads itself (inside <noscript>)."""
    a = phone(game, "a")
    go(teacher_client, game, "start")
    for html in (
        teacher_client.get(f"/live/{game.pin}/host/").content.decode(),
        a.get(f"/play/{game.pin}/").content.decode(),
    ):
        assert "every " not in html and "hx-trigger" not in html
        assert 'sse-connect="' in html
        assert re.search(r"<noscript><meta http-equiv=\"refresh\"", html)
        assert html.count('http-equiv="refresh"') == 1
    assert a.get(f"/play/{game.pin}/stage/").status_code == 404
    assert teacher_client.get(f"/live/{game.pin}/host/stage/").status_code == 404


def test_an_answer_too_late_closes_the_question(game, teacher_client):
    a = phone(game, "a")
    phone(game, "b")
    go(teacher_client, game, "start")
    game.refresh_from_db()
    frozen = game.question()
    Game.objects.filter(pk=game.pk).update(deadline=timezone.now())
    response = a.post(
        f"/play/{game.pin}/answer/", {"index": 0, **right_form(frozen)}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "verdict-line" in html  # the question closed: the phone shows the reveal
    assert not GameAnswer.objects.exists()
