"""The live game's services: hosting, joining, answering, the host's steps."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes import realtime
from quizzes.core import live as rules
from quizzes.models import Game, GameAnswer, Player, QuestionSet
from quizzes.selectors.live import game_snapshot
from quizzes.services import live
from quizzes.services.live import LiveError
from tests.conftest import make_user
from tests.live_helpers import right_form, wrong_form

IP = "203.0.113.7"


@pytest.fixture(autouse=True)
def _published():
    realtime.published.clear()
    yield
    realtime.published.clear()


@pytest.fixture
def every_kind(shipped_sets):
    return QuestionSet.objects.get(key="every-kind")


def host(teacher, question_set, **options):
    defaults = {"classroom": None, "mode": "speed", "streak_bonus": False, "seconds": 20}
    return live.host_game(host=teacher, question_set=question_set, **{**defaults, **options})


@pytest.fixture
def game(teacher, every_kind):
    return host(teacher, every_kind).game


def join(game, nickname, user=None, ip=IP):
    return live.join(pin=game.pin, nickname=nickname, user=user, ip=ip)


def start(game, teacher, now=None):
    return live.control(game=game, host=teacher, action="start", now=now)


# -- hosting ---------------------------------------------------------------------


def test_hosting_freezes_the_playable_questions_and_says_how_many_were_left_out(
    teacher, every_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hosted = host(teacher, every_kind)
    game = hosted.game
    kinds = [q["snapshot"]["kind"] for q in game.questions]
    assert kinds and set(kinds) <= set(rules.PLAYABLE_KINDS)
    assert hosted.left_out == every_kind.question_count() - len(kinds) > 0
    assert game.phase == "lobby" and len(game.pin) == 6 and game.pin.isdigit()
    # Each frozen question quotes its sentence of the article.
    assert all(q["snapshot"]["source_links"] for q in game.questions)
    assert realtime.published == [realtime.Notice(game.pk, True)]


def test_pins_are_unique_among_running_games(teacher, every_kind, monkeypatch):
    first = host(teacher, every_kind).game
    pins = iter([first.pin, first.pin, "654321"])
    monkeypatch.setattr(live, "_new_pin", lambda: next(pins))
    second = host(teacher, every_kind).game
    assert second.pin == "654321"
    # An ended game's PIN may be drawn again.
    live.control(game=first, host=teacher, action="end")
    monkeypatch.setattr(live, "_new_pin", lambda: first.pin)
    assert host(teacher, every_kind).game.pin == first.pin


def test_a_game_left_running_for_a_day_ends_and_frees_its_pin(teacher, every_kind):
    old = host(teacher, every_kind).game
    Game.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=13))
    fresh = host(teacher, every_kind).game
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.phase, fresh.phase) == ("ended", "lobby")
    assert old.ended_at is not None and fresh.ended_at is None
    with pytest.raises(LiveError, match="not_found"):
        join(old, "late")


def test_only_a_teacher_with_a_usable_set_and_their_own_classroom_hosts(
    teacher, student, every_kind, classroom
):
    with pytest.raises(LiveError, match="not_teacher"):
        host(student, every_kind)
    other = make_user("other-teacher", role="teacher")
    with pytest.raises(LiveError, match="classroom"):
        host(other, every_kind, classroom=classroom)
    own_set = QuestionSet.objects.create(key="theirs", title="Theirs", owner=other)
    with pytest.raises(LiveError, match="set"):
        host(teacher, own_set)
    with pytest.raises(LiveError, match="options"):
        host(teacher, every_kind, seconds=1)
    with pytest.raises(LiveError, match="options"):
        host(teacher, every_kind, mode="fastest")
    assert host(teacher, every_kind, classroom=classroom).game.classroom == classroom
    assert not Game.objects.filter(host__in=[student, other]).exists()


# -- joining -----------------------------------------------------------------------


def test_nickname_rules(game):
    join(game, "  Әлия  ")
    for taken in ("әлия", "ӘЛИЯ", "Әлия"):
        with pytest.raises(LiveError, match="nickname_taken"):
            join(game, taken)
    with pytest.raises(LiveError, match="nickname_too_long"):
        join(game, "x" * 21)
    with pytest.raises(LiveError, match="nickname_blank"):
        join(game, "   ")
    assert join(game, "x" * 20).nickname == "x" * 20
    assert list(Player.objects.values_list("nickname", flat=True)) == ["Әлия", "x" * 20]


def test_join_raises_the_version_and_tells_the_host_only(game, django_capture_on_commit_callbacks):
    version = game.version
    with django_capture_on_commit_callbacks(execute=True):
        join(game, "Дәурен")
    game.refresh_from_db()
    assert game.version == version + 1
    assert realtime.published == [realtime.Notice(game.pk, False)]


def test_a_signed_in_pupil_joins_once_under_their_class_nickname(
    teacher, every_kind, classroom, member, student
):
    game = host(teacher, every_kind, classroom=classroom).game
    player = join(game, "whatever", user=student)
    assert player.nickname == member.nickname and player.user == student
    # Again (another phone, a reload): the same player, never a second.
    assert join(game, "another", user=student).pk == player.pk
    assert Player.objects.filter(game=game).count() == 1
    # The host does not play their own game.
    with pytest.raises(LiveError, match="host"):
        join(game, "me", user=teacher)


def test_in_a_classroom_game_a_class_name_is_its_pupils_alone(
    teacher, every_kind, classroom, member, other_student
):
    game = host(teacher, every_kind, classroom=classroom).game
    for someone in (None, other_student):
        with pytest.raises(LiveError, match="nickname_reserved"):
            join(game, member.nickname.upper(), user=someone)
    assert join(game, "Дәурен", user=other_student).nickname == "Дәурен"
    # In an open game the name is anyone's.
    open_game = host(teacher, every_kind).game
    assert join(open_game, member.nickname).nickname == member.nickname


def test_a_signed_in_pupil_in_an_open_game_keeps_the_nickname_they_typed(game, student):
    assert join(game, "Аружан", user=student).nickname == "Аружан"


def test_late_join_works_until_the_podium(game, teacher):
    join(game, "first")
    start(game, teacher)
    late = join(game, "late")
    assert late.game_id == game.pk
    live.control(game=game, host=teacher, action="end")
    with pytest.raises(LiveError, match="not_found"):
        join(game, "too late")


def test_pin_guessing_is_rate_limited(game, settings):
    settings.LIVE_PIN_FAILURES_PER_ADDRESS = 3
    wrong = "000000" if game.pin != "000000" else "111111"
    for _ in range(3):
        with pytest.raises(LiveError, match="not_found"):
            live.join(pin=wrong, nickname="x", user=None, ip=IP)
    with pytest.raises(LiveError, match="rate_limited"):
        live.join(pin=game.pin, nickname="x", user=None, ip=IP)
    # Another address still joins; a malformed PIN is no guess.
    assert live.join(pin=game.pin, nickname="x", user=None, ip="198.51.100.1")
    with pytest.raises(LiveError, match="pin_format"):
        live.join(pin="12", nickname="y", user=None, ip="198.51.100.2")


def test_removal(game, teacher, student, django_capture_on_commit_callbacks):
    player = join(game, "rude", user=student)
    with django_capture_on_commit_callbacks(execute=True):
        live.remove_player(game=game, host=teacher, player_id=player.pk)
    assert Player.objects.get(pk=player.pk).removed
    assert realtime.published == [realtime.Notice(game.pk, True)]
    # The nickname is free again; the account cannot come back.
    join(game, "rude")
    with pytest.raises(LiveError, match="removed"):
        join(game, "again", user=student)
    with pytest.raises(LiveError, match="no_player"):
        live.remove_player(game=game, host=teacher, player_id=player.pk)
    other = make_user("other-teacher", role="teacher")
    with pytest.raises(LiveError, match="not_host"):
        live.remove_player(game=game, host=other, player_id=player.pk)


# -- answering ----------------------------------------------------------------------


def test_answers_are_scored_by_speed_on_the_servers_clock(game, teacher):
    a, b, c = join(game, "a"), join(game, "b"), join(game, "c")
    t0 = timezone.now()
    start(game, teacher, now=t0)
    game.refresh_from_db()
    frozen = game.question()
    answer_a = live.answer(
        player=a, index=0, data=right_form(frozen), now=t0 + timedelta(seconds=0)
    )
    answer_b = live.answer(
        player=b, index=0, data=right_form(frozen), now=t0 + timedelta(seconds=10)
    )
    answer_c = live.answer(
        player=c, index=0, data=wrong_form(frozen), now=t0 + timedelta(seconds=1)
    )
    assert (answer_a.points, answer_a.elapsed_ms, answer_a.correct) == (1000, 0, True)
    assert (answer_b.points, answer_b.elapsed_ms) == (750, 10_000)
    assert (answer_c.points, answer_c.correct) == (0, False)
    assert [p.score for p in Player.objects.order_by("pk")] == [1000, 750, 0]
    assert [p.answer_ms for p in Player.objects.order_by("pk")] == [0, 10_000, 0]
    # Everyone answered: the question closed by itself.
    game.refresh_from_db()
    assert game.phase == "reveal"


def test_answers_tell_the_host_only_and_leave_the_games_row_alone(
    game, teacher, django_capture_on_commit_callbacks
):
    a, _ = join(game, "a"), join(game, "b")
    start(game, teacher)
    game.refresh_from_db()
    version = game.version
    with django_capture_on_commit_callbacks(execute=True):
        live.answer(player=a, index=0, data=right_form(game.question()))
    game.refresh_from_db()
    assert game.version == version
    assert realtime.published == [realtime.Notice(game.pk, False)]


def test_pause_does_not_count_against_the_players(game, teacher):
    a, _ = join(game, "a"), join(game, "b")
    t0 = timezone.now()
    start(game, teacher, now=t0)
    live.control(game=game, host=teacher, action="pause", now=t0 + timedelta(seconds=4))
    with pytest.raises(LiveError, match="paused"):
        live.answer(player=a, index=0, data={}, now=t0 + timedelta(seconds=5))
    live.control(game=game, host=teacher, action="resume", now=t0 + timedelta(seconds=60))
    game.refresh_from_db()
    stored = live.answer(
        player=a, index=0, data=right_form(game.question()), now=t0 + timedelta(seconds=62)
    )
    assert stored.elapsed_ms == 6000


def test_accuracy_mode_and_streak(teacher, every_kind):
    game = host(teacher, every_kind, mode="accuracy", streak_bonus=True).game
    a = join(game, "a")
    join(game, "idle")  # keeps questions open until the host goes on
    t0 = timezone.now()
    start(game, teacher, now=t0)
    points = []
    for index in range(min(3, game.count)):
        game.refresh_from_db()
        opened = game.opened_at
        stored = live.answer(
            player=a,
            index=index,
            data=right_form(game.question()),
            now=opened + timedelta(seconds=15),
        )
        points.append(stored.points)
        live.control(game=game, host=teacher, action="skip")
        live.control(game=game, host=teacher, action="next")
        if index < game.count - 1:
            live.control(game=game, host=teacher, action="next")
    assert points == [1000, 1100, 1200][: len(points)]


def test_a_missed_question_ends_a_streak(teacher, every_kind):
    game = host(teacher, every_kind, streak_bonus=True).game
    a = join(game, "a")
    start(game, teacher)
    game.refresh_from_db()
    live.answer(player=a, index=0, data=right_form(game.question()))  # closes: all answered
    assert Player.objects.get(pk=a.pk).streak == 1
    live.control(game=game, host=teacher, action="next")
    live.control(game=game, host=teacher, action="next")
    live.control(game=game, host=teacher, action="skip")  # question 2 not answered
    assert Player.objects.get(pk=a.pk).streak == 0


def test_one_answer_per_question(game, teacher):
    a, _ = join(game, "a"), join(game, "b")
    start(game, teacher)
    game.refresh_from_db()
    live.answer(player=a, index=0, data=wrong_form(game.question()))
    with pytest.raises(LiveError, match="already"):
        live.answer(player=a, index=0, data=right_form(game.question()))
    assert GameAnswer.objects.filter(player=a).count() == 1
    assert Player.objects.get(pk=a.pk).score == 0


def test_answers_refused_after_the_deadline_in_another_phase_or_for_another_question(game, teacher):
    a, _ = join(game, "a"), join(game, "b")
    with pytest.raises(LiveError, match="closed"):
        live.answer(player=a, index=0, data={})
    t0 = timezone.now()
    start(game, teacher, now=t0)
    game.refresh_from_db()
    with pytest.raises(LiveError, match="late"):
        live.answer(player=a, index=0, data=right_form(game.question()), now=t0 + timedelta(20))
    with pytest.raises(LiveError, match="closed"):
        live.answer(player=a, index=1, data={}, now=t0)
    with pytest.raises(LiveError, match="response_"):
        live.answer(player=a, index=0, data={"choice": ["99"], "answer": ["x"]}, now=t0)
    assert not GameAnswer.objects.exists()


def test_close_if_due_is_idempotent(game, teacher, django_capture_on_commit_callbacks):
    join(game, "a")
    t0 = timezone.now()
    start(game, teacher, now=t0)
    assert not live.close_if_due(game.pk, now=t0 + timedelta(seconds=19))
    with django_capture_on_commit_callbacks(execute=True):
        assert live.close_if_due(game.pk, now=t0 + timedelta(seconds=20))
        assert not live.close_if_due(game.pk, now=t0 + timedelta(seconds=21))
    game.refresh_from_db()
    assert game.phase == "reveal"
    assert realtime.published == [realtime.Notice(game.pk, True)]


def test_only_the_host_drives(game, teacher, student):
    other = make_user("other-teacher", role="teacher")
    for who in (student, other):
        with pytest.raises(LiveError, match="not_host"):
            live.control(game=game, host=who, action="start")
    with pytest.raises(LiveError, match="step"):
        live.control(game=game, host=teacher, action="next")
    with pytest.raises(LiveError, match="step"):
        live.control(game=game, host=teacher, action="close")
    with pytest.raises(LiveError, match="step"):
        live.control(game=game, host=teacher, action="explode")
    game.refresh_from_db()
    assert game.phase == "lobby"


def test_a_whole_game_and_its_ranking(game, teacher):
    a, b = join(game, "a"), join(game, "b")
    start(game, teacher)
    for index in range(game.count):
        game.refresh_from_db()
        frozen = game.question()
        live.answer(player=a, index=index, data=right_form(frozen))
        live.answer(player=b, index=index, data=wrong_form(frozen))
        game.refresh_from_db()
        assert game.phase == "reveal"
        live.control(game=game, host=teacher, action="next")
        game.refresh_from_db()
        if game.phase == "standings":
            snapshot = game_snapshot(game.pk)
            assert snapshot.moves[0].nickname == "a"
            live.control(game=game, host=teacher, action="next")
    game.refresh_from_db()
    assert game.phase == "podium"
    snapshot = game_snapshot(game.pk)
    assert [p.nickname for p in snapshot.podium] == ["a", "b"]
    live.control(game=game, host=teacher, action="next")
    game.refresh_from_db()
    assert game.phase == "ended" and game.ended_at is not None


def test_ties_go_to_the_smaller_total_answer_time(game, teacher):
    a, b, c = join(game, "a"), join(game, "b"), join(game, "c")
    Player.objects.filter(pk=a.pk).update(score=1500, answer_ms=9000)
    Player.objects.filter(pk=b.pk).update(score=1500, answer_ms=4000)
    Player.objects.filter(pk=c.pk).update(score=1500, answer_ms=9000)
    assert [p.nickname for p in game_snapshot(game.pk).players] == ["b", "a", "c"]


def test_the_snapshot_reads_three_queries_whatever_the_players(
    game, teacher, django_assert_max_num_queries
):
    players = [join(game, f"p{i}") for i in range(30)]
    start(game, teacher)
    game.refresh_from_db()
    for player in players[:10]:
        live.answer(player=player, index=0, data=right_form(game.question()))
    with django_assert_max_num_queries(3):
        snapshot = game_snapshot(game.pk)
    assert (snapshot.answered, snapshot.total) == (10, 30)


@pytest.mark.django_db(transaction=True)
def test_two_answers_racing_store_one(teacher, shipped_sets):
    """Two posts of the same answer at once (a double tap on two servers):
    one is stored and scored, the other refused; never two, never a 500."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time: the constraint is tested above")
    game = host(teacher, QuestionSet.objects.get(key="every-kind")).game
    a, _ = join(game, "a"), join(game, "b")
    start(game, teacher)
    game.refresh_from_db()
    barrier = threading.Barrier(2)
    outcomes = []

    def post():
        from django.db import connection as own

        try:
            barrier.wait()
            live.answer(player=a, index=0, data=right_form(game.question()))
            outcomes.append("stored")
        except LiveError as error:
            outcomes.append(error.code)
        finally:
            own.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "stored"]
    assert GameAnswer.objects.filter(player=a).count() == 1
    assert Player.objects.get(pk=a.pk).score == GameAnswer.objects.get(player=a).points


