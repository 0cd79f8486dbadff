from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from quizzes.models import AssignmentResult, Classroom, Membership


def test_the_demo_is_refused_under_production_settings(shipped_sets, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert not Classroom.objects.exists()


def test_the_demo_fills_a_classroom_with_results_once(shipped_sets, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=StringIO())
    assert "demo-teacher" in out.getvalue() and "demo-pass-2026" in out.getvalue()
    assert Classroom.objects.count() == 1
    assert Membership.objects.count() == 6
    assert AssignmentResult.objects.count() == 6
