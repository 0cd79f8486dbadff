"""Questions derived from the table of the article's dated events.

One event (its date as precise as the article gives it, its place, a subject
and a predicate that make a Kazakh sentence) yields a year question, a date
question when the day is known, a "which city" question when the place is, and
takes part in chronological-order and date-matching questions, each with a
prompt of its own. Wrong choices are the places of sibling events, so they are
plausible and never true.

The year and the date question of one event test the same fact, two "which
city" questions with one answer answer each other, and a date-matching
question shows the dates of its events: they are enemies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .dates import KAZAKH_MONTHS

# The month in the locative case ("мамырда"), by vowel harmony and final sound.
_MONTH_LOCATIVE = (
    "қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда",
    "шілдеде", "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда",
)  # fmt: skip


class FactError(ValueError):
    """The facts table is inconsistent."""


@dataclass(frozen=True)
class Event:
    key: str
    year: int
    month: int | None
    day: int | None
    subject: str
    predicate: str
    label: str
    topic: str
    source: tuple[str, ...]
    place: str | None = None
    place_locative: str | None = None

    @classmethod
    def from_fact(cls, fact: Mapping[str, Any]) -> Event:
        parts = [int(p) for p in str(fact["date"]).split("-")]
        year, month, day = (parts + [None, None])[:3]
        return cls(
            key=fact["key"],
            year=year,
            month=month,
            day=day,
            subject=fact["subject"],
            predicate=fact["predicate"],
            label=fact["label"],
            topic=fact["topic"],
            source=tuple(fact["source"]),
            place=fact.get("place"),
            place_locative=fact.get("place_locative"),
        )

    @property
    def iso_date(self) -> str | None:
        if self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def when(self) -> str:
        """The date as an adverbial: ``1992 жылғы 15 мамырда``."""
        if self.day is not None:
            return f"{self.year} жылғы {self.day} {_MONTH_LOCATIVE[self.month - 1]}"
        if self.month is not None:
            return f"{self.year} жылы {KAZAKH_MONTHS[self.month - 1]} айында"
        return f"{self.year} жылы"

    @property
    def date_label(self) -> str:
        """The date as a noun phrase: ``1992 жылғы 15 мамыр``."""
        if self.day is not None:
            return f"{self.year} жылғы {self.day} {KAZAKH_MONTHS[self.month - 1]}"
        if self.month is not None:
            return f"{self.year} жылғы {KAZAKH_MONTHS[self.month - 1]}"
        return f"{self.year} жыл"

    def statement(self) -> str:
        place = f" {self.place_locative}" if self.place_locative else ""
        return f"Мақала бойынша, {self.subject} {self.when}{place} {self.predicate}."


def derive_questions(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Exchange-format questions (see ``core.bank``) from the facts table."""
    events = [Event.from_fact(f) for f in facts["events"]]
    by_key = {e.key: e for e in events}
    if len(by_key) != len(events):
        raise FactError("duplicate event key")
    questions: list[dict[str, Any]] = []
    for event in events:
        questions.append(_year_question(event))
        if event.iso_date:
            questions.append(_date_question(event))
        if event.place:
            question = _place_question(event, events)
            # Two "which city" questions with one answer answer each other.
            question["enemies"] = [
                f"event-{e.key}-place" for e in events if e.place == event.place and e is not event
            ]
            questions.append(question)
    for number, group in enumerate(facts.get("orders", []), 1):
        questions.append(_order_question(number, _pick(by_key, group["events"]), group["prompt"]))
    for number, group in enumerate(facts.get("matches", []), 1):
        shown = _pick(by_key, group["events"])
        question = _match_question(number, shown, group["prompt"])
        question["enemies"] = _shown_dates(shown, all_events=events)
        questions.append(question)
    return questions


