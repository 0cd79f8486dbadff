"""Enemy questions: stored both ways, carried by the exchange formats, and
never drawn into one attempt or practice session."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from quizzes.core.bank import bank_errors, with_enemies_both_ways
from quizzes.formats.gift import dump_gift, parse_gift
from quizzes.formats.jsonbank import dump_json, parse_json
from quizzes.models import Question, QuestionSet, ReviewCard, SetPool
from quizzes.selectors.bank import bank_export
from quizzes.services.attempts import attempt_start, practice_start
from quizzes.services.authoring import set_add_question
from quizzes.services.bank import BankError, bank_load

SOURCE = "1992 жылдың 15 мамырында Ташкент қаласында"


def year_question(key: str, **extra):
    return {
        "key": key,
        "kind": "year",
        "topic": "treaty",
        "difficulty": 1,
        "prompt": f"Қай жылы ({key})?",
        "explanation": "Мақалада 1992 жыл аталады.",
        "source": [SOURCE],
        "answer": 1992,
        **extra,
    }


@pytest.fixture
def trio(article):
    """Three questions; a and b are enemies, declared on a's side only."""
    bank_load(
        questions=[
            year_question("q-a", enemies=["q-b"]),
            year_question("q-b"),
            year_question("q-c"),
        ]
    )
    return {q.key: q for q in Question.objects.all()}


def test_enemies_declared_on_one_side_are_stored_on_both(trio):
    assert list(trio["q-b"].enemies.all()) == [trio["q-a"]]
    assert list(trio["q-a"].enemies.all()) == [trio["q-b"]]
    assert not trio["q-c"].enemies.exists()


def test_the_json_export_lists_enemies_on_both_sides(trio):
    exported = {q["key"]: q for q in bank_export()}
    assert exported["q-a"]["enemies"] == ["q-b"]
    assert exported["q-b"]["enemies"] == ["q-a"]
    assert "enemies" not in exported["q-c"]


def test_enemies_round_trip_through_json_and_gift(trio):
    exported = bank_export()
    assert parse_json(dump_json(exported)) == exported
    text, skipped = dump_gift(exported)
    assert skipped == []
    assert '"enemies": ["q-b"]' in text
    read = {q["key"]: q for q in parse_gift(text)}
    assert read["q-a"]["enemies"] == ["q-b"] and read["q-b"]["enemies"] == ["q-a"]


def test_reloading_the_file_keeps_the_enemies_it_declares(trio):
    bank_load(questions=[year_question("q-a"), year_question("q-b"), year_question("q-c")])
    assert not Question.objects.filter(enemies__isnull=False).exists()


def test_import_bank_reads_enemies_back(tmp_path, article):
    path = tmp_path / "bank.json"
    questions = [year_question("q-x"), year_question("q-y", enemies=["q-x"])]
    path.write_text(json.dumps({"questions": questions}, ensure_ascii=False), encoding="utf-8")
    call_command("import_bank", str(path), stdout=StringIO())
    assert list(Question.objects.get(key="q-x").enemies.values_list("key", flat=True)) == ["q-y"]


def test_an_enemy_that_is_no_question_is_refused(article):
    with pytest.raises(BankError, match="enemy 'q-nowhere'"):
        bank_load(questions=[year_question("q-a", enemies=["q-nowhere"])])


@pytest.mark.parametrize(
    ("enemies", "message"),
    [("q-b", "list of question keys"), (["Not A Key"], "list of question keys"), (["q-a"], "own")],
)
def test_malformed_enemies_are_refused(enemies, message):
    problems = bank_errors([year_question("q-a", enemies=enemies)], topics=["treaty"])
    assert any(message in text for _, text in problems)


def test_with_enemies_both_ways_lists_each_pair_on_both_sides():
    questions = with_enemies_both_ways(
        [year_question("q-a", enemies=["q-b", "q-c"]), year_question("q-b"), year_question("q-c")]
    )
    assert [q.get("enemies") for q in questions] == [["q-b", "q-c"], ["q-a"], ["q-a"]]


# -- attempts ------------------------------------------------------------------------


def test_an_attempt_of_fixed_enemies_holds_one_of_them(student, trio):
    question_set = QuestionSet.objects.create(key="enemies", title="Жау сұрақтар")
    for question in trio.values():
        set_add_question(question_set=question_set, question=question)
    held = set()
    for seed in range(20):
        attempt = attempt_start(
            question_set=question_set, user=student, visitor_key="", now=timezone.now(), seed=seed
        )
        keys = set(attempt.items.values_list("question__key", flat=True))
        assert "q-c" in keys and len(keys & {"q-a", "q-b"}) == 1
        held |= keys
    assert held == {"q-a", "q-b", "q-c"}


def test_a_pool_never_draws_two_enemies(student, trio):
    question_set = QuestionSet.objects.create(key="pool", title="Жинақ")
    SetPool.objects.create(question_set=question_set, count=3, topic="treaty")
    for seed in range(20):
        attempt = attempt_start(
            question_set=question_set,
            user=None,
            visitor_key=f"v{seed}",
            now=timezone.now(),
            seed=seed,
        )
        keys = set(attempt.items.values_list("question__key", flat=True))
        assert len(keys) == 2 and len(keys & {"q-a", "q-b"}) == 1


def test_a_practice_session_never_holds_two_enemies(student, trio):
    for question in trio.values():
        ReviewCard.objects.create(
            user=student,
            question=question,
            box=1,
            due=timezone.localdate(),
            reviewed_at=timezone.now(),
        )
    for seed in range(10):
        practice = practice_start(user=student, now=timezone.now(), seed=seed)
        keys = set(practice.items.values_list("question__key", flat=True))
        assert "q-c" in keys and len(keys & {"q-a", "q-b"}) == 1


def test_a_teacher_s_import_keeps_the_enemies_it_can_find(trio):
    from quizzes.services.authoring import set_import
    from tests.conftest import make_user

    teacher = make_user("teacher", role="teacher")
    question_set = QuestionSet.objects.create(key="t-set", title="Менің жинағым", owner=teacher)
    questions = [
        year_question("mine-1", enemies=["mine-2", "q-c", "q-elsewhere"]),
        year_question("mine-2"),
    ]
    set_import(question_set=question_set, teacher=teacher, questions=questions)
    first, second = Question.objects.filter(owner=teacher).order_by("pk")
    assert set(first.enemies.all()) == {second, trio["q-c"]}
    assert list(second.enemies.all()) == [first]
