"""What every kind of question shares: the kinds' names, grades, the errors
a posted form can make, and the interface each kind's module fills in.

Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from ..normalize import answer_key
from ..problems import Problem as P


def _(text: str) -> str:
    """Marks a text shown to people: the web layer translates it (the
    translation catalogues find it by this name); the core keeps English."""
    return text


class Kind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    YEAR = "year"
    DATE = "date"
    ORDER = "order"
    MATCH = "match"
    TEXT = "text"


class Verdict(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    NEAR_MISS = "near_miss"  # a typed answer one typo away: reported, not accepted
    WRONG = "wrong"
    BLANK = "blank"


@dataclass(frozen=True)
class Grade:
    score: float  # 0..1
    verdict: Verdict

    @classmethod
    def of(cls, score: float) -> Grade:
        score = max(0.0, min(1.0, score))
        if score >= 1.0 - 1e-9:
            return cls(1.0, Verdict.CORRECT)
        if score > 0:
            return cls(round(score, 4), Verdict.PARTIAL)
        return cls(0.0, Verdict.WRONG)


BLANK = Grade(0.0, Verdict.BLANK)


@dataclass(frozen=True)
class LiveOption:
    """An option as a live game shows it on the projector and the phones:
    ``shown`` is its place (its letter), ``value`` what its button posts,
    ``lines`` the option in words for the kind's ``answer`` partial."""

    shown: int
    value: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class LiveBar:
    """One bar of a live game's reveal: an answer (``shown``: its letter, -1
    for none), in words, how many players gave it, and whether it is right."""

    shown: int
    lines: tuple[str, ...]
    count: int
    correct: bool


class ResponseError(ValueError):
    """The posted form does not make an answer to this question. ``code``
    names the reason for the user-facing message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# A typed answer is at most this long (a form field's limit too).
MAX_TYPED = 200
# What a phone screen can show as one question's options, and one option's text.
MAX_ENTRIES = 20
MAX_ENTRY = 500

Form = Mapping[str, Sequence[str]]  # a posted form: each field's list of values


def one(data: Form, name: str) -> str:
    """The one value of a field (``""`` when absent); two values are no answer."""
    values = data.get(name) or [""]
    if len(values) != 1:
        raise ResponseError("invalid")
    return values[0].strip()


def token(value: str, order: Sequence[int]) -> int:
    """A shown option's name (its place on screen) back to the spec's index."""
    try:
        shown = int(value)
    except (TypeError, ValueError) as error:
        raise ResponseError("invalid") from error
    if not 0 <= shown < len(order):
        raise ResponseError("invalid")
    return order[shown]


def index(value: Any, count: int) -> int:
    """A response's option index, checked (a bool or a negative number is none)."""
    if isinstance(value, bool):
        raise TypeError("an index is not a bool")
    number = int(value)
    if not 0 <= number < count:
        raise IndexError(number)
    return number


def texts_problems(values: Any, what: str, minimum: int) -> list[str]:
    """What is wrong with a list of option texts (empty if nothing)."""
    if not isinstance(values, list) or len(values) < minimum:
        return [
            P("too_few", "{field} needs at least {minimum} entries", field=what, minimum=minimum)
        ]
    if len(values) > MAX_ENTRIES:
        return [P("too_many", "{field} has more than {most} entries", field=what, most=MAX_ENTRIES)]
    if not all(isinstance(v, str) and v.strip() and len(v) <= MAX_ENTRY for v in values):
        return [
            P(
                "entry_text",
                "every {field} entry must be non-empty text of at most {most} characters",
                field=what,
                most=MAX_ENTRY,
            )
        ]
    keys = [answer_key(v) for v in values]
    if len(set(keys)) != len(keys):
        return [P("duplicates", "{field} has duplicate entries", field=what)]
    return []


