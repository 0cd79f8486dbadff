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


def test_kazakh_comes_first_whatever_the_browser_asks_for(client, db):
    html = client.get(
        reverse("home"), HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.8"
    ).content.decode()
    assert '<html lang="kk">' in html


def test_an_unknown_language_cookie_falls_back_to_kazakh(client, db):
    client.cookies["django_language"] = "xx"
    assert '<html lang="kk">' in client.get(reverse("home")).content.decode()
