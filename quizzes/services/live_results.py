"""What a finished live game leaves behind: each pupil's practice.

``record_game_results`` is called once a game ends (and again by the report,
harmlessly): every question a pupil with an account missed in the game
(answered wrong, or let pass while they were in it) comes back in their
practice, and every one they got right counts as remembered, exactly as
finishing an attempt moves the review cards. The rules of which questions
count are in ``quizzes.core.live_results``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from quizzes.core.live_results import first_index, openings, practice_scores
from quizzes.models import Game, GameAnswer, GameResults, Player

from .attempts import reviews_schedule


def record_game_results(game: Game, *, now: datetime | None = None) -> bool:
    """Put a finished game's results into its players' practice, once:
    ``True`` if this call did it, ``False`` if it was done before. Removed
    players are left out, and so are questions the game never reached.
    A fixed number of queries, whatever the number of players."""
    now = now or timezone.now()
    with transaction.atomic():
        record, created = GameResults.objects.get_or_create(
            game_id=game.pk, defaults={"recorded_at": now}
        )
        if not created:
            return False
        # The game as stored now (the caller's copy may be older).
        index, opened_at, questions = (
            Game.objects.filter(pk=game.pk).values_list("index", "opened_at", "questions").get()
        )
        reached = min(max(index + 1, 0), len(questions))
        answers = list(
            GameAnswer.objects.filter(game_id=game.pk).values_list(
                "player_id", "index", "correct", "answered_at", "elapsed_ms"
            )
        )
        opened = openings(
            reached=reached,
            answers=((i, when, ms) for _, i, _, when, ms in answers),
            current=opened_at,
        )
        by_player: dict[int, dict[int, bool]] = defaultdict(dict)
        for player_id, i, correct, _, _ in answers:
            if 0 <= i < len(questions):
                by_player[player_id][i] = correct
        outcomes = []
        for player_id, user_id, joined_at in Player.objects.filter(
            game_id=game.pk, removed=False, user__isnull=False
        ).values_list("pk", "user_id", "joined_at"):
            scores = practice_scores(
                reached=reached,
                first_index=first_index(joined_at=joined_at, opened=opened),
                answers=by_player.get(player_id, {}),
            )
            outcomes += [(user_id, questions[i]["id"], score) for i, score in scores.items()]
        record.cards = reviews_schedule(outcomes=outcomes, now=now)
        record.save(update_fields=["cards"])
    return True
