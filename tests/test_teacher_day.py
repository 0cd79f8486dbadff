"""A teacher's day, as the walk through the app found it: mistakes that can
be corrected, every answer one click from the report, a set built in
minutes, and the pupils' side of it (retrying, joining)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.models import (
    Assignment,
    Attempt,
    Classroom,
    Membership,
    Question,
    QuestionSet,
    SetPool,
)
from quizzes.services.assignments import assignment_start
from quizzes.services.classrooms import join_signature
from tests.answers import finish_with


@pytest.fixture
def student_client_2(student):
    """The pupil in a client of their own, beside the teacher's."""
    client = Client()
    client.force_login(student)
    return client


# -- 5. the retry button of an assignment -----------------------------------------------


def _finished(student, assignment):
    return finish_with(
        assignment_start(assignment=assignment, student=student, now=timezone.now()), 1
    )


def test_retrying_an_assignment_starts_its_next_attempt(
    student_client, student, member, assignment
):
    attempt = _finished(student, assignment)
    html = student_client.get(reverse("attempt_review", args=[attempt.pk])).content.decode()
    retry = reverse("assignment_start", args=[assignment.pk])
    assert f'action="{retry}"' in html
    assert reverse("quiz_start", args=[assignment.question_set.key]) not in html
    response = student_client.post(retry)
    again = Attempt.objects.latest("started_at")
    assert again.pk != attempt.pk and again.assignment == assignment
    assert response["Location"] == reverse("attempt_resume", args=[again.pk])


