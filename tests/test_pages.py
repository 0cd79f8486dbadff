from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.fixture
def kk(client):
    client.cookies["django_language"] = "kk"
    return client


def test_home_speaks_kazakh_by_default(client, bank):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="kk">' in html
    assert "Ұжымдық қауіпсіздік келісім-шарты және ҰҚШҰ" in html
    assert "Мақаланы оқу" in html


def test_home_counts_questions_by_topic(client, bank):
    html = client.get(reverse("home")).content.decode()
    assert "Сын мен пікірлер" in html
    assert "Мақала бойынша" in html


@pytest.mark.parametrize(
    ("language", "phrase"), [("ru", "Читать статью"), ("en", "Read the article")]
)
def test_the_language_switch_changes_the_interface(client, bank, language, phrase):
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    assert phrase in client.get(reverse("home")).content.decode()


def test_the_article_page_shows_every_sentence_with_its_anchor(client, article):
    html = client.get(reverse("article")).content.decode()
    assert 'id="p1-s1"' in html and 'id="p25-s2"' in html
    assert "Ташкент қаласында" in html
    assert "<mark" not in html


def test_the_article_page_highlights_the_linked_sentence(client, article):
    html = client.get(reverse("article"), {"highlight": "p7-s1"}).content.decode()
    assert '<mark id="p7-s1" class="sentence">1992 жылдың 15 мамырында' in html
    assert html.count("<mark") == 1


def test_a_tampered_highlight_is_ignored_and_escaped(client, article):
    response = client.get(reverse("article"), {"highlight": '"><script>alert(1)</script>'})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    assert "<mark" not in response.content.decode()


def test_a_sentence_links_to_its_highlighted_place(article):
    from quizzes.models import Sentence

    assert (
        Sentence.objects.get(anchor="p7-s1").get_absolute_url() == "/article/?highlight=p7-s1#p7-s1"
    )


def test_healthz_answers_ok_without_a_session(client, db):
    response = client.get("/healthz")
    assert response.content == b"ok"
    assert "Set-Cookie" not in response.headers


def test_post_to_a_page_is_refused(client, db):
    assert client.post(reverse("home")).status_code == 405


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_our_catalogues_are_complete(language):
    """Every string of ours has a Kazakh and a Russian translation, none fuzzy."""
    import subprocess

    from django.conf import settings

    po = settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_kazakh_glues_no_case_ending_to_a_number():
    """A case ending after a number depends on how the number is said
    («2-сіне», «3-іне», «6-сына»): one fixed ending is wrong for most
    numbers, so the Kazakh catalogue writes none. What may follow a number
    and a hyphen is an ordinal's noun («5-сұрақ», «3-жол»), nothing else."""
    import re

    from django.conf import settings

    po = settings.BASE_DIR / "locale" / "kk" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    glued = re.findall(r"%\(\w+\)s-(\w+)", text) + re.findall(r"\{\{ ?\w+ ?\}\}-(\w+)", text)
    nouns = ("сұрақ", "жол", "орын", "топ", "бет")
    assert [w for w in glued if not w.startswith(nouns)] == []


def test_kazakh_comes_first_whatever_the_browser_asks_for(client, db):
    html = client.get(
        reverse("home"), HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.8"
    ).content.decode()
    assert '<html lang="kk">' in html


def test_an_unknown_language_cookie_falls_back_to_kazakh(client, db):
    client.cookies["django_language"] = "xx"
    assert '<html lang="kk">' in client.get(reverse("home")).content.decode()


def test_a_missing_page_answers_in_kazakh_in_the_sites_layout(client, db):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Бет табылмады" in html and 'class="site-header"' in html
    assert "Not Found" not in html


def test_an_expired_form_answers_in_kazakh(db):
    from django.test import Client

    checked = Client(enforce_csrf_checks=True)
    response = checked.post(reverse("login"), {"username": "a", "password": "b"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Форманың мерзімі өтті" in html and "Forbidden" not in html


def test_a_server_error_answers_in_the_chosen_language(db):
    from unittest import mock

    from django.test import Client

    visitor = Client(raise_request_exception=False)
    visitor.cookies["django_language"] = "ru"
    with mock.patch("quizzes.views.pages.bank_summary", side_effect=RuntimeError("boom")):
        response = visitor.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "У нас что-то пошло не так" in html and "Server Error" not in html
