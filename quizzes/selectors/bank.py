"""Reading the question bank."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from quizzes.core.grading import key_response
from quizzes.core.normalize import answer_key
from quizzes.core.responses import describe
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


def usable_questions(teacher: Any) -> QuerySet[Question]:
    """What a teacher may put in a set: the bank, and their own (not archived)."""
    return Question.objects.filter(Q(owner=None) | Q(owner=teacher), archived_at=None)


def _searchable(question: Question) -> str:
    """Everything a teacher may search a question by, as one comparison key."""
    spec = question.answer
    parts = [question.prompt, question.explanation, question.attribution]
    parts += [c["text"] for c in spec.get("choices", [])]
    parts += spec.get("items", [])
    parts += [side for pair in spec.get("pairs", []) for side in pair]
    if isinstance(spec.get("answer"), str):
        parts += [spec["answer"], *spec.get("accepted", [])]
    return " " + answer_key(" ".join(parts)) + " "


@dataclass
class BankEntry:
    question: Question
    key: list[str]  # the right answer, in words, for the teacher's preview
    choices: list[dict[str, Any]]  # every option, with the right ones marked


def bank_page(
    *,
    teacher: Any,
    exclude_set: Any,
    filters: dict[str, Any],
    page: Any,
    per_page: int = 20,
) -> Page:
    """A page of the questions a teacher may add to a set (those already in
    it left out), filtered by topic, kind and difficulty and searched in the
    way typed answers are compared: case, script and punctuation aside, so
    «ташкент» finds «Ташкент» on any database."""
    questions = usable_questions(teacher).exclude(
        pk__in=exclude_set.fixed_questions.values("question_id")
    )
    for name in ("topic", "kind", "difficulty"):
        if filters.get(name):
            questions = questions.filter(**{name: filters[name]})
    questions = list(questions.order_by("topic", "pk"))
    wanted = answer_key(filters.get("q") or "")
    if wanted:
        questions = [q for q in questions if f" {wanted}" in _searchable(q)]
    paginator = Paginator(questions, per_page)
    page_obj = paginator.get_page(page)
    page_obj.object_list = [bank_entry(q) for q in page_obj.object_list]
    return page_obj


def bank_entry(question: Question) -> BankEntry:
    spec = question.answer
    return BankEntry(
        question=question,
        key=describe(question.kind, spec, key_response(question.kind, spec)),
        choices=spec.get("choices", []),
    )


def set_questions_export(question_set: Any) -> list[dict[str, Any]]:
    """A set's fixed questions in the exchange format, in the set's order."""
    return [
        question_export(sq.question)
        for sq in question_set.fixed_questions.select_related("question")
    ]


def set_pools_export(question_set: Any) -> list[dict[str, Any]]:
    """A set's random pools as the JSON export carries them."""
    return [
        {
            "count": pool.count,
            "topic": pool.topic,
            "kind": pool.kind,
            "difficulty": pool.difficulty,
        }
        for pool in question_set.pools.all()
    ]
