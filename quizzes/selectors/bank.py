"""Reading the question bank."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from quizzes.core.checks import cues_between
from quizzes.models import Question, QuestionSet


def question_export(question: Question, *, with_enemies: bool = False) -> dict[str, Any]:
    """One question in the exchange format (see ``quizzes.core.bank``); with
    its enemies' keys when asked (prefetch ``enemies`` for many questions)."""
    data: dict[str, Any] = {
        "key": question.key,
        "kind": question.kind,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "source": list(question.source_quotes),
    }
    if question.attribution:
        data["attribution"] = question.attribution
    if with_enemies:
        enemies = sorted(enemy.key for enemy in question.enemies.all())
        if enemies:
            data["enemies"] = enemies
    data.update(question.answer)
    return data


def bank_questions() -> QuerySet[Question]:
    """The bank's own questions (teachers' questions stay theirs)."""
    return Question.objects.filter(owner=None).order_by("topic", "key")


def bank_export() -> list[dict[str, Any]]:
    questions = bank_questions().prefetch_related("enemies")
    return [question_export(q, with_enemies=True) for q in questions]


def enemy_pairs(*, question_ids: Collection[int]) -> list[tuple[int, int]]:
    """The pairs of enemies among the given questions (one query)."""
    through = Question.enemies.through
    return list(
        through.objects.filter(
            from_question_id__in=question_ids, to_question_id__in=question_ids
        ).values_list("from_question_id", "to_question_id")
    )


@dataclass(frozen=True)
class Clash:
    """A question of a set that is the enemy of another of its questions, and
    why: ``answer`` is what one shows of the other (``shows`` tells which),
    empty when the two test the same fact."""

    other: Question
    answer: str = ""
    shows: bool = False


def set_clashes(*, question_set: QuestionSet, question: Question) -> list[Clash]:
    """The set's fixed questions that are enemies of ``question``."""
    others = Question.objects.filter(
        pk__in=question_set.fixed_questions.values("question_id"), enemies=question
    ).exclude(pk=question.pk)
    clashes = []
    for other in others:
        cue = next(iter(cues_between(question_export(question), [question_export(other)])), None)
        if cue is None:
            clashes.append(Clash(other=other))
        else:
            clashes.append(Clash(other=other, answer=cue.answer, shows=cue.shows == question.key))
    return clashes
