"""The bank as JSON: ``{"questions": [...]}`` in the exchange format of
``quizzes.core.bank``."""

from __future__ import annotations

import json
from typing import Any

from ..core.problems import Problem as P
from .errors import FormatError

_DEEP = P("json_deep", "lists or objects nest too deeply")

# A question nests four levels deep at most ({"questions": [{"pairs": [[…]]}]});
# numbers are difficulties and years. Anything beyond is not a bank.
MAX_DEPTH = 8
MAX_NUMBER_DIGITS = 20


class _LongNumber(Exception):
    def __init__(self, text: str) -> None:
        self.text = text


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _LongNumber(text)
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS + 10:
        raise _LongNumber(text)
    return float(text)


def _constant(text: str) -> Any:
    raise FormatError(P("json_constant", "{value} is not a JSON number", value=text))


def parse_json(text: str) -> list[dict[str, Any]]:
    return parse_json_set(text)[0]


def parse_json_set(text: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """The questions of a JSON file, and its random pools (a set's export
    carries them as ``"pools": [{"count", "topic", "kind", "difficulty"}]``)."""
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise FormatError(
            P("json_syntax", "not valid JSON: {detail}", detail=error.msg), line=error.lineno
        ) from error
    except _LongNumber as error:
        line = text.count("\n", 0, max(text.find(error.text), 0)) + 1
        raise FormatError(
            P("json_number", "a number of {n} characters is too long", n=len(error.text)),
            line=line,
        ) from None
    except RecursionError:
        raise FormatError(_DEEP) from None
    if _depth(data) > MAX_DEPTH:
        raise FormatError(_DEEP)
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise FormatError(P("json_shape", 'the file must be an object with a "questions" list'))
    pools = data.get("pools", [])
    if not isinstance(pools, list):
        raise FormatError(P("json_pools", '"pools" must be a list'))
    return data["questions"], pools


def _depth(data: Any) -> int:
    """How deep lists and objects nest (without recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                values = value.values() if isinstance(value, dict) else value
                stack.extend((v, depth + 1) for v in values)
    return deepest


def dump_json(questions: list[dict[str, Any]], *, pools: list[dict[str, Any]] | None = None) -> str:
    document: dict[str, Any] = {"questions": questions}
    if pools:
        document["pools"] = pools
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
