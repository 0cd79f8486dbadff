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

CHART_WIDTH, CHART_HEIGHT = 320, 120


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
    misses = Counter(qid for qid, _, score, _, _ in items if score < 1)
    prompt_of = {qid: prompt for qid, _, _, _, prompt in items}
    return {
        "attempts": finished,
        "chart": _chart(finished),
        "sets": _set_results(finished),
        "topics": [
            {"label": label, "percent": round(100 * by_topic[value]) if value in by_topic else None}
            for value, label in Question.Topic.choices
        ],
        "missed": [{"prompt": prompt_of[qid], "misses": n} for qid, n in misses.most_common(5)],
        "due": due_count(user=user, now=now),
        "answered": len(latest_scores),
    }


def due_count(*, user: Any, now: datetime) -> int:
    """How many questions practice would bring back today."""
    return (
        ReviewCard.objects.filter(user=user, due__lte=timezone.localdate(now))
        .exclude(question_id__in=withheld_question_ids(user=user, now=now))
        .count()
    )


def _chart(attempts: list[Attempt]) -> dict[str, Any]:
    recent = attempts[-20:]
    points = chart_points(
        [a.score / a.max_score if a.max_score else 0 for a in recent],
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
    )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "polyline": " ".join(f"{x},{y}" for x, y in points),
        "points": [
            {"x": x, "y": y, "attempt": a} for (x, y), a in zip(points, recent, strict=True)
        ],
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
