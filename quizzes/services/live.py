"""Writing live games: hosting, joining, answering, the host's controls.

Every rule is the core's (``quizzes.core.live``); here they meet the
database. Each change that shows on a screen tells the screens once it is
committed, through ``quizzes.realtime.publish_on_commit``: with ``players=True`` when
the phones must change too (a phase, pause, a removal, the end), with
``players=False`` when only the host's screen does (a join, an answer).

Answers write no hot row: an answer is one insert and one update of its
player's own row; the host's "answered: n / m" is counted from the answers.
The game's row is written by the host's steps, joins and removals only.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from quizzes.core import live as rules
from quizzes.core.grading import Verdict, grade
from quizzes.core.kinds import ResponseError
from quizzes.core.responses import parse_form, shuffled_order
from quizzes.models import Classroom, Game, GameAnswer, Membership, Player, Question, QuestionSet
from quizzes.realtime import publish_on_commit
from quizzes.selectors.classrooms import is_teacher

from .attempts import draw_questions, question_snapshot
from .live_results import record_game_results
from .ratelimit import rate_limit_hit, rate_limit_reached

# Wrong PINs an address may type in a window: enough for a class behind one
# school address mistyping, far too few to find a game among a million PINs.
PIN_FAILURES_PER_ADDRESS = 100
PIN_WINDOW = 15 * 60  # seconds
PIN_TRIES = 20  # new PINs drawn before giving up (with few games, one does)
# A game nobody ended is over after a school day: its PIN is free again.
STALE = timedelta(hours=12)


class LiveError(Exception):
    """A refused request; ``code`` names the reason for the user's message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Hosted:
    game: Game
    left_out: int  # the set's questions of kinds a live game does not play


def _notify(game_id: int, *, players: bool) -> None:
    publish_on_commit(game_id, players=players)


def _raise_version(game_id: int) -> None:
    Game.objects.filter(pk=game_id).update(version=F("version") + 1)


def usable_sets(host: Any):
    """The sets a teacher may host: the ready ones and their own, not archived."""
    return QuestionSet.objects.filter(Q(owner=None) | Q(owner=host), archived_at=None)


def _new_pin() -> str:
    return f"{secrets.randbelow(10**rules.PIN_DIGITS):0{rules.PIN_DIGITS}d}"


def host_game(
    *,
    host: Any,
    question_set: QuestionSet,
    classroom: Classroom | None,
    mode: str,
    streak_bonus: bool,
    seconds: int,
) -> Hosted:
    """A new game in its lobby, with a PIN no running game has. Only a
    teacher, with a set they may use and a classroom of their own (or none:
    open to anyone with the PIN). The set's questions are drawn as an
    attempt draws them; those of kinds a game does not play are left out
    (``Hosted.left_out`` says how many); the rest are frozen in the game."""
    if not is_teacher(host):
        raise LiveError("not_teacher")
    if not usable_sets(host).filter(pk=question_set.pk).exists():
        raise LiveError("set")
    if classroom is not None and (
        classroom.teacher_id != host.pk or classroom.archived_at is not None
    ):
        raise LiveError("classroom")
    if mode not in {m.value for m in rules.Mode} or not (
        rules.MIN_SECONDS <= seconds <= rules.MAX_SECONDS
    ):
        raise LiveError("options")
    seed, question_ids = draw_questions(
        question_set=question_set, user=host, visitor_key="", shuffle=question_set.shuffle
    )
    questions = Question.objects.prefetch_related("sources").in_bulk(question_ids)
    played = [pk for pk in question_ids if rules.playable(questions[pk].kind)]
    if not played:
        raise LiveError("no_questions")
    frozen = [
        {
            "id": pk,
            "snapshot": question_snapshot(questions[pk]),
            "order": shuffled_order(
                questions[pk].kind, questions[pk].answer, seed=seed, question_id=pk
            ),
        }
        for pk in played
    ]
    end_stale_games(now=timezone.now())
    for _ in range(PIN_TRIES):
        try:
            with transaction.atomic():
                game = Game.objects.create(
                    pin=_new_pin(),
                    host=host,
                    question_set=question_set,
                    classroom=classroom,
                    mode=mode,
                    streak_bonus=streak_bonus,
                    seconds=seconds,
                    questions=frozen,
                )
                _notify(game.pk, players=True)
                return Hosted(game=game, left_out=len(question_ids) - len(played))
        except IntegrityError:
            continue
    raise LiveError("no_pin")


