"""The bank as JSON: ``{"questions": [...]}`` in the exchange format of
``quizzes.core.bank``."""

from __future__ import annotations

import json
from typing import Any

from .errors import FormatError


def parse_json(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(f"line {error.lineno}: {error.msg}", line=error.lineno) from error
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise FormatError('the file must be an object with a "questions" list')
    return data["questions"]


def dump_json(questions: list[dict[str, Any]]) -> str:
    return json.dumps({"questions": questions}, ensure_ascii=False, indent=2) + "\n"