@pytest.mark.django_db(transaction=True)
def test_a_player_removed_while_their_answer_waits_scores_nothing(teacher, shipped_sets):
    """The host takes a player out while that player's answer waits for the
    game's row: once the removal commits, the answer is refused and leaves
    nothing (the answer's read of the player's row was made before the wait,
    so the score's update checks again)."""
    import time

    from django.db.models import F

    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time: a removal and an answer cannot overlap")
    game = host(teacher, QuestionSet.objects.get(key="every-kind")).game
    a, _ = join(game, "a"), join(game, "b")
    start(game, teacher)
    game.refresh_from_db()
    frozen = game.question()
    outcome = []

    def answering():
        from django.db import connection as own

        try:
            live.answer(player=a, index=0, data=right_form(frozen))
            outcome.append("stored")
        except LiveError as error:
            outcome.append(error.code)
        finally:
            own.close()

    thread = threading.Thread(target=answering)
    with transaction.atomic():  # what remove_player writes, held open
        Game.objects.filter(pk=game.pk).update(version=F("version") + 1)
        Player.objects.filter(pk=a.pk).update(removed=True)
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive()  # the answer waits for the game's row
    thread.join(10)
    assert outcome == ["removed"]
    assert not GameAnswer.objects.filter(player=a).exists()
    assert Player.objects.get(pk=a.pk).score == 0


