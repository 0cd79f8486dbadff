"""Reading live games: one snapshot of a game holds everything the host's
screen and every player's screen show, in three queries whatever the
number of players (the game, its players, the current question's answers),
as plain values: rendering it asks nothing more of the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from quizzes.core import live as rules
from quizzes.core.grading import key_response
from quizzes.core.kinds import LiveBar, LiveOption, kind_rules, kind_template
from quizzes.core.responses import describe
from quizzes.models import Game, GameAnswer, Player


@dataclass(frozen=True)
class QuestionShown:
    """The current question as every screen may show it: no key."""

    number: int  # 1-based
    kind: str
    prompt: str
    options: list[LiveOption]
    attribution: str
    hint: str  # what the projector says under it (marked for translation)
    quoted: bool  # its options' words are the question's (Kazakh), not the app's
    answer_template: str  # the kind's partial naming an option or an answer
    live_template: str  # the kind's partial with the phone's fields


@dataclass(frozen=True)
class Reveal:
    """The answer, once the question is closed."""

    bars: list[LiveBar]
    most: int  # the longest bar's count (the bars' scale), at least 1
    correct: list[str]  # the right answer in words (the kind's ``answer`` partial)
    answer_template: str
    explanation: str
    sources: list[tuple[str, str]]  # (anchor in the article, the quoted sentence)


@dataclass(frozen=True)
class PlayerRow:
    id: int
    nickname: str
    score: int
    place: int


@dataclass(frozen=True)
class AnswerRow:
    correct: bool
    points: int


@dataclass(frozen=True)
class MoveRow:
    nickname: str
    place: int
    score: int
    move: str  # rules.Move
    by: int


@dataclass(frozen=True)
class Snapshot:
    game_id: int
    pin: str
    version: int
    phase: str
    index: int
    count: int
    seconds: int
    mode: str
    streak_bonus: bool
    paused: bool
    remaining_s: int
    deadline: datetime | None
    title: str
    classroom: str
    host_id: int
    allowed: frozenset[str]
    taken_at: datetime
    question: QuestionShown | None = None
    reveal: Reveal | None = None
    players: list[PlayerRow] = field(default_factory=list)  # in the ranking's order
    by_id: dict[int, PlayerRow] = field(default_factory=dict)
    removed: frozenset[int] = frozenset()
    answers: dict[int, AnswerRow] = field(default_factory=dict)  # this question's, by player
    moves: list[MoveRow] = field(default_factory=list)  # the top five and how they moved
    # Parts of the screens rendered from this snapshot, kept to be used again
    # (the same question form for every player who has not answered yet).
    rendered: dict[Any, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def total(self) -> int:
        return len(self.players)

    @property
    def answered(self) -> int:
        return sum(1 for pid in self.answers if pid in self.by_id)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def podium(self) -> list[PlayerRow]:
        return self.players[:3]


def _shown(frozen: dict[str, Any], number: int) -> QuestionShown:
    spec = frozen["snapshot"]
    kind = spec["kind"]
    kind_of = kind_rules(kind)
    return QuestionShown(
        number=number,
        kind=kind,
        prompt=spec["prompt"],
        options=rules.options(kind, spec, frozen["order"]),
        attribution=spec.get("attribution", ""),
        hint=kind_of.live_hint,
        quoted=kind_of.words_quoted,
        answer_template=kind_template(kind, "answer"),
        live_template=kind_template(kind, "live"),
    )


def _reveal(frozen: dict[str, Any], responses: list[Any]) -> Reveal:
    spec = frozen["snapshot"]
    kind = spec["kind"]
    bars = rules.tally(kind, spec, frozen["order"], responses)
    return Reveal(
        bars=bars,
        most=max([1, *(b.count for b in bars)]),
        correct=describe(kind, spec, key_response(kind, spec)),
        answer_template=kind_template(kind, "answer"),
        explanation=spec["explanation"],
        sources=[tuple(link) for link in spec.get("source_links", [])],
    )


def game_snapshot(game_id: int, now: datetime | None = None) -> Snapshot:
    """Everything the game's screens show now (``Game.DoesNotExist`` if none)."""
    now = now or timezone.now()
    game = Game.objects.select_related("question_set", "classroom").get(pk=game_id)
    state = game.state()
    players = list(
        Player.objects.filter(game_id=game_id).values_list(
            "pk", "nickname", "score", "answer_ms", "removed"
        )
    )
    in_play = game.phase in (Game.Phase.QUESTION, Game.Phase.REVEAL, Game.Phase.STANDINGS)
    answers: list[tuple[int, Any, bool, int, int]] = []
    if in_play and game.index >= 0:
        answers = list(
            GameAnswer.objects.filter(game_id=game_id, index=game.index).values_list(
                "player_id", "response", "correct", "points", "elapsed_ms"
            )
        )
    active = [p for p in players if not p[4]]
    this = {a[0]: a for a in answers}

    def before_this_question() -> list[rules.Ranked]:
        return rules.rank(
            rules.Entry(
                player_id=pk,
                score=score - (this[pk][3] if pk in this else 0),
                time_ms=ms - (this[pk][4] if pk in this and this[pk][2] else 0),
                order=pk,
            )
            for pk, _, score, ms, _ in active
        )

    # While a question is open, scores and places stay those from before it:
    # a point won would tell a reloaded phone (or the projector) that its
    # answer was right before the reveal.
    ranked = (
        before_this_question()
        if game.phase == Game.Phase.QUESTION
        else rules.rank(
            rules.Entry(player_id=pk, score=score, time_ms=ms, order=pk)
            for pk, _, score, ms, _ in active
        )
    )
    names = {p[0]: p[1] for p in players}
    rows = [
        PlayerRow(id=r.player_id, nickname=names[r.player_id], score=r.score, place=r.place)
        for r in ranked
    ]
    question = reveal = None
    moves: list[MoveRow] = []
    if in_play and 0 <= game.index < game.count:
        frozen = game.question()
        question = _shown(frozen, game.index + 1)
        if game.phase == Game.Phase.REVEAL:
            reveal = _reveal(frozen, [a[1] for a in answers])
        if game.phase == Game.Phase.STANDINGS:
            before = before_this_question()
            moves = [
                MoveRow(
                    nickname=names[m.player_id],
                    place=m.place,
                    score=m.score,
                    move=m.move.value,
                    by=m.by,
                )
                for m in rules.movement(before if game.index > 0 else [], ranked)
            ]
    return Snapshot(
        game_id=game.pk,
        pin=game.pin,
        version=game.version,
        phase=game.phase,
        index=game.index,
        count=game.count,
        seconds=game.seconds,
        mode=game.mode,
        streak_bonus=game.streak_bonus,
        paused=state.paused,
        remaining_s=rules.remaining_s(state, now),
        deadline=game.deadline,
        title=game.question_set.title,
        classroom=game.classroom.name if game.classroom else "",
        host_id=game.host_id,
        allowed=frozenset(a.value for a in rules.allowed(state) & rules.HOST_ACTIONS),
        taken_at=now,
        question=question,
        reveal=reveal,
        players=rows,
        by_id={r.id: r for r in rows},
        removed=frozenset(p[0] for p in players if p[4]),
        answers={a[0]: AnswerRow(correct=a[2], points=a[3]) for a in answers},
        moves=moves,
    )


