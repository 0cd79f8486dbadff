"""The bank as Moodle GIFT.

``dump_gift`` writes the kinds GIFT can express and ``parse_gift`` reads them
back, as well as reasonable hand-written or Moodle GIFT. What GIFT has no place
for (topic, difficulty, source quotes, attribution, enemies) travels in a
comment right before its question, which Moodle ignores::

    // quiz-meta: {"topic": "treaty", "difficulty": 1, "source": ["..."]}
    ::cst-year::Шартқа қай жылы қол қойылды? {
        #1992
        ####Шартқа 1992 жылғы 15 мамырда Ташкентте қол қойылды.
    }

Nothing here imports Django.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..core.bank import KEY_PATTERN
from ..core.problems import Problem as P
from .errors import FormatError

MAX_YEAR_DIGITS = 9  # a year, read as an int; a longer number is no year
DEFAULT_TOPIC = "treaty"
DEFAULT_DIFFICULTY = 2
META_PREFIX = "quiz-meta:"

_SPECIAL = "\\~=#{}:"
# While a question is read, escaped characters stand in as private-use
# characters, so plain string operations see only the unescaped syntax.
_PLACEHOLDERS = {char: chr(0xE000 + i) for i, char in enumerate(_SPECIAL + "n")}
_RESTORE = {ord(p): "\n" if char == "n" else char for char, p in _PLACEHOLDERS.items()}
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
_FORMAT_RE = re.compile(r"^\[(?:html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^\s*%(-?(?:\d+(?:\.\d*)?|\.\d+))%")
_BLANK = "_____"  # where a missing-word question's answer block stood

_Fail = Callable[[str], FormatError]


# -- writing ------------------------------------------------------------------


def dump_gift(questions: list[dict[str, Any]], *, left_out_note: str = "") -> tuple[str, list[str]]:
    """GIFT text for the questions GIFT can express, and the keys of the
    others. ``left_out_note`` (what the file lacks) opens it as a comment."""
    blocks: list[str] = []
    skipped: list[str] = []
    topic: Any = None
    for question in questions:
        answers = _answer_lines(question)
        if answers is None:
            skipped.append(question.get("key", ""))
            continue
        if not blocks or question.get("topic") != topic:
            topic = question.get("topic")
            blocks.append(f"$CATEGORY: {topic}")
        blocks.append(_question_text(question, answers))
    if left_out_note:
        blocks.insert(0, "\n".join(f"// {line}" for line in left_out_note.splitlines()))
    return ("\n\n".join(blocks) + "\n" if blocks else ""), skipped


def gift_can_express(question: dict[str, Any]) -> bool:
    """Whether GIFT has a question like this one (dates and orderings it has not)."""
    return _answer_lines(question) is not None


def _answer_lines(question: dict[str, Any]) -> list[str] | None:
    """The lines inside the braces, or None when GIFT cannot say it."""
    kind = question.get("kind")
    if kind == "single":
        return [_answer("=" if c["correct"] else "~", c["text"]) for c in question["choices"]]
    if kind == "multiple":
        right = sum(1 for c in question["choices"] if c["correct"])
        wrong = len(question["choices"]) - right
        return [
            _answer("~", c["text"], _percent(100 / right if c["correct"] else -100 / wrong))
            for c in question["choices"]
        ]
    if kind == "true_false":
        return ["T" if question["answer"] else "F"]
    if kind == "year":
        return [f"#{question['answer']}"]
    if kind == "text":
        answers = [question["answer"], *question.get("accepted", [])]
        if any("->" in a for a in answers):  # GIFT would read it as a matching question
            return None
        return [_answer("=", a) for a in answers]
    if kind == "match":
        if any("->" in left for left, _ in question["pairs"]):
            return None
        return [f"={_text_out(left)} -> {_text_out(right)}" for left, right in question["pairs"]]
    return None  # date, order: GIFT has no such question


def _question_text(question: dict[str, Any], answers: list[str]) -> str:
    meta = {name: question[name] for name in ("topic", "difficulty", "source") if name in question}
    for name in ("attribution", "enemies"):
        if question.get(name):
            meta[name] = question[name]
    lines = [
        f"// {META_PREFIX} {json.dumps(meta, ensure_ascii=False)}",
        f"::{_escape(question['key'])}::{_text_out(question['prompt'])} {{",
        *(f"    {answer}" for answer in answers),
    ]
    if question.get("explanation"):
        lines.append(f"    ####{_text_out(question['explanation'])}")
    lines.append("}")
    return "\n".join(lines)


def _answer(mark: str, text: str, weight: str = "") -> str:
    body = _text_out(text)
    if not weight and _WEIGHT_RE.match(body):  # text that starts like a weight
        weight = "100" if mark == "=" else "0"
    return f"{mark}%{weight}%{body}" if weight else f"{mark}{body}"


def _percent(value: float) -> str:
    """A weight as Moodle writes it: ``50``, ``33.33333``, ``-25``."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _text_out(text: str) -> str:
    if _FORMAT_RE.match(text):  # keep a leading "[html]" that is text, not a format
        text = "[plain]" + text
    return _escape(text)


