from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quizzes.selectors.article import article_paragraphs


@require_GET
def article(request: HttpRequest) -> HttpResponse:
    """The article, every sentence addressable (``#p3-s2``); ``?highlight=``
    marks one sentence, so a review can link straight to a question's source."""
    highlight = request.GET.get("highlight", "")
    return render(
        request,
        "quizzes/article.html",
        {"paragraphs": article_paragraphs(), "highlight": highlight},
    )
