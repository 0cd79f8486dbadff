"""Writing a teacher's own questions and question sets."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from quizzes.core.bank import bank_errors, split_answer
from quizzes.core.checks import Finding, cues_between, key_is_longest, question_findings
from quizzes.core.emphasis import strip_emphasis
from quizzes.core.normalize import answer_key
from quizzes.core.problems import Problem as P
from quizzes.models import Question, QuestionSet, Sentence, SetPool, SetQuestion
from quizzes.selectors.bank import question_export, question_in_use, set_in_use, usable_questions

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
    *,
    teacher: Any,
    data: dict[str, Any],
    question: Question | None = None,
    into: QuestionSet | None = None,
) -> tuple[Question, list[Finding]]:
    """Create or edit a teacher's question (already validated by the form),
    and add it to one of their sets, all or nothing. Returns it with what
    its writing gives away: a question that shows the answer of another (of
    the bank or the teacher's own), or whose answer another shows, becomes
    its enemy, and the teacher is told."""
    if question is None:
        question = Question(owner=teacher, key=_key(teacher))
    else:
        question.revision += 1
    for name, value in _fields(data).items():
        setattr(question, name, value)
    question.save()
    question.sources.set(_sources(data.get("source", [])))
    if into is not None:
        set_add_question(question_set=into, question=question)
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


@dataclass
class ImportResult:
    added: int  # questions added to the set
    known: int  # of them, questions the teacher or the bank already had: not copied
    pools: int  # random pools added


def _content(kind: str, prompt: str, answer: dict[str, Any]) -> tuple[str, str, str]:
    """What makes two questions the same question, whatever their keys."""
    return kind, answer_key(prompt), json.dumps(answer, sort_keys=True, ensure_ascii=False)


@transaction.atomic
def set_import(
    *,
    question_set: QuestionSet,
    teacher: Any,
    questions: list[dict[str, Any]],
    pools: list[Any] = (),
) -> ImportResult:
    """Add a file's questions (and random pools) to a set: all or none. A
    question the teacher or the bank already has (the same key, or the same
    kind, prompt and answer) is added as it is, not copied again, so an
    exported set imports back without duplicates. New questions keep the
    file's enemies and are checked for cues."""
    article = "\n".join(Sentence.objects.values_list("text", flat=True))
    problems = bank_errors(
        questions, topics=Question.Topic.values, article=article, require_source=False
    )
    problems += pool_errors(pools)
    if problems:
        raise BankError(problems)
    usable = list(usable_questions(teacher))
    by_key = {q.key: q for q in usable}
    by_content = {_content(q.kind, q.prompt, q.answer): q for q in usable}
    known_pks = {q.pk for q in usable}
    known = 0
    created: dict[str, Question] = {}
    reused: dict[str, Question] = {}
    for data in questions:
        question = by_key.get(data["key"]) or by_content.get(
            _content(data["kind"], data["prompt"].strip(), split_answer(data))
        )
        if question is not None:
            known += 1
        else:
            question = Question.objects.create(
                owner=teacher, key=_key(teacher, data["key"][:40]), **_fields(data)
            )
            question.sources.set(_sources(data.get("source", [])))
            by_content[_content(question.kind, question.prompt, question.answer)] = question
        set_add_question(question_set=question_set, question=question)
        if question.pk not in known_pks:
            created[data["key"]] = question
        else:
            reused[data["key"]] = question
    # New questions are checked for cues and keep the enemies the file names
    # (a question of the file, of the bank or of the teacher's).
    for question in created.values():
        _review(question=question, teacher=teacher)
    named = {e for data in questions for e in data.get("enemies", [])} - set(created)
    existing = {
        q.key: q for q in Question.objects.filter(Q(owner=None) | Q(owner=teacher), key__in=named)
    }
    for data in questions:
        if data["key"] not in created:
            continue
        enemies = [
            created.get(e) or reused.get(e) or existing.get(e) for e in data.get("enemies", [])
        ]
        created[data["key"]].enemies.add(*(e for e in enemies if e is not None))
    for pool in pools:
        set_add_pool(question_set=question_set, data=pool)
    return ImportResult(added=len(questions), known=known, pools=len(pools))


def pool_errors(pools: Any) -> list[tuple[str, str]]:
    """``(where, message)`` for every random pool of a file that is not one."""
    problems = []
    kinds, topics = set(Question.Kind.values), set(Question.Topic.values)
    for number, pool in enumerate(pools, 1):
        where = P("nth_pool", "pool {n}", n=number)
        if not isinstance(pool, dict):
            problems.append((where, P("pool_object", "a pool must be an object")))
            continue
        count = pool.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 100:
            problems.append((where, P("pool_count", "count must be a whole number from 1 to 100")))
        if pool.get("topic", "") not in topics | {""}:
            problems.append((where, P("pool_topic", "unknown topic")))
        if pool.get("kind", "") not in kinds | {""}:
            problems.append((where, P("pool_kind", "unknown kind")))
        difficulty = pool.get("difficulty")
        if difficulty is not None and (isinstance(difficulty, bool) or difficulty not in (1, 2, 3)):
            problems.append((where, P("pool_difficulty", "difficulty must be 1, 2, 3 or null")))
    return problems


def set_remove_question(*, item: SetQuestion) -> None:
    item.delete()


def set_remove_pool(*, pool: SetPool) -> None:
    pool.delete()


@transaction.atomic
def set_withdraw(*, question_set: QuestionSet, now: datetime) -> str:
    """Remove a teacher's set: deleted when no attempt or assignment uses it,
    archived otherwise (it leaves the lists; what used it keeps it).
    Returns ``"deleted"`` or ``"archived"``."""
    if set_in_use(question_set):
        question_set.archived_at = now
        question_set.save(update_fields=["archived_at"])
        return "archived"
    question_set.delete()
    return "deleted"


@transaction.atomic
def set_restore(*, question_set: QuestionSet) -> QuestionSet:
    question_set.archived_at = None
    question_set.save(update_fields=["archived_at"])
    return question_set


@transaction.atomic
def question_withdraw(*, question: Question, now: datetime) -> str:
    """Remove a teacher's own question from their sets and lists: deleted when
    no attempt asked it, archived otherwise (attempts keep their copy of it).
    Returns ``"deleted"`` or ``"archived"``."""
    if question_in_use(question):
        SetQuestion.objects.filter(question=question).delete()
        question.archived_at = now
        question.save(update_fields=["archived_at"])
        return "archived"
    question.delete()
    return "deleted"
