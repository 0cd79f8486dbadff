"""``**...**`` in a question's text is bold on every page, and nothing else in
the text becomes markup."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from quizzes.core.emphasis import split_emphasis, strip_emphasis
from quizzes.models import Question, QuestionSet
from quizzes.services.attempts import attempt_finish, attempt_start
from quizzes.services.authoring import set_add_question
from tests.conftest import make_user

PROMPT = "Киевтегі кездесуге қай мемлекет **қатыспады**?"


def render(text: str, filter_name: str = "emphasis") -> str:
    template = Template("{% load quiz_text %}{{ text|" + filter_name + " }}")
    return template.render(Context({"text": text}))


def test_the_marker_becomes_strong():
    assert render(PROMPT) == "Киевтегі кездесуге қай мемлекет <strong>қатыспады</strong>?"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "<script>alert(1)</script> **емес**",
            "&lt;script&gt;alert(1)&lt;/script&gt; <strong>емес</strong>",
        ),
        ("**<b>жоқ</b>**", "<strong>&lt;b&gt;жоқ&lt;/b&gt;</strong>"),
        ('**" onmouseover="x**', "<strong>&quot; onmouseover=&quot;x</strong>"),
        ("a ** b ** c", "a ** b ** c"),  # markers hug a word
        ("**емес", "**емес"),  # unmatched
        ("2 ** 3 = 8", "2 ** 3 = 8"),
    ],
)
def test_everything_but_the_marker_is_escaped(text, html):
    assert render(text) == html


@given(st.text(max_size=80))
def test_no_text_ever_opens_a_tag_other_than_strong(text):
    html = render(text).replace("<strong>", "").replace("</strong>", "")
    assert "<" not in html


@given(st.text(max_size=80))
def test_stripping_the_markers_keeps_every_other_character(text):
    assert strip_emphasis(text) == "".join(part for part, _ in split_emphasis(text))


@given(st.text(alphabet="абвгғдеәіқңөұүһ ", min_size=1, max_size=30).map(str.strip).filter(bool))
def test_a_marked_word_is_emphasised_and_stripped_to_itself(words):
    assert split_emphasis(f"**{words}**") == [(words, True)]
    assert strip_emphasis(f"сөз **{words}** сөз") == f"сөз {words} сөз"


def test_the_plain_filter_drops_the_markers():
    assert render(PROMPT, "plain") == "Киевтегі кездесуге қай мемлекет қатыспады?"


@pytest.fixture
def negative_question(article):
    return Question.objects.create(
        key="negative-stem",
        kind="true_false",
        topic="treaty",
        difficulty=1,
        prompt="Беларусь келісім-шартқа **қатыспады** <em>ма</em>?",
        explanation="Мақалада Беларусьтің қатысуы тиімді болғаны айтылады.",
        answer={"answer": False},
    )


def test_the_quiz_and_the_review_show_the_negative_in_bold(client, student, negative_question):
    question_set = QuestionSet.objects.create(key="neg", title="Болымсыз", open_to_visitors=True)
    set_add_question(question_set=question_set, question=negative_question)
    attempt = attempt_start(
        question_set=question_set, user=student, visitor_key="", now=timezone.now()
    )
    client.force_login(student)
    page = client.get(reverse("attempt_question", args=[attempt.pk, 1])).content.decode()
    assert "<strong>қатыспады</strong> &lt;em&gt;ма&lt;/em&gt;?" in page
    attempt_finish(attempt=attempt, now=timezone.now())
    review = client.get(reverse("attempt_review", args=[attempt.pk])).content.decode()
    assert "<strong>қатыспады</strong>" in review


def test_the_teacher_s_set_page_shows_the_negative_in_bold(client, negative_question):
    teacher = make_user("teacher", role="teacher")
    question_set = QuestionSet.objects.create(key="t-neg", title="Жинақ", owner=teacher)
    set_add_question(question_set=question_set, question=negative_question)
    client.force_login(teacher)
    page = client.get(reverse("teacher_set", args=[question_set.pk])).content.decode()
    assert "<strong>қатыспады</strong>" in page
    assert "**" not in page


def test_the_question_map_escapes_its_words_and_marks_each_link():
    from quizzes.selectors.attempts import MapEntry
    from quizzes.templatetags.quiz_text import question_map_links

    entries = [
        MapEntry(position=1, url="/attempt/7/q/1/", answered=True, current=False),
        MapEntry(position=2, url="/attempt/7/q/2/", answered=False, current=True),
    ]
    html = str(question_map_links(entries, "<b>Сұрақ</b>", "жауап & берілді"))
    assert "<b>" not in html and "&lt;b&gt;Сұрақ&lt;/b&gt;" in html
    assert html.count("<li>") == 2
    assert '<a href="/attempt/7/q/1/" class="is-answered">' in html
    assert "(жауап &amp; берілді)" in html
    assert '<a href="/attempt/7/q/2/" aria-current="step">' in html
