"""The kinds of question, one module each, found here by name.

``kind_rules("single")`` is everything the app knows of a kind: see
``base.QuestionKind``. Each module in this package registers its kind when
imported; importing the package imports them all.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import (
    BLANK,
    MAX_ENTRIES,
    MAX_ENTRY,
    MAX_TYPED,
    REGISTRY,
    Grade,
    Kind,
    LiveBar,
    LiveOption,
    QuestionKind,
    ResponseError,
    Verdict,
)

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")


def kind_rules(kind: str) -> QuestionKind:
    """The rules of a kind of question; ``ValueError`` for an unknown kind."""
    return REGISTRY[Kind(kind)]


def kind_template(kind: str, part: str) -> str:
    """A kind's template partial: ``input`` (the pupil's fields), ``answer``
    (an answer in words, given ``lines``), or for the kinds a live game
    plays ``live`` (the phone's fields)."""
    return f"quizzes/kinds/{Kind(kind)}.html#{part}"


__all__ = [
    "BLANK",
    "MAX_ENTRIES",
    "MAX_ENTRY",
    "MAX_TYPED",
    "REGISTRY",
    "Grade",
    "Kind",
    "LiveBar",
    "LiveOption",
    "QuestionKind",
    "ResponseError",
    "Verdict",
    "kind_rules",
    "kind_template",
]
