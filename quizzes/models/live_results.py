from __future__ import annotations

from django.db import models

from .live import Game


class GameResults(models.Model):
    """That a finished game's results went into its players' practice. One
    row per game at most (its key is the game's), so ending a game twice, or
    two requests ending it at once, schedules the reviews once."""

    game = models.OneToOneField(
        Game, on_delete=models.CASCADE, primary_key=True, related_name="results"
    )
    recorded_at = models.DateTimeField()
    # How many review cards it moved (for the admin and the logs).
    cards = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"results of game {self.game_id}"
