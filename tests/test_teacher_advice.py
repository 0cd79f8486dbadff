"""What a teacher is told: two enemies in one set, and how a question of their
own is written (the cues it gives, its negatives, its options)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizzes.models import Question, QuestionSet
from tests.conftest import make_user


@pytest.fixture
def teacher_client(client, bank):
    client.force_login(make_user("mugalim", role="teacher"))
    return client


@pytest.fixture
def own_set(teacher_client):
    teacher_client.post(reverse("teacher_sets"), {"title": "Жинақ", "feedback": "end"})
    return QuestionSet.objects.get(title="Жинақ")


def add(client, question_set, key):
    question = Question.objects.get(key=key)
    return client.post(
        reverse("teacher_set_add", args=[question_set.pk]), {"question": question.pk}, follow=True
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_adding_a_question_of_the_same_fact_as_one_in_the_set_is_explained(teacher_client, own_set):
    add(teacher_client, own_set, "criticism-experts-no-result")
    response = add(teacher_client, own_set, "criticism-experts-reasons-order")
    [message] = messages_of(response)
    assert "бір фактіні тексереді" in message and "біреуі ғана түседі" in message
    assert message in response.content.decode()


def test_adding_a_question_that_shows_another_s_answer_names_the_answer(teacher_client, own_set):
    add(teacher_client, own_set, "reforms-illegal-migration")
    response = add(teacher_client, own_set, "reforms-two-coordination-councils")
    [message] = messages_of(response)
    assert "«заңсыз көші-қон»" in message and "көрініп тұр" in message


def test_adding_a_question_with_no_enemy_in_the_set_says_nothing(teacher_client, own_set):
    add(teacher_client, own_set, "criticism-experts-no-result")
    assert messages_of(add(teacher_client, own_set, "treaty-term")) == []


def test_the_message_is_in_the_teacher_s_language(teacher_client, own_set):
    teacher_client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    add(teacher_client, own_set, "criticism-experts-no-result")
    [message] = messages_of(add(teacher_client, own_set, "criticism-experts-reasons-order"))
    assert "проверяют один и тот же факт" in message


def own_question(client, question_set=None, **fields):
    data = {
        "kind": "single",
        "topic": "treaty",
        "difficulty": 2,
        "prompt": "Сынақ сұрағы?",
        "choices": "* Бірінші жауап\nЕкінші жауап\nҮшінші жауап",
        "explanation": "Түсіндірме.",
        "action": "save",
        **fields,
    }
    if question_set is not None:
        data["add_to_set"] = question_set.pk
    return client.post(reverse("teacher_question_new"), data, follow=True)


def test_an_own_question_that_shows_a_bank_answer_becomes_its_enemy(teacher_client):
    response = own_question(teacher_client, prompt="Ташкентте қабылданған құжат қалай аталады?")
    question = Question.objects.get(owner__isnull=False)
    assert Question.objects.get(key="event-cst-tashkent-place") in question.enemies.all()
    assert any("«Ташкент»" in m and "Сіздің сұрағыңызда" in m for m in messages_of(response))


def test_an_own_question_whose_answer_the_bank_shows_becomes_its_enemy(teacher_client):
    response = own_question(
        teacher_client,
        kind="text",
        choices="",
        prompt="ТМД-ның құқықтық негізі қай қалада қаланды?",
        answer="Алматы",
    )
    question = Question.objects.get(owner__isnull=False)
    assert Question.objects.get(key="event-cis-almaty-place") in question.enemies.all()
    assert any("сіздің сұрағыңыздың жауабы – «Алматы»" in m for m in messages_of(response))


def test_a_clash_told_as_a_cue_is_not_told_again_for_the_set(teacher_client, own_set):
    add(teacher_client, own_set, "event-cst-tashkent-place")
    response = own_question(
        teacher_client, own_set, prompt="Ташкентте қабылданған құжат қалай аталады?"
    )
    assert len([m for m in messages_of(response) if "«Ташкент»" in m]) == 1


def test_an_unmarked_negative_stem_is_pointed_out(teacher_client):
    response = own_question(teacher_client, prompt="Кездесуге қай мемлекет қатыспады?")
    assert any("**қатыспады**" in m for m in messages_of(response))
    marked = own_question(teacher_client, prompt="Кездесуге қай мемлекет **қатыспады**?")
    assert not any("**" in m for m in messages_of(marked))


def test_absolute_words_only_in_wrong_options_are_pointed_out(teacher_client):
    response = own_question(
        teacher_client, choices="* Маңызды мәселелер\nТек ядролық мәселелер\nТек шекара"
    )
    assert any("«тек»" in m for m in messages_of(response))


def test_a_right_option_longer_than_every_other_is_pointed_out(teacher_client):
    response = own_question(teacher_client, choices="* Өте ұзын дұрыс жауап\nҚысқа\nОрта жауап")
    assert any("ең ұзын" in m for m in messages_of(response))


def test_a_teacher_s_text_in_a_message_is_escaped(teacher_client):
    response = own_question(teacher_client, prompt="<b>Кездесуге</b> қай мемлекет қатыспады?")
    html = response.content.decode()
    assert "<b>Кездесуге</b>" not in html


def test_imported_questions_are_checked_for_cues_too(teacher_client, own_set):
    import io
    import json

    questions = [
        {
            "key": "mine",
            "kind": "text",
            "topic": "treaty",
            "difficulty": 1,
            # Its stem gives the year another question asks for.
            "prompt": "1996 жылы Ауғанстандағы жағдайды талқылаған кездесу қай қалада өтті?",
            "explanation": "Алматыда.",
            "source": [],
            "answer": "Алматы",
        }
    ]
    upload = io.BytesIO(json.dumps({"questions": questions}, ensure_ascii=False).encode())
    upload.name = "mine.json"
    teacher_client.post(reverse("teacher_set_import", args=[own_set.pk]), {"file": upload})
    imported = Question.objects.get(owner__isnull=False)
    assert Question.objects.get(key="event-almaty-afghanistan-year") in imported.enemies.all()
