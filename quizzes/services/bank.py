"""Writing the article and the question bank to the database."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from quizzes.core.article import Paragraph as CleanParagraph
from quizzes.core.article import parse_clean, sentence_anchor
from quizzes.core.bank import bank_errors, split_answer, with_enemies_both_ways
from quizzes.core.derive import derive_questions
from quizzes.models import Paragraph, Question, Sentence, SetQuestion


class BankError(ValueError):
    """The questions cannot be loaded; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        lines = [f"{where}: {message}" for where, message in self.problems]
        super().__init__("\n".join(lines))


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)  # the bank's, no longer in the file


def fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"


def clean_article_path() -> Path:
    return fixtures_dir() / "article" / "article-kk.txt"


def raw_article_path() -> Path:
    return fixtures_dir() / "article" / "article-kk.raw.txt"


def read_clean_article() -> list[CleanParagraph]:
    return parse_clean(clean_article_path().read_text(encoding="utf-8"))


def article_text(paragraphs: Iterable[CleanParagraph]) -> str:
    """The article as one string, one sentence a line: what quotes must be in."""
    return "\n".join(s for p in paragraphs for s in p.sentences)


def bank_fixture_questions() -> list[dict[str, Any]]:
    """The shipped bank: questions derived from the facts table, then the
    hand-written files in ``fixtures/bank``, in file name order."""
    bank = fixtures_dir() / "bank"
    facts = json.loads((bank / "facts.json").read_text(encoding="utf-8"))
    questions = derive_questions(facts)
    for path in sorted(bank.glob("*.json")):
        if path.name != "facts.json":
            questions += json.loads(path.read_text(encoding="utf-8"))["questions"]
    return questions


def shipped_sets() -> list[dict[str, Any]]:
    return json.loads((fixtures_dir() / "sets.json").read_text(encoding="utf-8"))["sets"]


@transaction.atomic
def article_load(*, paragraphs: Sequence[CleanParagraph]) -> int:
    """Store the article's paragraphs and sentences by anchor; returns the
    number of sentences. Sentences no longer in the text are removed."""
    anchors = []
    for p_number, paragraph in enumerate(paragraphs, 1):
        stored, _ = Paragraph.objects.get_or_create(number=p_number)
        for s_number, text in enumerate(paragraph.sentences, 1):
            anchor = sentence_anchor(p_number, s_number)
            anchors.append(anchor)
            Sentence.objects.update_or_create(
                anchor=anchor, defaults={"paragraph": stored, "number": s_number, "text": text}
            )
    Sentence.objects.exclude(anchor__in=anchors).delete()
    Paragraph.objects.filter(number__gt=len(paragraphs)).delete()
    return len(anchors)


def bank_check(*, questions: Sequence[Any]) -> None:
    """Raise ``BankError`` unless every question is valid against the stored
    article and the topics the app knows, and its enemies exist."""
    text = "\n".join(Sentence.objects.values_list("text", flat=True))
    problems = bank_errors(
        questions,
        topics=Question.Topic.values,
        article=text,
        known_keys=set(Question.objects.filter(owner=None).values_list("key", flat=True)),
    )
    if problems:
        raise BankError(problems)


@transaction.atomic
def bank_load(*, questions: Sequence[dict[str, Any]], whole_bank: bool = False) -> LoadResult:
    """Create or update questions by key, all or nothing. A changed question
    keeps its id (and so its past answers) and gets a new revision. With
    ``whole_bank``, the bank's questions the file no longer has are archived
    (attempts keep their copies; sets and pools no longer draw them), and one that
    comes back is restored."""
    bank_check(questions=questions)
    sentences = list(Sentence.objects.all())
    result = LoadResult()
    existing = {q.key: q for q in Question.objects.filter(key__in=[q["key"] for q in questions])}
    for data in questions:
        fields = _model_fields(data)
        sources = _sentences_quoted(data["source"], sentences)
        question = existing.get(data["key"])
        if question is None:
            question = Question.objects.create(key=data["key"], **fields)
            question.sources.set(sources)
            result.created.append(question.key)
            continue
        if question.archived_at is not None:
            question.archived_at = None  # back in the bank
            question.save(update_fields=["archived_at"])
        changed = [name for name, value in fields.items() if getattr(question, name) != value]
        source_ids = {s.pk for s in sources}
        if changed or set(question.sources.values_list("pk", flat=True)) != source_ids:
            for name in changed:
                setattr(question, name, fields[name])
            question.revision += 1
            question.save()
            question.sources.set(sources)
            result.updated.append(question.key)
        else:
            result.unchanged.append(question.key)
    _enemies_set(questions=questions)
    if whole_bank:
        gone = Question.objects.filter(owner=None, archived_at=None).exclude(
            key__in=[q["key"] for q in questions]
        )
        result.retired = sorted(gone.values_list("key", flat=True))
        SetQuestion.objects.filter(question__in=gone).delete()
        gone.update(archived_at=timezone.now())
    return result


def _enemies_set(*, questions: Sequence[dict[str, Any]]) -> None:
    """Each question's enemies as the file declares them, on either side; a
    change of enemies is no new revision (the question itself is the same)."""
    declared = {q["key"]: q.get("enemies", []) for q in with_enemies_both_ways(questions)}
    keys = set(declared) | {k for enemies in declared.values() for k in enemies}
    by_key = {q.key: q for q in Question.objects.filter(key__in=keys, owner=None)}
    for key, enemies in declared.items():
        by_key[key].enemies.set([by_key[k] for k in enemies])


def _model_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "topic": data["topic"],
        "difficulty": data["difficulty"],
        "prompt": data["prompt"].strip(),
        "explanation": data["explanation"].strip(),
        "attribution": data.get("attribution", ""),
        "answer": split_answer(data),
        "source_quotes": list(data["source"]),
    }


def _sentences_quoted(quotes: Iterable[str], sentences: Sequence[Sentence]) -> list[Sentence]:
    found: dict[int, Sentence] = {}
    for quote in quotes:
        for sentence in sentences:
            if quote in sentence.text:
                found[sentence.pk] = sentence
    return list(found.values())
