"""Input sent to tie up or break the server: it gets a clear answer (a form
with the reason, 400 or 404), never a 500, never minutes of CPU, and changes
nothing. On SQLite and on PostgreSQL (CI runs this file on both)."""

from __future__ import annotations

import contextlib
import json
import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.formats import read_bank_file
from quizzes.formats.errors import FormatError
from quizzes.forms_teacher import QuestionForm
from quizzes.models import Attempt, AttemptItem, Question, QuestionSet
from tests.test_classrooms import new_set, question_post

FORM_LIMIT = 2_000_000  # what the import form takes


@contextlib.contextmanager
def finishes_within(seconds: int):
    """Fail the test if the block runs away. Not a speed target: the inputs
    below took minutes to hours before the parsers were rewritten, and take
    milliseconds now; the bound only turns a hang into a failure."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- 5. patterns that backtrack --------------------------------------------------------


@pytest.mark.parametrize("zeros", [40_000, FORM_LIMIT - 20])
def test_a_long_gift_year_tolerance_is_refused_at_once(zeros):
    text = "::t::Q {#1992:" + "0" * zeros + "1}"
    with finishes_within(10), pytest.raises(FormatError, match="line 1"):
        read_bank_file("set.gift", text)


def test_a_gift_year_without_a_tolerance_still_reads():
    (question,) = read_bank_file("set.gift", "::t::Q {#1992:0.00}")
    assert question["answer"] == 1992


def test_a_matching_pair_with_a_long_run_of_spaces_is_split_at_once(article):
    spaces = " " * 400_000
    form = QuestionForm(
        question_post("match", items=f"2-бап{spaces}кеңесу\n4-бап = агрессия"), kind="match"
    )
    with finishes_within(10):
        assert not form.is_valid()  # no separator on the first line: not a pair
    assert "«сол = оң»" in str(form.errors)
    form = QuestionForm(
        question_post("match", items=f"2-бап{spaces}={spaces}кеңесу\n4-бап->4"), kind="match"
    )
    with finishes_within(10):
        assert form.is_valid(), form.errors
    assert form.exchange()["pairs"] == [["2-бап", "кеңесу"], ["4-бап", "4"]]


# -- 6. values that broke a view -----------------------------------------------------


def test_a_non_numeric_question_id_added_to_a_set_is_404(teacher_client, bank):
    question_set = new_set(teacher_client)
    for value in ("abc", "1e3", "-1", "９", "1" * 40, ""):
        response = teacher_client.post(
            reverse("teacher_set_add", args=[question_set.pk]), {"question": value}
        )
        assert response.status_code == 404
    assert not question_set.fixed_questions.exists()


def test_a_tampered_set_on_a_new_question_saves_nothing(teacher_client, teacher, article):
    for value in ("abc", "99999999999999999999999"):
        response = teacher_client.post(
            reverse("teacher_question_new"), question_post("year", action="save", add_to_set=value)
        )
        assert response.status_code == 404
    assert not Question.objects.filter(owner=teacher).exists()


def test_another_teachers_set_on_a_new_question_saves_nothing(teacher_client, teacher, article):
    from tests.conftest import make_user

    other = QuestionSet.objects.create(key="other", title="Other", owner=make_user("x", "teacher"))
    response = teacher_client.post(
        reverse("teacher_question_new"), question_post("year", action="save", add_to_set=other.pk)
    )
    assert response.status_code == 404
    assert not Question.objects.filter(owner=teacher).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/class/99999999999999999999999/",
        "/attempt/99999999999999999999999/",
        "/attempt/1/q/99999999999999999999999/",
        "/teach/class/99999999999999999999999/",
        "/assignment/9223372036854775808/board/",
    ],
)
def test_an_id_too_large_for_the_database_is_404(student_client, teacher_client, path):
    assert student_client.get(path).status_code == 404


def _import(client, question_set, name, text):
    upload = SimpleUploadedFile(name, text.encode("utf-8"))
    return client.post(reverse("teacher_set_import", args=[question_set.pk]), {"file": upload})


def _question(**changes):
    return {
        "key": "q1",
        "kind": "year",
        "topic": "treaty",
        "difficulty": 1,
        "prompt": "Қай жылы?",
        "explanation": "Түсіндірме.",
        "source": [],
        "answer": 1992,
    } | changes


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "тым терең"),
        ("deep.json", json.dumps({"questions": [[[[[[[[[[[1]]]]]]]]]]]}), "тым терең"),
        ("kind.json", json.dumps({"questions": [_question(kind=[])]}), "Белгісіз түр"),
        ("kind.json", json.dumps({"questions": [_question(kind={"a": 1})]}), "Белгісіз түр"),
        ("topic.json", json.dumps({"questions": [_question(topic=["x"])]}), "Белгісіз тақырып"),
        ("bool.json", json.dumps({"questions": [_question(difficulty=True)]}), "Қиындық 1, 2"),
        ("big.json", '{"questions": [{"answer": ' + "9" * 5000 + "}]}", "тым ұзын"),
        ("big.json", '{"questions": [{"answer": 1' + "0" * 5000 + ".5}]}", "тым ұзын"),
        ("nan.json", '{"questions": [{"answer": NaN}]}', "NaN"),
        ("big.gift", "::t::Q {#" + "9" * 5000 + "}", "1-жол"),
        ("nul.json", json.dumps({"questions": [_question(prompt="Қай\u0000 жылы?")]}), "NUL"),
        ("nul.json", json.dumps({"questions": [_question(explanation="\u0000")]}), "NUL"),
        ("nul.gift", "::t::Қай\u0000 жылы? {#1992}", "NUL"),
        (
            "prompt.json",
            json.dumps({"questions": [_question(prompt=5, attribution="x")]}),
            "Сұрақ — ең көбі",
        ),
        (
            "attr.json",
            json.dumps({"questions": [_question(prompt="Ә" * 300, attribution="Ә" * 250)]}),
            "Кімнің пікірі",
        ),
    ],
)
def test_a_hostile_import_is_refused_with_a_reason_and_imports_nothing(
    teacher_client, teacher, article, name, text, said
):
    question_set = new_set(teacher_client)
    response = _import(teacher_client, question_set, name, text)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert not Question.objects.filter(owner=teacher).exists()
    assert not question_set.fixed_questions.exists()


def test_a_nul_byte_in_a_typed_answer_is_refused_and_stores_nothing(student_client, shipped_sets):
    student_client.post(reverse("quiz_start", args=["every-kind"]))
    attempt = Attempt.objects.get()
    item = attempt.items.get(snapshot__kind="text")
    response = student_client.post(
        reverse("attempt_question", args=[attempt.pk, item.position]),
        {"answer": "Ташкент\x00", "go": "next"},
    )
    assert response.status_code == 200
    assert "Жауапта" in response.content.decode()  # the reason, in Kazakh
    assert not AttemptItem.objects.exclude(answered_at=None).exists()


# -- any text, on every form that takes some -------------------------------------------

anything = st.one_of(
    st.text(max_size=300),
    st.text(st.sampled_from("\x00\x1b\u202e\ufeff ٠１=~#{}:->→\n"), max_size=50),
    st.sampled_from(["", "0", "-1", "1" * 30, "abc", "1992-05-15", "=1+2", "<script>"]),
)
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HYPOTHESIS
@given(text=st.one_of(st.text(max_size=2000), st.binary(max_size=2000).map(repr)))
def test_any_file_text_reads_as_questions_or_a_format_error(text):
    for name in ("set.json", "set.gift"):
        with contextlib.suppress(FormatError):
            read_bank_file(name, text)


@HYPOTHESIS
@given(
    text=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=20,
    ).map(lambda value: json.dumps({"questions": [value, _question() | {"kind": value}]}))
)
def test_any_json_import_is_imported_or_refused_whole(teacher_client, teacher, article, text):
    question_set = QuestionSet.objects.get_or_create(
        owner=teacher, key="hyp", defaults={"title": "Hyp"}
    )[0]
    before = Question.objects.count()
    response = _import(teacher_client, question_set, "set.json", text)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Question.objects.count() == before


FORMS = {
    "signup": lambda ids: (
        reverse("signup"),
        ["username", "password1", "password2", "invitation"],
    ),
    "login": lambda ids: (reverse("login"), ["username", "password"]),
    "join": lambda ids: (reverse("join"), ["code", "nickname"]),
    "card": lambda ids: (reverse("card_code"), ["class_code", "code"]),
    "pupils": lambda ids: (reverse("teacher_pupils_add", args=[ids["classroom"]]), ["names"]),
    "teacher": lambda ids: (reverse("become_teacher"), ["invitation"]),
    "classroom": lambda ids: (reverse("teacher_dashboard"), ["name"]),
    "set": lambda ids: (reverse("teacher_sets"), ["title", "description", "feedback"]),
    "question": lambda ids: (
        reverse("teacher_question_new"),
        ["kind", "topic", "difficulty", "prompt", "choices", "answer", "accepted", "items"]
        + ["explanation", "attribution", "source", "action", "add_to_set"],
    ),
    "pool": lambda ids: (reverse("teacher_pool_add", args=[ids["set"]]), ["count", "topic"]),
    "add": lambda ids: (reverse("teacher_set_add", args=[ids["set"]]), ["question"]),
    "assign": lambda ids: (
        reverse("teacher_assign", args=[ids["classroom"]]),
        ["question_set", "opens_at", "due_at", "attempts_allowed", "time_limit", "feedback"],
    ),
    "extension": lambda ids: (
        reverse("teacher_assignment", args=[ids["assignment"]]),
        ["student", "extra_minutes", "due_at"],
    ),
    "answer": lambda ids: (
        reverse("attempt_question", args=[ids["attempt"], ids["position"]]),
        ["answer", "choice", "item", "day", "month", "year", "match-0", "move", "go"],
    ),
}


@pytest.fixture
def world(teacher, student, member, assignment):
    from django.utils import timezone

    from quizzes.services.assignments import assignment_start

    attempt = assignment_start(assignment=assignment, student=student, now=timezone.now())
    question_set = QuestionSet.objects.create(owner=teacher, key="mine", title="Mine")
    return {
        "set": question_set.pk,
        "classroom": assignment.classroom_id,
        "assignment": assignment.pk,
        "attempt": attempt.pk,
        "position": attempt.items.get(snapshot__kind="text").position,
    }


@pytest.mark.parametrize("form", list(FORMS))
@HYPOTHESIS
@given(data=st.data())
def test_any_text_in_any_form_gets_an_answer_not_a_500(client, teacher, student, world, form, data):
    url, fields = FORMS[form](world)
    user = student if form in ("answer", "join", "teacher", "card") else teacher
    client.force_login(user)
    values = {name: data.draw(anything, label=name) for name in fields}
    response = client.post(url, values)  # an exception here would be a 500
    assert response.status_code < 500


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[" * 100_000 + "]" * 100_000, "nest"),
        (json.dumps({"questions": [_question(kind=[])]}), "unknown kind"),
        (json.dumps({"questions": [_question(prompt="Қай\u0000 жылы?")]}), "NUL"),
        (
            json.dumps(
                {"questions": [_question(kind="order", items=[str(n) for n in range(5000)])]}
            ),
            "more than 20",
        ),
    ],
)
def test_the_import_command_refuses_hostile_files_whole(bank, tmp_path, text, said):
    from django.core.management import CommandError, call_command

    path = tmp_path / "bank.json"
    path.write_text(text, encoding="utf-8")
    before = Question.objects.count()
    with pytest.raises(CommandError, match=said):
        call_command("import_bank", str(path))
    assert Question.objects.count() == before
