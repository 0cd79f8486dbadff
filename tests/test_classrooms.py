from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.core.codes import ALPHABET, LENGTH, display_code
from quizzes.models import (
    Assignment,
    AssignmentResult,
    Attempt,
    Classroom,
    Extension,
    Membership,
    Question,
    QuestionSet,
)
from quizzes.services.assignments import assignment_start
from quizzes.services.attempts import practice_start
from quizzes.services.bank import shipped_sets
from quizzes.services.classrooms import classroom_create, membership_remove
from quizzes.services.sets import shipped_sets_load
from tests.answers import finish_with
from tests.conftest import make_user

# -- classrooms and joining ---------------------------------------------------


def join(client, classroom, nickname, code=None):
    return client.post(reverse("join"), {"code": code or classroom.join_code, "nickname": nickname})


def test_a_teacher_creates_a_classroom_with_an_unambiguous_code(teacher_client):
    response = teacher_client.post(reverse("teacher_dashboard"), {"name": "10 «Б»"})
    classroom = Classroom.objects.get()
    assert response["Location"] == reverse("teacher_classroom", args=[classroom.pk])
    assert len(classroom.join_code) == LENGTH and set(classroom.join_code) <= set(ALPHABET)
    assert not set("0O1IL5S2Z8BUV") & set(ALPHABET)


def test_codes_differ_between_classrooms(teacher):
    codes = {classroom_create(teacher=teacher, name=str(i)).join_code for i in range(30)}
    assert len(codes) == 30


def test_the_classroom_page_shows_the_code_and_join_link(teacher_client, classroom):
    html = teacher_client.get(reverse("teacher_classroom", args=[classroom.pk])).content.decode()
    assert display_code(classroom.join_code) in html
    assert f"/join/{classroom.join_code}/" in html


def test_a_pupil_joins_with_the_code_as_typed(student_client, classroom):
    typed = display_code(classroom.join_code).lower()
    response = join(student_client, classroom, "Аружан Т.", code=typed)
    assert response["Location"] == reverse("classroom_boards", args=[classroom.pk])
    assert Membership.objects.get(classroom=classroom).nickname == "Аружан Т."


def test_the_join_link_fills_in_the_code(student_client, classroom):
    html = student_client.get(reverse("join_code", args=[classroom.join_code])).content.decode()
    assert f'value="{classroom.join_code}"' in html


@pytest.mark.parametrize(
    ("code", "nickname", "message"),
    [("WRONGCODE", "Аружан", "Бұл кодпен сынып жоқ"), (None, "  ", "Бұл өрісті толтыру міндетті")],
)
def test_a_bad_join_changes_nothing(student_client, classroom, code, nickname, message):
    response = join(student_client, classroom, nickname, code=code)
    assert message in response.content.decode()
    assert not Membership.objects.exists()


def test_a_nickname_is_unique_within_a_class(client, classroom, student, other_student):
    Membership.objects.create(classroom=classroom, student=student, nickname="Дана")
    client.force_login(other_student)
    response = join(client, classroom, "Дана")
    assert "бұл атты қолданып" in response.content.decode()
    assert Membership.objects.count() == 1


def test_join_attempts_are_rate_limited(student_client, classroom):
    for _ in range(10):
        join(student_client, classroom, "Аружан", code="AAAAAAAA")
    response = join(student_client, classroom, "Аружан")
    assert response.status_code == 429
    assert "Тым көп" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_teacher_removes_a_pupil(teacher_client, classroom, member):
    teacher_client.post(reverse("teacher_remove_member", args=[classroom.pk, member.student_id]))
    assert not Membership.objects.exists()


def test_a_new_code_retires_the_old_one(teacher_client, student, classroom):
    old = classroom.join_code
    teacher_client.post(reverse("teacher_regenerate", args=[classroom.pk]))
    classroom.refresh_from_db()
    assert classroom.join_code != old
    pupil = Client()
    pupil.force_login(student)
    assert "Бұл кодпен сынып жоқ" in join(pupil, classroom, "А", code=old).content.decode()


