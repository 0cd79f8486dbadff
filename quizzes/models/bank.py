from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quizzes.core.kinds import REGISTRY
from quizzes.core.kinds import Kind as CoreKind

from .article import Sentence


class Question(models.Model):
    """A question of the bank. ``key`` is stable across fixture edits, so a
    reloaded bank updates a question in place; ``revision`` counts the edits."""

    # The kinds and their names come from their modules (quizzes/core/kinds/).
    Kind = models.TextChoices("Kind", [(k.name, (k.value, _(REGISTRY[k].label))) for k in CoreKind])

    class Topic(models.TextChoices):
        ORIGINS = "origins", _("The USSR's break-up and the CIS")
        TREATY = "treaty", _("The Collective Security Treaty")
        ARTICLES = "articles", _("Articles of the treaty")
        PARTICIPANTS = "participants", _("Participants")
        PEOPLE = "people", _("People")
        BODIES = "bodies", _("Bodies and documents")
        THREATS = "threats", _("Threats and concerns")
        CRITICISM = "criticism", _("Criticism and opinions")
        KAZAKHSTAN = "kazakhstan", _("Kazakhstan and the CSTO")
        REFORMS = "reforms", _("The CSTO and the 2007 reforms")

    class Difficulty(models.IntegerChoices):
        EASY = 1, _("Easy")
        MEDIUM = 2, _("Medium")
        HARD = 3, _("Hard")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, db_index=True)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices)
    prompt = models.TextField(_("prompt"))
    explanation = models.TextField(_("explanation"))
    attribution = models.CharField(
        _("whose opinion"),
        max_length=200,
        blank=True,
        help_text=_("For a question about an opinion: whose it is, as the prompt says it."),
    )
    answer = models.JSONField(_("answer"), help_text=_("The kind's answer fields."))
    source_quotes = models.JSONField(_("source quotes"), default=list)
    sources = models.ManyToManyField(
        Sentence, related_name="questions", blank=True, verbose_name=_("source sentences")
    )
    enemies = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("enemies"),
        help_text=_(
            "Questions that test the same fact, or where one shows the other's answer: "
            "an attempt never holds two of them."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("author"),
        help_text=_("Empty for the questions of the bank; a teacher's own otherwise."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    # A teacher's question that attempts used cannot be deleted: archived, it
    # leaves their lists and the bank picker, and the attempts keep it.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["topic", "key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(difficulty__in=[1, 2, 3]), name="question_difficulty_range"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in CoreKind]), name="question_kind_known"
            ),
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.key