def test_no_retry_button_when_no_attempt_is_left(student_client, student, member, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(attempts_allowed=1)
    attempt = _finished(student, assignment)
    html = student_client.get(reverse("attempt_review", args=[attempt.pk])).content.decode()
    assert "Жаңа сұрақтармен қайта тапсыру" not in html
    assert reverse("assignment_start", args=[assignment.pk]) not in html


def test_a_ready_set_retries_as_a_ready_set(student_client, shipped_sets):
    student_client.post(reverse("quiz_start", args=["every-kind"]))
    attempt = Attempt.objects.get()
    student_client.post(reverse("attempt_finish", args=[attempt.pk]))
    html = student_client.get(reverse("attempt_review", args=[attempt.pk])).content.decode()
    assert reverse("quiz_start", args=["every-kind"]) in html


# -- 6. joining ---------------------------------------------------------------------------


def test_the_join_link_is_signed_and_works_after_mistyped_codes(student_client, classroom):
    for _ in range(12):
        student_client.post(reverse("join"), {"code": "WRONGCOD", "nickname": "Аружан"})
    typed = student_client.post(reverse("join"), {"code": classroom.join_code, "nickname": "А"})
    assert typed.status_code == 429  # typed codes stay limited
    link = reverse("join_link", args=[classroom.join_code, join_signature(classroom.join_code)])
    page = student_client.get(link).content.decode()
    assert join_signature(classroom.join_code) in page
    response = student_client.post(
        reverse("join"),
        {
            "code": classroom.join_code,
            "signature": join_signature(classroom.join_code),
            "nickname": "Аружан",
        },
    )
    assert response.status_code == 302 and Membership.objects.filter(nickname="Аружан").exists()


def test_a_forged_signature_counts_as_a_typed_code(student_client, classroom):
    for _ in range(12):
        student_client.post(
            reverse("join"), {"code": "WRONGCOD", "signature": "forged", "nickname": "А"}
        )
    response = student_client.post(
        reverse("join"), {"code": classroom.join_code, "signature": "forged", "nickname": "А"}
    )
    assert response.status_code == 429 and not Membership.objects.exists()


def test_the_teachers_page_shows_the_signed_link(teacher_client, classroom):
    html = teacher_client.get(reverse("teacher_classroom", args=[classroom.pk])).content.decode()
    assert join_signature(classroom.join_code) in html


def test_the_join_link_keeps_its_code_through_signing_up(classroom, db):
    client = Client()
    link = reverse("join_link", args=[classroom.join_code, join_signature(classroom.join_code)])
    login_page = client.get(link, follow=True)
    html = login_page.content.decode()
    signup = login_page.context["signup_url"]
    assert (
        "next=" in signup and classroom.join_code in signup and signup in html.replace("&amp;", "&")
    )
    response = client.post(
        signup,
        {
            "username": "newpupil",
            "password1": "Kokshetau-1992",
            "password2": "Kokshetau-1992",
            "next": link,
        },
    )
    assert response["Location"] == link
    page = client.get(link).content.decode()
    assert f'value="{classroom.join_code}"' in page


def test_an_archived_classroom_takes_no_one(student_client, classroom):
    classroom.archived_at = timezone.now() - timedelta(days=1)
    classroom.save()
    response = student_client.post(
        reverse("join"), {"code": classroom.join_code, "nickname": "Аружан"}
    )
    assert response.status_code == 200 and not Membership.objects.exists()


# -- 1. correcting mistakes ----------------------------------------------------------------


def _board_rev(classroom):
    classroom.refresh_from_db()
    return classroom.board_rev


def test_editing_an_assignment_moves_the_deadline_of_attempts_under_way(
    teacher_client, student, member, assignment, classroom
):
    attempt = assignment_start(assignment=assignment, student=student, now=timezone.now())
    rev = _board_rev(classroom)
    later = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    response = teacher_client.post(
        reverse("teacher_assignment_edit", args=[assignment.pk]),
        {
            "question_set": assignment.question_set_id,
            "opens_at": timezone.localtime(assignment.opens_at).strftime("%Y-%m-%dT%H:%M"),
            "due_at": later.strftime("%Y-%m-%dT%H:%M"),
            "attempts_allowed": 3,
            "grading": "average",
            "time_limit": "",
            "feedback": "end",
            "shuffle": "on",
        },
    )
    assert response["Location"] == reverse("teacher_assignment", args=[assignment.pk])
    assignment.refresh_from_db()
    attempt.refresh_from_db()
    assert (assignment.attempts_allowed, assignment.grading) == (3, "average")
    assert assignment.due_at == later and attempt.deadline == later
    assert _board_rev(classroom) > rev
    page = teacher_client.get(reverse("teacher_assignment", args=[assignment.pk])).content
    assert "3" in page.decode() and later.strftime("%d.%m.%Y") in page.decode()


def test_the_assignment_page_shows_attempts_allowed_and_the_time_limit(teacher_client, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(attempts_allowed=2, time_limit=25)
    html = teacher_client.get(reverse("teacher_assignment", args=[assignment.pk])).content
    html = html.decode()
    assert "Рұқсат етілген талпыныс" in html and "25 мин" in html


def test_an_assignment_nobody_started_is_deleted(teacher_client, assignment, classroom):
    confirm = teacher_client.get(reverse("teacher_assignment_withdraw", args=[assignment.pk]))
    assert "жойылады" in confirm.content.decode()  # it says what will happen, in Kazakh
    teacher_client.post(reverse("teacher_assignment_withdraw", args=[assignment.pk]))
    assert not Assignment.objects.exists()


def test_an_assignment_with_attempts_is_archived_and_nothing_is_lost(
    teacher_client, student_client_2, student, member, assignment, classroom
):
    attempt = _finished(student, assignment)
    grade = assignment.results.get().grade
    teacher_client.post(reverse("teacher_assignment_withdraw", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.archived_at is not None
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and assignment.results.get().grade == grade
    home = student_client_2.get(reverse("home")).content.decode()
    assert reverse("assignment_start", args=[assignment.pk]) not in home
    refused = student_client_2.post(reverse("assignment_start", args=[assignment.pk]))
    assert refused.status_code == 403 and "кері қайтарып алды" in refused.content.decode()
    review = student_client_2.get(reverse("attempt_review", args=[attempt.pk]))
    assert review.status_code == 200
    report = teacher_client.get(reverse("teacher_assignment", args=[assignment.pk]))
    assert report.status_code == 200 and member.nickname in report.content.decode()
    teacher_client.post(reverse("teacher_assignment_restore", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.archived_at is None


def test_a_classroom_is_renamed_and_its_boards_follow(teacher_client, classroom):
    rev = _board_rev(classroom)
    teacher_client.post(reverse("teacher_classroom_edit", args=[classroom.pk]), {"name": "10 А"})
    classroom.refresh_from_db()
    assert classroom.name == "10 А" and classroom.board_rev > rev


def test_a_classroom_with_work_is_archived_not_deleted(
    teacher_client, student_client_2, student, member, assignment, classroom
):
    attempt = _finished(student, assignment)
    teacher_client.post(reverse("teacher_classroom_withdraw", args=[classroom.pk]))
    classroom.refresh_from_db()
    assert classroom.archived_at is not None
    assert Attempt.objects.filter(pk=attempt.pk).exists() and Membership.objects.exists()
    dashboard = teacher_client.get(reverse("teacher_dashboard")).content.decode()
    assert "мұрағат" in dashboard.lower()
    home = student_client_2.get(reverse("home")).content.decode()
    assert classroom.name not in home


def test_an_empty_classroom_is_deleted(teacher_client, classroom):
    teacher_client.post(reverse("teacher_classroom_withdraw", args=[classroom.pk]))
    assert not Classroom.objects.exists()


def test_a_set_in_use_is_archived_and_its_assignment_still_runs(
    teacher_client, teacher, student, member, classroom, bank
):
    question_set = QuestionSet.objects.create(owner=teacher, key="mine", title="Менің жинағым")
    SetPool.objects.create(question_set=question_set, count=2)
    assignment = Assignment.objects.create(
        classroom=classroom, question_set=question_set, opens_at=timezone.now()
    )
    teacher_client.post(reverse("teacher_set_withdraw", args=[question_set.pk]))
    question_set.refresh_from_db()
    assert question_set.archived_at is not None
    assert (
        question_set.title
        not in teacher_client.get(reverse("teacher_assign", args=[classroom.pk])).content.decode()
    )
    assert assignment_start(assignment=assignment, student=student, now=timezone.now())


def test_an_unused_set_is_deleted(teacher_client, teacher):
    question_set = QuestionSet.objects.create(owner=teacher, key="mine", title="Менің жинағым")
    teacher_client.post(reverse("teacher_set_withdraw", args=[question_set.pk]))
    assert not QuestionSet.objects.filter(pk=question_set.pk).exists()


def test_an_answered_question_is_archived_and_attempts_keep_it(
    teacher_client, teacher, student, member, classroom, article
):
    from quizzes.services.authoring import set_add_question

    question = Question.objects.create(
        key="t-q", kind="year", topic="treaty", difficulty=1, prompt="Қай жылы?",
        explanation="Түсіндірме.", answer={"answer": 1992}, owner=teacher,
    )  # fmt: skip
    question_set = QuestionSet.objects.create(owner=teacher, key="mine", title="Менің жинағым")
    set_add_question(question_set=question_set, question=question)
    assignment = Assignment.objects.create(
        classroom=classroom, question_set=question_set, opens_at=timezone.now()
    )
    attempt = _finished(student, assignment)
    teacher_client.post(reverse("teacher_question_withdraw", args=[question.pk]))
    question.refresh_from_db()
    assert question.archived_at is not None
    assert not question_set.fixed_questions.exists()
    assert attempt.items.get().snapshot["prompt"] == "Қай жылы?"
    sets_page = teacher_client.get(reverse("teacher_sets")).content.decode()
    assert "Қай жылы?" not in sets_page


def test_an_unanswered_question_is_deleted(teacher_client, teacher, article):
    question = Question.objects.create(
        key="t-q", kind="year", topic="treaty", difficulty=1, prompt="Қай жылы?",
        explanation="Түсіндірме.", answer={"answer": 1992}, owner=teacher,
    )  # fmt: skip
    teacher_client.post(reverse("teacher_question_withdraw", args=[question.pk]))
    assert not Question.objects.filter(pk=question.pk).exists()


# -- 2. the report: every answer one click away --------------------------------------------


def test_every_cell_of_the_grid_opens_that_answer(teacher_client, student, member, assignment):
    attempt = _finished(student, assignment)
    html = teacher_client.get(reverse("teacher_assignment", args=[assignment.pk])).content
    html = html.decode()
    for item in attempt.items.all():
        assert f"{reverse('teacher_attempt', args=[attempt.pk])}#q{item.position}" in html
    page = teacher_client.get(reverse("teacher_attempt", args=[attempt.pk])).content.decode()
    assert member.nickname in page and "Оқушының жауабы" in page
    for item in attempt.items.all():
        assert f'id="q{item.position}"' in page


def test_another_teacher_cannot_open_a_pupils_attempt(client, student, member, assignment):
    from tests.conftest import make_user

    attempt = _finished(student, assignment)
    client.force_login(make_user("other", role="teacher"))
    assert client.get(reverse("teacher_attempt", args=[attempt.pk])).status_code == 404


def test_columns_carry_the_question_and_the_statistics_share_their_numbers(
    teacher_client, student, member, assignment
):
    import re

    attempt = _finished(student, assignment)
    html = teacher_client.get(reverse("teacher_assignment", args=[assignment.pk])).content
    html = html.decode()
    heads = re.findall(
        r'href="#stat-(\d+)" class="question-link">.*?<span class="full" lang="kk">(.*?)</span>',
        html,
        flags=re.S,
    )
    cards = dict(
        re.findall(
            r'id="stat-(\d+)">\s*<h3><span class="number">\d+\.</span> '
            r'<span lang="kk">(.*?)</span>',
            html,
        )
    )
    assert len(heads) == attempt.items.count() == len(cards)
    for number, prompt in heads:
        assert cards[number] == prompt  # the same question under the same number


def test_the_heatmap_shows_only_paragraphs_with_answers(
    teacher_client, student, member, assignment
):
    _finished(student, assignment)
    html = teacher_client.get(reverse("teacher_assignment", args=[assignment.pk])).content
    assert "жауап жоқ" not in html.decode()


def test_extensions_name_pupils_by_their_class_nickname(
    teacher_client, student, member, assignment
):
    from quizzes.services.assignments import extension_set

    extension_set(assignment=assignment, student=student, extra_minutes=5, due_at=None)
    html = teacher_client.get(reverse("teacher_assignment", args=[assignment.pk])).content
    html = html.decode()
    assert f"{member.nickname}: +5" in html and f">{member.nickname}</option>" in html
    assert f"{student.username}: +5" not in html


# -- 3. building a set from the bank -------------------------------------------------------


def _new_set(client, title="Менің тестім"):
    client.post(reverse("teacher_sets"), {"title": title, "feedback": "end", "shuffle": "on"})
    return QuestionSet.objects.get(title=title)


def test_adding_from_the_bank_with_htmx_changes_no_page(teacher_client, bank):
    question_set = _new_set(teacher_client)
    question = Question.objects.filter(owner=None).first()
    response = teacher_client.post(
        reverse("teacher_set_add", args=[question_set.pk]),
        {"question": question.pk, "back": reverse("teacher_set", args=[question_set.pk])},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="bank-q-{question.pk}"' in html and "Жинаққа қосылды" in html
    assert 'id="set-questions"' in html and 'hx-swap-oob="true"' in html
    assert question_set.fixed_questions.get().question == question


def test_adding_without_javascript_keeps_the_search_filters_and_page(teacher_client, bank):
    question_set = _new_set(teacher_client)
    here = reverse("teacher_set", args=[question_set.pk]) + "?bank-topic=treaty&bank-q=&page=2"
    question = Question.objects.filter(owner=None, topic="treaty").first()
    response = teacher_client.post(
        reverse("teacher_set_add", args=[question_set.pk]),
        {"question": question.pk, "back": here},
    )
    assert response["Location"] == here + "#bank"
    response = teacher_client.post(
        reverse("teacher_set_add", args=[question_set.pk]),
        {"question": question.pk, "back": "https://elsewhere.example/"},
    )
    assert response["Location"].startswith(reverse("teacher_set", args=[question_set.pk]))


def test_the_bank_comes_in_pages_with_each_answer_to_preview(teacher_client, bank):
    question_set = _new_set(teacher_client)
    url = reverse("teacher_set", args=[question_set.pk])
    first = teacher_client.get(url).content.decode()
    total = Question.objects.filter(owner=None).count()
    assert f"{total} сұрақ табылды" in first
    assert first.count('class="bank-item"') == 20
    last = teacher_client.get(url, {"page": (total + 19) // 20}).content.decode()
    assert last.count('class="bank-item"') == total - 20 * ((total - 1) // 20)
    single = Question.objects.filter(owner=None, kind="single").order_by("topic", "pk").first()
    right = next(c["text"] for c in single.answer["choices"] if c["correct"])
    page = teacher_client.get(url, {"bank-kind": "single"}).content.decode()
    assert f"<strong>✓ {right}</strong>" in page


def test_the_bank_search_ignores_case_and_script(teacher_client, bank):
    question_set = _new_set(teacher_client)
    url = reverse("teacher_set", args=[question_set.pk])
    lower = teacher_client.get(url, {"bank-q": "ташкент"}).content.decode()
    latin = teacher_client.get(url, {"bank-q": "TAŞKENT"}).content.decode()
    upper = teacher_client.get(url, {"bank-q": "ТАШКЕНТ"}).content.decode()
    assert "0 сұрақ табылды" not in lower and 'class="bank-item"' in lower
    assert lower.count('class="bank-item"') == latin.count('class="bank-item"')
    assert lower.count('class="bank-item"') == upper.count('class="bank-item"')


def test_the_two_filter_forms_have_distinct_ids(teacher_client, bank):
    import re
    from collections import Counter

    question_set = _new_set(teacher_client)
    html = teacher_client.get(reverse("teacher_set", args=[question_set.pk])).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert not [i for i, n in ids.items() if n > 1]
    assert 'for="id_bank-topic"' in html and 'for="id_pool-topic"' in html


# -- 4. export and import that say what they do --------------------------------------------


def _with_everything(client, bank):
    question_set = _new_set(client)
    for kind in ("single", "date", "order"):
        question = Question.objects.filter(owner=None, kind=kind).first()
        client.post(reverse("teacher_set_add", args=[question_set.pk]), {"question": question.pk})
    client.post(
        reverse("teacher_pool_add", args=[question_set.pk]),
        {"pool-count": 3, "pool-topic": "threats"},
    )
    return question_set


def test_gift_export_says_what_it_leaves_out(teacher_client, bank):
    question_set = _with_everything(teacher_client, bank)
    page = teacher_client.get(reverse("teacher_set", args=[question_set.pk])).content.decode()
    assert "GIFT мыналарды қамтымайды" in page and "кездейсоқ топ" in page
    gift = teacher_client.get(
        reverse("teacher_set_export", args=[question_set.pk]), {"format": "gift"}
    ).content.decode()
    assert gift.startswith("// GIFT мыналарды қамтымайды")


def test_json_export_carries_the_pools_and_imports_back_without_copies(
    teacher_client, teacher, bank
):
    import io
    import json

    question_set = _with_everything(teacher_client, bank)
    exported = teacher_client.get(
        reverse("teacher_set_export", args=[question_set.pk]), {"format": "json"}
    )
    document = json.loads(exported.content)
    assert document["pools"] == [{"count": 3, "topic": "threats", "kind": "", "difficulty": None}]
    target = _new_set(teacher_client, "Көшірме")
    upload = io.BytesIO(exported.content)
    upload.name = "set.json"
    response = teacher_client.post(
        reverse("teacher_set_import", args=[target.pk]), {"file": upload}, follow=True
    )
    assert "көшірілмеді" in response.content.decode()
    assert not Question.objects.filter(owner=teacher).exists()  # the bank's, not copies
    assert target.fixed_questions.count() == 3 and target.pools.count() == 1
    # A teacher's own question imported twice is one question.
    own = _new_set(teacher_client, "Өзімдікі")
    mine = dict(document["questions"][0], key="my-own", prompt="Менің сұрағым?")
    for _ in range(2):
        upload = io.BytesIO(json.dumps({"questions": [mine]}).encode())
        upload.name = "mine.json"
        teacher_client.post(reverse("teacher_set_import", args=[own.pk]), {"file": upload})
    assert Question.objects.filter(owner=teacher).count() == 1


# -- 6. the question form asks for one kind -------------------------------------------------


def test_the_question_form_asks_for_the_kind_first(teacher_client, article):
    html = teacher_client.get(reverse("teacher_question_new")).content.decode()
    assert "Алдымен сұрақтың түрін таңдаңыз" in html and 'name="prompt"' not in html


def test_the_question_form_shows_the_chosen_kinds_fields_only(teacher_client, article):
    html = teacher_client.get(reverse("teacher_question_new"), {"kind": "year"}).content
    html = html.decode()
    assert 'name="answer"' in html
    for name in ("choices", "items", "accepted", "truth"):
        assert f'name="{name}"' not in html
    html = teacher_client.get(reverse("teacher_question_new"), {"kind": "true_false"}).content
    html = html.decode()
    assert 'type="radio" name="truth" value="true"' in html and 'name="answer"' not in html


def test_a_true_false_answer_is_chosen_not_typed(teacher_client, teacher, article):
    from tests.test_classrooms import question_post

    teacher_client.post(
        reverse("teacher_question_new"),
        question_post("true_false", action="save", truth="false"),
    )
    assert Question.objects.get(owner=teacher).answer == {"answer": False}
