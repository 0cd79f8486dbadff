"""A finished live game's results go into its pupils' practice, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import GameResults, ReviewCard
from quizzes.services.live_results import record_game_results
from tests.live_scene import answer, join, make_game, played_game


@pytest.fixture
def played(teacher, classroom, student, other_student, shipped_sets):
    return played_game(
        teacher=teacher, classroom=classroom, student=student, other_student=other_student
    )


def cards_of(user):
    return {c.question_id: (c.box, c.due) for c in ReviewCard.objects.filter(user=user)}


def test_missed_questions_enter_practice_and_right_ones_count_as_remembered(played, student):
    q = played["questions"]
    today = timezone.localdate()
    assert record_game_results(played["game"]) is True
    assert cards_of(student) == {
        q[0]: (2, today + timedelta(days=2)),  # right: remembered
        q[1]: (1, today),  # wrong: due at once
        q[2]: (1, today),  # silent while in the game: a miss too
        q[3]: (2, today + timedelta(days=2)),
    }


def test_a_late_joiner_is_charged_only_with_what_came_after_joining(played, other_student):
    q = played["questions"]
    record_game_results(played["game"])
    today = timezone.localdate()
    assert cards_of(other_student) == {q[2]: (1, today), q[3]: (2, today + timedelta(days=2))}


def test_removed_players_and_guests_leave_nothing(played):
    record_game_results(played["game"])
    assert not ReviewCard.objects.filter(user=played["removed_user"]).exists()
    assert set(ReviewCard.objects.values_list("user_id", flat=True)) == {
        played["aruzhan"].user_id,
        played["dauren"].user_id,
    }


def test_ending_twice_changes_nothing(played, student, django_assert_num_queries):
    record_game_results(played["game"])
    before = list(ReviewCard.objects.order_by("pk").values())
    with django_assert_num_queries(3):  # savepoint, look for the record, release
        assert record_game_results(played["game"], now=timezone.now() + timedelta(days=3)) is False
    assert list(ReviewCard.objects.order_by("pk").values()) == before
    assert GameResults.objects.get(game=played["game"]).cards == 6


def test_a_card_already_in_practice_moves_as_finishing_an_attempt_moves_it(played, student):
    q = played["questions"]
    today = timezone.localdate()
    ReviewCard.objects.create(
        user=student, question_id=q[0], box=3, due=today, reviewed_at=timezone.now()
    )
    ReviewCard.objects.create(
        user=student, question_id=q[1], box=4, due=today, reviewed_at=timezone.now()
    )
    record_game_results(played["game"])
    cards = cards_of(student)
    assert cards[q[0]] == (4, today + timedelta(days=8))  # up one box
    assert cards[q[1]] == (1, today)  # back to the first


def test_recording_takes_a_fixed_number_of_queries(
    teacher, classroom, shipped_sets, django_assert_max_num_queries
):
    from tests.conftest import make_user

    game = make_game(host=teacher, classroom=classroom)
    for n in range(30):
        player = join(game, f"Оқушы {n}", make_user(f"p{n}"))
        answer(game, player, n % 4, right=n % 2 == 0)
    with django_assert_max_num_queries(12):
        record_game_results(game)
    assert ReviewCard.objects.count() == 30 * 4


def test_only_the_questions_the_game_reached(teacher, classroom, student, shipped_sets):
    game = make_game(host=teacher, classroom=classroom, index=1)
    player = join(game, "Аружан", student)
    answer(game, player, 0, right=True)
    record_game_results(game)
    assert set(cards_of(student)) == {game.questions[0]["id"], game.questions[1]["id"]}


def test_a_game_ended_in_its_lobby_leaves_nothing(teacher, classroom, student, shipped_sets):
    game = make_game(host=teacher, classroom=classroom, index=-1)
    join(game, "Аружан", student)
    assert record_game_results(game) is True
    assert not ReviewCard.objects.exists()


def test_missed_game_questions_come_back_in_practice(played, student, client):
    record_game_results(played["game"])
    client.force_login(student)
    response = client.post(reverse("practice"))
    assert response.status_code == 302
    attempt = student.attempts.get(mode="practice")
    assert set(attempt.items.values_list("question_id", flat=True)) == {
        played["questions"][1],
        played["questions"][2],
    }


@pytest.mark.django_db(transaction=True)
def test_two_ends_racing_record_once(shipped_sets):
    """The end pressed on two servers at once, or the report opened as the
    game ends: the results are recorded once, never twice, never an error."""
    import threading

    from quizzes.services.classrooms import classroom_create
    from tests.conftest import make_user

    teacher = make_user("racing-teacher", role="teacher")
    pupil, other = make_user("racing-pupil"), make_user("racing-other")
    classroom = classroom_create(teacher=teacher, name="Жарыс")
    played = played_game(teacher=teacher, classroom=classroom, student=pupil, other_student=other)
    barrier = threading.Barrier(2)
    outcomes = []

    def end():
        from django.db import connection as own

        try:
            barrier.wait()
            outcomes.append(record_game_results(played["game"]))
        except Exception as error:  # noqa: BLE001  (any error fails the test below)
            outcomes.append(repr(error))
        finally:
            own.close()

    threads = [threading.Thread(target=end) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [False, True]
    assert GameResults.objects.count() == 1
    # A right answer moved its card up once (box 2), not twice (box 3).
    assert cards_of(pupil)[played["questions"][0]][0] == 2
