"""Teachers' reports on an assignment: grid, question statistics, heatmap."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.shortcuts import get_object_or_404

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


def attempt_for_teacher(teacher: Any, pk: int) -> Attempt:
    """An attempt of an assignment in the teacher's own classroom, or 404."""
    return get_object_or_404(
        Attempt.objects.select_related("assignment__classroom", "assignment__question_set"),
        pk=pk,
        assignment__classroom__teacher=teacher,
    )


def attempt_nickname(attempt: Attempt) -> str:
    """The pupil's name in the class the attempt was for."""
    return (
        Membership.objects.filter(
            classroom_id=attempt.assignment.classroom_id, student_id=attempt.user_id
        )
        .values_list("nickname", flat=True)
        .first()
        or ""
    )


def _finished(assignment: Assignment):
    return Attempt.objects.filter(assignment=assignment).exclude(status=Attempt.Status.IN_PROGRESS)


def _finished_items(assignment: Assignment) -> list[tuple[Any, ...]]:
    """(attempt, pupil, question, position, score, response, snapshot,
    attempt's score, attempt's maximum) of every finished attempt: one query
    for the grid, the statistics and the heatmap."""
    return list(
        AttemptItem.objects.filter(attempt__in=_finished(assignment)).values_list(
            "attempt_id",
            "attempt__user_id",
            "question_id",
            "position",
            "score",
            "response",
            "snapshot",
            "attempt__score",
            "attempt__max_score",
        )
    )


def _numbers(items: list[tuple[Any, ...]]) -> dict[int, int]:
    """One number per question, the same in the grid and the statistics: in
    the order the questions came (their earliest place in an attempt)."""
    first: dict[int, int] = {}
    for _, _, question_id, position, *_ in items:
        first[question_id] = min(position, first.get(question_id, position))
    ordered = sorted(first, key=lambda q: (first[q], q))
    return {question_id: number for number, question_id in enumerate(ordered, 1)}


def assignment_report(assignment: Assignment) -> dict[str, Any]:
    """The teacher's report: the grid, the statistics and the heatmap, their
    questions numbered alike. A fixed number of queries, whatever the class."""
    items = _finished_items(assignment)
    numbers = _numbers(items)
    return {
        "grid": assignment_grid(assignment, items=items, numbers=numbers),
        "stats": question_stats(items, numbers),
        "heatmap": article_heatmap(items),
    }


def assignment_grid(
    assignment: Assignment,
    *,
    items: list[tuple[Any, ...]] | None = None,
    numbers: dict[int, int] | None = None,
) -> dict[str, Any]:
    """Pupils × questions of each pupil's latest finished attempt, with every
    attempt of each pupil and their grade by the assignment's method. Each
    cell names the attempt and the place of that answer in it."""
    items = _finished_items(assignment) if items is None else items
    numbers = _numbers(items) if numbers is None else numbers
    members = list(
        Membership.objects.filter(classroom=assignment.classroom_id).select_related("student")
    )
    attempts = list(_finished(assignment).order_by("finished_at"))
    latest = {a.user_id: a.pk for a in attempts}  # later ones overwrite
    by_student: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_student[attempt.user_id].append(attempt)
    prompts: dict[int, str] = {}
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for attempt_id, user_id, question_id, position, score, _, snapshot, *_ in items:
        if latest.get(user_id) != attempt_id:
            continue
        prompts.setdefault(question_id, snapshot["prompt"])
        cells[(user_id, question_id)] = {
            "score": score,
            "attempt": attempt_id,
            "position": position,
        }
    columns = sorted(prompts, key=numbers.__getitem__)
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
        "columns": [{"number": numbers[q], "prompt": prompts[q]} for q in columns],
        "rows": rows,
    }


def question_stats(items: list[tuple[Any, ...]], numbers: dict[int, int]) -> list[dict[str, Any]]:
    """Per question: facility, discrimination and how often each option was
    chosen; the hardest first."""
    grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in items:
        grouped[row[2]].append(row)
    stats = []
    for question_id, rows in grouped.items():
        snapshot = rows[0][6]
        scores = [row[4] or 0 for row in rows]
        pairs = [(row[7] / row[8] if row[8] else 0, row[4] or 0) for row in rows]
        options = None
        if "choices" in snapshot:  # how often each choice was chosen
            chosen: Counter[int] = Counter()
            for row in rows:
                response = row[5]
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
                "number": numbers[question_id],
                "prompt": snapshot["prompt"],
                "kind": snapshot["kind"],
                "answers": len(rows),
                "facility": facility(scores),
                "discrimination": discrimination(pairs),
                "options": options,
            }
        )
    stats.sort(key=lambda s: (s["facility"] if s["facility"] is not None else 1, s["number"]))
    return stats


def article_heatmap(items: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Each paragraph of the article with how well the class answered the
    questions drawn from it (mean score), so the weak parts stand out."""
    scores = [(row[2], row[4]) for row in items if row[4] is not None]
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
