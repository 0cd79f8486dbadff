"""The question kinds: what a question's answer looks like, and grading.

An answer *spec* is the JSON a question stores (the bank's exchange format):

- ``single``, ``multiple``: ``{"choices": [{"text", "correct"}, ...]}``
- ``true_false``: ``{"answer": true}``
- ``year``: ``{"answer": 1992}``
- ``date``: ``{"answer": "1992-05-15"}``
- ``text``: ``{"answer": "Ташкент", "accepted": ["Ташкент қаласы"]}``
- ``order``: ``{"items": [...]}`` in the correct order
- ``match``: ``{"pairs": [[left, right], ...]}``

A *response* is what a pupil gave, in terms of the spec's own positions:
the index of a choice (single), a set of indices (multiple), a bool, an int,
an ISO date string or a typed date, a string, a list of item indices in the
order given (order), or a list giving for each left item the index of the
right item chosen, ``None`` where none was (match).

Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from .dates import DateParseError, parse_date
from .morphology import changes_meaning, misspelt_ending, same_answer
from .normalize import answer_key, edit_distance, loose_key, typo_allowance


class Kind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    YEAR = "year"
    DATE = "date"
    ORDER = "order"
    MATCH = "match"
    TEXT = "text"


class Verdict(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    NEAR_MISS = "near_miss"  # a typed answer one typo away: reported, not accepted
    WRONG = "wrong"
    BLANK = "blank"


@dataclass(frozen=True)
class Grade:
    score: float  # 0..1
    verdict: Verdict

    @classmethod
    def of(cls, score: float) -> Grade:
        score = max(0.0, min(1.0, score))
        if score >= 1.0 - 1e-9:
            return cls(1.0, Verdict.CORRECT)
        if score > 0:
            return cls(round(score, 4), Verdict.PARTIAL)
        return cls(0.0, Verdict.WRONG)


BLANK = Grade(0.0, Verdict.BLANK)


class SpecError(ValueError):
    """A question's answer spec is malformed."""


# -- validation ---------------------------------------------------------------


def validate_spec(kind: str, spec: Mapping[str, Any]) -> list[str]:
    """Everything wrong with a spec, as short English messages (empty if fine)."""
    try:
        kind = Kind(kind)
    except ValueError:
        return [f"unknown kind {kind!r}"]
    if not isinstance(spec, Mapping):
        return ["answer must be an object"]
    return _VALIDATORS[kind](spec)


# What a phone screen can show as one question's options, and one option's text.
MAX_ENTRIES = 20
MAX_ENTRY = 500


def _texts(values: Any, what: str, minimum: int) -> list[str]:
    if not isinstance(values, list) or len(values) < minimum:
        return [f"{what} needs at least {minimum} entries"]
    if len(values) > MAX_ENTRIES:
        return [f"{what} has more than {MAX_ENTRIES} entries"]
    if not all(isinstance(v, str) and v.strip() and len(v) <= MAX_ENTRY for v in values):
        return [f"every {what} entry must be non-empty text of at most {MAX_ENTRY} characters"]
    keys = [answer_key(v) for v in values]
    if len(set(keys)) != len(keys):
        return [f"{what} has duplicate entries"]
    return []


def _validate_choices(spec: Mapping[str, Any], *, exactly_one: bool) -> list[str]:
    choices = spec.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        return ["choices needs at least 2 entries"]
    if not all(isinstance(c, Mapping) and isinstance(c.get("correct"), bool) for c in choices):
        return ["every choice needs text and a true/false 'correct'"]
    errors = _texts([c.get("text") for c in choices], "choices", 2)
    correct = sum(c["correct"] for c in choices)
    if exactly_one and correct != 1:
        errors.append(f"a single-choice question needs exactly 1 correct choice, has {correct}")
    if not exactly_one and (correct < 1 or correct == len(choices)):
        errors.append("a multiple-choice question needs correct and wrong choices")
    return errors


