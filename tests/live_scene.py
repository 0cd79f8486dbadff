"""A finished live game built straight in the tables, as the engine leaves
one: a teacher's game for their classroom, its frozen questions, its players
(a pupil of the class, another pupil, a guest without an account, a removed
player) and their answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from quizzes.core.grading import grade, key_response
from quizzes.models import Game, GameAnswer, Membership, Player, Question, QuestionSet
from quizzes.services.attempts import question_snapshot
from tests.conftest import make_user

KINDS = ("single", "true_false", "multiple", "year")


def game_questions() -> list[Question]:
    """One bank question of each kind a game plays, in that order."""
    return [
        Question.objects.filter(kind=kind, owner=None).order_by("key").first() for kind in KINDS
    ]


def wrong_response(snapshot: dict[str, Any]) -> Any:
    kind = snapshot["kind"]
    if kind == "single":
        return next(i for i, c in enumerate(snapshot["choices"]) if not c["correct"])
    if kind == "multiple":
        return [next(i for i, c in enumerate(snapshot["choices"]) if not c["correct"])]
    if kind == "true_false":
        return not snapshot["answer"]
    return snapshot["answer"] + 7


def make_game(
    *,
    host: Any,
    classroom: Any = None,
    questions: list[Question] | None = None,
    phase: str = "ended",
    index: int | None = None,
    pin: str = "123456",
    started: Any = None,
) -> Game:
    questions = questions or game_questions()
    started = started or timezone.now() - timedelta(minutes=10)
    frozen = [
        {
            "id": q.pk,
            "snapshot": question_snapshot(q),
            "order": list(range(len(q.answer.get("choices", [])))),
        }
        for q in questions
    ]
    game = Game.objects.create(
        pin=pin,
        host=host,
        question_set=QuestionSet.objects.get(key="every-kind"),
        classroom=classroom,
        seconds=20,
        questions=frozen,
        phase=phase,
        index=len(frozen) - 1 if index is None else index,
        opened_at=started + timedelta(seconds=60 * (len(frozen) - 1 if index is None else index)),
        ended_at=timezone.now() if phase == "ended" else None,
    )
    Game.objects.filter(pk=game.pk).update(created_at=started - timedelta(minutes=1))
    game.refresh_from_db()
    game.started = started
    return game


def join(game: Game, nickname: str, user: Any = None, *, at: Any = None, removed=False) -> Player:
    player = Player.objects.create(
        game=game, user=user, nickname=nickname, nickname_key=nickname.casefold(), removed=removed
    )
    Player.objects.filter(pk=player.pk).update(joined_at=at or game.started - timedelta(seconds=30))
    player.refresh_from_db()
    return player


def answer(game: Game, player: Player, index: int, *, right: bool, ms: int = 3000) -> GameAnswer:
    """An answer to question ``index``, ``ms`` after it opened (one a minute)."""
    entry = game.questions[index]
    snapshot = entry["snapshot"]
    response = key_response(snapshot["kind"], snapshot) if right else wrong_response(snapshot)
    if isinstance(response, set):
        response = sorted(response)
    correct = grade(snapshot["kind"], snapshot, response).score >= 1
    assert correct == right
    points = round(1000 * (1 - ms / 40000)) if right else 0
    made = GameAnswer.objects.create(
        game=game,
        player=player,
        index=index,
        question_id=entry["id"],
        response=response,
        correct=correct,
        elapsed_ms=ms,
        points=points,
        answered_at=game.started + timedelta(seconds=60 * index, milliseconds=ms),
    )
    Player.objects.filter(pk=player.pk).update(
        score=player.score + points, answer_ms=player.answer_ms + (ms if right else 0)
    )
    player.refresh_from_db()
    return made


def played_game(*, teacher: Any, classroom: Any, student: Any, other_student: Any) -> dict:
    """Four questions played. ``student`` (in the class as «Аружан Т.»):
    right, wrong, silent, right. ``other_student`` joined during question 2:
    wrong on 3, right on 4. A guest: right on all. A removed pupil: wrong on 1."""
    Membership.objects.get_or_create(
        classroom=classroom, student=student, defaults={"nickname": "Аружан Т."}
    )
    game = make_game(host=teacher, classroom=classroom)
    aruzhan = join(game, "Аружан Т.", student)
    dauren = join(game, "Дәурен", other_student, at=game.started + timedelta(seconds=70))
    guest = join(game, "=HYPERLINK(1)")
    removed_user = make_user("removed-pupil")
    removed = join(game, "Шығарылған", removed_user)
    answer(game, aruzhan, 0, right=True, ms=2000)
    answer(game, aruzhan, 1, right=False, ms=5000)
    answer(game, aruzhan, 3, right=True, ms=4000)
    answer(game, dauren, 2, right=False, ms=8000)
    answer(game, dauren, 3, right=True, ms=1000)
    for index in range(4):
        answer(game, guest, index, right=True, ms=6000 + index)
    answer(game, removed, 0, right=False, ms=1000)
    Player.objects.filter(pk=removed.pk).update(removed=True)
    return {
        "game": game,
        "aruzhan": aruzhan,
        "dauren": dauren,
        "guest": guest,
        "removed": removed,
        "removed_user": removed_user,
        "questions": [q["id"] for q in game.questions],
    }
