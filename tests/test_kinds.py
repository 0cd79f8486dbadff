"""One home per kind of question: every kind's rules in its module, its
fields in its own template, and nothing else switching on the kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import get_template

from quizzes.core.kinds import REGISTRY, Kind, QuestionKind, kind_template

ROOT = Path(__file__).resolve().parent.parent


def test_every_kind_has_its_module_and_its_rules():
    assert set(REGISTRY) == set(Kind)
    for kind, rules in REGISTRY.items():
        assert isinstance(rules, QuestionKind) and rules.kind is kind
        assert rules.label and rules.answer_fields and rules.teacher_fields
        overridden = {"validate", "key", "grade", "parse", "from_teacher", "to_teacher"}
        for name in overridden:
            assert getattr(type(rules), name) is not getattr(QuestionKind, name), (kind, name)


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("part", ["input", "answer"])
def test_every_kind_has_its_input_and_answer_partials(kind, part):
    assert get_template(kind_template(kind, part))


def test_no_code_outside_the_kinds_switches_on_a_kind():
    """A ninth kind touches its module and its template: the app's other code
    asks the kind's rules instead of naming kinds."""
    switch = re.compile(
        r"""(==|!=|\bin)\s*\(?\s*(Kind\.[A-Z_]+|["'](single|multiple|true_false|year|date|order|match|text)["'])"""
    )
    allowed = {"quizzes/formats/gift.py"}  # GIFT's own syntax differs by kind
    offenders = []
    for path in [*ROOT.glob("quizzes/**/*.py"), *ROOT.glob("templates/**/*.html")]:
        relative = path.relative_to(ROOT).as_posix()
        if "/kinds/" in relative or "/migrations/" in relative or relative in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if switch.search(line) and "# kind: by definition" not in line:
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