def end_stale_games(*, now: datetime) -> int:
    """End the games left running for more than a school day (their hosts
    closed the projector without ending them): their PINs are free again,
    and what their pupils missed goes to their practice, as any end does."""
    stale = list(
        Game.objects.filter(ended_at=None, created_at__lt=now - STALE).values_list("pk", flat=True)
    )
    if not stale:
        return 0
    ended = Game.objects.filter(pk__in=stale, ended_at=None).update(
        phase=Game.Phase.ENDED, ended_at=now, version=F("version") + 1
    )
    for pk in stale:
        record_game_results(Game(pk=pk), now=now)
    return ended


# -- joining -------------------------------------------------------------------


def find_game(pin: str) -> Game | None:
    """The running game with this PIN (a PIN is unique among running games)."""
    return Game.objects.filter(pin=pin).exclude(phase=Game.Phase.ENDED).first()


def join(*, pin: str, nickname: str, user: Any, ip: str) -> Player:
    """Join a running game by its PIN, rate-limited per address (only wrong
    PINs count). A logged-in user joins as themselves: again the same player
    if they already are one (never a second), and in a game of their own
    classroom under their class nickname. Late joining works until the
    podium. Raises ``LiveError``."""
    clean_pin = rules.pin_clean(pin)
    if clean_pin is None:
        raise LiveError("pin_format")
    limit = getattr(settings, "LIVE_PIN_FAILURES_PER_ADDRESS", PIN_FAILURES_PER_ADDRESS)
    if rate_limit_reached(scope="live-pin", key=ip, limit=limit):
        raise LiveError("rate_limited")
    game = find_game(clean_pin)
    if game is None:
        rate_limit_hit(scope="live-pin", key=ip, limit=limit, window=PIN_WINDOW)
        raise LiveError("not_found")
    signed_in = user is not None and user.is_authenticated
    if signed_in:
        if user.pk == game.host_id:
            raise LiveError("host")
        existing = Player.objects.filter(game=game, user=user).first()
        if existing is not None:
            if existing.removed:
                raise LiveError("removed")
            return existing
    if game.phase in (Game.Phase.PODIUM, Game.Phase.ENDED):
        raise LiveError("over")
    nickname = rules.nickname_clean(nickname)
    if game.classroom_id is not None:
        # The class's own names: each only for its pupil, who always plays
        # under it (no one else can pass for a classmate).
        class_names = dict(
            Membership.objects.filter(classroom_id=game.classroom_id).values_list(
                "student_id", "nickname"
            )
        )
        own = class_names.get(user.pk) if signed_in else None
        if own:
            nickname = rules.nickname_clean(own)[: rules.NICKNAME_MAX]
        elif rules.nickname_key(nickname) in {
            rules.nickname_key(name[: rules.NICKNAME_MAX]) for name in class_names.values()
        }:
            raise LiveError("nickname_reserved")
    problem = rules.nickname_problem(nickname)
    if problem is not None:
        raise LiveError(f"nickname_{problem}")
    try:
        with transaction.atomic():
            player = Player.objects.create(
                game=game,
                user=user if signed_in else None,
                nickname=nickname,
                nickname_key=rules.nickname_key(nickname),
            )
            _raise_version(game.pk)
            _notify(game.pk, players=False)
            return player
    except IntegrityError as error:
        if signed_in:
            existing = Player.objects.filter(game=game, user=user, removed=False).first()
            if existing is not None:  # the same account joining twice at once
                return existing
        raise LiveError("nickname_taken") from error


def remove_player(*, game: Game, host: Any, player_id: int) -> None:
    """The host takes a player out of the game (their nickname is then free;
    an account cannot come back). Their answers stay for the results."""
    _check_host(game, host)
    with transaction.atomic():
        # The game's row first, as an answer locks it before its player's:
        # the other order could deadlock with that player's answer.
        _raise_version(game.pk)
        removed = Player.objects.filter(pk=player_id, game=game, removed=False).update(removed=True)
        if not removed:
            raise LiveError("no_player")
        _notify(game.pk, players=True)
    _close_if_all_answered(game.pk)


# -- answering -----------------------------------------------------------------