def _escape(text: str) -> str:
    escaped = "".join("\\" + char if char in _SPECIAL else char for char in text)
    return escaped.replace("\n", "\\n")


# -- reading ------------------------------------------------------------------


@dataclass
class _Block:
    """The lines of one question, without comments, and its quiz-meta."""

    line: int
    text: str
    meta: dict[str, Any]


def parse_gift(text: str) -> list[dict[str, Any]]:
    """Exchange-format questions from GIFT text, in the file's order."""
    return [_question(block, number) for number, block in enumerate(_blocks(text), 1)]


def _blocks(text: str) -> Iterator[_Block]:
    """Questions are separated by blank lines (a blank line inside an answer
    block is tolerated); ``//`` lines are comments, ``$CATEGORY:`` is ignored."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    current: list[str] = []
    meta: dict[str, Any] | None = None
    start = meta_line = depth = open_line = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            found = _meta(stripped, number)
            if found is None:
                continue
            if current:
                raise _error(
                    number, P("meta_place", "a quiz-meta comment must follow a blank line")
                )
            if meta is not None:
                raise _error(meta_line, _META_ALONE)
            meta, meta_line = found, number
            continue
        if not current:
            if not stripped or stripped.upper().startswith("$CATEGORY:"):
                continue
            start = number
        elif not stripped and not depth:
            yield _Block(start, "\n".join(current), meta or {})
            current, meta = [], None
            continue
        current.append(line)
        depth, open_line = _braces(line, number, start, depth, open_line)
    if depth:
        raise _error(
            start,
            P(
                "unclosed",
                "unterminated question: the {brace} on line {n} is never closed",
                brace="'{'",
                n=open_line,
            ),
        )
    if current:
        yield _Block(start, "\n".join(current), meta or {})
    elif meta is not None:
        raise _error(meta_line, _META_ALONE)


def _meta(comment: str, number: int) -> dict[str, Any] | None:
    body = comment[2:].strip()
    if not body.startswith(META_PREFIX):
        return None
    try:
        meta = json.loads(body[len(META_PREFIX) :])
    except json.JSONDecodeError as error:
        raise _error(
            number,
            P("meta_json", "the quiz-meta comment is not valid JSON: {detail}", detail=error.msg),
        ) from error
    if not isinstance(meta, dict):
        raise _error(number, P("meta_object", "the quiz-meta comment must be a JSON object"))
    return meta


def _braces(line: str, number: int, start: int, depth: int, open_line: int) -> tuple[int, int]:
    """The brace depth after ``line``, and the line of the open brace."""
    position = 0
    while position < len(line):
        char = line[position]
        if char == "\\":
            position += 2
            continue
        if char == "{":
            if depth:
                raise _error(
                    start,
                    P(
                        "nested",
                        "the {brace} on line {n} opens inside an answer block opened on "
                        "line {opened} (a missing {closing}?)",
                        brace="'{'",
                        closing="'}'",
                        n=number,
                        opened=open_line,
                    ),
                )
            depth, open_line = 1, number
        elif char == "}":
            if not depth:
                raise _error(
                    start,
                    P(
                        "stray_close",
                        "the {closing} on line {n} closes no {brace}",
                        closing="'}'",
                        brace="'{'",
                        n=number,
                    ),
                )
            depth = 0
        position += 1
    return depth, open_line


def _question(block: _Block, number: int) -> dict[str, Any]:
    def fail(problem: P) -> FormatError:
        return _error(block.line, problem)

    raw = _ESCAPE_RE.sub(lambda m: _PLACEHOLDERS[m.group(1)], block.text).strip()
    title = ""
    if raw.startswith("::"):
        end = raw.find("::", 2)
        if end < 0:
            raise fail(P("title", "the title has no closing '::'"))
        title, raw = raw[2:end].strip().translate(_RESTORE), raw[end + 2 :]
    opening = raw.find("{")
    if opening < 0:
        raise fail(
            P("no_block", "no answer block {block}: descriptions are not supported", block="{...}")
        )
    closing = raw.find("}", opening)
    before, inside, after = raw[:opening], raw[opening + 1 : closing], raw[closing + 1 :]
    if "{" in after:
        raise fail(
            P("two_blocks", "more than one answer block: separate questions with a blank line")
        )
    prompt = f"{before}{_BLANK}{after}" if after.strip() else before
    answers, _, feedback = inside.partition("####")
    kind, answer = _answer_fields(answers.strip(), fail)
    meta = block.meta
    question: dict[str, Any] = {
        "key": title if KEY_PATTERN.match(title) and len(title) <= 80 else f"gift-{number}",
        "kind": kind,
        "topic": meta.get("topic", DEFAULT_TOPIC),
        "difficulty": meta.get("difficulty", DEFAULT_DIFFICULTY),
        "prompt": _text_in(prompt),
        "explanation": _text_in(feedback),
        "source": meta.get("source", []),
    }
    for name in ("attribution", "enemies"):
        if meta.get(name):
            question[name] = meta[name]
    return question | answer


def _answer_fields(answers: str, fail: _Fail) -> tuple[str, dict[str, Any]]:
    """The kind and its answer fields, told apart in Moodle's order."""
    if not answers:
        raise fail(P("essay", "essay questions (an empty {block}) are not supported", block="{}"))
    if answers.startswith("#"):
        return "year", {"answer": _year(answers[1:], fail)}
    if "~" in answers:
        return _choices(_split(answers, fail), fail)
    if "=" in answers:
        parts = _split(answers, fail)
        if any("->" in body for _, _, body in parts):
            return "match", {"pairs": _pairs(parts, fail)}
        right = [_text_in(_unweighted(body)) for _, weight, body in parts if _positive(weight, "=")]
        if not right:
            raise fail(
                P("no_positive", "a short-answer question needs an answer with a positive weight")
            )
        return "text", {"answer": right[0], "accepted": right[1:]}
    truth = answers.split("#", 1)[0].strip().upper()
    if truth in ("T", "TRUE", "F", "FALSE"):
        return "true_false", {"answer": truth.startswith("T")}
    raise fail(
        P(
            "unsupported_block",
            "unsupported answer block {block}",
            block="{" + _text_in(answers)[:60] + "}",
        )
    )


