"""Teacher accounts are granted, never taken: by a site administrator, or
with a school's teacher invitation code that an administrator made."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quizzes.core.codes import display_code
from quizzes.models import Profile, TeacherInvitation
from quizzes.services.accounts import teacher_invitation_create

PASSWORD = "Kokshetau-1992"


def signup(client, username, **extra):
    data = {"username": username, "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post(reverse("signup"), data)


def role_of(username):
    return Profile.objects.get(user__username=username).role


def test_asking_for_the_teachers_role_at_signup_makes_a_pupil(client, bank):
    response = signup(client, "clever", role="teacher")
    assert response.status_code == 302 and role_of("clever") == "student"
    page = client.get(reverse("teacher_sets"))
    assert page.status_code == 403
    html = page.content.decode()
    assert "Мұғалімнің шақыру коды" in html  # where a real teacher goes on, in Kazakh
    assert "Forbidden" not in html


def test_a_pupil_cannot_export_the_bank(client, bank):
    signup(client, "clever", role="teacher")
    assert client.post(reverse("teacher_sets"), {"title": "Бәрі"}).status_code == 403
    assert client.get(reverse("teacher_question_new")).status_code == 403


def test_a_school_invitation_makes_a_teachers_account(client, db):
    invitation = teacher_invitation_create(note="№ 12 мектеп", uses=2)
    response = signup(client, "gulnara", invitation=display_code(invitation.code).lower())
    assert response["Location"] == reverse("teacher_dashboard")
    assert role_of("gulnara") == "teacher"
    invitation.refresh_from_db()
    assert invitation.uses_left == 1


@pytest.mark.parametrize("state", ["unknown", "used_up", "expired"])
def test_a_bad_invitation_is_refused_and_makes_no_account(client, db, state):
    invitation = teacher_invitation_create(uses=1)
    if state == "used_up":
        TeacherInvitation.objects.update(uses_left=0)
    if state == "expired":
        TeacherInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    code = "ACDEACDEACDE" if state == "unknown" else invitation.code
    response = signup(client, "gulnara", invitation=code)
    assert response.status_code == 200
    assert "шақыру коды жарамсыз" in response.content.decode()
    assert not get_user_model().objects.filter(username="gulnara").exists()


def test_a_pupils_account_becomes_a_teachers_with_the_code(client, student):
    invitation = teacher_invitation_create()
    client.force_login(student)
    response = client.post(reverse("become_teacher"), {"invitation": invitation.code})
    assert response["Location"] == reverse("teacher_dashboard")
    assert role_of(student.username) == "teacher"


def test_invitation_codes_cannot_be_guessed_at_speed(client, student):
    client.force_login(student)
    for _ in range(10):
        client.post(reverse("become_teacher"), {"invitation": "ACDEACDEACDE"})
    invitation = teacher_invitation_create()
    response = client.post(reverse("become_teacher"), {"invitation": invitation.code})
    assert response.status_code == 429 and role_of(student.username) == "student"


def test_an_administrator_grants_and_takes_back_the_role(student, capsys):
    call_command("grant_teacher", student.username)
    assert role_of(student.username) == "teacher"
    call_command("grant_teacher", student.username, "--revoke")
    assert role_of(student.username) == "student"


def test_an_administrator_makes_an_invitation_from_the_command_line(client, db, capsys):
    call_command("teacher_invitation", "--uses", "5", "--note", "№ 12 мектеп")
    code = capsys.readouterr().out.strip()
    assert TeacherInvitation.objects.get().uses_left == 5
    signup(client, "gulnara", invitation=code)
    assert role_of("gulnara") == "teacher"


def test_an_administrator_changes_a_role_in_the_admin(client, student):
    admin = get_user_model().objects.create_superuser("director", password=PASSWORD)
    client.force_login(admin)
    profile = student.profile
    url = reverse("admin:quizzes_profile_change", args=[profile.pk])
    response = client.post(url, {"user": student.pk, "role": "teacher", "extra_time_percent": 0})
    assert response.status_code == 302 and role_of(student.username) == "teacher"


def test_the_admin_draws_the_code_of_a_new_invitation(client, db):
    admin = get_user_model().objects.create_superuser("director", password=PASSWORD)
    client.force_login(admin)
    response = client.post(
        reverse("admin:quizzes_teacherinvitation_add"), {"note": "Мектеп", "uses_left": 3}
    )
    assert response.status_code == 302
    invitation = TeacherInvitation.objects.get()
    assert len(invitation.code) == 12 and invitation.uses_left == 3
