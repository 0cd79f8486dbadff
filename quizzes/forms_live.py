"""Forms of the live game: a teacher hosting one, a player joining one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quizzes.core import live as rules
from quizzes.models import Classroom, Game, QuestionSet


class HostGameForm(forms.Form):
    question_set = forms.ModelChoiceField(label=_("Question set"), queryset=QuestionSet.objects)
    classroom = forms.ModelChoiceField(
        label=_("Who plays"),
        queryset=Classroom.objects,
        required=False,
        empty_label=_("Anyone with the PIN"),
        help_text=_(
            "In a classroom's game, its pupils who are logged in play under their class names, "
            "and the game shows in the classroom's report."
        ),
    )
    mode = forms.ChoiceField(
        label=_("Scoring"),
        choices=Game.Mode.choices,
        initial=Game.Mode.SPEED,
        widget=forms.RadioSelect,
    )
    streak_bonus = forms.BooleanField(
        label=_("Streak bonus: +100 points for each right answer in a row, from the second on"),
        required=False,
    )
    seconds = forms.IntegerField(
        label=_("Seconds per question"),
        min_value=rules.MIN_SECONDS,
        max_value=rules.MAX_SECONDS,
        initial=20,
        widget=forms.NumberInput(attrs={"class": "input-short"}),
    )

    def __init__(self, *args: Any, teacher: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question_set"].queryset = QuestionSet.objects.filter(
            Q(owner=None) | Q(owner=teacher), archived_at=None
        )
        self.fields["classroom"].queryset = Classroom.objects.filter(
            teacher=teacher, archived_at=None
        )


class JoinGameForm(forms.Form):
    pin = forms.CharField(
        label=_("Game PIN"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "class": "input-pin",
                "pattern": "[0-9 \\-]*",
            }
        ),
    )
    nickname = forms.CharField(
        label=_("Your nickname"),
        max_length=60,
        help_text=_("At most 20 characters. Everyone in the game sees it."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "maxlength": rules.NICKNAME_MAX}),
    )

    def clean_pin(self) -> str:
        pin = rules.pin_clean(self.cleaned_data["pin"])
        if pin is None:
            raise forms.ValidationError(_("A game PIN is six digits."))
        return pin

    def clean_nickname(self) -> str:
        nickname = rules.nickname_clean(self.cleaned_data["nickname"])
        problem = rules.nickname_problem(nickname)
        if problem is not None:
            raise forms.ValidationError(NICKNAME_PROBLEMS[problem])
        return nickname


NICKNAME_PROBLEMS = {
    "blank": _("Choose a nickname."),
    "too_long": _("A nickname is at most 20 characters."),
    "control": _("A nickname cannot hold invisible characters."),
}