def _validate_true_false(spec: Mapping[str, Any]) -> list[str]:
    return [] if isinstance(spec.get("answer"), bool) else ["answer must be true or false"]


def _validate_year(spec: Mapping[str, Any]) -> list[str]:
    answer = spec.get("answer")
    if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 9999:
        return ["answer must be a year"]
    return []


def _validate_date(spec: Mapping[str, Any]) -> list[str]:
    answer = spec.get("answer")
    try:
        date.fromisoformat(answer)
    except (TypeError, ValueError):
        return ["answer must be a date as YYYY-MM-DD"]
    return []


# A typed answer is at most this long (a form field's limit too).
MAX_TYPED = 200


def _validate_text(spec: Mapping[str, Any]) -> list[str]:
    answer = spec.get("answer")
    if not isinstance(answer, str) or not answer_key(answer) or len(answer) > MAX_TYPED:
        return [f"answer must be non-empty text of at most {MAX_TYPED} characters"]
    accepted = spec.get("accepted", [])
    if (
        not isinstance(accepted, list)
        or len(accepted) > MAX_ENTRIES
        or not all(isinstance(a, str) and answer_key(a) and len(a) <= MAX_TYPED for a in accepted)
    ):
        return [f"accepted must be a list of non-empty texts of at most {MAX_TYPED} characters"]
    return []


def _validate_order(spec: Mapping[str, Any]) -> list[str]:
    return _texts(spec.get("items"), "items", 3)


def _validate_match(spec: Mapping[str, Any]) -> list[str]:
    pairs = spec.get("pairs")
    if not isinstance(pairs, list) or len(pairs) < 2:
        return ["pairs needs at least 2 entries"]
    if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
        return ["every pair must be [left, right]"]
    return _texts([p[0] for p in pairs], "left items", 2) + _texts(
        [p[1] for p in pairs], "right items", 2
    )


_VALIDATORS = {
    Kind.SINGLE: lambda spec: _validate_choices(spec, exactly_one=True),
    Kind.MULTIPLE: lambda spec: _validate_choices(spec, exactly_one=False),
    Kind.TRUE_FALSE: _validate_true_false,
    Kind.YEAR: _validate_year,
    Kind.DATE: _validate_date,
    Kind.ORDER: _validate_order,
    Kind.MATCH: _validate_match,
    Kind.TEXT: _validate_text,
}


# -- grading ------------------------------------------------------------------


def grade(kind: str, spec: Mapping[str, Any], response: Any) -> Grade:
    """Grade a response against a valid spec. Malformed responses score 0."""
    if response is None or (isinstance(response, (str, list, set, tuple)) and not response):
        return BLANK
    try:
        return _GRADERS[Kind(kind)](spec, response)
    except (TypeError, ValueError, IndexError, KeyError):
        return Grade(0.0, Verdict.WRONG)


def _grade_single(spec: Mapping[str, Any], response: Any) -> Grade:
    index = _index(response, len(spec["choices"]))
    return Grade.of(1.0 if spec["choices"][index]["correct"] else 0.0)


def _grade_multiple(spec: Mapping[str, Any], response: Any) -> Grade:
    """Each right choice ticked earns its share, each wrong one costs its share
    (Moodle's rule), so ticking everything scores nothing."""
    choices = spec["choices"]
    chosen = {_index(i, len(choices)) for i in response}
    right = {i for i, c in enumerate(choices) if c["correct"]}
    wrong = set(range(len(choices))) - right
    score = len(chosen & right) / len(right) - len(chosen & wrong) / len(wrong)
    return Grade.of(score)


def _grade_true_false(spec: Mapping[str, Any], response: Any) -> Grade:
    if not isinstance(response, bool):
        raise TypeError("true/false answer must be a bool")
    return Grade.of(1.0 if response is spec["answer"] else 0.0)


