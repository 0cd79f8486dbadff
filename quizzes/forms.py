from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Profile


class SignupForm(UserCreationForm):
    """A username and a password: many pupils have no e-mail address."""

    role = forms.ChoiceField(
        label=_("I am a"),
        choices=Profile.Role.choices,
        initial=Profile.Role.STUDENT,
        widget=forms.RadioSelect,
    )

    class Meta(UserCreationForm.Meta):
        fields = ["username"]
