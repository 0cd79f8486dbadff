"""Between a question as shown and a question as stored.

On screen, a question's options appear in the attempt's shuffled order and
are named by their place in it (0, 1, 2, ...), so neither the order nor the
names of the options tell which is right. ``parse_form`` turns what a form
posted into a response in the spec's own terms (see ``grading``);
``describe`` turns a response back into words for the review.

Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .assembly import option_order
from .kinds import Kind, ResponseError, kind_rules
from .kinds.order import move

__all__ = [
    "ResponseError",
    "describe",
    "move",
    "option_count",
    "parse_form",
    "shown_options",
    "shuffled_order",
]


def option_count(kind: str, spec: Mapping[str, Any]) -> int:
    """How many things an attempt shuffles for this question."""
    return kind_rules(kind).option_count(spec)


def shuffled_order(kind: str, spec: Mapping[str, Any], *, seed: int, question_id: int) -> list[int]:
    """The order an attempt shows this question's options in. An ordering
    question is never shown in its stored order: that order is its answer."""
    rules = kind_rules(kind)
    return option_order(
        seed=seed,
        question_id=question_id,
        count=rules.option_count(spec),
        keep_unsolved=rules.keep_unsolved,
    )


def shown_options(kind: str, spec: Mapping[str, Any], order: Sequence[int]) -> list[str]:
    """The option texts in the order shown (choices, items or right-hand sides)."""
    return kind_rules(kind).shown_options(spec, order)


def parse_form(
    kind: str, spec: Mapping[str, Any], order: Sequence[int], data: Mapping[str, Sequence[str]]
) -> Any:
    """The response a posted form gives. ``data`` maps field names to their
    lists of values (a QueryDict's ``lists()``). Raises ``ResponseError``."""
    return kind_rules(Kind(kind)).parse(spec, order, data)


def describe(kind: str, spec: Mapping[str, Any], response: Any) -> list[str]:
    """A response in words, a line per part, for the review."""
    if response is None:
        return []
    if _has_negative_index(response):
        return [str(response)]
    try:
        return kind_rules(kind).describe(spec, response)
    except (IndexError, KeyError, TypeError, ValueError):
        return [str(response)]


def _has_negative_index(response: Any) -> bool:
    """Python would read a negative index from the end; a response never means that."""
    values = response if isinstance(response, list | set | tuple) else [response]
    return any(isinstance(v, int) and not isinstance(v, bool) and v < 0 for v in values)
