"""Forms of sign-in cards: a pupil typing their card's code, a teacher typing
the names of pupils who have no account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.core.cards import pupil_names
from quizzes.core.problems import Problem
from quizzes.models import Classroom, Membership

NAMES_AT_ONCE = 60

_CODE_ATTRS = {
    "autocomplete": "off",
    "autocapitalize": "characters",
    "spellcheck": "false",
    "class": "input-code",
}


class CardSigninForm(forms.Form):
    class_code = forms.CharField(
        label=gettext_lazy("Class code"),
        max_length=32,
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    code = forms.CharField(
        label=gettext_lazy("Your code"),
        max_length=32,
        help_text=gettext_lazy("Both are on your card, beside the QR code."),
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )


def name_problem_message(problem: Problem) -> str:
    params = problem.params
    if problem.code == "control":
        return (
            _("Line %(line)s: there is an invisible control character. Type the name again.")
            % params
        )
    if problem.code == "too_long":
        return _("Line %(line)s: the name is longer than %(max)s characters.") % params
    if problem.code == "repeated":
        return _("Line %(line)s: «%(name)s» is on line %(first)s too.") % params
    if problem.code == "taken":
        return _("Line %(line)s: «%(name)s» is already in the class.") % params
    if problem.code == "too_many":
        return _("At most %(limit)s names at once: split the list.") % params
    return str(problem)


class PupilListForm(forms.Form):
    names = forms.CharField(
        label=gettext_lazy("Pupils' names, one a line"),
        help_text=gettext_lazy(
            "As the class should see them, e.g. «Аружан Т.». At most 60 at once."
        ),
        max_length=NAMES_AT_ONCE * 80,
        strip=False,  # leading blank lines count: the line numbers stay the teacher's
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, classroom: Classroom, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.classroom = classroom
        # A NUL is a control character like any other: the check below names its line.
        field = self.fields["names"]
        field.validators = [
            v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def clean_names(self) -> list[str]:
        taken = {
            nickname.casefold()
            for nickname in Membership.objects.filter(classroom=self.classroom).values_list(
                "nickname", flat=True
            )
        }
        max_length = Membership._meta.get_field("nickname").max_length
        names, problems = pupil_names(
            self.cleaned_data["names"], limit=NAMES_AT_ONCE, max_length=max_length, taken=taken
        )
        if problems:
            raise forms.ValidationError([name_problem_message(p) for p in problems])
        if not names:
            raise forms.ValidationError(_("Type at least one name."))
        return names
