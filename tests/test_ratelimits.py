"""Rate limits that hold: counted exactly, keyed the way login reads names,
on every login form, per address only for what the account's limit let
through, and the address a trusted proxy names."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Classroom, Membership
from quizzes.services.ratelimit import rate_limit_hit
from tests.conftest import make_user

PASSWORD = "pass-word-123"


def login(client, username, password="wrong", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


# -- 7. the key is the account as login reads it -----------------------------------------


def test_full_width_letters_count_as_the_same_account(client, student):
    """``ａｒｕｚｈａｎ`` logs in as ``aruzhan`` (Unicode NFKC): its tries are hers."""
    assert login(client, "ａｒｕｚｈａｎ", PASSWORD).status_code == 302  # the same account
    client.post(reverse("logout"))
    for name in ["ａｒｕｚｈａｎ", "ARUZHAN", "Aruzhan", "aruzhan "] * 3:
        login(client, name)
    assert login(client, "aruzhan", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_rate_limited_too(client, db):
    get_user_model().objects.create_superuser("director", password=PASSWORD)
    url = reverse("admin:login")
    for _ in range(10):
        client.post(url, {"username": "director", "password": "wrong"})
    response = client.post(url, {"username": "director", "password": PASSWORD})
    assert "Тым көп талпыныс" in response.content.decode()
    assert "_auth_user_id" not in client.session


# -- 8. one account cannot lock a school out ------------------------------------------------


def test_refused_tries_do_not_count_against_the_address(client, student, other_student, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    for _ in range(650):  # someone hammers one pupil's account from the school's address
        login(client, "aruzhan")
    assert login(client, "dauren", PASSWORD).status_code == 302  # a classmate still gets in


def test_a_class_logging_in_together_costs_its_address_nothing(db, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    for n in range(12):
        make_user(f"pupil{n}")
        assert login(Client(), f"pupil{n}", PASSWORD).status_code == 302


def test_too_many_wrong_passwords_from_one_address_are_stopped(db, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    for n in range(6):
        make_user(f"pupil{n}")
    for n in range(5):
        login(Client(), f"pupil{n}")
    assert login(Client(), "pupil5", PASSWORD).status_code == 429


def test_a_refused_login_does_not_check_the_password(client, student):
    with mock.patch.object(auth_forms, "authenticate", wraps=auth_forms.authenticate) as checked:
        for _ in range(25):
            login(client, "aruzhan")
    assert checked.call_count == 10  # the limit, then no more hashing


def test_refused_joins_do_not_count_against_the_address(student, other_student, teacher, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    classroom = Classroom.objects.create(teacher=teacher, name="9А", join_code="ACDEFGHJ")
    hammering, classmate = Client(), Client()
    hammering.force_login(student)
    classmate.force_login(other_student)
    for _ in range(650):
        hammering.post(reverse("join"), {"code": "WRONGCOD", "nickname": "А"})
    response = classmate.post(reverse("join"), {"code": classroom.join_code, "nickname": "Дәурен"})
    assert response.status_code == 302
    assert Membership.objects.filter(student=other_student).exists()


# -- the address behind a reverse proxy --------------------------------------------------


def test_behind_a_trusted_proxy_each_pupil_has_their_own_address(db, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    make_user("pupil")
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(3):
        login(Client(), f"nobody{n}", HTTP_X_FORWARDED_FOR="10.0.0.66", **proxy)
    refused = login(Client(), "pupil", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.66", **proxy)
    assert refused.status_code == 429
    allowed = login(Client(), "pupil", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.7", **proxy)
    assert allowed.status_code == 302


def test_without_the_setting_the_forwarded_header_is_ignored(db, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    make_user("pupil")
    for n in range(3):
        login(Client(), f"nobody{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = login(Client(), "pupil", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429  # one address, whatever the header claims


def test_a_forged_entry_before_the_proxys_own_is_not_believed(db, settings):
    from django.test import RequestFactory

    from quizzes.http import client_address

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.7"
    )
    assert client_address(request) == "10.0.0.7"
    garbled = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="nonsense")
    assert client_address(garbled) == "127.0.0.1"


# -- 9. the counter counts exactly, in a fixed window --------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_tries_are_all_counted():
    from quizzes.models import RateCounter

    threads, each = 16, 45
    barrier = threading.Barrier(threads)

    def hammer():
        barrier.wait()
        try:
            for _ in range(each):
                rate_limit_hit(scope="t", key="victim", limit=10, window=900)
        finally:
            connection.close()

    workers = [threading.Thread(target=hammer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert RateCounter.objects.get().count == threads * each


def test_the_window_is_fixed_from_the_first_try(db):
    from quizzes.models import RateCounter

    start = timezone.now()
    rate_limit_hit(scope="t", key="k", limit=10, window=900)
    ends = RateCounter.objects.get().expires_at
    assert timedelta(seconds=899) < ends - start < timedelta(seconds=901)
    for _ in range(5):
        rate_limit_hit(scope="t", key="k", limit=10, window=900)
    counter = RateCounter.objects.get()
    assert counter.expires_at == ends and counter.count == 6


def test_a_new_window_starts_when_the_old_one_ended(db):
    from quizzes.models import RateCounter

    for _ in range(11):
        allowed = rate_limit_hit(scope="t", key="k", limit=10, window=900)
    assert not allowed
    RateCounter.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert rate_limit_hit(scope="t", key="k", limit=10, window=900)
    assert RateCounter.objects.get().count == 1


# -- 12. sign-up and the language cookie ------------------------------------------------------


def test_signup_is_rate_limited_per_address(client, db):
    from quizzes.services.accounts import SIGNUPS_PER_ADDRESS

    for n in range(SIGNUPS_PER_ADDRESS):
        client.post(reverse("signup"), {"username": f"a{n}", "password1": "x", "password2": "y"})
    response = client.post(
        reverse("signup"),
        {"username": "late", "password1": "Kokshetau-1992", "password2": "Kokshetau-1992"},
    )
    assert response.status_code == 429 and "Тым көп талпыныс" in response.content.decode()
    assert not get_user_model().objects.filter(username="late").exists()


def test_the_language_cookie_is_secure_with_https(settings):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quizsite.settings",
        "DJANGO_SECURE": "1",
        "DJANGO_SECRET_KEY": "k" * 50,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "from django.conf import settings; "
        "print(settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True"]
