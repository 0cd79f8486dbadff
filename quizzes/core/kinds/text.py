"""A typed answer: ``{"answer": "Ташкент", "accepted": ["Ташкент қаласы"]}``.

Compared in the way ``normalize`` and ``morphology`` read Kazakh: case,
script and punctuation aside, Russian-keyboard letters accepted, and the
key's words in whatever form the pupil's sentence needs; one typo away is
a near miss, reported and not scored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..morphology import changes_meaning, misspelt_ending, same_answer
from ..normalize import answer_key, edit_distance, loose_key, typo_allowance
from ..problems import Problem as P
from .base import (
    BLANK,
    MAX_ENTRIES,
    MAX_TYPED,
    Form,
    Grade,
    Kind,
    QuestionKind,
    ResponseError,
    Verdict,
    _,
    lines,
    one,
    register,
)


@register
class Text(QuestionKind):
    kind = Kind.TEXT
    label = _("Short answer")
    answer_fields = ("answer", "accepted")
    teacher_fields = ("answer", "accepted")
    teacher_help = _("The answer as pupils should type it.")

    def validate(self, spec: Mapping[str, Any]) -> list[str]:
        answer = spec.get("answer")
        if not isinstance(answer, str) or not answer_key(answer) or len(answer) > MAX_TYPED:
            return [
                P(
                    "text_answer",
                    "answer must be non-empty text of at most {most} characters",
                    most=MAX_TYPED,
                )
            ]
        accepted = spec.get("accepted", [])
        if (
            not isinstance(accepted, list)
            or len(accepted) > MAX_ENTRIES
            or not all(
                isinstance(a, str) and answer_key(a) and len(a) <= MAX_TYPED for a in accepted
            )
        ):
            return [
                P(
                    "accepted",
                    "accepted must be a list of non-empty texts of at most {most} characters",
                    most=MAX_TYPED,
                )
            ]
        return []

    def key(self, spec: Mapping[str, Any]) -> Any:
        return spec["answer"]

    def with_defaults(self, spec: dict[str, Any]) -> dict[str, Any]:
        return {"accepted": [], **spec}

    def key_texts(self, spec: Mapping[str, Any]) -> list[str]:
        return [spec["answer"], *spec.get("accepted", [])]

    def grade(self, spec: Mapping[str, Any], response: Any) -> Grade:
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

    def parse(self, spec: Mapping[str, Any], order: Sequence[int], data: Form) -> Any:
        value = one(data, "answer")
        if not value:
            raise ResponseError("blank")
        if len(value) > MAX_TYPED:
            raise ResponseError("too_long")
        if any(ch < " " or ch == "\x7f" for ch in value):
            raise ResponseError("characters")  # NUL and the like: nobody types them
        return value

    def view(
        self, spec: Mapping[str, Any], order: Sequence[int], response: Any, *, show_key: bool
    ) -> dict[str, Any]:
        return {"value": "" if response is None else str(response)}

    def from_teacher(self, fields: Mapping[str, str]) -> dict[str, Any]:
        return {
            "answer": (fields.get("answer") or "").strip(),
            "accepted": lines(fields.get("accepted")),
        }

    def to_teacher(self, spec: Mapping[str, Any]) -> dict[str, str]:
        return {"answer": spec["answer"], "accepted": "\n".join(spec.get("accepted", []))}
