"""Writing a teacher's own questions and question sets."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from quizzes.core.bank import bank_errors, split_answer
from quizzes.core.checks import Finding, cues_between, key_is_longest, question_findings
from quizzes.core.emphasis import strip_emphasis
from quizzes.models import Question, QuestionSet, Sentence, SetPool, SetQuestion
from quizzes.selectors.bank import question_export

from .bank import BankError
from .boards import boards_changed, classrooms_assigned


def _key(teacher: Any, stem: str = "") -> str:
    token = secrets.token_hex(4)
    stem = (stem or "q")[:50].strip("-")
    return f"t{teacher.pk}-{stem}-{token}"


def _sources(quotes: Sequence[str]) -> list[Sentence]:
    sentences = list(Sentence.objects.all())
    return [s for s in sentences if any(q in s.text for q in quotes)]


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "topic": data["topic"],
        "difficulty": data["difficulty"],
        "prompt": data["prompt"],
        "explanation": data["explanation"],
        "attribution": data.get("attribution", ""),
        "answer": split_answer(data),
        "source_quotes": list(data.get("source", [])),
    }


@transaction.atomic
def teacher_question_save(
    *, teacher: Any, data: dict[str, Any], question: Question | None = None
) -> tuple[Question, list[Finding]]:
    """Create or edit a teacher's question (already validated by the form).
    Returns it with what its writing gives away: a question that shows the
    answer of another (of the bank or the teacher's own), or whose answer
    another shows, becomes its enemy, and the teacher is told."""
    if question is None:
        question = Question(owner=teacher, key=_key(teacher))
    else:
        question.revision += 1
    for name, value in _fields(data).items():
        setattr(question, name, value)
    question.save()
    question.sources.set(_sources(data.get("source", [])))
    return question, _review(question=question, teacher=teacher)


def _review(*, question: Question, teacher: Any) -> list[Finding]:
    """Make the question the enemy of every question it shows the answer of,
    or that shows its answer (of the bank or the teacher's own), and list
    what the teacher should know about its writing."""
    data = question_export(question)
    others = {
        q.key: q
        for q in Question.objects.filter(Q(owner=None) | Q(owner=teacher)).exclude(pk=question.pk)
    }
    findings = []
    enemies: dict[str, Question] = {}
    for cue in cues_between(data, [question_export(q) for q in others.values()]):
        shows = cue.shows == question.key
        other = others[cue.answers if shows else cue.shows]
        if other.key not in enemies:
            enemies[other.key] = other
            params = {
                "shows": shows,
                "answer": cue.answer,
                "other": strip_emphasis(other.prompt),
                "other_key": other.key,
            }
            findings.append(Finding("cue", question.key, params))
    question.enemies.set(enemies.values())
    findings += question_findings(data)
    if key_is_longest(data):
        findings.append(Finding("longest_key", question.key))
    return findings


def teacher_set_create(*, teacher: Any, form: Any) -> QuestionSet:
    question_set = form.save(commit=False)
    question_set.owner = teacher
    question_set.key = _key(teacher, "set")
    question_set.save()
    return question_set


@transaction.atomic
def teacher_set_update(*, form: Any) -> QuestionSet:
    """Save a teacher's edits to their set; boards that show its title change."""
    question_set = form.save()
    boards_changed(classrooms=classrooms_assigned([question_set.pk]))
    return question_set


def set_add_question(*, question_set: QuestionSet, question: Question) -> None:
    position = (question_set.fixed_questions.aggregate(m=Max("position"))["m"] or 0) + 1
    SetQuestion.objects.get_or_create(
        question_set=question_set, question=question, defaults={"position": position}
    )


def set_add_pool(*, question_set: QuestionSet, data: dict[str, Any]) -> SetPool:
    return SetPool.objects.create(
        question_set=question_set,
        count=data["count"],
        topic=data.get("topic") or "",
        kind=data.get("kind") or "",
        difficulty=data.get("difficulty"),
    )


@transaction.atomic
def set_import(*, question_set: QuestionSet, teacher: Any, questions: list[dict[str, Any]]) -> int:
    """Add a file's questions to a set as the teacher's own: all or none. The
    file's enemies are kept where they name a question of the file, of the
    bank or of the teacher's; each new question is also checked for cues."""
    article = "\n".join(Sentence.objects.values_list("text", flat=True))
    problems = bank_errors(
        questions, topics=Question.Topic.values, article=article, require_source=False
    )
    if problems:
        raise BankError(problems)
    created: dict[str, Question] = {}
    for data in questions:
        question = Question.objects.create(
            owner=teacher, key=_key(teacher, data["key"][:40]), **_fields(data)
        )
        question.sources.set(_sources(data.get("source", [])))
        set_add_question(question_set=question_set, question=question)
        created[data["key"]] = question
    for question in created.values():
        _review(question=question, teacher=teacher)
    named = {e for data in questions for e in data.get("enemies", [])} - set(created)
    existing = {
        q.key: q for q in Question.objects.filter(Q(owner=None) | Q(owner=teacher), key__in=named)
    }
    for data in questions:
        enemies = [created.get(e) or existing.get(e) for e in data.get("enemies", [])]
        created[data["key"]].enemies.add(*(e for e in enemies if e is not None))
    return len(questions)
