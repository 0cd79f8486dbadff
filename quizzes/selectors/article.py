"""Reading the article."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet

from quizzes.models import Paragraph, Question, Sentence


def article_paragraphs() -> QuerySet[Paragraph]:
    """Paragraphs with their sentences, each sentence with its question count."""
    sentences = Sentence.objects.annotate(question_count=Count("questions")).order_by("number")
    return Paragraph.objects.prefetch_related(Prefetch("sentences", queryset=sentences))


def bank_summary() -> list[dict]:
    """Questions per topic, in the topics' order, with the topic's label."""
    counts = dict(
        Question.objects.filter(owner=None)
        .values_list("topic")
        .annotate(n=Count("id"))
        .values_list("topic", "n")
    )
    return [
        {"topic": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Question.Topic.choices
    ]


@cache
def article_about() -> dict[str, Any]:
    """The article's title, author, journal and year, as far as they are known
    (``fixtures/article/about.json``), and what it is about."""
    path = Path(settings.BASE_DIR) / "fixtures" / "article" / "about.json"
    about = json.loads(path.read_text(encoding="utf-8"))
    return {key: about.get(key) for key in ("title", "author", "journal", "year", "subject")}