def _answering(game_id: int, player_id: int, index: int, pin: str | None) -> Game | None:
    """The game's row as an answer needs it, read with the row held against
    the host's steps (not against other answers, on PostgreSQL), in one query
    with the player's own columns (``player_removed``, ``player_streak``), the
    number of questions (``question_count``) and the frozen question
    ``index`` alone, still encoded (``frozen_json``): the others are not
    decoded for it. ``None`` when the player is not in this game, or the
    game has not this ``pin`` (when one is given).

    A raw query: a burst of a class's answers is the hottest path of a game,
    and the ORM's building of it cost more than the database's answering.

    On PostgreSQL it also sets this transaction alone to commit without
    waiting for its WAL to reach the disk (``synchronous_commit`` off, local
    to the transaction): a burst's commits queue behind each other's flush,
    and a slow disk stalls the whole class. The price: a crash of the
    database server (not of the app) may lose the answers of its last
    fraction of a second, each whole (the answer with its points), never
    half; a phone may answer again while the question is open. Everything
    else (grades, assignments, the game's steps) keeps the durable commit."""
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        count, question, lock = (
            "jsonb_array_length(g.questions)",
            "g.questions -> %s",
            "FOR SHARE OF g",
        )
        extra = ", set_config('synchronous_commit', 'off', true) AS commit_mode"
        path: Any = index
    else:  # SQLite writes one at a time: its transaction holds the database
        count, question = "json_array_length(g.questions)", "json_extract(g.questions, %s)"
        lock = extra = ""
        path = f"$[{index}]"
    rows = list(
        Game.objects.raw(
            f"SELECT g.id, g.phase, g.{quote('index')}, g.seconds, g.mode, g.streak_bonus,"  # noqa: S608
            f" g.opened_at, g.deadline, g.paused_remaining,"
            f" {count} AS question_count, {question} AS frozen_json,"
            f" p.removed AS player_removed, p.streak AS player_streak{extra}"
            f" FROM {Game._meta.db_table} g JOIN {Player._meta.db_table} p ON p.game_id = g.id"
            f" WHERE g.id = %s AND p.id = %s{' AND g.pin = %s' if pin else ''} {lock}",
            [path, game_id, player_id, *([pin] if pin else [])],
        )
    )
    return rows[0] if rows else None


def answer(
    *,
    player: Player,
    index: int,
    data: Mapping[str, Sequence[str]],
    now: datetime | None = None,
    pin: str | None = None,
) -> GameAnswer:
    """A player's answer to question ``index``, given as the posted form
    (each field's list of values), graded with the kind's own grading and
    scored on the server's clock at its arrival. One per player and
    question: a second is refused (``LiveError("already")``), and so is one
    after the deadline, while paused, for another question or in another
    phase, or from someone not in the game (``not_player``; of ``player``
    only ``pk`` and ``game_id`` are read), or for a game without this
    ``pin`` when one is given. When every player has answered, the question
    closes."""
    now = now or timezone.now()
    with transaction.atomic():
        game = _answering(player.game_id, player.pk, index, pin)
        if game is None:
            raise LiveError("not_player")
        if not 0 <= index < game.question_count:
            raise LiveError("response_invalid")
        state = game.state(count=game.question_count)
        if game.phase != Game.Phase.QUESTION or index != game.index:
            raise LiveError("closed")
        if state.paused:
            raise LiveError("paused")
        if not rules.accepts_answers(state, now):
            raise LiveError("late")
        if game.player_removed:
            raise LiveError("removed")
        frozen = game.frozen_json
        frozen = json.loads(frozen) if isinstance(frozen, str | bytes) else frozen
        spec = frozen["snapshot"]
        try:
            response = parse_form(spec["kind"], spec, frozen["order"], data)
        except ResponseError as error:
            raise LiveError(f"response_{error.code}") from error
        correct = grade(spec["kind"], spec, response).verdict == Verdict.CORRECT
        elapsed = rules.elapsed_ms(state, now)
        score = rules.score_answer(
            correct=correct,
            elapsed_ms=elapsed,
            seconds=game.seconds,
            mode=game.mode,
            streak_before=game.player_streak,
            with_streak=game.streak_bonus,
        )
        stored = GameAnswer(
            game_id=game.pk,
            player_id=player.pk,
            index=index,
            question_id=frozen["id"],
            response=response,
            correct=correct,
            elapsed_ms=elapsed,
            points=score.points,
            answered_at=now,
        )
        if not _insert_once(stored):
            raise LiveError("already")
        # The player's row as it is now: on PostgreSQL the read above may be
        # older than a removal it waited for (only the game's row, the one
        # locked, is read again after the wait). The insert goes with it.
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Player._meta.db_table} SET score = score + %s,"  # noqa: S608
                " answer_ms = answer_ms + %s, streak = %s WHERE id = %s AND NOT removed",
                [score.points, elapsed if correct else 0, score.streak, player.pk],
            )
            if cursor.rowcount != 1:
                raise LiveError("removed")
        _notify(game.pk, players=False)
    # The question was open and this player in the game a moment ago: one
    # query tells whether anyone still has to answer (the close itself checks
    # the phase again, with the row locked).
    if not _waiting(game.pk, index):
        _step_locked(game.pk, rules.Action.CLOSE, expect_index=index)
    return stored


