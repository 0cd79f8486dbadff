"""True or false: ``{"answer": true}``; the response is a bool."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..problems import Problem as P
from .base import (
    Form,
    Grade,
    Kind,
    LiveBar,
    LiveOption,
    QuestionKind,
    ResponseError,
    _,
    one,
    register,
)


@register
class TrueFalse(QuestionKind):
    kind = Kind.TRUE_FALSE
    label = _("True or false")
    answer_fields = ("answer",)
    teacher_fields = ("truth",)
    teacher_labels = {"truth": _("The statement is")}
    live = True
    words_quoted = False  # «Шын» and «Жалған» are the app's words

    def validate(self, spec: Mapping[str, Any]) -> list[str]:
        if isinstance(spec.get("answer"), bool):
            return []
        return [P("truth_answer", "answer must be true or false")]

    def key(self, spec: Mapping[str, Any]) -> Any:
        return spec["answer"]

    def grade(self, spec: Mapping[str, Any], response: Any) -> Grade:
        if not isinstance(response, bool):
            raise TypeError("true/false answer must be a bool")
        return Grade.of(1.0 if response is spec["answer"] else 0.0)

    def parse(self, spec: Mapping[str, Any], order: Sequence[int], data: Form) -> Any:
        value = one(data, "answer")
        if value not in ("true", "false"):
            raise ResponseError("blank" if not value else "invalid")
        return value == "true"

    def describe(self, spec: Mapping[str, Any], response: Any) -> list[str]:
        return ["true" if response else "false"]

    def view(
        self, spec: Mapping[str, Any], order: Sequence[int], response: Any, *, show_key: bool
    ) -> dict[str, Any]:
        return {"value": "" if response is None else ("true" if response else "false")}

    def live_options(self, spec: Mapping[str, Any], order: Sequence[int]) -> list[LiveOption]:
        return [LiveOption(0, "true", ("true",)), LiveOption(1, "false", ("false",))]

    def live_tally(
        self, spec: Mapping[str, Any], order: Sequence[int], responses: Sequence[Any]
    ) -> list[LiveBar]:
        return [
            LiveBar(
                shown=shown,
                lines=(value,),
                count=sum(1 for r in responses if r is truth),
                correct=spec["answer"] is truth,
            )
            for shown, (value, truth) in enumerate((("true", True), ("false", False)))
        ]

    def from_teacher(self, fields: Mapping[str, str]) -> dict[str, Any]:
        return {"answer": fields.get("truth") == "true"}

    def to_teacher(self, spec: Mapping[str, Any]) -> dict[str, str]:
        return {"truth": "true" if spec["answer"] else "false"}
