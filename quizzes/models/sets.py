from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bank import Question


class QuestionSet(models.Model):
    """What a quiz is drawn from: fixed questions and random pools."""

    class Feedback(models.TextChoices):
        EACH = "each", _("After each question")
        END = "end", _("After submitting")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="question_sets",
        help_text=_("Empty for the sets that ship with the bank."),
    )
    time_limit = models.PositiveIntegerField(_("time limit (seconds)"), null=True, blank=True)
    feedback = models.CharField(
        _("feedback"), max_length=10, choices=Feedback.choices, default=Feedback.END
    )
    shuffle = models.BooleanField(_("shuffle questions"), default=True)
    open_to_visitors = models.BooleanField(
        _("open to visitors"), default=False, help_text=_("Can be tried without an account.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # Archived: off the teacher's lists and not to be assigned; attempts of it stay.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("question set")
        verbose_name_plural = _("question sets")

    def __str__(self) -> str:
        return self.title

    @property
    def time_limit_minutes(self) -> int | None:
        return round(self.time_limit / 60) if self.time_limit else None

    def question_count(self) -> int:
        return sum(p.count for p in self.pools.all()) + len(self.fixed_questions.all())


class SetPool(models.Model):
    """``count`` questions drawn at random from the bank, optionally filtered."""

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="pools")
    count = models.PositiveSmallIntegerField(_("count"))
    topic = models.CharField(_("topic"), max_length=20, choices=Question.Topic.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Question.Kind.choices, blank=True)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Question.Difficulty.choices, null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("random pool")
        verbose_name_plural = _("random pools")
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="pool_count_positive")
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.topic or '*'}/{self.kind or '*'}/{self.difficulty or '*'}"


class SetQuestion(models.Model):
    """A question that every attempt of the set gets."""

    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="fixed_questions"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "question"], name="set_question_once")
        ]

    def __str__(self) -> str:
        return f"{self.question_set_id}: {self.question_id}"
