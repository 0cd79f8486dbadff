"""Reading the question bank."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from quizzes.core.checks import cues_between
from quizzes.core.grading import key_response
from quizzes.core.kinds import kind_template
from quizzes.core.normalize import answer_key
from quizzes.core.responses import describe
from quizzes.models import AttemptItem, GameAnswer, Question, QuestionSet


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


def set_in_use(question_set: Any) -> bool:
    """Whether attempts, assignments or live games use the set: then it is
    archived, never deleted."""
    return (
        question_set.attempts.exists()
        or question_set.assignments.exists()
        or question_set.games.exists()
    )


def question_in_use(question: Any) -> bool:
    """Whether an attempt or a live game asked the question: then it is
    archived, never deleted."""
    return (
        AttemptItem.objects.filter(question=question).exists()
        or GameAnswer.objects.filter(question=question).exists()
    )


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

    @property
    def answer_template(self) -> str:
        return kind_template(self.question.kind, "answer")


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
    fixed = question_set.fixed_questions.select_related("question").prefetch_related(
        "question__enemies"
    )
    return [question_export(sq.question, with_enemies=True) for sq in fixed]


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