def game_for_host(host: Any, pin: str) -> Game:
    """The host's own game with this PIN (the running one, else the latest);
    404 for anyone else's."""
    games = Game.objects.filter(pin=pin, host=host)
    game = games.filter(ended_at=None).first() or games.order_by("-created_at").first()
    if game is None:
        raise Http404
    return game


def _by_pin(pin: str) -> tuple[QuerySet[Game], QuerySet[Game]]:
    """Where the game a PIN names is looked for, in turn: the running one
    (the PIN is unique among them), else the latest that had it."""
    games = Game.objects.filter(pin=pin)
    return games.exclude(phase=Game.Phase.ENDED), games.order_by("-created_at")


def game_by_pin(pin: str) -> Game:
    """The running game with this PIN, or the latest that had it; 404 if none."""
    for games in _by_pin(pin):
        game = games.first()
        if game is not None:
            return game
    raise Http404


def game_id_by_pin(pin: str) -> int:
    """The id of ``game_by_pin(pin)``, without reading the game's row."""
    for games in _by_pin(pin):
        game_id = games.values_list("pk", flat=True).first()
        if game_id is not None:
            return game_id
    raise Http404


def player_in(game: Game, player_id: int | None) -> Player | None:
    """The game's player with this id (from their signed cookie), or ``None``."""
    if player_id is None:
        return None
    return Player.objects.filter(pk=player_id, game=game).first()


def running_games(host: Any) -> QuerySet[Game]:
    """The host's games not ended yet, the newest first."""
    return (
        Game.objects.filter(host=host, ended_at=None)
        .select_related("question_set", "classroom")
        .order_by("-created_at")
    )