def _split(answers: str, fail: _Fail) -> list[tuple[str, float | None, str]]:
    """``(mark, weight, body)`` for each ``=``/``~`` answer, feedback dropped."""
    pieces = re.split(r"([=~])", answers)
    if pieces[0].strip():
        raise fail(
            P(
                "text_before",
                "text before the first answer: {text}",
                text=repr(_text_in(pieces[0])[:60]),
            )
        )
    parts = []
    for mark, body in zip(pieces[1::2], pieces[2::2], strict=True):
        body = body.split("#", 1)[0]
        found = _WEIGHT_RE.match(body)
        parts.append((mark, float(found.group(1)) if found else None, body))
    return parts


def _unweighted(body: str) -> str:
    found = _WEIGHT_RE.match(body)
    return body[found.end() :] if found else body


def _positive(weight: float | None, mark: str) -> bool:
    return weight > 0 if weight is not None else mark == "="


def _choices(parts: list[tuple[str, float | None, str]], fail: _Fail) -> tuple[str, dict[str, Any]]:
    """One ``=`` among ``~``s is single choice; answers weighted with two or more
    positive, or no ``=`` at all (Moodle's checkboxes), are multiple choice."""
    choices = [
        {"text": _text_in(_unweighted(body)), "correct": _positive(weight, mark)}
        for mark, weight, body in parts
    ]
    right = sum(1 for c in choices if c["correct"])
    weighted = any(weight is not None for _, weight, _ in parts)
    if (weighted and right >= 2) or all(mark == "~" for mark, _, _ in parts):
        if not right:
            raise fail(
                P("none_right", "no answer is right: give the right ones a positive %weight%")
            )
        return "multiple", {"choices": choices}
    if right != 1:
        raise fail(
            P(
                "gift_one_right",
                "a single-choice question needs exactly one right answer, has {n}",
                n=right,
            )
        )
    return "single", {"choices": choices}


def _pairs(parts: list[tuple[str, float | None, str]], fail: _Fail) -> list[list[str]]:
    pairs = []
    for mark, _, body in parts:
        if mark != "=" or "->" not in body:
            raise fail(
                P("match_answer", "every answer of a matching question must be '=left -> right'")
            )
        left, _, right = body.partition("->")
        pairs.append([_text_in(left), _text_in(right)])
    return pairs


def _year(body: str, fail: _Fail) -> int:
    """A numerical answer, read as a year: a whole number without a tolerance."""
    if "=" in body:
        parts = _split(body, fail)
        if len(parts) != 1:
            raise fail(
                P("several_numbers", "numerical questions with several answers are not supported")
            )
        body = _unweighted(parts[0][2])
    value, _, tolerance = body.split("#", 1)[0].partition(":")
    value, tolerance = value.strip(), tolerance.strip()
    digits = value.removeprefix("-")
    # Plain string tests: a pattern with two stars over the same digits would
    # backtrack for minutes on a long run of zeros.
    whole = digits.isascii() and digits.isdigit() and len(digits) <= MAX_YEAR_DIGITS
    no_tolerance = tolerance.count(".") <= 1 and not tolerance.replace(".", "").strip("0")
    if not (whole and no_tolerance):
        raise fail(
            P(
                "number",
                "unsupported numerical answer {value}: "
                "only a whole number without a tolerance (a year) can be read",
                value=repr(_text_in(body)[:40]),
            )
        )
    return int(value)


def _text_in(raw: str) -> str:
    """Text as written: trimmed, without a format prefix, escapes undone."""
    return _FORMAT_RE.sub("", raw.strip(), count=1).strip().translate(_RESTORE)


_META_ALONE = P("meta_alone", "a quiz-meta comment without a question after it")


def _error(line: int, problem: P) -> FormatError:
    return FormatError(problem, line=line)
