"""A year: ``{"answer": 1992}``; the response is the year typed, an int."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..problems import Problem as P
from .base import Form, Grade, Kind, LiveBar, QuestionKind, ResponseError, _, one, register

MAX_DIGITS = 4
# How many different years a live game's reveal shows as bars.
LIVE_BARS = 4


@register
class Year(QuestionKind):
    kind = Kind.YEAR
    label = _("Year")
    answer_fields = ("answer",)
    teacher_fields = ("answer",)
    teacher_help = _("The year in digits, for example 1992.")
    live = True
    live_hint = _("Type the year on your phone.")

    def validate(self, spec: Mapping[str, Any]) -> list[str]:
        answer = spec.get("answer")
        if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 9999:
            return [P("year_answer", "answer must be a year")]
        return []

    def key(self, spec: Mapping[str, Any]) -> Any:
        return spec["answer"]

    def key_texts(self, spec: Mapping[str, Any]) -> list[str]:
        return [str(spec["answer"])]

    def grade(self, spec: Mapping[str, Any], response: Any) -> Grade:
        year = int(str(response).strip()) if not isinstance(response, bool) else None
        return Grade.of(1.0 if year == spec["answer"] else 0.0)

    def parse(self, spec: Mapping[str, Any], order: Sequence[int], data: Form) -> Any:
        value = one(data, "answer")
        if not value:
            raise ResponseError("blank")
        if not (value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS) or not int(value):
            raise ResponseError("year")
        return int(value)

    def view(
        self, spec: Mapping[str, Any], order: Sequence[int], response: Any, *, show_key: bool
    ) -> dict[str, Any]:
        return {"value": "" if response is None else str(response)}

    def live_tally(
        self, spec: Mapping[str, Any], order: Sequence[int], responses: Sequence[Any]
    ) -> list[LiveBar]:
        """The years given most, the right one always among them."""
        counts: dict[int, int] = {}
        for response in responses:
            if isinstance(response, int) and not isinstance(response, bool):
                counts[response] = counts.get(response, 0) + 1
        right = spec["answer"]
        years = sorted(counts, key=lambda y: (-counts[y], y))[:LIVE_BARS]
        if right not in years:
            years = [right, *years[: LIVE_BARS - 1]]
        return [
            LiveBar(shown=-1, lines=(str(y),), count=counts.get(y, 0), correct=y == right)
            for y in years
        ]

    def from_teacher(self, fields: Mapping[str, str]) -> dict[str, Any]:
        answer = (fields.get("answer") or "").strip()
        digits = answer.isascii() and answer.isdigit() and len(answer) <= MAX_DIGITS
        return {"answer": int(answer) if digits else answer}

    def to_teacher(self, spec: Mapping[str, Any]) -> dict[str, str]:
        return {"answer": str(spec["answer"])}