# -- assignments ---------------------------------------------------------------


def test_a_teacher_assigns_a_set(teacher_client, classroom, shipped_sets):
    question_set = QuestionSet.objects.get(key="full-test")
    response = teacher_client.post(
        reverse("teacher_assign", args=[classroom.pk]),
        {
            "question_set": question_set.pk,
            "opens_at": "2026-11-25T08:00",
            "due_at": "2026-11-30T18:00",
            "attempts_allowed": 3,
            "grading": "average",
            "time_limit": 15,
            "feedback": "after_due",
            "shuffle": "on",
        },
    )
    assignment = Assignment.objects.get()
    assert response["Location"] == reverse("teacher_assignment", args=[assignment.pk])
    assert (assignment.attempts_allowed, assignment.grading, assignment.time_limit) == (
        3,
        "average",
        15,
    )


def test_a_due_date_before_the_opening_is_refused(teacher_client, classroom, shipped_sets):
    response = teacher_client.post(
        reverse("teacher_assign", args=[classroom.pk]),
        {
            "question_set": QuestionSet.objects.first().pk,
            "opens_at": "2026-11-25T08:00",
            "due_at": "2026-11-24T08:00",
            "attempts_allowed": 1,
            "grading": "highest",
            "feedback": "end",
        },
    )
    assert response.status_code == 200
    assert not Assignment.objects.exists()


def test_pupils_see_their_assignments_on_the_home_page(student_client, member, assignment):
    html = student_client.get(reverse("home")).content.decode()
    assert "Сұрақ түрлерімен танысу" in html
    assert reverse("assignment_start", args=[assignment.pk]) in html


def test_starting_an_assignment_makes_an_attempt_under_its_rules(
    student_client, member, assignment
):
    response = student_client.post(reverse("assignment_start", args=[assignment.pk]))
    attempt = Attempt.objects.get()
    assert response["Location"] == reverse("attempt_resume", args=[attempt.pk])
    assert attempt.assignment == assignment and attempt.feedback == "end"


def test_starting_again_resumes_the_open_attempt(student, member, assignment):
    first = assignment_start(assignment=assignment, student=student, now=timezone.now())
    again = assignment_start(assignment=assignment, student=student, now=timezone.now())
    assert first.pk == again.pk


def test_the_attempt_limit_is_enforced(student_client, student, member, assignment):
    for _ in range(2):
        finish_with(assignment_start(assignment=assignment, student=student, now=timezone.now()), 0)
    response = student_client.post(reverse("assignment_start", args=[assignment.pk]))
    assert response.status_code == 403
    assert Attempt.objects.count() == 2


def test_an_assignment_cannot_start_before_it_opens_or_after_it_is_due(
    student_client, member, assignment
):
    Assignment.objects.filter(pk=assignment.pk).update(opens_at=timezone.now() + timedelta(days=1))
    assert student_client.post(reverse("assignment_start", args=[assignment.pk])).status_code == 403
    Assignment.objects.filter(pk=assignment.pk).update(
        opens_at=timezone.now() - timedelta(days=3), due_at=timezone.now() - timedelta(days=1)
    )
    assert student_client.post(reverse("assignment_start", args=[assignment.pk])).status_code == 403
    assert not Attempt.objects.exists()


