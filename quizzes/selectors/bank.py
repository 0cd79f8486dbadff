"""Reading the question bank."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from quizzes.models import AttemptItem, Question


def question_export(question: Question) -> dict[str, Any]:
    """One question in the exchange format (see ``quizzes.core.bank``)."""
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
    data.update(question.answer)
    return data


def bank_questions() -> QuerySet[Question]:
    """The bank's own questions (teachers' questions stay theirs)."""
    return Question.objects.filter(owner=None).order_by("topic", "key")


def bank_export() -> list[dict[str, Any]]:
    return [question_export(q) for q in bank_questions()]


def set_in_use(question_set: Any) -> bool:
    """Whether attempts or assignments use the set: then it is archived, never deleted."""
    return question_set.attempts.exists() or question_set.assignments.exists()


def question_in_use(question: Any) -> bool:
    """Whether an attempt asked the question: then it is archived, never deleted."""
    return AttemptItem.objects.filter(question=question).exists()
