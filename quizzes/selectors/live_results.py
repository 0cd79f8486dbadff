"""Reading finished live games: the host's report and CSV, the games in a
classroom's report and a teacher's dashboard, and a pupil's games in their
progress. Each reads a fixed number of queries, whatever the number of
players or games."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from quizzes.core import live as rules
from quizzes.core.live_results import first_index, openings, question_figures
from quizzes.models import Game, GameAnswer, Player

# How many of a teacher's games their dashboard lists.
RECENT_GAMES = 5


def game_for_host(host: Any, pk: int) -> Game:
    """A game the teacher hosted, or 404 (anyone else's is not found)."""
    return get_object_or_404(
        Game.objects.select_related("question_set", "classroom"), pk=pk, host=host
    )


@dataclass(frozen=True)
class PlayerResult:
    id: int
    nickname: str
    username: str  # the account's, "" for a guest
    place: int
    points: int
    right: int
    answered: int
    total_ms: int  # the time of every answer given

    @property
    def total_s(self) -> float:
        return round(self.total_ms / 1000, 1)


@dataclass(frozen=True)
class Cell:
    """A player's answer to one question; ``response`` is ``None`` when
    they gave none."""

    response: Any
    correct: bool
    elapsed_ms: int | None
    points: int


@dataclass(frozen=True)
class QuestionResult:
    index: int
    number: int
    kind: str
    prompt: str
    snapshot: dict
    bars: list[rules.Bar]
    most: int  # the longest bar (the bars' scale), at least 1
    answers: int
    players: int  # who could answer it
    right: int
    percent_right: int | None
    median_s: float | None


def _ranking(players: list[tuple[Any, ...]]) -> list[rules.Ranked]:
    """The game's ranking, as its screens rank (``quizzes.core.live.rank``)."""
    return rules.rank(
        rules.Entry(player_id=pk, score=score, time_ms=ms, order=pk)
        for pk, _, _, score, ms, _, _ in players
    )


def game_results(game: Game) -> dict[str, Any]:
    """Everything the host's report and CSV show: the players in their
    final order, the questions the game reached with their figures, and each
    player's answers. Removed players are left out. Three queries."""
    players = [
        p
        for p in Player.objects.filter(game=game).values_list(
            "pk", "nickname", "user__username", "score", "answer_ms", "removed", "joined_at"
        )
        if not p[5]
    ]
    active = {p[0] for p in players}
    answers = [
        a
        for a in GameAnswer.objects.filter(game=game).values_list(
            "player_id", "index", "response", "correct", "elapsed_ms", "points", "answered_at"
        )
        if a[0] in active
    ]
    reached = min(max(game.index + 1, 0), len(game.questions))
    opened = openings(
        reached=reached,
        answers=((a[1], a[6], a[4]) for a in answers),
        current=game.opened_at,
    )
    first = {pk: first_index(joined_at=joined, opened=opened) for pk, *_, joined in players}
    cells: dict[tuple[int, int], Cell] = {
        (pid, index): Cell(response=response, correct=correct, elapsed_ms=ms, points=points)
        for pid, index, response, correct, ms, points, _ in answers
    }
    by_question: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for a in answers:
        by_question[a[1]].append(a)
    questions = []
    for index in range(reached):
        frozen = game.questions[index]
        spec = frozen["snapshot"]
        rows = by_question.get(index, [])
        could = {pk for pk, at in first.items() if at <= index} | {a[0] for a in rows}
        figures = question_figures(players=len(could), answers=[(a[3], a[4]) for a in rows])
        bars = rules.tally(spec["kind"], spec, frozen.get("order", []), [a[2] for a in rows])
        questions.append(
            QuestionResult(
                index=index,
                number=index + 1,
                kind=spec["kind"],
                prompt=spec["prompt"],
                snapshot=spec,
                bars=bars,
                most=max([1, *(b.count for b in bars)]),
                answers=figures.answers,
                players=figures.players,
                right=figures.right,
                percent_right=None
                if figures.share_right is None
                else round(100 * figures.share_right),
                median_s=None if figures.median_ms is None else round(figures.median_ms / 1000, 1),
            )
        )
    right: dict[int, int] = defaultdict(int)
    given: dict[int, int] = defaultdict(int)
    total_ms: dict[int, int] = defaultdict(int)
    for pid, _, _, correct, ms, _, _ in answers:
        given[pid] += 1
        right[pid] += correct
        total_ms[pid] += ms
    info = {p[0]: p for p in players}
    results = [
        PlayerResult(
            id=r.player_id,
            nickname=info[r.player_id][1],
            username=info[r.player_id][2] or "",
            place=r.place,
            points=r.score,
            right=right[r.player_id],
            answered=given[r.player_id],
            total_ms=total_ms[r.player_id],
        )
        for r in _ranking(players)
    ]
    return {
        "players": results,
        "questions": questions,
        "cells": cells,
        "reached": reached,
        "grid": [
            (
                player,
                [
                    _mark(cells.get((player.id, q.index)), q.index >= first[player.id])
                    for q in questions
                ],
            )
            for player in results
        ],
    }


def _mark(cell: Cell | None, in_game: bool) -> str:
    """A player's answer to a question in a word for the report's grid:
    ``right``, ``wrong``, ``blank`` (silent while in the game) or ``none``
    (not in the game yet)."""
    if cell is not None:
        return "right" if cell.correct else "wrong"
    return "blank" if in_game else "none"


@dataclass(frozen=True)
class GameRow:
    """A game in a list: a classroom's report, a teacher's dashboard."""

    id: int
    title: str
    classroom: str
    played_at: datetime
    ended: bool
    players: int


def _game_rows(games) -> list[GameRow]:
    return [
        GameRow(
            id=g.pk,
            title=g.question_set.title,
            classroom=g.classroom.name if g.classroom else "",
            played_at=g.created_at,
            ended=g.phase == Game.Phase.ENDED,
            players=g.player_count,
        )
        for g in games.select_related("question_set", "classroom").annotate(
            player_count=Count("players", filter=Q(players__removed=False))
        )
    ]


def _played():
    """Games that opened a question or still may: one ended in its lobby was
    never played and leaves nothing to list."""
    return Game.objects.exclude(phase=Game.Phase.ENDED, index__lt=0)


def classroom_games(classroom: Any) -> list[GameRow]:
    """The games played for a classroom, the latest first (one query)."""
    return _game_rows(_played().filter(classroom=classroom).order_by("-created_at"))


def recent_games(host: Any, limit: int = RECENT_GAMES) -> list[GameRow]:
    """A teacher's latest games (one query)."""
    return _game_rows(_played().filter(host=host).order_by("-created_at")[:limit])


@dataclass(frozen=True)
class PupilGame:
    """A finished game as a pupil's progress lists it."""

    played_at: datetime
    title: str
    place: int
    of: int
    points: int
    right: int
    questions: int  # how many the game reached


def pupil_games(user: Any) -> list[PupilGame]:
    """The finished games a pupil played with their account (removed from
    none), the latest first, each with their place among the game's
    players. Three queries, whatever the number of games."""
    mine = dict(
        Player.objects.filter(
            user=user, removed=False, game__phase=Game.Phase.ENDED, game__index__gte=0
        ).values_list("game_id", "pk")
    )
    if not mine:
        return []
    games = {
        g.pk: g
        for g in Game.objects.filter(pk__in=mine)
        .select_related("question_set")
        .only("pk", "created_at", "index", "question_set__title")
    }
    players_of: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in Player.objects.filter(game_id__in=mine, removed=False).values_list(
        "game_id", "pk", "nickname", "user_id", "score", "answer_ms", "removed", "joined_at"
    ):
        players_of[row[0]].append(row[1:])
    right = dict(
        GameAnswer.objects.filter(player_id__in=mine.values(), correct=True)
        .values("player_id")
        .annotate(n=Count("pk"))
        .values_list("player_id", "n")
    )
    result = []
    for game_id, player_id in mine.items():
        game = games[game_id]
        ranked = _ranking(players_of[game_id])
        me = next(r for r in ranked if r.player_id == player_id)
        result.append(
            PupilGame(
                played_at=game.created_at,
                title=game.question_set.title,
                place=me.place,
                of=len(ranked),
                points=me.score,
                right=right.get(player_id, 0),
                questions=max(game.index + 1, 0),
            )
        )
    result.sort(key=lambda g: g.played_at, reverse=True)
    return result
