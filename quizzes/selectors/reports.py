"""Teachers' reports on an assignment: grid, question statistics, heatmap."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from quizzes.core.stats import discrimination, facility, mean
from quizzes.models import (
    Assignment,
    AssignmentResult,
    Attempt,
    AttemptItem,
    Membership,
    Paragraph,
    Question,
)


def _finished(assignment: Assignment):
    return Attempt.objects.filter(assignment=assignment).exclude(status=Attempt.Status.IN_PROGRESS)


def assignment_grid(assignment: Assignment) -> dict[str, Any]:
    """Pupils × questions of each pupil's latest finished attempt, with every
    attempt of each pupil and their grade by the assignment's method."""
    members = list(
        Membership.objects.filter(classroom=assignment.classroom_id).select_related("student")
    )
    attempts = list(_finished(assignment).order_by("finished_at"))
    latest = {a.user_id: a for a in attempts}  # later ones overwrite
    by_student: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_student[attempt.user_id].append(attempt)
    items = AttemptItem.objects.filter(attempt__in=list(latest.values())).values_list(
        "attempt__user_id", "question_id", "score", "snapshot__prompt"
    )
    columns: dict[int, str] = {}
    cells: dict[tuple[int, int], float | None] = {}
    for user_id, question_id, score, prompt in items:
        columns.setdefault(question_id, prompt)
        cells[(user_id, question_id)] = score
    grades = dict(
        AssignmentResult.objects.filter(assignment=assignment).values_list("student_id", "grade")
    )
    rows = [
        {
            "membership": m,
            "grade": round(100 * grades[m.student_id]) if m.student_id in grades else None,
            "attempts": by_student.get(m.student_id, []),
            "cells": [cells.get((m.student_id, q)) for q in columns],
        }
        for m in members
    ]
    return {
        "columns": [{"number": n, "prompt": p} for n, p in enumerate(columns.values(), 1)],
        "rows": rows,
    }


def question_stats(assignment: Assignment) -> list[dict[str, Any]]:
    """Per question: facility, discrimination and how often each option was chosen."""
    items = list(
        AttemptItem.objects.filter(attempt__in=_finished(assignment)).values_list(
            "question_id", "score", "response", "snapshot", "attempt__score", "attempt__max_score"
        )
    )
    grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in items:
        grouped[row[0]].append(row)
    stats = []
    for rows in grouped.values():
        snapshot = rows[0][3]
        scores = [score or 0 for _, score, *_ in rows]
        pairs = [(total / top if top else 0, score or 0) for _, score, _, _, total, top in rows]
        options = None
        if snapshot["kind"] in ("single", "multiple"):
            chosen: Counter[int] = Counter()
            for _, _, response, *_ in rows:
                if response is None:
                    continue
                for index in response if isinstance(response, list) else [response]:
                    chosen[index] += 1
            options = [
                {
                    "text": c["text"],
                    "correct": c["correct"],
                    "count": chosen[i],
                    "share": chosen[i] / len(rows),
                }
                for i, c in enumerate(snapshot["choices"])
            ]
        stats.append(
            {
                "prompt": snapshot["prompt"],
                "kind": snapshot["kind"],
                "answers": len(rows),
                "facility": facility(scores),
                "discrimination": discrimination(pairs),
                "options": options,
            }
        )
    stats.sort(key=lambda s: s["facility"] if s["facility"] is not None else 1)
    return stats


def article_heatmap(assignment: Assignment) -> list[dict[str, Any]]:
    """Each paragraph of the article with how well the class answered the
    questions drawn from it (mean score), so the weak parts stand out."""
    scores = list(
        AttemptItem.objects.filter(attempt__in=_finished(assignment))
        .exclude(answered_at=None)
        .values_list("question_id", "score")
    )
    paragraphs_of: dict[int, set[int]] = defaultdict(set)
    for question_id, paragraph in Question.sources.through.objects.filter(
        question_id__in={q for q, _ in scores}
    ).values_list("question_id", "sentence__paragraph__number"):
        paragraphs_of[question_id].add(paragraph)
    by_paragraph: dict[int, list[float]] = defaultdict(list)
    for question_id, score in scores:
        for paragraph in paragraphs_of[question_id]:
            by_paragraph[paragraph].append(score or 0)
    result = []
    for paragraph in Paragraph.objects.prefetch_related("sentences"):
        values = by_paragraph.get(paragraph.number, [])
        value = mean(values)
        result.append(
            {
                "number": paragraph.number,
                "text": " ".join(s.text for s in paragraph.sentences.all()),
                "answers": len(values),
                "percent": round(100 * value) if value is not None else None,
                "band": None if value is None else min(int(value * 5), 4),
            }
        )
    return result