# -- random play against the database ---------------------------------------------

STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("host"),
            # Mostly the steps that move a game on; "end" seldom, so games go far.
            st.sampled_from(["start", "next", "next", "skip", "skip", "pause", "resume"])
            | st.sampled_from([a.value for a in rules.Action]),
        ),
        st.tuples(st.just("answer"), st.tuples(st.integers(0, 2), st.booleans())),
        st.tuples(st.just("wait"), st.integers(0, 25_000)),
        st.tuples(st.just("remove"), st.integers(0, 2)),
    ),
    max_size=40,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(started=st.booleans(), steps=STEPS)
def test_random_play_keeps_the_books(teacher, every_kind, started, steps):
    """Whatever the host presses, whoever answers and whenever: every refusal
    is a ``LiveError``, each player answers a question at most once, a
    player's score is the sum of their answers' points, and the game's phase
    is one the machine allows."""
    game = host(teacher, every_kind, streak_bonus=True).game
    players = [join(game, f"p{i}") for i in range(3)]
    now = timezone.now()
    if started:
        start(game, teacher, now=now)
    for kind, arg in steps:
        try:
            if kind == "host":
                live.control(game=game, host=teacher, action=arg, now=now)
            elif kind == "answer":
                who, right = arg
                game.refresh_from_db()
                index = max(game.index, 0)
                frozen = game.question(index)
                data = right_form(frozen) if right else wrong_form(frozen)
                live.answer(player=players[who], index=index, data=data, now=now)
            elif kind == "wait":
                now += timedelta(milliseconds=arg)
                live.close_if_due(game.pk, now=now)
            else:
                live.remove_player(game=game, host=teacher, player_id=players[arg].pk)
        except LiveError:
            pass
    game.refresh_from_db()
    assert game.phase in {p.value for p in rules.Phase}
    assert -1 <= game.index < game.count
    for player in Player.objects.filter(game=game):
        answers = list(GameAnswer.objects.filter(player=player).values_list("index", "points"))
        assert len({i for i, _ in answers}) == len(answers)
        assert player.score == sum(points for _, points in answers)
        assert all(0 <= points <= 1000 + rules.STREAK_CAP for _, points in answers)


