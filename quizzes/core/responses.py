"""Between a question as shown and a question as stored.

On screen, a question's options appear in the attempt's shuffled order and
are named by their place in it (0, 1, 2, ...), so neither the order nor the
names of the options tell which is right. ``parse_form`` turns what a form
posted into a response in the spec's own terms (see ``grading``);
``describe`` turns a response back into words for the review.

Nothing here imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from .assembly import option_order
from .dates import DateParseError, format_kazakh, parse_date
from .grading import MAX_TYPED as MAX_TEXT
from .grading import Kind


class ResponseError(ValueError):
    """The posted form does not make an answer to this question. ``code``
    names the reason for the user-facing message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def option_count(kind: str, spec: Mapping[str, Any]) -> int:
    """How many things an attempt shuffles for this question."""
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        return len(spec["choices"])
    if kind == Kind.ORDER:
        return len(spec["items"])
    if kind == Kind.MATCH:
        return len(spec["pairs"])
    return 0


def shuffled_order(kind: str, spec: Mapping[str, Any], *, seed: int, question_id: int) -> list[int]:
    """The order an attempt shows this question's options in. An ordering
    question is never shown in its stored order: that order is its answer."""
    return option_order(
        seed=seed,
        question_id=question_id,
        count=option_count(kind, spec),
        keep_unsolved=kind == Kind.ORDER,
    )


def shown_options(kind: str, spec: Mapping[str, Any], order: Sequence[int]) -> list[str]:
    """The option texts in the order shown (choices, items or right-hand sides)."""
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        return [spec["choices"][i]["text"] for i in order]
    if kind == Kind.ORDER:
        return [spec["items"][i] for i in order]
    if kind == Kind.MATCH:
        return [spec["pairs"][i][1] for i in order]
    return []


def _token(value: str, order: Sequence[int]) -> int:
    """A shown option's name back to the spec's index."""
    try:
        shown = int(value)
    except (TypeError, ValueError) as error:
        raise ResponseError("invalid") from error
    if not 0 <= shown < len(order):
        raise ResponseError("invalid")
    return order[shown]


def parse_form(
    kind: str, spec: Mapping[str, Any], order: Sequence[int], data: Mapping[str, Sequence[str]]
) -> Any:
    """The response a posted form gives. ``data`` maps field names to their
    lists of values (a QueryDict's ``lists()``). Raises ``ResponseError``."""

    def one(name: str) -> str:
        values = data.get(name) or [""]
        if len(values) != 1:
            raise ResponseError("invalid")
        return values[0].strip()

    kind = Kind(kind)
    if kind is Kind.SINGLE:
        if not one("choice"):
            raise ResponseError("blank")
        return _token(one("choice"), order)
    if kind is Kind.MULTIPLE:
        chosen = {_token(v, order) for v in data.get("choice", [])}
        if not chosen:
            raise ResponseError("blank")
        return sorted(chosen)
    if kind is Kind.TRUE_FALSE:
        value = one("answer")
        if value not in ("true", "false"):
            raise ResponseError("blank" if not value else "invalid")
        return value == "true"
    if kind is Kind.YEAR:
        value = one("answer")
        if not value:
            raise ResponseError("blank")
        if not re.fullmatch(r"[0-9]{1,4}", value) or int(value) < 1:
            raise ResponseError("year")
        return int(value)
    if kind is Kind.DATE:
        return _parse_date_fields(one("day"), one("month"), one("year"))
    if kind is Kind.TEXT:
        value = one("answer")
        if not value:
            raise ResponseError("blank")
        if len(value) > MAX_TEXT:
            raise ResponseError("too_long")
        if any(ch < " " or ch == "\x7f" for ch in value):
            raise ResponseError("characters")  # NUL and the like: nobody types them
        return value
    if kind is Kind.ORDER:
        tokens = data.get("item", [])
        if not tokens:
            raise ResponseError("blank")
        items = [_token(v, order) for v in tokens]
        if sorted(items) != list(range(len(spec["items"]))):
            raise ResponseError("invalid")
        return items
    # MATCH: for each left item i, field "match-i" names a shown right option.
    chosen: list[int | None] = []
    for left in range(len(spec["pairs"])):
        value = one(f"match-{left}")
        chosen.append(_token(value, order) if value else None)
    if all(c is None for c in chosen):
        raise ResponseError("blank")
    return chosen


def _parse_date_fields(day: str, month: str, year: str) -> str:
    if not (day or month or year):
        raise ResponseError("blank")
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        raise ResponseError("date")
    try:
        value = parse_date(f"{int(year):04d}-{int(month):02d}-{int(day):02d}")
    except (DateParseError, ValueError) as error:
        raise ResponseError("date") from error
    return value.isoformat()


def move(items: Sequence[int], index: int, step: int) -> list[int]:
    """The list with the item at ``index`` moved one place: ``step`` −1 up, +1 down."""
    result = list(items)
    target = index + step
    if step not in (-1, 1) or not (0 <= index < len(result) and 0 <= target < len(result)):
        raise ResponseError("invalid")
    result[index], result[target] = result[target], result[index]
    return result


def describe(kind: str, spec: Mapping[str, Any], response: Any) -> list[str]:
    """A response in words, a line per part, for the review."""
    if response is None:
        return []
    kind = Kind(kind)
    if _has_negative_index(response):
        return [str(response)]
    try:
        if kind is Kind.SINGLE:
            return [spec["choices"][response]["text"]]
        if kind is Kind.MULTIPLE:
            return [spec["choices"][i]["text"] for i in sorted(response)]
        if kind is Kind.TRUE_FALSE:
            return ["true" if response else "false"]
        if kind is Kind.DATE:
            return [format_kazakh(date.fromisoformat(response))]
        if kind is Kind.ORDER:
            return [spec["items"][i] for i in response]
        if kind is Kind.MATCH:
            pairs = spec["pairs"]
            return [
                f"{pairs[left][0]} → {pairs[right][1] if right is not None else '—'}"
                for left, right in enumerate(response)
            ]
        return [str(response)]
    except (IndexError, KeyError, TypeError, ValueError):
        return [str(response)]


def _has_negative_index(response: Any) -> bool:
    """Python would read a negative index from the end; a response never means that."""
    values = response if isinstance(response, list | set | tuple) else [response]
    return any(isinstance(v, int) and not isinstance(v, bool) and v < 0 for v in values)
