"""Single and multiple choice: ``{"choices": [{"text", "correct"}, ...]}``.

The response is the index of the choice (single) or a sorted list of the
indices ticked (multiple)."""

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
    index,
    lines,
    one,
    register,
    texts_problems,
    token,
)


class _Choice(QuestionKind):
    answer_fields = ("choices",)
    teacher_fields = ("choices",)
    live = True
    exactly_one: bool

    def validate(self, spec: Mapping[str, Any]) -> list[str]:
        choices = spec.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            return [
                P("too_few", "{field} needs at least {minimum} entries", field="choices", minimum=2)
            ]
        if not all(isinstance(c, Mapping) and isinstance(c.get("correct"), bool) for c in choices):
            return [P("choice_shape", "every choice needs text and a true/false 'correct'")]
        problems = texts_problems([c.get("text") for c in choices], "choices", 2)
        correct = sum(c["correct"] for c in choices)
        if self.exactly_one and correct != 1:
            problems.append(
                P(
                    "one_correct",
                    "a single-choice question needs exactly 1 correct choice, has {correct}",
                    correct=correct,
                )
            )
        if not self.exactly_one and (correct < 1 or correct == len(choices)):
            problems.append(
                P("right_and_wrong", "a multiple-choice question needs correct and wrong choices")
            )
        return problems

    def key_texts(self, spec: Mapping[str, Any]) -> list[str]:
        return [c["text"] for c in spec.get("choices", []) if c.get("correct")]

    def option_count(self, spec: Mapping[str, Any]) -> int:
        return len(spec["choices"])

    def shown_options(self, spec: Mapping[str, Any], order: Sequence[int]) -> list[str]:
        return [spec["choices"][i]["text"] for i in order]

    def view(
        self, spec: Mapping[str, Any], order: Sequence[int], response: Any, *, show_key: bool
    ) -> dict[str, Any]:
        chosen = set()
        if response is not None:
            chosen = {response} if self.exactly_one else set(response)
        return {
            "options": [
                {
                    "token": shown,
                    "text": spec["choices"][i]["text"],
                    "selected": i in chosen,
                    "correct": show_key and spec["choices"][i]["correct"],
                }
                for shown, i in enumerate(order)
            ]
        }

    def live_options(self, spec: Mapping[str, Any], order: Sequence[int]) -> list[LiveOption]:
        return [
            LiveOption(shown=shown, value=str(shown), lines=(spec["choices"][i]["text"],))
            for shown, i in enumerate(order)
        ]

    def live_tally(
        self, spec: Mapping[str, Any], order: Sequence[int], responses: Sequence[Any]
    ) -> list[LiveBar]:
        """A player who ticked two choices counts for both."""
        choices = spec["choices"]
        counts = [0] * len(choices)
        for response in responses:
            for i in response if isinstance(response, list) else [response]:
                if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(counts):
                    counts[i] += 1
        return [
            LiveBar(
                shown=shown,
                lines=(choices[i]["text"],),
                count=counts[i],
                correct=bool(choices[i]["correct"]),
            )
            for shown, i in enumerate(order)
        ]

    def from_teacher(self, fields: Mapping[str, str]) -> dict[str, Any]:
        return {
            "choices": [
                {"text": line.lstrip("*").strip(), "correct": line.startswith("*")}
                for line in lines(fields.get("choices"))
            ]
        }

    def to_teacher(self, spec: Mapping[str, Any]) -> dict[str, str]:
        return {
            "choices": "\n".join(
                ("* " if c["correct"] else "") + c["text"] for c in spec["choices"]
            )
        }


@register
class Single(_Choice):
    kind = Kind.SINGLE
    label = _("Single choice")
    teacher_help = _("One choice a line; start the right one with *.")
    exactly_one = True

    def key(self, spec: Mapping[str, Any]) -> Any:
        return next(i for i, c in enumerate(spec["choices"]) if c["correct"])

    def grade(self, spec: Mapping[str, Any], response: Any) -> Grade:
        chosen = index(response, len(spec["choices"]))
        return Grade.of(1.0 if spec["choices"][chosen]["correct"] else 0.0)

    def parse(self, spec: Mapping[str, Any], order: Sequence[int], data: Form) -> Any:
        value = one(data, "choice")
        if not value:
            raise ResponseError("blank")
        return token(value, order)

    def describe(self, spec: Mapping[str, Any], response: Any) -> list[str]:
        return [spec["choices"][response]["text"]]


@register
class Multiple(_Choice):
    kind = Kind.MULTIPLE
    label = _("Multiple choice")
    teacher_help = _("One choice a line; start each right one with *.")
    live_hint = _("Several answers may be right: choose all of them.")
    exactly_one = False

    def key(self, spec: Mapping[str, Any]) -> Any:
        return [i for i, c in enumerate(spec["choices"]) if c["correct"]]

    def grade(self, spec: Mapping[str, Any], response: Any) -> Grade:
        """Each right choice ticked earns its share, each wrong one costs its
        share (Moodle's rule), so ticking everything scores nothing."""
        choices = spec["choices"]
        chosen = {index(i, len(choices)) for i in response}
        right = {i for i, c in enumerate(choices) if c["correct"]}
        wrong = set(range(len(choices))) - right
        return Grade.of(len(chosen & right) / len(right) - len(chosen & wrong) / len(wrong))

    def parse(self, spec: Mapping[str, Any], order: Sequence[int], data: Form) -> Any:
        chosen = {token(v, order) for v in data.get("choice", [])}
        if not chosen:
            raise ResponseError("blank")
        return sorted(chosen)

    def describe(self, spec: Mapping[str, Any], response: Any) -> list[str]:
        return [spec["choices"][i]["text"] for i in sorted(response)]