def _grade_year(spec: Mapping[str, Any], response: Any) -> Grade:
    year = int(str(response).strip()) if not isinstance(response, bool) else None
    return Grade.of(1.0 if year == spec["answer"] else 0.0)


def _grade_date(spec: Mapping[str, Any], response: Any) -> Grade:
    """A third for each of the day, the month and the year."""
    expected = date.fromisoformat(spec["answer"])
    try:
        given = response if isinstance(response, date) else parse_date(response)
    except DateParseError:
        return Grade(0.0, Verdict.WRONG)
    parts = (given.day == expected.day, given.month == expected.month, given.year == expected.year)
    return Grade.of(sum(parts) / 3)


def _grade_text(spec: Mapping[str, Any], response: Any) -> Grade:
    if not isinstance(response, str):
        raise TypeError("text answer must be a string")
    given = answer_key(response)
    if not given:
        return BLANK
    expected = [spec["answer"], *spec.get("accepted", [])]
    if given in {answer_key(e) for e in expected}:
        return Grade(1.0, Verdict.CORRECT)
    if loose_key(response) in {loose_key(e) for e in expected}:
        return Grade(1.0, Verdict.CORRECT)
    # The same words with the endings the pupil's sentence needs.
    if any(same_answer(response, e) for e in expected):
        return Grade(1.0, Verdict.CORRECT)
    for e in expected:
        if changes_meaning(response, e):
            continue  # «заңсыз» for «заңды» is no slip of the pen
        key = answer_key(e)
        if edit_distance(given, key) <= typo_allowance(key) or misspelt_ending(response, e):
            return Grade(0.0, Verdict.NEAR_MISS)
    return Grade(0.0, Verdict.WRONG)


def _grade_order(spec: Mapping[str, Any], response: Any) -> Grade:
    """Credit for the longest run of items already in the right relative order:
    one item out of place costs one step, a reversed list scores nothing."""
    count = len(spec["items"])
    given = [_index(i, count) for i in response]
    if sorted(given) != list(range(count)):
        raise ValueError("an order must use every item once")
    return Grade.of((_longest_increasing(given) - 1) / (count - 1))


def _grade_match(spec: Mapping[str, Any], response: Any) -> Grade:
    count = len(spec["pairs"])
    if len(response) != count:
        raise ValueError("one choice for each left item")
    right = sum(
        1 for left, chosen in enumerate(response) if chosen is not None and int(chosen) == left
    )
    return Grade.of(right / count)


_GRADERS = {
    Kind.SINGLE: _grade_single,
    Kind.MULTIPLE: _grade_multiple,
    Kind.TRUE_FALSE: _grade_true_false,
    Kind.YEAR: _grade_year,
    Kind.DATE: _grade_date,
    Kind.ORDER: _grade_order,
    Kind.MATCH: _grade_match,
    Kind.TEXT: _grade_text,
}


def _index(value: Any, count: int) -> int:
    if isinstance(value, bool):
        raise TypeError("an index is not a bool")
    index = int(value)
    if not 0 <= index < count:
        raise IndexError(index)
    return index


def _longest_increasing(values: Sequence[int]) -> int:
    tails: list[int] = []
    for value in values:
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if tails[middle] < value:
                low = middle + 1
            else:
                high = middle
        tails[low : low + 1] = [value]
    return len(tails)


# -- the key ------------------------------------------------------------------


def key_response(kind: str, spec: Mapping[str, Any]) -> Any:
    """The response that scores full marks."""
    kind = Kind(kind)
    if kind is Kind.SINGLE:
        return next(i for i, c in enumerate(spec["choices"]) if c["correct"])
    if kind is Kind.MULTIPLE:
        return [i for i, c in enumerate(spec["choices"]) if c["correct"]]
    if kind in (Kind.TRUE_FALSE, Kind.YEAR, Kind.DATE, Kind.TEXT):
        return spec["answer"]
    if kind is Kind.ORDER:
        return list(range(len(spec["items"])))
    return list(range(len(spec["pairs"])))
