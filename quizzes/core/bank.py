"""The bank's exchange format and its checks.

One question, as exported by ``export_bank`` and read by ``import_bank`` and
``load_bank``::

    {"key": "cst-signed-date", "kind": "date", "topic": "dates",
     "difficulty": 1, "prompt": "...", "explanation": "...",
     "source": ["a verbatim quote of the clean article", ...],
     "attribution": "",            # whose opinion the question asks about
     "enemies": ["cst-signed-year"],  # never in one attempt with this one
     "answer": "1992-05-15"}       # + the kind's own answer fields

The kind's answer fields are those of ``grading`` (``choices``, ``answer`` and
``accepted``, ``items``, ``pairs``). *Enemies* are questions that test the
same fact, or where one shows the other's answer: an attempt never holds two
of them. A file may declare a pair on either side; an export lists it on both.
Nothing here imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from .grading import Kind, validate_spec
from .kinds import REGISTRY, kind_rules
from .normalize import answer_key
from .problems import Problem as P

ANSWER_FIELDS: dict[Kind, tuple[str, ...]] = {
    kind: rules.answer_fields for kind, rules in REGISTRY.items()
}
META_FIELDS = ("key", "kind", "topic", "difficulty", "prompt", "explanation", "source")
OPTIONAL_FIELDS = ("attribution", "enemies")
DIFFICULTIES = (1, 2, 3)
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TEXT = 2000
MAX_ATTRIBUTION = 200  # the model's column


def split_answer(question: Mapping[str, Any]) -> dict[str, Any]:
    """The kind's answer spec out of an exchange-format question."""
    rules = kind_rules(question["kind"])
    return rules.with_defaults(
        {name: question[name] for name in rules.answer_fields if name in question}
    )


def question_errors(
    question: Any,
    *,
    topics: Collection[str],
    article: str | None = None,
    require_source: bool = True,
) -> list[str]:
    """Everything wrong with one exchange-format question."""
    if not isinstance(question, Mapping):
        return [P("not_object", "a question must be an object")]
    missing = [name for name in META_FIELDS if name not in question]
    if missing:
        return [P("missing", "missing {fields}", fields=", ".join(missing))]
    errors: list[str] = []
    if _has_control_characters(question):
        errors.append(P("control", "text must not contain control characters (such as NUL)"))
    key = question["key"]
    if not isinstance(key, str) or len(key) > 80 or not KEY_PATTERN.match(key):
        errors.append(P("key", "key must be lower-case letters, digits and hyphens (at most 80)"))
    topic = question["topic"]
    if not isinstance(topic, str) or topic not in topics:
        errors.append(P("topic", "unknown topic {value}", value=_shown(topic)))
    difficulty = question["difficulty"]
    if isinstance(difficulty, bool) or difficulty not in DIFFICULTIES:
        errors.append(P("difficulty", "difficulty must be 1, 2 or 3"))
    for name in ("prompt", "explanation"):
        value = question[name]
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
            errors.append(
                P(
                    "text_field",
                    "{field} must be non-empty text of at most {most} characters",
                    field=name,
                    most=MAX_TEXT,
                )
            )
    attribution = question.get("attribution", "")
    if not isinstance(attribution, str) or len(attribution) > MAX_ATTRIBUTION:
        errors.append(
            P(
                "attribution_text",
                "attribution must be text of at most {most} characters",
                most=MAX_ATTRIBUTION,
            )
        )
    elif attribution and attribution not in str(question["prompt"]):
        errors.append(
            P("attribution", "the prompt must name whose opinion it asks about (the attribution)")
        )
    errors += _enemies_errors(question.get("enemies", []), key)
    if require_source or question["source"]:
        errors += _source_errors(question["source"], article)
    if not isinstance(question["kind"], str) or question["kind"] not in set(Kind):
        errors.append(P("kind", "unknown kind {value}", value=_shown(question["kind"])))
        return errors
    allowed = set(META_FIELDS) | set(OPTIONAL_FIELDS) | set(ANSWER_FIELDS[Kind(question["kind"])])
    unknown = sorted(set(question) - allowed)
    if unknown:
        errors.append(
            P(
                "unused_fields",
                "fields not used by {kind}: {fields}",
                kind=question["kind"],
                fields=", ".join(unknown),
            )
        )
    errors += validate_spec(question["kind"], split_answer(question))
    return errors


