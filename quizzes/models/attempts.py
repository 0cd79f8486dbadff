from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bank import Question
from .classrooms import Assignment
from .sets import QuestionSet


class Attempt(models.Model):
    """One pupil's sitting of a question set (or a practice session).

    The seed rebuilds the same questions and option orders anywhere; the
    questions themselves are copied into the items when the attempt starts, so
    a later edit of the bank does not change what the pupil was asked.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        EXPIRED = "expired", _("Time ran out")

    class Mode(models.TextChoices):
        QUIZ = "quiz", _("Quiz")
        PRACTICE = "practice", _("Practice")

    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.PROTECT, related_name="attempts", null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attempts",
        null=True,
        blank=True,
    )
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="attempts",
        null=True,
        blank=True,
    )
    # A visitor without an account: the attempt belongs to their session's key
    # until they sign up and claim it.
    visitor_key = models.CharField(max_length=64, blank=True, db_index=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.QUIZ)
    seed = models.BigIntegerField()
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.IN_PROGRESS, db_index=True
    )
    feedback = models.CharField(max_length=10, choices=Assignment.Feedback.choices)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(default=0)
    max_score = models.FloatField(default=0)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["user", "question_set", "-started_at"]),
            models.Index(fields=["assignment", "user", "started_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(user=None, visitor_key=""), name="attempt_has_an_owner"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=models.F("max_score")),
                name="attempt_score_in_range",
            ),
        ]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self) -> str:
        return f"attempt {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


class AttemptItem(models.Model):
    """One question of an attempt, with the pupil's answer.

    One row per question and attempt (a database constraint), so a replayed
    or doubled answer overwrites instead of adding a second one.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField()
    # The question as it was when the attempt started (exchange format, plus
    # the anchors of its source sentences).
    snapshot = models.JSONField()
    # Option i on screen is option option_order[i] of the snapshot.
    option_order = models.JSONField(default=list)
    response = models.JSONField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    verdict = models.CharField(max_length=12, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="item_unique_position"),
            models.UniqueConstraint(fields=["attempt", "question"], name="item_unique_question"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class ReviewCard(models.Model):
    """Where a question stands in a pupil's spaced-repetition schedule."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    box = models.PositiveSmallIntegerField()
    due = models.DateField(db_index=True)
    reviewed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="card_unique_question")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.question_id}: box {self.box}, due {self.due}"
