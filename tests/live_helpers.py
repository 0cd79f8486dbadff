"""Answers to a live game's questions, as a phone would post them."""

from __future__ import annotations

from typing import Any


def right_form(frozen: dict[str, Any]) -> dict[str, list[str]]:
    """The posted form of the right answer to a game's frozen question."""
    spec, order = frozen["snapshot"], frozen["order"]
    kind = spec["kind"]
    if kind == "single":
        return {"choice": [str(order.index(_right(spec)[0]))]}
    if kind == "multiple":
        return {"choice": [str(order.index(i)) for i in _right(spec)]}
    if kind == "true_false":
        return {"answer": ["true" if spec["answer"] else "false"]}
    if kind == "year":
        return {"answer": [str(spec["answer"])]}
    raise AssertionError(kind)


def wrong_form(frozen: dict[str, Any]) -> dict[str, list[str]]:
    spec, order = frozen["snapshot"], frozen["order"]
    kind = spec["kind"]
    if kind in ("single", "multiple"):
        wrong = next(i for i, c in enumerate(spec["choices"]) if not c["correct"])
        return {"choice": [str(order.index(wrong))]}
    if kind == "true_false":
        return {"answer": ["false" if spec["answer"] else "true"]}
    if kind == "year":
        return {"answer": [str(spec["answer"] + 1)]}
    raise AssertionError(kind)


def _right(spec: dict[str, Any]) -> list[int]:
    return [i for i, c in enumerate(spec["choices"]) if c["correct"]]


def right_texts(frozen: dict[str, Any]) -> list[str]:
    spec = frozen["snapshot"]
    if "choices" in spec:
        return [c["text"] for c in spec["choices"] if c["correct"]]
    return []
