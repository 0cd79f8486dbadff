"""Reading the article."""

from __future__ import annotations

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
