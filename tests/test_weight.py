"""What a pupil's phone downloads: the first load of a question page at most
60 KB compressed in all, a question swapped by htmx at most 6 KB."""

from __future__ import annotations

import gzip
import re

from django.contrib.staticfiles import finders
from django.urls import reverse

from quizzes.models import Attempt


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def test_a_question_page_and_its_assets_weigh_under_60_kb(student_client, shipped_sets):
    student_client.post(reverse("quiz_start", args=["every-kind"]))
    attempt = Attempt.objects.get()
    html = student_client.get(reverse("attempt_question", args=[attempt.pk, 1])).content
    assets = re.findall(rb'(?:src|href)="/static/([^"]+)"', html)
    assert {b"quizzes/site.css", b"django_htmx/htmx-2.min.js", b"quizzes/quiz.js"} <= set(assets)
    total = compressed(html)
    for asset in assets:
        with open(finders.find(asset.decode()), "rb") as file:
            total += compressed(file.read())
    assert total <= 60 * 1024, total


def test_a_question_swap_weighs_under_6_kb(student_client, shipped_sets):
    student_client.post(reverse("quiz_start", args=["every-kind"]))
    attempt = Attempt.objects.get()
    for position in range(1, 9):
        url = reverse("attempt_question", args=[attempt.pk, position])
        fragment = student_client.get(url, HTTP_HX_REQUEST="true").content
        assert b"<html" not in fragment
        assert compressed(fragment) <= 6 * 1024, (position, compressed(fragment))
