"""A date: ``{"answer": "1992-05-15"}``; the response is an ISO date (or,
from older data, a typed date)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ..dates import KAZAKH_MONTHS, DateParseError, format_kazakh, parse_date
from ..problems import Problem as P
from .base import Form, Grade, Kind, QuestionKind, ResponseError, Verdict, _, one, register


@register
class Date(QuestionKind):
    kind = Kind.DATE
    label = _("Date")
    answer_fields = ("answer",)
    teacher_fields = ("answer",)
    teacher_help = _("The date as year-month-day, for example 1992-05-15.")

    def validate(self, spec: Mapping[str, Any]) -> list[str]:
        try:
            date.fromisoformat(spec.get("answer"))
        except (TypeError, ValueError):
            return [P("date_answer", "answer must be a date as YYYY-MM-DD")]
        return []

    def key(self, spec: Mapping[str, Any]) -> Any:
        return spec["answer"]

    def key_texts(self, spec: Mapping[str, Any]) -> list[str]:
        day = date.fromisoformat(spec["answer"])
        return [f"{day.day} {KAZAKH_MONTHS[day.month - 1]}"]

    def grade(self, spec: Mapping[str, Any], response: Any) -> Grade:
        """A third for each of the day, the month and the year."""
        expected = date.fromisoformat(spec["answer"])
        try:
            given = response if isinstance(response, date) else parse_date(response)
        except DateParseError:
            return Grade(0.0, Verdict.WRONG)
        parts = (
            given.day == expected.day,
            given.month == expected.month,
            given.year == expected.year,
        )
        return Grade.of(sum(parts) / 3)

    def parse(self, spec: Mapping[str, Any], order: Sequence[int], data: Form) -> Any:
        day, month, year = one(data, "day"), one(data, "month"), one(data, "year")
        if not (day or month or year):
            raise ResponseError("blank")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ResponseError("date")
        try:
            value = parse_date(f"{int(year):04d}-{int(month):02d}-{int(day):02d}")
        except (DateParseError, ValueError) as error:
            raise ResponseError("date") from error
        return value.isoformat()

    def describe(self, spec: Mapping[str, Any], response: Any) -> list[str]:
        return [format_kazakh(date.fromisoformat(response))]

    def view(
        self, spec: Mapping[str, Any], order: Sequence[int], response: Any, *, show_key: bool
    ) -> dict[str, Any]:
        if not response:
            return {"date_parts": {}}
        year, month, day = response.split("-")
        return {"date_parts": {"year": year, "month": str(int(month)), "day": str(int(day))}}

    def from_teacher(self, fields: Mapping[str, str]) -> dict[str, Any]:
        return {"answer": (fields.get("answer") or "").strip()}

    def to_teacher(self, spec: Mapping[str, Any]) -> dict[str, str]:
        return {"answer": spec["answer"]}
