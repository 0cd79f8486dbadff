"""Grading a response, and the checks of an answer spec, whatever the kind.

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

Each kind's own rules live in its module of ``quizzes.core.kinds``; here they
are called by the kind's name. Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .kinds import BLANK, MAX_TYPED, Grade, Kind, Verdict, kind_rules

__all__ = [
    "BLANK",
    "MAX_TYPED",
    "Grade",
    "Kind",
    "SpecError",
    "Verdict",
    "grade",
    "key_response",
    "validate_spec",
]


class SpecError(ValueError):
    """A question's answer spec is malformed."""


def validate_spec(kind: str, spec: Mapping[str, Any]) -> list[str]:
    """Everything wrong with a spec, as short English messages (empty if fine)."""
    try:
        rules = kind_rules(kind)
    except ValueError:
        return [f"unknown kind {kind!r}"]
    if not isinstance(spec, Mapping):
        return ["answer must be an object"]
    return rules.validate(spec)


def grade(kind: str, spec: Mapping[str, Any], response: Any) -> Grade:
    """Grade a response against a valid spec. Malformed responses score 0."""
    if response is None or (isinstance(response, (str, list, set, tuple)) and not response):
        return BLANK
    try:
        return kind_rules(kind).grade(spec, response)
    except (TypeError, ValueError, IndexError, KeyError, OverflowError):
        return Grade(0.0, Verdict.WRONG)


def key_response(kind: str, spec: Mapping[str, Any]) -> Any:
    """The response that scores full marks."""
    return kind_rules(kind).key(spec)