def test_a_set_or_question_a_game_used_is_archived_not_deleted(teacher, every_kind):
    from quizzes.models import Question, SetQuestion
    from quizzes.services.authoring import question_withdraw, set_withdraw

    own = QuestionSet.objects.create(key="own", title="Own", owner=teacher)
    question = Question.objects.filter(owner=None, kind="single").first()
    mine = Question.objects.create(
        key="mine-1",
        kind="single",
        topic=question.topic,
        difficulty=question.difficulty,
        prompt="Менің сұрағым?",
        explanation="Түсіндірме.",
        answer=question.answer,
        owner=teacher,
    )
    SetQuestion.objects.create(question_set=own, question=mine)
    game = host(teacher, own).game
    player = join(game, "a")
    start(game, teacher)
    game.refresh_from_db()
    live.answer(player=player, index=0, data=right_form(game.question()))
    now = timezone.now()
    assert set_withdraw(question_set=own, now=now) == "archived"
    assert question_withdraw(question=mine, now=now) == "archived"


@pytest.mark.django_db(transaction=True)
def test_an_answer_alone_commits_without_waiting_for_the_disk(game, teacher):
    """On PostgreSQL the answer's transaction commits asynchronously (a
    burst's commits do not queue behind each other's WAL flush); the next
    transaction is durable again."""
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")

    def commit_mode() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    a, _ = join(game, "a"), join(game, "b")
    start(game, teacher)
    with transaction.atomic():
        assert live._answering(game.pk, a.pk, 0, game.pin) is not None
        assert commit_mode() == "off"
    with transaction.atomic():
        assert commit_mode() == "on"
