from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from quizzes.models import Question, Sentence
from quizzes.services.bank import bank_fixture_questions


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def loaded(db):
    run("load_bank")


def a_question(**changes):
    question = {
        "key": "test-tashkent-city",
        "kind": "text",
        "topic": "treaty",
        "difficulty": 1,
        "prompt": "Ұжымдық қауіпсіздік келісім-шарты қай қалада қабылданды?",
        "explanation": "Мақалада келісім-шарттың Ташкент қаласында қабылданғаны айтылады.",
        "source": ["1992 жылдың 15 мамырында Ташкент қаласында"],
        "answer": "Ташкент",
        "accepted": [],
    }
    return question | changes


def write(tmp_path, questions, name="bank.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"questions": questions}, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_bank_loads_the_article_and_every_question(loaded):
    assert Sentence.objects.count() == 87
    assert Question.objects.count() == len(bank_fixture_questions())


def test_load_bank_twice_creates_no_duplicates(loaded):
    before = Question.objects.count()
    output = run("load_bank")
    assert Question.objects.count() == before
    assert "0 created, 0 updated" in output


def test_load_bank_check_writes_nothing(db):
    assert "are valid" in run("load_bank", "--check")
    assert Question.objects.count() == 0 and Sentence.objects.count() == 0


def test_load_bank_check_reports_the_item_writing_figures(db):
    output = run("load_bank", "--check")
    assert "Cue pairs:" in output and "of which 0 can share an attempt" in output
    assert "strictly longest option in" in output
    assert "Unmarked negative stems: 0." in output


def test_load_bank_check_fails_on_a_cue_between_questions_that_are_not_enemies(db, monkeypatch):
    questions = bank_fixture_questions()
    for question in questions:
        if question["key"] == "treaty-adopting-meeting":
            question["prompt"] = (
                "Ұжымдық қауіпсіздік келісім-шарты Ташкентте қандай жиында қабылданды?"
            )
    monkeypatch.setattr(
        "quizzes.management.commands.load_bank.bank_fixture_questions", lambda: questions
    )
    with pytest.raises(CommandError, match="treaty-adopting-meeting: shows 'Ташкент'"):
        run("load_bank", "--check")


def test_a_changed_fixture_updates_the_question_in_place(loaded, monkeypatch):
    original = Question.objects.get(key="event-cst-tashkent-year")
    questions = bank_fixture_questions()
    for question in questions:
        if question["key"] == original.key:
            question["explanation"] = "Мақала бойынша келісім-шарт 1992 жылы қабылданды."
    monkeypatch.setattr(
        "quizzes.management.commands.load_bank.bank_fixture_questions", lambda: questions
    )
    assert "1 updated" in run("load_bank")
    updated = Question.objects.get(key=original.key)
    assert updated.pk == original.pk
    assert updated.revision == original.revision + 1
    assert updated.explanation.startswith("Мақала бойынша келісім-шарт 1992")


def test_a_question_taken_out_of_the_bank_is_retired_and_comes_back(loaded, monkeypatch):
    from quizzes.models import QuestionSet, SetQuestion
    from tests.conftest import make_user

    gone = Question.objects.filter(owner=None).first()
    teacher_set = QuestionSet.objects.create(
        key="t-picked", title="Таңдалғандар", owner=make_user("gulnara", role="teacher")
    )
    SetQuestion.objects.create(question_set=teacher_set, question=gone)
    keep = [q for q in bank_fixture_questions() if q["key"] != gone.key]
    monkeypatch.setattr(
        "quizzes.management.commands.load_bank.bank_fixture_questions", lambda: keep
    )
    assert "1 retired" in run("load_bank")
    retired = Question.objects.get(pk=gone.pk)  # kept for the attempts that asked it
    assert retired.archived_at is not None
    assert not SetQuestion.objects.filter(question=retired).exists()
    assert Question.objects.filter(archived_at=None).count() == len(keep)

    monkeypatch.undo()
    assert "0 retired" in run("load_bank")
    assert Question.objects.get(pk=gone.pk).archived_at is None


def test_questions_are_linked_to_the_sentences_they_quote(loaded):
    question = Question.objects.get(key="event-cst-tashkent-year")
    assert [s.anchor for s in question.sources.all()] == ["p7-s1"]
    assert "Ташкент қаласында" in question.sources.get().text


def test_export_json_has_every_question_in_the_exchange_format(loaded):
    data = json.loads(run("export_bank", "--format", "json"))
    assert len(data["questions"]) == Question.objects.count()
    by_key = {q["key"]: q for q in data["questions"]}
    assert by_key["event-cst-tashkent-date"]["answer"] == "1992-05-15"
    assert by_key["event-cst-tashkent-place"]["choices"][0] == {"text": "Ташкент", "correct": True}
    for question in data["questions"]:
        assert {"key", "kind", "prompt", "topic", "difficulty", "explanation", "source"} <= set(
            question
        )


def test_export_then_import_changes_nothing(loaded, tmp_path):
    path = tmp_path / "bank.json"
    path.write_text(run("export_bank", "--format", "json"), encoding="utf-8")
    count = Question.objects.count()
    assert f"0 created, 0 updated, {count} unchanged" in run("import_bank", str(path))


def test_import_adds_new_questions(loaded, tmp_path):
    run("import_bank", str(write(tmp_path, [a_question()])))
    assert Question.objects.get(key="test-tashkent-city").answer == {
        "answer": "Ташкент",
        "accepted": [],
    }


def test_import_is_all_or_nothing(loaded, tmp_path):
    good, bad = a_question(), a_question(key="test-bad", source=["мақалада жоқ сөйлем"])
    with pytest.raises(CommandError, match="test-bad: source not found verbatim"):
        run("import_bank", str(write(tmp_path, [good, bad])))
    assert not Question.objects.filter(key__startswith="test-").exists()


def test_import_names_the_line_of_broken_json(loaded, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"questions": [\n  {"key": "x",}\n]}', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        run("import_bank", str(path))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "essay"}, "unknown kind"),
        ({"difficulty": 7}, "difficulty"),
        ({"topic": "sport"}, "unknown topic"),
        ({"key": "Bad Key"}, "key must be"),
        ({"attribution": "Л. Ивашовтың айтуынша"}, "whose opinion"),
        ({"answer": ""}, "answer must be non-empty"),
    ],
)
def test_import_refuses_an_invalid_question_with_a_clear_message(loaded, tmp_path, change, message):
    with pytest.raises(CommandError, match=message):
        run("import_bank", str(write(tmp_path, [a_question(**change)])))
    assert not Question.objects.filter(key__startswith="test-").exists()


