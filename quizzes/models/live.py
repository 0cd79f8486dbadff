from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quizzes.core import live as rules

from .bank import Question
from .classrooms import Classroom
from .sets import QuestionSet


class Game(models.Model):
    """A live game: a teacher runs a set's questions on the projector, the
    class answers on phones. Its rules (phases, scoring) are in
    ``quizzes.core.live``; ``state()`` is the game as the core sees it.

    ``questions`` is frozen when the game is hosted: a list of
    ``{"id", "snapshot", "order"}``, the snapshot being the same copy of the
    question that attempts keep (so a later edit of the bank changes no game)
    and ``order`` the order its options are shown in, the same on every screen.
    """

    class Phase(models.TextChoices):
        LOBBY = rules.Phase.LOBBY, _("Lobby")
        QUESTION = rules.Phase.QUESTION, _("Question")
        REVEAL = rules.Phase.REVEAL, _("Answer")
        STANDINGS = rules.Phase.STANDINGS, _("Standings")
        PODIUM = rules.Phase.PODIUM, _("Podium")
        ENDED = rules.Phase.ENDED, _("Ended")

    class Mode(models.TextChoices):
        SPEED = rules.Mode.SPEED, _("Speed: quicker right answers earn more")
        ACCURACY = rules.Mode.ACCURACY, _("Accuracy: every right answer earns the same")

    pin = models.CharField(_("PIN"), max_length=rules.PIN_DIGITS)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hosted_games"
    )
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.PROTECT, related_name="games", verbose_name=_("question set")
    )
    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="games",
        verbose_name=_("classroom"),
    )
    mode = models.CharField(_("scoring"), max_length=10, choices=Mode.choices, default=Mode.SPEED)
    streak_bonus = models.BooleanField(_("streak bonus"), default=False)
    seconds = models.PositiveSmallIntegerField(_("seconds per question"), default=20)
    questions = models.JSONField(default=list)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.LOBBY)
    index = models.SmallIntegerField(default=-1)
    opened_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    paused_remaining = models.DurationField(null=True, blank=True)
    # Raised by every change that shows on a screen (answers excepted: the
    # host's count of answers is counted from the answers).
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pin"],
                condition=~models.Q(phase="ended"),
                name="game_pin_unique_while_running",
            ),
            models.CheckConstraint(
                condition=models.Q(seconds__gte=rules.MIN_SECONDS)
                & models.Q(seconds__lte=rules.MAX_SECONDS),
                name="game_seconds_range",
            ),
            models.CheckConstraint(
                condition=models.Q(phase__in=[p.value for p in rules.Phase]),
                name="game_phase_known",
            ),
        ]
        indexes = [models.Index(fields=["host", "-created_at"])]
        verbose_name = _("live game")
        verbose_name_plural = _("live games")

    def __str__(self) -> str:
        return f"game {self.pin}"

    @property
    def count(self) -> int:
        return len(self.questions)

    def state(self, count: int | None = None) -> rules.State:
        """The game as the core sees it; ``count`` when the questions were
        not read (they are counted by the database instead)."""
        return rules.State(
            phase=rules.Phase(self.phase),
            index=self.index,
            count=self.count if count is None else count,
            seconds=self.seconds,
            opened_at=self.opened_at,
            deadline=self.deadline,
            paused_remaining=self.paused_remaining,
        )

    def apply(self, state: rules.State) -> list[str]:
        """Take the core's new state; the fields changed, for ``save``."""
        self.phase = state.phase.value
        self.index = state.index
        self.opened_at = state.opened_at
        self.deadline = state.deadline
        self.paused_remaining = state.paused_remaining
        return ["phase", "index", "opened_at", "deadline", "paused_remaining"]

    @property
    def is_running(self) -> bool:
        return self.phase != self.Phase.ENDED

    def question(self, index: int | None = None) -> dict:
        """The frozen question at ``index`` (the current one by default)."""
        return self.questions[self.index if index is None else index]


class Player(models.Model):
    """Someone in a game: a nickname, and an account when they had one."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="players")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="game_players",
    )
    nickname = models.CharField(_("nickname"), max_length=rules.NICKNAME_MAX)
    # The nickname as compared: case-folded (``rules.nickname_key``).
    nickname_key = models.CharField(max_length=rules.NICKNAME_MAX * 3)
    score = models.PositiveIntegerField(default=0)
    # The total time of right answers (the tie-break).
    answer_ms = models.PositiveIntegerField(default=0)
    streak = models.PositiveSmallIntegerField(default=0)
    removed = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["game", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["game", "nickname_key"],
                condition=models.Q(removed=False),
                name="player_nickname_unique_in_game",
            ),
            models.UniqueConstraint(
                fields=["game", "user"],
                condition=models.Q(user__isnull=False),
                name="player_user_once_in_game",
            ),
        ]
        verbose_name = _("player")
        verbose_name_plural = _("players")

    def __str__(self) -> str:
        return f"{self.nickname} @ {self.game_id}"


class GameAnswer(models.Model):
    """A player's answer to one question of a game: one at most (a database
    constraint), scored on the server when it arrived."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="answers")
    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="answers")
    index = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    response = models.JSONField(null=True, blank=True)
    correct = models.BooleanField(default=False)
    elapsed_ms = models.PositiveIntegerField(default=0)
    points = models.PositiveIntegerField(default=0)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["game", "index", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["player", "index"], name="game_answer_once"),
        ]
        indexes = [models.Index(fields=["game", "index"])]

    def __str__(self) -> str:
        return f"{self.player_id}#{self.index}"

    @property
    def elapsed(self) -> timedelta:
        return timedelta(milliseconds=self.elapsed_ms)