def lines(text: str | None) -> list[str]:
    """A teacher's plain-text field as its non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionKind:
    """One kind of question, in one place: its answer fields, their checks,
    grading, the form a pupil posts, the answer in words, what a template
    shows, and the teacher's form for it. A new kind is one module in this
    package (it registers itself) and one template,
    ``templates/quizzes/kinds/<kind>.html``, with an ``input`` and an
    ``answer`` partial."""

    kind: ClassVar[Kind]
    label: ClassVar[str]  # the kind's name for people (marked for translation)
    answer_fields: ClassVar[tuple[str, ...]]  # its fields in the exchange format
    teacher_fields: ClassVar[tuple[str, ...]]  # its fields in the teacher's form
    teacher_help: ClassVar[str] = ""  # how to fill in the first of them
    teacher_labels: ClassVar[dict[str, str]] = {}  # its own names for those fields
    keep_unsolved: ClassVar[bool] = False  # never shown in the stored order
    arranged: ClassVar[bool] = False  # answered by moving items (a draft until saved)
    # Played in a live game: answered with a tap or a few digits inside a
    # timer that pays for speed, and counted in a few bars on the projector.
    # Typed answers (spelling against the clock measures typing), dates
    # (three fields), ordering and matching (several moves, each a page
    # without JavaScript) are not: they stay in assignments.
    live: ClassVar[bool] = False
    live_hint: ClassVar[str] = ""  # what the projector says under the question
    # The words of its options and answers are the question's (Kazakh), not
    # the app's own (translated).
    words_quoted: ClassVar[bool] = True

    # -- the spec ------------------------------------------------------------
    def validate(self, spec: Mapping[str, Any]) -> list[str]:
        raise NotImplementedError

    def key(self, spec: Mapping[str, Any]) -> Any:
        """The response that scores full marks."""
        raise NotImplementedError

    def key_texts(self, spec: Mapping[str, Any]) -> list[str]:
        """Texts that, seen anywhere, give the answer away."""
        return []

    def key_pairs(self, spec: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Pairs that, seen together, give themselves away."""
        return []

    def with_defaults(self, spec: dict[str, Any]) -> dict[str, Any]:
        """The spec with the fields it may leave out filled in."""
        return spec

    # -- grading -------------------------------------------------------------
    def grade(self, spec: Mapping[str, Any], response: Any) -> Grade:
        raise NotImplementedError

    # -- the pupil's form ------------------------------------------------------
    def option_count(self, spec: Mapping[str, Any]) -> int:
        """How many things an attempt shuffles for this question."""
        return 0

    def shown_options(self, spec: Mapping[str, Any], order: Sequence[int]) -> list[str]:
        """The option texts in the order shown."""
        return []

    def parse(self, spec: Mapping[str, Any], order: Sequence[int], data: Form) -> Any:
        """The response a posted form gives; raises ``ResponseError``."""
        raise NotImplementedError

    def describe(self, spec: Mapping[str, Any], response: Any) -> list[str]:
        """A response in words, a line per part, for the review."""
        return [str(response)]

    def view(
        self, spec: Mapping[str, Any], order: Sequence[int], response: Any, *, show_key: bool
    ) -> dict[str, Any]:
        """What the kind's ``input`` partial needs, the key only when ``show_key``."""
        return {}

    # -- a live game -----------------------------------------------------------
    def live_options(self, spec: Mapping[str, Any], order: Sequence[int]) -> list[LiveOption]:
        """The options shown in a live game, in order, without the key."""
        return []

    def live_tally(
        self, spec: Mapping[str, Any], order: Sequence[int], responses: Sequence[Any]
    ) -> list[LiveBar]:
        """How many players gave each answer, for the reveal."""
        raise NotImplementedError

    # -- the teacher's form ------------------------------------------------------
    def from_teacher(self, fields: Mapping[str, str]) -> dict[str, Any]:
        """The answer fields from the teacher's form (plain lines)."""
        raise NotImplementedError

    def to_teacher(self, spec: Mapping[str, Any]) -> dict[str, str]:
        """The teacher's form filled in from a stored answer."""
        raise NotImplementedError


REGISTRY: dict[Kind, QuestionKind] = {}


def register(cls: type[QuestionKind]) -> type[QuestionKind]:
    """Class decorator: the kind's module adds itself to the registry."""
    REGISTRY[cls.kind] = cls()
    return cls