def test_an_extension_lets_one_pupil_start_after_the_due_date(student, member, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assignment.refresh_from_db()
    Extension.objects.create(
        assignment=assignment, student=student, due_at=timezone.now() + timedelta(days=1)
    )
    assert assignment_start(assignment=assignment, student=student, now=timezone.now())


def test_extra_minutes_lengthen_the_time_limit(student, member, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(time_limit=10)
    assignment.refresh_from_db()
    Extension.objects.create(assignment=assignment, student=student, extra_minutes=5)
    now = timezone.now()
    attempt = assignment_start(assignment=assignment, student=student, now=now)
    assert attempt.deadline - now == timedelta(minutes=15)


@pytest.mark.parametrize(
    ("grading", "expected"),
    [("highest", 6 / 8), ("last", 2 / 8), ("first", 6 / 8), ("average", 4 / 8)],
)
def test_the_grade_follows_the_grading_method(student, member, assignment, grading, expected):
    Assignment.objects.filter(pk=assignment.pk).update(grading=grading, attempts_allowed=0)
    assignment.refresh_from_db()
    for right in (6, 2):
        finish_with(
            assignment_start(assignment=assignment, student=student, now=timezone.now()), right
        )
    result = AssignmentResult.objects.get(assignment=assignment, student=student)
    assert result.grade == pytest.approx(expected) and result.attempts == 2


def test_answers_after_the_due_date_feedback_stay_hidden_until_then(
    student_client, student, member, assignment
):
    Assignment.objects.filter(pk=assignment.pk).update(feedback="after_due")
    assignment.refresh_from_db()
    attempt = finish_with(
        assignment_start(assignment=assignment, student=student, now=timezone.now()), 1
    )
    html = student_client.get(reverse("attempt_review", args=[attempt.pk])).content.decode()
    explanation = attempt.items.get(position=1).snapshot["explanation"]
    assert explanation not in html
    assert "мерзімінен кейін" in html
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    html = student_client.get(reverse("attempt_review", args=[attempt.pk])).content.decode()
    assert explanation in html


# -- leaderboards ----------------------------------------------------------------


def populate(classroom, assignment, scores):
    """Pupils with the given numbers of right answers, in order of finishing."""
    pupils = []
    for index, right in enumerate(scores):
        pupil = make_user(f"pupil{index}")
        Membership.objects.create(classroom=classroom, student=pupil, nickname=f"Оқушы {index:02d}")
        finish_with(
            assignment_start(assignment=assignment, student=pupil, now=timezone.now()), right
        )
        pupils.append(pupil)
    return pupils


def test_the_assignment_board_ranks_by_grade_then_earlier_completion(client, classroom, assignment):
    pupils = populate(classroom, assignment, [4, 8, 4])
    client.force_login(pupils[0])
    html = client.get(reverse("assignment_board", args=[assignment.pk])).content.decode()
    order = [html.index(f"Оқушы {i:02d}") for i in (1, 0, 2)]
    assert order == sorted(order)


def test_a_pupil_sees_their_own_row_outside_the_top_ten(client, classroom, assignment):
    pupils = populate(classroom, assignment, [8] * 11 + [0])
    client.force_login(pupils[-1])
    html = client.get(reverse("classroom_boards", args=[classroom.pk])).content.decode()
    first_board = html[html.index('<table class="board">') : html.index("</table>")]
    assert "Оқушы 09" in first_board and "Оқушы 10" not in first_board
    me = first_board[first_board.index('class="gap"') :]
    assert "Оқушы 11" in me and 'class="is-me"' in me


def test_names_on_the_board_are_nicknames_not_usernames(client, classroom, assignment):
    pupils = populate(classroom, assignment, [3])
    client.force_login(pupils[0])
    html = client.get(reverse("classroom_boards", args=[classroom.pk])).content.decode()
    assert "Оқушы 00" in html and "pupil0" not in html.split("<main")[1].split("</main>")[0]


def test_a_hidden_board_shows_pupils_nothing(teacher_client, classroom, assignment):
    pupils = populate(classroom, assignment, [3])
    teacher_client.post(reverse("teacher_board", args=[classroom.pk]), {"visible": "0"})
    client = Client()
    client.force_login(pupils[0])
    html = client.get(reverse("classroom_boards", args=[classroom.pk])).content.decode()
    assert "жасырған" in html and "Оқушы 00" not in html


def test_polling_an_unchanged_board_answers_304(
    client, classroom, assignment, django_assert_max_num_queries
):
    pupils = populate(classroom, assignment, [3, 5])
    client.force_login(pupils[0])
    url = reverse("classroom_boards", args=[classroom.pk])
    first = client.get(url, HTTP_HX_REQUEST="true")
    assert first.status_code == 200 and "<html" not in first.content.decode()
    with django_assert_max_num_queries(8):
        again = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    finish_with(assignment_start(assignment=assignment, student=pupils[0], now=timezone.now()), 8)
    changed = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def _new_member(classroom, assignment):
    late = Client()
    late.force_login(make_user("late"))
    assert join(late, classroom, "Кеш").status_code == 302


def _member_left(classroom, assignment):
    pupil = Membership.objects.filter(classroom=classroom).order_by("pk").last().student_id
    membership_remove(classroom=classroom, student_id=pupil)


def _new_assignment(classroom, assignment):
    teacher = Client()
    teacher.force_login(classroom.teacher)
    opens = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = teacher.post(
        reverse("teacher_assign", args=[classroom.pk]),
        {
            "question_set": assignment.question_set_id,
            "opens_at": opens,
            "attempts_allowed": 1,
            "grading": "highest",
            "feedback": "end",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _another_finishes(classroom, assignment):
    pupil = Membership.objects.filter(classroom=classroom).order_by("pk").last().student
    finish_with(assignment_start(assignment=assignment, student=pupil, now=timezone.now()), 8)


def _practice(classroom, assignment):
    pupil = Membership.objects.filter(classroom=classroom).order_by("pk").first().student
    attempt = practice_start(user=pupil, now=timezone.now() + timedelta(days=3))
    assert attempt is not None  # the questions missed are due by then
    finish_with(attempt, 1)


def _hidden(classroom, assignment):
    teacher = Client()
    teacher.force_login(classroom.teacher)
    teacher.post(reverse("teacher_board", args=[classroom.pk]), {"visible": "0"})


def _retitled(classroom, assignment):
    sets = shipped_sets()
    for data in sets:
        if data["key"] == assignment.question_set.key:
            data["title"] = "Жаңа атау"
    shipped_sets_load(sets=sets)


@pytest.mark.parametrize(
    "change",
    [
        _new_member,
        _member_left,
        _new_assignment,
        _another_finishes,
        _practice,
        _hidden,
        _retitled,
    ],
)
def test_every_change_that_shows_on_a_board_changes_its_version(
    client, classroom, assignment, change
):
    """The boards are kept in the cache under their version: every write
    that would show on them must give a new one, or pupils would see an old
    board. Each change here goes through the app's own path for it."""
    pupils = populate(classroom, assignment, [3, 5])
    client.force_login(pupils[0])
    url = reverse("classroom_boards", args=[classroom.pk])
    etag = client.get(url, HTTP_HX_REQUEST="true")["ETag"]
    change(classroom, assignment)
    assert client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_poll_with_nothing_changed_keeps_its_version(client, classroom, assignment):
    pupils = populate(classroom, assignment, [3, 5])
    client.force_login(pupils[0])
    url = reverse("classroom_boards", args=[classroom.pk])
    etag = client.get(url, HTTP_HX_REQUEST="true")["ETag"]
    start = assignment_start(assignment=assignment, student=pupils[1], now=timezone.now())
    assert start.is_open  # an attempt begun is not on any board yet
    assert client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_another_classrooms_pupil_gets_404_from_its_boards(client, classroom, assignment):
    populate(classroom, assignment, [3])
    client.force_login(make_user("stranger"))
    url = reverse("classroom_boards", args=[classroom.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404


def test_the_mastery_board_counts_questions_answered_right(client, classroom, assignment):
    pupils = populate(classroom, assignment, [2, 7])
    client.force_login(pupils[0])
    html = client.get(reverse("classroom_boards", args=[classroom.pk])).content.decode()
    mastery = html[html.index("Меңгеру") :]
    assert mastery.index("Оқушы 01") < mastery.index("Оқушы 00")


# -- reports ----------------------------------------------------------------------


def test_the_report_shows_the_grid_stats_and_heatmap(teacher_client, classroom, assignment):
    populate(classroom, assignment, [8, 4, 0, 6])
    html = teacher_client.get(reverse("teacher_assignment", args=[assignment.pk])).content.decode()
    assert html.count('class="num cell-right"') > 0 and "Оқушы 03" in html
    assert "Жеңілдік" in html and "Айырымдылық" in html
    assert 'class="heat-' in html


def test_grades_export_as_csv(teacher_client, classroom, assignment):
    populate(classroom, assignment, [8, 4])
    response = teacher_client.get(reverse("teacher_csv", args=[assignment.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["name", "username", "attempts", "grade_percent", "last_finished"]
    assert rows[1][:4] == ["Оқушы 00", "pupil0", "1", "100"]
    assert rows[2][:4] == ["Оқушы 01", "pupil1", "1", "50"]


def test_a_nickname_cannot_become_a_spreadsheet_formula(
    teacher_client, classroom, assignment, student
):
    Membership.objects.create(classroom=classroom, student=student, nickname="=HYPERLINK(1)")
    response = teacher_client.get(reverse("teacher_csv", args=[assignment.pk]))
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_question_stats_count_facility_and_options():
    from quizzes.core.stats import discrimination, facility

    assert facility([1, 0, 1, 0.5]) == pytest.approx(0.625)
    assert discrimination([(0.9, 1), (0.8, 1), (0.2, 0), (0.1, 0)]) == pytest.approx(1)
    assert discrimination([(0.9, 1), (0.1, 1)]) is None


# -- authoring ------------------------------------------------------------------


def new_set(client, title="Менің тестім"):
    client.post(reverse("teacher_sets"), {"title": title, "feedback": "end", "shuffle": "on"})
    return QuestionSet.objects.get(title=title)


QUESTIONS = {
    "single": {"choices": "* Ташкент\nМинск\nКиев"},
    "multiple": {"choices": "* Армения\n* Ресей\nУкраина\nГрузия"},
    "true_false": {"truth": "true"},
    "year": {"answer": "1992"},
    "date": {"answer": "1992-05-15"},
    "text": {"answer": "Ташкент", "accepted": "Ташкент қаласы"},
    "order": {"items": "Беловеж келісімі\nАлматы\nТашкент"},
    "match": {"items": "2-бап = кеңесу\n4-бап = агрессия"},
}


def question_post(kind, **extra):
    return {
        "kind": kind,
        "topic": "treaty",
        "difficulty": 2,
        "prompt": f"Сынақ сұрағы ({kind})?",
        "explanation": "Түсіндірме.",
        **QUESTIONS[kind],
        **extra,
    }


@pytest.mark.parametrize("kind", list(QUESTIONS))
def test_a_teacher_writes_a_question_of_each_kind_into_a_set(
    teacher_client, teacher, article, kind
):
    question_set = new_set(teacher_client)
    data = question_post(kind, action="save", add_to_set=question_set.pk)
    response = teacher_client.post(reverse("teacher_question_new"), data)
    assert response["Location"] == reverse("teacher_set", args=[question_set.pk])
    question = Question.objects.get(owner=teacher)
    assert question.kind == kind
    assert question_set.fixed_questions.get().question == question


@pytest.mark.parametrize("kind", list(QUESTIONS))
def test_the_preview_shows_the_question_as_pupils_see_it(teacher_client, article, kind):
    response = teacher_client.post(
        reverse("teacher_question_new"), question_post(kind, action="preview")
    )
    html = response.content.decode()
    assert f"Сынақ сұрағы ({kind})?" in html and 'class="question"' in html
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "single", "choices": "Ташкент\nМинск"}, "бір ғана дұрыс нұсқа"),
        ({"kind": "year", "answer": "биыл"}, "Жауап жыл болуы керек"),
        ({"kind": "order", "items": "бір"}, "кемінде 3 керек"),
        ({"kind": "match", "items": "2-бап кеңесу\n4-бап"}, "«сол = оң» түрінде"),
        ({"attribution": "Л. Ивашовтың айтуынша"}, "кімнің пікірі туралы"),
    ],
)
def test_an_invalid_question_re_renders_with_the_reason(teacher_client, article, change, message):
    data = question_post(change.get("kind", "text"), action="save") | change
    response = teacher_client.post(reverse("teacher_question_new"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Question.objects.exists()


def test_a_teacher_question_can_cite_a_sentence(teacher_client, teacher, article):
    from quizzes.models import Sentence

    sentence = Sentence.objects.get(anchor="p7-s1")
    teacher_client.post(
        reverse("teacher_question_new"), question_post("year", action="save", source=sentence.pk)
    )
    assert Question.objects.get(owner=teacher).sources.get() == sentence


def test_a_set_takes_bank_questions_and_pools(teacher_client, bank):
    question_set = new_set(teacher_client)
    bank_question = Question.objects.filter(owner=None).first()
    teacher_client.post(
        reverse("teacher_set_add", args=[question_set.pk]), {"question": bank_question.pk}
    )
    teacher_client.post(
        reverse("teacher_pool_add", args=[question_set.pk]),
        {"pool-count": 5, "pool-topic": "threats"},
    )
    assert question_set.question_count() == 6


def test_the_bank_browser_filters_and_searches(teacher_client, bank):
    question_set = new_set(teacher_client)
    html = teacher_client.get(
        reverse("teacher_set", args=[question_set.pk]), {"bank-topic": "people", "bank-q": "Ивашов"}
    ).content.decode()
    assert "Ивашов" in html
    assert "Ресейлік кейбір әскери мамандардың айтуынша" not in html


def test_a_set_exports_and_imports_as_json_all_or_nothing(teacher_client, teacher, bank):
    source = new_set(teacher_client, "Бастапқы")
    for question in Question.objects.filter(owner=None, kind="single")[:3]:
        teacher_client.post(reverse("teacher_set_add", args=[source.pk]), {"question": question.pk})
    exported = teacher_client.get(
        reverse("teacher_set_export", args=[source.pk]), {"format": "json"}
    )
    target = new_set(teacher_client, "Көшірме")
    upload = io.BytesIO(exported.content)
    upload.name = "set.json"
    teacher_client.post(reverse("teacher_set_import", args=[target.pk]), {"file": upload})
    assert target.fixed_questions.count() == 3
    broken = json.loads(exported.content)
    broken["questions"][1]["choices"] = []
    upload = io.BytesIO(json.dumps(broken).encode())
    upload.name = "bad.json"
    response = teacher_client.post(
        reverse("teacher_set_import", args=[target.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert "Жауап нұсқалары: кемінде 2 керек" in response.content.decode()
    assert target.fixed_questions.count() == 3


def test_a_set_exports_as_gift(teacher_client, bank):
    question_set = new_set(teacher_client)
    question = Question.objects.filter(owner=None, kind="true_false").first()
    teacher_client.post(
        reverse("teacher_set_add", args=[question_set.pk]), {"question": question.pk}
    )
    text = teacher_client.get(
        reverse("teacher_set_export", args=[question_set.pk]), {"format": "gift"}
    )
    assert f"::{question.key}::" in text.content.decode()


def test_teacher_questions_stay_out_of_the_bank_export(teacher_client, teacher, bank):
    from quizzes.selectors.bank import bank_export

    teacher_client.post(reverse("teacher_question_new"), question_post("year", action="save"))
    assert all(not q["key"].startswith(f"t{teacher.pk}-") for q in bank_export())


def test_a_teacher_gives_a_pupil_an_extension(teacher_client, student, member, assignment):
    response = teacher_client.post(
        reverse("teacher_assignment", args=[assignment.pk]),
        {"student": student.pk, "extra_minutes": 10, "due_at": ""},
    )
    assert response["Location"] == reverse("teacher_assignment", args=[assignment.pk])
    extension = Extension.objects.get()
    assert (extension.student, extension.extra_minutes, extension.due_at) == (student, 10, None)


def test_an_extension_is_only_for_pupils_of_the_class(
    teacher_client, other_student, member, assignment
):
    response = teacher_client.post(
        reverse("teacher_assignment", args=[assignment.pk]),
        {"student": other_student.pk, "extra_minutes": 10},
    )
    assert response.status_code == 200
    assert not Extension.objects.exists()
