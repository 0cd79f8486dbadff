"""Putting items in order: ``{"items": [...]}`` in the right order; the
response is the list of item indices in the order given. Shown never in the
stored order (that is the answer), moved with up and down buttons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .base import (
    Form,
    Grade,
    Kind,
    QuestionKind,
    ResponseError,
    _,
    index,
    lines,
    register,
    texts_problems,
    token,
)

MIN_ITEMS = 3


def longest_increasing(values: Sequence[int]) -> int:
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


def move(items: Sequence[int], at: int, step: int) -> list[int]:
    """The list with the item at ``at`` moved one place: ``step`` −1 up, +1 down."""
    result = list(items)
    target = at + step
    if step not in (-1, 1) or not (0 <= at < len(result) and 0 <= target < len(result)):
        raise ResponseError("invalid")
    result[at], result[target] = result[target], result[at]
    return result


@register
class Order(QuestionKind):
    kind = Kind.ORDER
    label = _("Chronological order")
    answer_fields = ("items",)
    teacher_fields = ("items",)
    teacher_help = _("The items in the right order, one a line; pupils get them shuffled.")
    teacher_labels = {"items": _("Items, in the right order")}
    keep_unsolved = True
    arranged = True

    def validate(self, spec: Mapping[str, Any]) -> list[str]:
        return texts_problems(spec.get("items"), "items", MIN_ITEMS)

    def key(self, spec: Mapping[str, Any]) -> Any:
        return list(range(len(spec["items"])))

    def grade(self, spec: Mapping[str, Any], response: Any) -> Grade:
        """Credit for the longest run of items already in the right relative
        order: one item out of place costs one step, reversed scores nothing."""
        count = len(spec["items"])
        given = [index(i, count) for i in response]
        if sorted(given) != list(range(count)):
            raise ValueError("an order must use every item once")
        return Grade.of((longest_increasing(given) - 1) / (count - 1))

    def option_count(self, spec: Mapping[str, Any]) -> int:
        return len(spec["items"])

    def shown_options(self, spec: Mapping[str, Any], order: Sequence[int]) -> list[str]:
        return [spec["items"][i] for i in order]

    def parse(self, spec: Mapping[str, Any], order: Sequence[int], data: Form) -> Any:
        tokens = data.get("item", [])
        if not tokens:
            raise ResponseError("blank")
        items = [token(v, order) for v in tokens]
        if sorted(items) != list(range(len(spec["items"]))):
            raise ResponseError("invalid")
        return items

    def describe(self, spec: Mapping[str, Any], response: Any) -> list[str]:
        return [spec["items"][i] for i in response]

    def view(
        self, spec: Mapping[str, Any], order: Sequence[int], response: Any, *, show_key: bool
    ) -> dict[str, Any]:
        token_of = {spec_index: shown for shown, spec_index in enumerate(order)}
        # The pupil's arrangement so far, else the shuffled one.
        sequence = response if response is not None else list(order)
        return {"options": [{"token": token_of[i], "text": spec["items"][i]} for i in sequence]}

    def from_teacher(self, fields: Mapping[str, str]) -> dict[str, Any]:
        return {"items": lines(fields.get("items"))}

    def to_teacher(self, spec: Mapping[str, Any]) -> dict[str, str]:
        return {"items": "\n".join(spec["items"])}
