from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from quizzes.selectors.article import article_about, article_paragraphs


@require_GET
def article(request: HttpRequest) -> HttpResponse:
    """The article, every sentence addressable (``#p3-s2``); ``?highlight=``
    marks one sentence, so a review can link straight to a question's source."""
    highlight = request.GET.get("highlight", "")
    back = request.GET.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None) or not back.startswith("/"):
        back = ""  # only a page of this site
    return render(
        request,
        "quizzes/article.html",
        {
            "paragraphs": article_paragraphs(),
            "highlight": highlight,
            "back": back,
            "about": article_about(),
        },
    )
