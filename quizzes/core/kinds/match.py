"""Matching: ``{"pairs": [[left, right], ...]}``; the response gives for
each left item the index of the right item chosen (``None`` where none)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..problems import Problem as P
from .base import (
    Form,
    Grade,
    Kind,
    QuestionKind,
    ResponseError,
    _,
    lines,
    one,
    register,
    texts_problems,
    token,
)

SEPARATORS = ("=", "->", "→")


def split_pair(line: str) -> list[str]:
    """``left = right`` (or ``->``, ``→``) split at the first separator, by
    plain string search: a pattern with spaces on both sides of the separator
    would backtrack on a long run of spaces."""
    found = [(line.find(sep), sep) for sep in SEPARATORS if sep in line]
    if not found:
        return [line]
    at, sep = min(found)
    return [line[:at].strip(), line[at + len(sep) :].strip()]


@register
class Match(QuestionKind):
    kind = Kind.MATCH
    label = _("Matching")
    answer_fields = ("pairs",)
    teacher_fields = ("items",)
    teacher_help = _("One pair a line, as left = right.")
    teacher_labels = {"items": _("Pairs")}

    def validate(self, spec: Mapping[str, Any]) -> list[str]:
        pairs = spec.get("pairs")
        if not isinstance(pairs, list) or len(pairs) < 2:
            return [
                P("too_few", "{field} needs at least {minimum} entries", field="pairs", minimum=2)
            ]
        if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            return [P("pair_shape", "every pair must be [left, right]")]
        return texts_problems([p[0] for p in pairs], "left items", 2) + texts_problems(
            [p[1] for p in pairs], "right items", 2
        )

    def key(self, spec: Mapping[str, Any]) -> Any:
        return list(range(len(spec["pairs"])))

    def key_pairs(self, spec: Mapping[str, Any]) -> list[tuple[str, str]]:
        return [(left, right) for left, right in spec.get("pairs", [])]

    def grade(self, spec: Mapping[str, Any], response: Any) -> Grade:
        count = len(spec["pairs"])
        if len(response) != count:
            raise ValueError("one choice for each left item")
        right = sum(
            1 for left, chosen in enumerate(response) if chosen is not None and int(chosen) == left
        )
        return Grade.of(right / count)

    def option_count(self, spec: Mapping[str, Any]) -> int:
        return len(spec["pairs"])

    def shown_options(self, spec: Mapping[str, Any], order: Sequence[int]) -> list[str]:
        return [spec["pairs"][i][1] for i in order]

    def parse(self, spec: Mapping[str, Any], order: Sequence[int], data: Form) -> Any:
        chosen: list[int | None] = []
        for left in range(len(spec["pairs"])):
            value = one(data, f"match-{left}")
            chosen.append(token(value, order) if value else None)
        if all(c is None for c in chosen):
            raise ResponseError("blank")
        return chosen

    def describe(self, spec: Mapping[str, Any], response: Any) -> list[str]:
        pairs = spec["pairs"]
        return [
            f"{pairs[left][0]} → {pairs[right][1] if right is not None else '—'}"
            for left, right in enumerate(response)
        ]

    def view(
        self, spec: Mapping[str, Any], order: Sequence[int], response: Any, *, show_key: bool
    ) -> dict[str, Any]:
        matched = response or [None] * len(spec["pairs"])
        return {
            "rows": [
                {
                    "index": row,
                    "left": left,
                    "options": [
                        {"token": shown, "text": spec["pairs"][i][1], "selected": i == matched[row]}
                        for shown, i in enumerate(order)
                    ],
                }
                for row, (left, _right) in enumerate(spec["pairs"])
            ]
        }

    def from_teacher(self, fields: Mapping[str, str]) -> dict[str, Any]:
        return {"pairs": [split_pair(line) for line in lines(fields.get("items"))]}

    def to_teacher(self, spec: Mapping[str, Any]) -> dict[str, str]:
        return {"items": "\n".join(f"{left} = {right}" for left, right in spec["pairs"])}