def _shown_dates(shown: Sequence[Event], *, all_events: Sequence[Event]) -> list[str]:
    """The questions a date-matching question answers: the date questions of
    its events, and the year question of every event of one of its years."""
    years = {e.year for e in shown}
    dates = [f"event-{e.key}-date" for e in shown if e.iso_date]
    return dates + [f"event-{e.key}-year" for e in all_events if e.year in years]


def _pick(by_key: Mapping[str, Event], keys: Sequence[str]) -> list[Event]:
    missing = [k for k in keys if k not in by_key]
    if missing:
        raise FactError(f"unknown event {', '.join(missing)}")
    return [by_key[k] for k in keys]


def _base(event: Event, suffix: str, kind: str, difficulty: int, prompt: str) -> dict[str, Any]:
    return {
        "key": f"event-{event.key}-{suffix}",
        "kind": kind,
        "topic": event.topic,
        "difficulty": difficulty,
        "prompt": prompt,
        "explanation": event.statement(),
        "source": list(event.source),
    }


def _year_question(event: Event) -> dict[str, Any]:
    prompt = f"{event.subject} қай жылы {event.predicate}?"
    return _base(event, "year", "year", 1, prompt) | {"answer": event.year}


def _date_question(event: Event) -> dict[str, Any]:
    prompt = f"{event.subject} қай күні {event.predicate}? Күнін, айын және жылын көрсетіңіз."
    # The date holds the year: the two ask one fact.
    enemies = [f"event-{event.key}-year"]
    return _base(event, "date", "date", 2, prompt) | {"answer": event.iso_date, "enemies": enemies}


def _place_question(event: Event, events: Sequence[Event]) -> dict[str, Any]:
    siblings = sorted({e.place for e in events if e.place and e.place != event.place})
    wrong = _stable_sample(siblings, 3, seed=event.key)
    choices = [{"text": event.place, "correct": True}] + [
        {"text": place, "correct": False} for place in wrong
    ]
    prompt = f"{event.subject} қай қалада {event.predicate}?"
    return _base(event, "place", "single", 1, prompt) | {"choices": choices}


def _sort_key(event: Event) -> tuple[int, int, int]:
    return (event.year, event.month or 0, event.day or 0)


def _check_unambiguous(events: Sequence[Event]) -> None:
    """Two events of one year, one of them without a month, cannot be ordered."""
    for a in events:
        for b in events:
            if a is not b and a.year == b.year and (a.month is None or b.month is None):
                raise FactError(f"cannot order {a.key} and {b.key}: same year, no month")
            if a is not b and _sort_key(a) == _sort_key(b):
                raise FactError(f"{a.key} and {b.key} have the same date")


def _order_question(number: int, events: list[Event], prompt: str) -> dict[str, Any]:
    _check_unambiguous(events)
    ordered = sorted(events, key=_sort_key)
    return {
        "key": f"chronology-order-{number}",
        "kind": "order",
        "topic": ordered[0].topic,
        "difficulty": 2 if len(ordered) <= 4 else 3,
        "prompt": prompt,
        "explanation": " ".join(e.statement() for e in ordered),
        "source": [s for e in ordered for s in e.source],
        "items": [e.label for e in ordered],
    }


def _match_question(number: int, events: list[Event], prompt: str) -> dict[str, Any]:
    _check_unambiguous(events)
    ordered = sorted(events, key=_sort_key)
    return {
        "key": f"chronology-match-{number}",
        "kind": "match",
        "topic": ordered[0].topic,
        "difficulty": 3,
        "prompt": prompt,
        "explanation": " ".join(e.statement() for e in ordered),
        "source": [s for e in ordered for s in e.source],
        "pairs": [[e.date_label, e.label] for e in ordered],
    }


def _stable_sample(values: Sequence[str], count: int, *, seed: str) -> list[str]:
    """The same few values on every load, so a reload changes nothing."""
    return sorted(values, key=lambda v: hashlib.sha256(f"{seed}:{v}".encode()).hexdigest())[:count]