def _shown(value: Any) -> str:
    """A bad value, short enough to quote in a message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# Characters no text of a question has a use for; PostgreSQL refuses NUL.
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\x7f"}


def _has_control_characters(value: Any) -> bool:
    """Whether any text in a question (its keys and values, at any depth) has one."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if not _CONTROL.isdisjoint(value):
                return True
        elif isinstance(value, Mapping):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return False


def _enemies_errors(enemies: Any, key: Any) -> list[str]:
    if not isinstance(enemies, list) or not all(
        isinstance(e, str) and KEY_PATTERN.match(e) for e in enemies
    ):
        return [P("enemies", "enemies must be a list of question keys")]
    if key in enemies:
        return [P("own_enemy", "a question cannot be its own enemy")]
    return []


def _source_errors(source: Any, article: str | None) -> list[str]:
    if not isinstance(source, list) or not source:
        return [P("source", "source must list at least one quote of the article")]
    if not all(isinstance(s, str) and s.strip() for s in source):
        return [P("source_text", "every source quote must be non-empty text")]
    if article is None:
        return []
    absent = [s for s in source if s not in article]
    return [
        P("source_absent", "source not found verbatim in the article: {quote}", quote=repr(s[:60]))
        for s in absent
    ]


def bank_errors(
    questions: Iterable[Any],
    *,
    topics: Collection[str],
    article: str | None = None,
    require_source: bool = True,
    known_keys: Collection[str] | None = None,
) -> list[tuple[str, str]]:
    """``(where, message)`` for every problem in a list of questions; ``where``
    is the question's key, or its position when it has none. With
    ``known_keys``, an enemy must be a question of the list or one of those."""
    questions = list(questions)
    problems: list[tuple[str, str]] = []
    seen_keys: dict[str, int] = {}
    seen_prompts: dict[tuple[Any, str, str], str] = {}
    for position, question in enumerate(questions, 1):
        key = question.get("key") if isinstance(question, Mapping) else None
        where = key if isinstance(key, str) and key else P("nth", "question {n}", n=position)
        errors = question_errors(
            question, topics=topics, article=article, require_source=require_source
        )
        problems += [(where, m) for m in errors]
        if not isinstance(key, str):
            continue
        if key in seen_keys:
            problems.append(
                (
                    where,
                    P("duplicate_key", "duplicate key (also question {n})", n=seen_keys[key]),
                )
            )
        seen_keys.setdefault(key, position)
        prompt = question.get("prompt")
        if isinstance(prompt, str) and not errors:
            # Order and match questions share instructions; their items tell them apart.
            items = question.get("items") or question.get("pairs")
            signature = (question.get("kind"), answer_key(prompt), repr(items))
            if signature in seen_prompts:
                problems.append(
                    (
                        where,
                        P("same_prompt", "same prompt as {other}", other=seen_prompts[signature]),
                    )
                )
            seen_prompts.setdefault(signature, where)
    if known_keys is not None:
        known = set(seen_keys) | set(known_keys)
        for question in questions:
            enemies = question.get("enemies") if isinstance(question, Mapping) else None
            if isinstance(enemies, list):
                problems += [
                    (
                        question["key"],
                        P(
                            "unknown_enemy",
                            "enemy {enemy} is no question of the file or the bank",
                            enemy=repr(enemy),
                        ),
                    )
                    for enemy in enemies
                    if isinstance(enemy, str) and enemy not in known
                ]
    return problems


def enemy_pairs(questions: Iterable[Mapping[str, Any]]) -> set[frozenset[str]]:
    """The declared enemies as unordered pairs of keys (either side may declare)."""
    pairs = set()
    for question in questions:
        for other in question.get("enemies", []):
            if other != question.get("key"):
                pairs.add(frozenset((question["key"], other)))
    return pairs


def with_enemies_both_ways(questions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The questions with each one's ``enemies`` listing every pair it is in."""
    partners: dict[str, set[str]] = {}
    for pair in enemy_pairs(questions):
        a, b = sorted(pair)
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    result = []
    for question in questions:
        question = {name: value for name, value in question.items() if name != "enemies"}
        if partners.get(question["key"]):
            question["enemies"] = sorted(partners[question["key"]])
        result.append(question)
    return result
