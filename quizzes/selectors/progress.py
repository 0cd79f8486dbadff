"""Reading a pupil's progress."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from quizzes.core.stats import chart_points, latest, mastery
from quizzes.models import Attempt, AttemptItem, Question, ReviewCard

from .attempts import FEEDBACK_FIELDS, feedback_rule, withheld_question_ids
from .live_results import pupil_games

# The chart's drawing area inside its viewBox: room on the left for the
# percent scale and below for the dates.
CHART_WIDTH, CHART_HEIGHT = 320, 170
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 40, 308, 18, 130
# A topic's mastery is shown once this many of its questions were answered:
# with fewer, one lucky or unlucky answer would decide it.
MASTERY_AFTER = 3


@dataclass
class SetResult:
    title: str
    attempts: int
    best: int
    last: int


def progress_for_user(*, user: Any, now: datetime) -> dict[str, Any]:
    finished = list(
        Attempt.objects.filter(user=user, mode=Attempt.Mode.QUIZ)
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .select_related("question_set")
        .order_by("finished_at")
    )
    rows = list(
        AttemptItem.objects.filter(attempt__user=user)
        .exclude(answered_at=None)
        .values_list(
            "question_id",
            "score",
            "snapshot__topic",
            "snapshot__prompt",
            *FEEDBACK_FIELDS,
        )
    )
    # Only answers whose feedback the pupil may see: a question missed in an
    # assignment whose answers come later must not show as missed before then.
    visible = feedback_rule(user=user, rows=rows, now=now)
    items = [
        (qid, answered_at, score, topic, prompt)
        for qid, score, topic, prompt, answered_at, *_ in filter(visible, rows)
    ]
    latest_scores = latest((qid, when, score) for qid, when, score, _, _ in items)
    topic_of = {qid: topic for qid, _, _, topic, _ in items}
    by_topic = mastery((topic_of[qid], score) for qid, score in latest_scores.items())
    answered_in = Counter(topic_of[qid] for qid in latest_scores)
    misses = Counter(qid for qid, _, score, _, _ in items if score < 1)
    prompt_of = {qid: prompt for qid, _, _, _, prompt in items}
    return {
        "attempts": finished,
        "chart": _chart(finished),
        "sets": _set_results(finished),
        "topics": [
            {
                "label": label,
                "answered": answered_in[value],
                "percent": round(100 * by_topic[value])
                if answered_in[value] >= MASTERY_AFTER
                else None,
            }
            for value, label in Question.Topic.choices
        ],
        "mastery_after": MASTERY_AFTER,
        "missed": [{"prompt": prompt_of[qid], "misses": n} for qid, n in misses.most_common(5)],
        "due": due_count(user=user, now=now),
        "answered": len(latest_scores),
        "games": pupil_games(user),
    }


def due_count(*, user: Any, now: datetime) -> int:
    """How many questions practice would bring back today."""
    return (
        ReviewCard.objects.filter(user=user, due__lte=timezone.localdate(now))
        .exclude(question_id__in=withheld_question_ids(user=user, now=now))
        .count()
    )


def _chart(attempts: list[Attempt]) -> dict[str, Any]:
    """The last 20 results as an SVG line: a percent scale, each point's value,
    and the dates along the bottom, drawn on the server (no script)."""
    recent = attempts[-20:]
    inner = chart_points(
        [a.score / a.max_score if a.max_score else 0 for a in recent],
        width=PLOT_RIGHT - PLOT_LEFT,
        height=PLOT_BOTTOM - PLOT_TOP,
        pad=6,
    )
    points = [
        {
            "x": round(PLOT_LEFT + x, 1),
            "y": round(PLOT_TOP + y, 1),
            "attempt": a,
            "label": len(recent) <= 10 or i == len(recent) - 1,
        }
        for i, ((x, y), a) in enumerate(zip(inner, recent, strict=True))
    ]
    # Dates under the first and the last point (and the middle one when there is room).
    dated = [0, len(points) - 1] if len(points) > 1 else [0] if points else []
    if len(points) >= 5:
        dated.insert(1, len(points) // 2)
    scale = [
        {"y": round(PLOT_TOP + 6 + (1 - share) * (PLOT_BOTTOM - PLOT_TOP - 12), 1), "label": pct}
        for share, pct in ((1, 100), (0.5, 50), (0, 0))
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": PLOT_LEFT,
        "right": PLOT_RIGHT,
        "bottom": PLOT_BOTTOM,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "points": points,
        "scale": scale,
        "dates": [points[i] for i in dict.fromkeys(dated)],
    }


def _set_results(attempts: list[Attempt]) -> list[SetResult]:
    results: dict[int, SetResult] = {}
    for attempt in attempts:  # oldest first, so the last one seen is the last
        result = results.setdefault(
            attempt.question_set_id, SetResult(attempt.question_set.title, 0, 0, 0)
        )
        result.attempts += 1
        result.best = max(result.best, attempt.percent)
        result.last = attempt.percent
    return list(results.values())
