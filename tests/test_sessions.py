"""Sessions are signed cookies: nothing in one can be changed, a copied one
ends at logout and at a password change, and the question page's own reads
see exactly what the general ones do."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, Profile, QuestionSet
from quizzes.selectors.attempts import (
    attempt_for,
    attempt_on_page,
    attempt_sheet,
    visible_attempts,
)
from quizzes.services.attempts import attempt_answer, attempt_start
from tests.answers import right_form
from tests.conftest import make_user


def logged_in(username: str, password: str = "pass-word-123") -> Client:
    client = Client()
    assert (
        client.post(reverse("login"), {"username": username, "password": password}).status_code
        == 302
    )
    return client


def is_logged_in(client: Client) -> bool:
    return client.get(reverse("progress")).status_code == 200


def copy_of(client: Client) -> Client:
    """Another browser holding a copy of the same session cookie."""
    other = Client()
    other.cookies = client.cookies.__class__(client.cookies.output(header="").strip())
    return other


def test_no_session_row_is_written_or_read(student, db):
    from django.contrib.sessions.models import Session

    client = logged_in(student.username)
    assert is_logged_in(client)
    assert Session.objects.count() == 0


def test_a_copied_session_ends_at_logout(student):
    client = logged_in(student.username)
    copy = copy_of(client)
    assert is_logged_in(copy)
    client.post(reverse("logout"))
    assert not is_logged_in(client)
    assert not is_logged_in(copy)
    assert is_logged_in(logged_in(student.username))  # a new login works again


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(student):
    client, elsewhere = logged_in(student.username), logged_in(student.username)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pass-word-123",
            "new_password1": "Kokshetau-1992-new",
            "new_password2": "Kokshetau-1992-new",
        },
    )
    assert response.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(elsewhere)


def test_a_changed_cookie_is_nobody(student, other_student):
    client = logged_in(student.username)
    name = "sessionid"
    data = signing.loads(
        client.cookies[name].value,
        salt="django.contrib.sessions.backends.signed_cookies",
        serializer=signing.JSONSerializer,
    )
    data["_auth_user_id"] = str(other_student.pk)
    value = client.cookies[name].value
    payload, _, signature = value.rpartition(":")
    forged = signing.dumps(
        data, key="not the site's key", salt="django.contrib.sessions.backends.signed_cookies"
    )
    client.cookies[name] = forged
    assert not is_logged_in(client)
    client.cookies[name] = f"{payload}x:{signature}"
    assert not is_logged_in(client)


def test_an_account_without_a_profile_logs_in_and_out(db):
    admin = get_user_model().objects.create_superuser("root", password="pass-word-123")
    client = logged_in(admin.username)
    copy = copy_of(client)
    assert is_logged_in(client)
    client.post(reverse("logout"))
    assert not is_logged_in(copy)
    assert Profile.objects.get(user=admin).session_epoch == 1


def test_a_session_of_a_deactivated_account_ends(student):
    client = logged_in(student.username)
    type(student).objects.filter(pk=student.pk).update(is_active=False)
    assert not is_logged_in(client)


@pytest.fixture
def attempts(shipped_sets, student, other_student):
    every_kind = QuestionSet.objects.get(key="every-kind")
    now = timezone.now()
    return {
        "mine": attempt_start(question_set=every_kind, user=student, visitor_key="", now=now),
        "theirs": attempt_start(
            question_set=every_kind, user=other_student, visitor_key="", now=now
        ),
        "visitor": attempt_start(question_set=every_kind, user=None, visitor_key="v-1", now=now),
    }


@pytest.mark.parametrize("who", ["student", "other_student", "visitor", "stranger", "nobody"])
def test_the_question_page_sees_the_attempts_the_rule_lets_it_see(attempts, who, request):
    from django.contrib.auth.models import AnonymousUser

    user = request.getfixturevalue(who) if who.endswith("student") else AnonymousUser()
    key = {"visitor": "v-1", "stranger": "v-2"}.get(who, "")
    for attempt in Attempt.objects.all():
        visible = visible_attempts(user=user, visitor_key=key).filter(pk=attempt.pk).exists()
        for read in (attempt_for, attempt_on_page):
            if visible:
                assert read(user=user, visitor_key=key, pk=attempt.pk).pk == attempt.pk
            else:
                with pytest.raises(Http404):
                    read(user=user, visitor_key=key, pk=attempt.pk)


def test_the_question_page_gets_the_attempt_with_its_set_title(attempts, student):
    mine = attempt_on_page(user=student, visitor_key="", pk=attempts["mine"].pk)
    assert mine.set_title == attempts["mine"].question_set.title
    assert mine.is_open and mine.started_at == attempts["mine"].started_at


def test_the_sheet_maps_every_question_and_holds_the_ones_beside(attempts, student):
    attempt = attempts["mine"]
    item = attempt.items.get(position=2)
    attempt_answer(
        attempt=attempt, item=item, response=right_form_response(item), now=timezone.now()
    )
    sheet = attempt_sheet(attempt, around=2)
    assert sheet.total == attempt.items.count()
    assert [p for p, done in sheet.answered.items() if done] == [2]
    assert sorted(sheet.items) == [1, 2, 3]
    for position, got in sheet.items.items():
        stored = attempt.items.get(position=position)
        assert (got.snapshot, got.option_order, got.response, got.answered_at) == (
            stored.snapshot,
            stored.option_order,
            stored.response,
            stored.answered_at,
        )
    assert sorted(attempt_sheet(attempt, around=1).items) == [1, 2]


def right_form_response(item):
    from quizzes.core.responses import parse_form

    data = {k: v if isinstance(v, list) else [v] for k, v in right_form(item).items()}
    return parse_form(item.snapshot["kind"], item.snapshot, item.option_order, data)


def test_the_teacher_link_shows_from_the_profile_read_with_the_user(teacher):
    client = logged_in(teacher.username)
    assert reverse("teacher_dashboard") in client.get(reverse("quiz_list")).content.decode()
    make_user("pupil-nav")
    pupil = logged_in("pupil-nav")
    assert reverse("teacher_dashboard") not in pupil.get(reverse("quiz_list")).content.decode()
