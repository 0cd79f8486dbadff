"""Demo people and results, so a newcomer sees filled boards and reports at
once. Created only with DEBUG on: never under production settings."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from quizzes.core.grading import key_response
from quizzes.models import Assignment, Classroom, Membership, Profile, QuestionSet

from .assignments import assignment_start
from .attempts import attempt_answer, attempt_finish
from .classrooms import classroom_create

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 (printed for the newcomer; DEBUG only)
TEACHER = "demo-teacher"
STUDENTS = [
    ("demo-aruzhan", "Аружан Т."),
    ("demo-dauren", "Дәурен Қ."),
    ("demo-zhanna", "Жанна С."),
    ("demo-nurlan", "Нұрлан Б."),
    ("demo-saule", "Сәуле М."),
    ("demo-erlan", "Ерлан А."),
]


class DemoRefused(Exception):
    """Demo accounts are never made with DEBUG off."""


def _user(username: str, role: str) -> Any:
    user = get_user_model().objects.create_user(username=username, password=DEMO_PASSWORD)
    Profile.objects.create(user=user, role=role)
    return user


@transaction.atomic
def demo_create(*, now: datetime, seed: int = 1992) -> Classroom:
    """The demo teacher, classroom, pupils and finished attempts (idempotent)."""
    if not settings.DEBUG:
        raise DemoRefused("demo data needs DJANGO_DEBUG=1")
    existing = Classroom.objects.filter(teacher__username=TEACHER).first()
    if existing:
        return existing
    rng = random.Random(seed)
    teacher = _user(TEACHER, "teacher")
    classroom = classroom_create(teacher=teacher, name="9 «Ә» сынып (демо)")
    assignment = Assignment.objects.create(
        classroom=classroom,
        question_set=QuestionSet.objects.get(key="topic-treaty"),
        opens_at=now - timedelta(days=3),
        due_at=now + timedelta(days=4),
        attempts_allowed=3,
        feedback=Assignment.Feedback.END,
    )
    Assignment.objects.create(
        classroom=classroom,
        question_set=QuestionSet.objects.get(key="every-kind"),
        opens_at=now - timedelta(days=1),
        due_at=now + timedelta(days=7),
        attempts_allowed=2,
    )
    for index, (username, nickname) in enumerate(STUDENTS):
        student = _user(username, "student")
        Membership.objects.create(classroom=classroom, student=student, nickname=nickname)
        skill = 0.35 + 0.1 * index
        for _ in range(rng.randint(1, 2)):
            started = now - timedelta(days=rng.randint(0, 2), minutes=rng.randint(5, 600))
            attempt = assignment_start(assignment=assignment, student=student, now=started)
            for item in attempt.items.all():
                if rng.random() < skill:
                    response = key_response(item.snapshot["kind"], item.snapshot)
                    attempt_answer(attempt=attempt, item=item, response=response, now=started)
            attempt_finish(attempt=attempt, now=started + timedelta(minutes=rng.randint(4, 12)))
    return classroom
