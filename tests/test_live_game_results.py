"""A whole game played through the game's own services: its results reach
the pupils' practice when it ends, and the report, the CSV and progress
show what was played."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import GameResults, QuestionSet, ReviewCard
from quizzes.services import live
from tests.conftest import make_user
from tests.live_helpers import right_form, wrong_form

IP = "203.0.113.9"


@pytest.fixture
def game_played(
    teacher,
    classroom,
    member,
    student,
    other_student,
    shipped_sets,
    django_capture_on_commit_callbacks,
):
    """Two questions: Аружан right then wrong, Дәурен silent then right,
    a guest right on both; the host goes on to the podium."""
    game = live.host_game(
        host=teacher,
        question_set=QuestionSet.objects.get(key="every-kind"),
        classroom=classroom,
        mode="speed",
        streak_bonus=False,
        seconds=20,
    ).game
    aruzhan = live.join(pin=game.pin, nickname="x", user=student, ip=IP)
    dauren = live.join(pin=game.pin, nickname="Дәурен", user=other_student, ip=IP)
    guest = live.join(pin=game.pin, nickname="Қонақ", user=None, ip=IP)
    t0 = timezone.now()
    live.control(game=game, host=teacher, action="start", now=t0)
    game.refresh_from_db()
    first, second = game.questions[0], game.questions[1]
    live.answer(player=aruzhan, index=0, data=right_form(first), now=t0 + timedelta(seconds=2))
    live.answer(player=guest, index=0, data=right_form(first), now=t0 + timedelta(seconds=3))
    live.control(game=game, host=teacher, action="skip", now=t0 + timedelta(seconds=5))
    live.control(game=game, host=teacher, action="next", now=t0 + timedelta(seconds=8))
    t1 = t0 + timedelta(seconds=10)
    live.control(game=game, host=teacher, action="next", now=t1)
    live.answer(player=aruzhan, index=1, data=wrong_form(second), now=t1 + timedelta(seconds=1))
    live.answer(player=dauren, index=1, data=right_form(second), now=t1 + timedelta(seconds=2))
    live.answer(player=guest, index=1, data=right_form(second), now=t1 + timedelta(seconds=4))
    game.refresh_from_db()
    assert game.phase == "reveal"  # everyone answered
    # Two questions are enough: the host ends the game from the reveal. The
    # results are recorded once the end is committed.
    with django_capture_on_commit_callbacks(execute=True):
        live.control(game=game, host=teacher, action="end", now=t1 + timedelta(seconds=9))
    game.refresh_from_db()
    return {"game": game, "ids": [first["id"], second["id"]]}


def test_ending_a_game_puts_its_results_in_practice(game_played, student, other_student):
    today = timezone.localdate()
    first, second = game_played["ids"]
    assert GameResults.objects.filter(game=game_played["game"]).exists()
    mine = {c.question_id: c.box for c in ReviewCard.objects.filter(user=student)}
    assert mine == {first: 2, second: 1}
    his = {c.question_id: c.box for c in ReviewCard.objects.filter(user=other_student)}
    assert his == {first: 1, second: 2}  # silent on the first while in the game: a miss
    assert ReviewCard.objects.filter(user=student, question_id=second).get().due == today


def test_the_missed_ones_come_back_in_practice(game_played, student, client):
    client.force_login(student)
    assert client.post(reverse("practice")).status_code == 302
    attempt = student.attempts.get(mode="practice")
    assert list(attempt.items.values_list("question_id", flat=True)) == [game_played["ids"][1]]


def test_the_report_and_csv_of_a_game_played_through_the_services(
    game_played, teacher_client, student
):
    game = game_played["game"]
    html = teacher_client.get(reverse("live_game_report", args=[game.pk])).content.decode()
    assert "Қонақ" in html and "Аружан Т." in html and "Дәурен" in html
    rows = list(
        csv.reader(
            io.StringIO(
                teacher_client.get(reverse("live_game_csv", args=[game.pk])).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert len(rows) == 1 + 3 * 2
    assert rows[1][0] == "Қонақ" and rows[1][2] == "1"  # right on both, first
    aruzhan = [r for r in rows if r[0] == "Аружан Т."]
    assert [r[6] for r in aruzhan] == ["1", "0"] and aruzhan[0][1] == student.username
    assert aruzhan[0][7] == "2.0"  # two seconds, on the server's clock


def test_the_podium_already_records_and_ending_after_it_changes_nothing(
    teacher, classroom, student, shipped_sets, django_capture_on_commit_callbacks
):
    game = live.host_game(
        host=teacher,
        question_set=QuestionSet.objects.get(key="every-kind"),
        classroom=classroom,
        mode="accuracy",
        streak_bonus=False,
        seconds=20,
    ).game
    player = live.join(pin=game.pin, nickname="Аружан", user=student, ip=IP)
    now = timezone.now()
    live.control(game=game, host=teacher, action="start", now=now)
    game.refresh_from_db()
    for index in range(len(game.questions)):
        at = now + timedelta(seconds=30 * index)
        if index:
            live.control(game=game, host=teacher, action="next", now=at)  # reveal -> standings
            live.control(game=game, host=teacher, action="next", now=at)  # the next question
        live.answer(player=player, index=index, data=wrong_form(game.questions[index]), now=at)
    with django_capture_on_commit_callbacks(execute=True):
        live.control(game=game, host=teacher, action="next", now=now + timedelta(minutes=30))
    game.refresh_from_db()
    assert game.phase == "podium"
    cards = list(ReviewCard.objects.filter(user=student).order_by("pk").values())
    assert len(cards) == len({q["id"] for q in game.questions})
    with django_capture_on_commit_callbacks(execute=True):
        live.control(game=game, host=teacher, action="next", now=now + timedelta(minutes=31))
    game.refresh_from_db()
    assert game.phase == "ended"
    assert list(ReviewCard.objects.filter(user=student).order_by("pk").values()) == cards


def test_a_removed_pupil_gets_nothing(
    teacher, classroom, student, shipped_sets, django_capture_on_commit_callbacks
):
    game = live.host_game(
        host=teacher,
        question_set=QuestionSet.objects.get(key="every-kind"),
        classroom=classroom,
        mode="speed",
        streak_bonus=False,
        seconds=20,
    ).game
    player = live.join(pin=game.pin, nickname="Аружан", user=student, ip=IP)
    make_user("someone")
    live.control(game=game, host=teacher, action="start")
    game.refresh_from_db()
    live.answer(player=player, index=0, data=wrong_form(game.questions[0]))
    live.remove_player(game=game, host=teacher, player_id=player.pk)
    with django_capture_on_commit_callbacks(execute=True):
        live.control(game=game, host=teacher, action="end")
    assert GameResults.objects.filter(game=game).exists()
    assert not ReviewCard.objects.filter(user=student).exists()


def test_the_hosts_podium_and_end_screens_link_to_the_report(game_played):
    from quizzes.selectors.live import game_snapshot
    from quizzes.views.live import host_stage_html, player_stage_html

    game = game_played["game"]
    snapshot = game_snapshot(game.pk)
    url = reverse("live_game_report", args=[game.pk])
    assert url in host_stage_html(snapshot)
    # Never on a phone.
    player = game.players.first()
    assert url not in player_stage_html(snapshot, player.pk)


def test_the_results_wait_for_the_end_to_be_committed_and_a_failure_spares_the_host(
    teacher, classroom, student, shipped_sets, django_capture_on_commit_callbacks, monkeypatch
):
    game = live.host_game(
        host=teacher,
        question_set=QuestionSet.objects.get(key="every-kind"),
        classroom=classroom,
        mode="speed",
        streak_bonus=False,
        seconds=20,
    ).game
    live.join(pin=game.pin, nickname="Аружан", user=student, ip=IP)
    live.control(game=game, host=teacher, action="start")

    def broken(*args, **kwargs):
        raise RuntimeError("the results could not be recorded")

    monkeypatch.setattr(live, "record_game_results", broken)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ended = live.control(game=game, host=teacher, action="end")
    assert ended.phase == "ended" and len(callbacks) == 2  # the push, then the results
    assert not GameResults.objects.exists()


def test_a_game_left_running_ends_with_its_results_in_practice(
    teacher, classroom, student, shipped_sets
):
    every_kind = QuestionSet.objects.get(key="every-kind")
    options = {"classroom": classroom, "mode": "speed", "streak_bonus": False, "seconds": 20}
    old = live.host_game(host=teacher, question_set=every_kind, **options).game
    player = live.join(pin=old.pin, nickname="Аружан", user=student, ip=IP)
    live.control(game=old, host=teacher, action="start")
    old.refresh_from_db()
    live.answer(player=player, index=0, data=wrong_form(old.questions[0]))
    # The host closed the projector at the reveal; the next day, another game.
    from quizzes.models import Game

    Game.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=13))
    live.host_game(host=teacher, question_set=every_kind, **options)
    old.refresh_from_db()
    assert old.phase == "ended" and GameResults.objects.filter(game=old).exists()
    missed = ReviewCard.objects.get(user=student)
    assert (missed.question_id, missed.box) == (old.questions[0]["id"], 1)