def test_import_refuses_duplicate_keys_in_one_file(loaded, tmp_path):
    with pytest.raises(CommandError, match="duplicate key"):
        run("import_bank", str(write(tmp_path, [a_question(), a_question(prompt="Басқа сұрақ?")])))


def test_import_of_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run("import_bank", str(tmp_path / "nope.json"))


def test_clean_article_check_passes_on_the_committed_text():
    assert "up to date" in run("clean_article", "--check")


def test_export_gift_then_import_changes_nothing(loaded, tmp_path):
    path = tmp_path / "bank.gift"
    err = StringIO()
    text = StringIO()
    call_command("export_bank", "--format", "gift", stdout=text, stderr=err)
    path.write_text(text.getvalue(), encoding="utf-8")
    assert "cannot express" in err.getvalue()  # date and order questions
    exported = text.getvalue().count("// quiz-meta:")
    skipped = Question.objects.filter(kind__in=["date", "order"]).count()
    assert exported == Question.objects.count() - skipped
    assert f"0 created, 0 updated, {exported} unchanged" in run("import_bank", str(path))


def test_import_gift_names_the_line_at_fault(loaded, tmp_path):
    path = tmp_path / "bad.gift"
    path.write_text("::ok::Сұрақ? {T}\n\n::bad::Эссе жазыңыз {}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 3"):
        run("import_bank", str(path))
    assert not Question.objects.filter(key__in=["ok", "bad"]).exists()
