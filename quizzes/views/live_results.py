"""After a live game: the host's report and its CSV. Only the host sees
them: anyone else, teacher or pupil, gets 404."""

from __future__ import annotations

import csv
from html import unescape
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET

from quizzes.core.emphasis import strip_emphasis
from quizzes.core.kinds import kind_rules, kind_template
from quizzes.core.responses import describe
from quizzes.formats.spreadsheet import safe_cell
from quizzes.models import Game
from quizzes.selectors.live_results import game_for_host, game_results
from quizzes.services.live_results import record_game_results


def _bars(question: Any) -> list[dict[str, Any]]:
    return [
        {
            "shown": bar.shown,
            "lines": bar.lines,
            "count": bar.count,
            "correct": bar.correct,
            "share": bar.count / question.most,
        }
        for bar in question.bars
    ]


def _question(question: Any) -> dict[str, Any]:
    """A question of the report with what its template needs: its bars and
    its kind's own way of wording an answer."""
    kind = kind_rules(question.kind)
    return {
        "q": question,
        "bars": _bars(question),
        "answer_template": kind_template(question.kind, "answer"),
        "quoted": kind.words_quoted,
        # The article's sentences it was drawn from: (anchor, quote).
        "sources": [tuple(link) for link in question.snapshot.get("source_links", [])],
    }


def _ended(game: Game) -> None:
    """A game at its podium or ended has its results in its pupils' practice
    (done once: the game's step there does it, this only makes sure)."""
    if game.phase in (Game.Phase.PODIUM, Game.Phase.ENDED):
        record_game_results(game)


@login_required
@require_GET
def game_report(request: HttpRequest, pk: int) -> HttpResponse:
    game = game_for_host(request.user, pk)
    _ended(game)
    results = game_results(game)
    return render(
        request,
        "live/report.html",
        {
            "game": game,
            "players": results["players"],
            "questions": [_question(q) for q in results["questions"]],
            "reached": results["reached"],
            "grid": results["grid"],
        },
    )


def _answer_text(snapshot: dict[str, Any], response: Any, cache: dict[str, str]) -> str:
    """An answer in words, as the review words it (the kind's ``answer``
    partial), on one line."""
    lines = describe(snapshot["kind"], snapshot, response)
    if not lines:
        return ""
    key = repr((snapshot["kind"], lines))
    if key not in cache:
        html = render_to_string(kind_template(snapshot["kind"], "answer"), {"lines": lines})
        html = html.replace("<br>", "; ").replace("</li><li>", "; ")
        cache[key] = " ".join(unescape(strip_tags(html)).split())
    return cache[key]


@login_required
@require_GET
def game_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per player and question the game reached."""
    game = game_for_host(request.user, pk)
    results = game_results(game)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="live-game-{game.pk}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the Kazakh letters right
    writer = csv.writer(response)
    writer.writerow(
        [
            "nickname",
            "username",
            "place",
            "question",
            "question_text",
            "answer",
            "correct",
            "seconds",
            "points",
        ]
    )
    cells = results["cells"]
    texts: dict[str, str] = {}
    for player in results["players"]:
        for question in results["questions"]:
            cell = cells.get((player.id, question.index))
            writer.writerow(
                [
                    safe_cell(player.nickname),
                    safe_cell(player.username),
                    player.place,
                    question.number,
                    safe_cell(strip_emphasis(question.prompt)),
                    safe_cell(_answer_text(question.snapshot, cell.response, texts))
                    if cell
                    else "",
                    int(bool(cell and cell.correct)),
                    f"{cell.elapsed_ms / 1000:.1f}" if cell and cell.elapsed_ms is not None else "",
                    cell.points if cell else 0,
                ]
            )
    return response
