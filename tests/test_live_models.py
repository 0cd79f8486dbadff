"""The live game's tables hold their rules themselves: constraints."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.models import Game, GameAnswer, Player, Question, QuestionSet


@pytest.fixture
def game(teacher, shipped_sets):
    return Game.objects.create(
        pin="123456", host=teacher, question_set=QuestionSet.objects.get(key="every-kind")
    )


def test_pin_unique_among_running_games_only(game, teacher):
    with pytest.raises(IntegrityError), transaction.atomic():
        Game.objects.create(pin="123456", host=teacher, question_set=game.question_set)
    game.phase = Game.Phase.ENDED
    game.save()
    again = Game.objects.create(pin="123456", host=teacher, question_set=game.question_set)
    assert again.pk != game.pk


def test_nickname_unique_case_insensitively_among_players_not_removed(game):
    first = Player.objects.create(game=game, nickname="Әлия", nickname_key="әлия")
    with pytest.raises(IntegrityError), transaction.atomic():
        Player.objects.create(game=game, nickname="ӘЛИЯ", nickname_key="әлия")
    first.removed = True
    first.save()
    Player.objects.create(game=game, nickname="ӘЛИЯ", nickname_key="әлия")


def test_one_answer_per_player_and_question(game):
    player = Player.objects.create(game=game, nickname="A", nickname_key="a")
    question = Question.objects.first()
    fields = {"game": game, "player": player, "question": question, "answered_at": timezone.now()}
    GameAnswer.objects.create(index=0, **fields)
    GameAnswer.objects.create(index=1, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        GameAnswer.objects.create(index=0, **fields)


def test_seconds_in_range(game):
    game.seconds = 1
    with pytest.raises(IntegrityError), transaction.atomic():
        game.save()