def _insert_once(answer: GameAnswer) -> bool:
    """Insert the answer unless the player has one to its question already
    (the ``game_answer_once`` constraint): whether it was inserted. One
    statement, where ``create`` in a savepoint of its own would be three."""
    quote = connection.ops.quote_name
    fields = [f for f in GameAnswer._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(quote(f.column) for f in fields)
    values = [f.get_db_prep_save(f.pre_save(answer, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {GameAnswer._meta.db_table} ({columns})"  # noqa: S608
            f" VALUES ({', '.join(['%s'] * len(fields))})"
            f" ON CONFLICT (player_id, {quote('index')}) DO NOTHING RETURNING id",
            values,
        )
        row = cursor.fetchone()
    if row is None:
        return False
    answer.pk = row[0]
    answer._state.adding = False
    return True


def _waiting(game_id: int, index: int) -> bool:
    """Whether a player still in the game has not answered question ``index``."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {Player._meta.db_table} p WHERE p.game_id = %s AND NOT p.removed"  # noqa: S608
            f" AND NOT EXISTS (SELECT 1 FROM {GameAnswer._meta.db_table} a"
            f" WHERE a.player_id = p.id AND a.{quote('index')} = %s) LIMIT 1",
            [game_id, index],
        )
        return cursor.fetchone() is not None


def _close_if_all_answered(game_id: int) -> bool:
    """Close the question when every player still in the game has answered."""
    game = Game.objects.filter(pk=game_id).values("phase", "index").get()
    if game["phase"] != Game.Phase.QUESTION:
        return False
    if _waiting(game_id, game["index"]):
        return False
    if not Player.objects.filter(game_id=game_id, removed=False).exists():
        return False
    return _step_locked(game_id, rules.Action.CLOSE, expect_index=game["index"]) is not None


# -- the host's steps and the clock ----------------------------------------------


def _check_host(game: Game, host: Any) -> None:
    if host is None or not host.is_authenticated or game.host_id != host.pk:
        raise LiveError("not_host")


def _step_locked(
    game_id: int, action: rules.Action, *, now: datetime | None = None, expect_index: int = -2
) -> Game | None:
    """Take one step of the machine with the game's row locked. With
    ``expect_index``, a close that someone else already made is no error
    (``None``)."""
    now = now or timezone.now()
    with transaction.atomic():
        game = Game.objects.select_for_update().get(pk=game_id)
        if expect_index != -2 and (game.phase != Game.Phase.QUESTION or game.index != expect_index):
            return None
        before = game.state()
        state = rules.step(before, action, now)
        fields = game.apply(state)
        game.version += 1
        fields.append("version")
        if state.phase == rules.Phase.REVEAL and before.phase == rules.Phase.QUESTION:
            # A question not answered ends a streak.
            Player.objects.filter(game=game).exclude(answers__index=game.index).update(streak=0)
        if state.phase == rules.Phase.ENDED:
            game.ended_at = now
            fields.append("ended_at")
        game.save(update_fields=fields)
        _notify(game.pk, players=True)
        if state.phase in (rules.Phase.PODIUM, rules.Phase.ENDED):
            # What the game leaves behind: each pupil's practice (done once),
            # once the screens have been told, so the podium never waits for
            # it; should it fail, the report does it again.
            transaction.on_commit(lambda: record_game_results(game, now=now), robust=True)
        return game


def control(*, game: Game, host: Any, action: str, now: datetime | None = None) -> Game:
    """The host's step: start, next, pause, resume, skip or end. Only the
    host drives; a step the phase does not take raises ``LiveError("step")``."""
    _check_host(game, host)
    try:
        action = rules.Action(action)
    except ValueError as error:
        raise LiveError("step") from error
    if action not in rules.HOST_ACTIONS:
        raise LiveError("step")
    try:
        stepped = _step_locked(game.pk, action, now=now)
    except rules.StepRefused as error:
        raise LiveError("step") from error
    assert stepped is not None
    return stepped


def close_if_due(game_id: int, now: datetime | None = None) -> bool:
    """Close the question whose time is up (idempotent: any request or
    event-stream tick after the deadline may call it; one closes it)."""
    now = now or timezone.now()
    game = Game.objects.filter(pk=game_id).only("phase", "index", "deadline").first()
    if game is None or game.phase != Game.Phase.QUESTION:
        return False
    if game.deadline is None or now < game.deadline:
        return False
    with transaction.atomic():
        locked = Game.objects.select_for_update().get(pk=game_id)
        if not rules.is_due(locked.state(), now):
            return False
        return _step_locked(game_id, rules.Action.CLOSE, now=now) is not None
