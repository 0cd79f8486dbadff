"""Review scheduling with Leitner boxes.

Every question a pupil has met sits in a box from 1 to 5. A full-marks answer
moves it up one box and schedules it further away (a question right the first
time starts in box 2); anything less sends it back to box 1, due at once, so
practice brings it back today. A question due on or before today is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# Days until the next review, by the box a question has just moved into.
INTERVALS = {2: 2, 3: 4, 4: 8, 5: 16}
TOP_BOX = max(INTERVALS)
# A score at or above this counts as remembered.
PASS = 1.0


@dataclass(frozen=True)
class Card:
    box: int
    due: date


def review(card: Card | None, *, score: float, today: date) -> Card:
    """The card after an answer scored ``score`` (0..1) on ``today``."""
    if score < PASS:
        return Card(box=1, due=today)
    box = 2 if card is None else min(card.box + 1, TOP_BOX)
    return Card(box=box, due=today + timedelta(days=INTERVALS[box]))


def is_due(card: Card, *, today: date) -> bool:
    return card.due <= today
