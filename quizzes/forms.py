"""Forms of accounts: signing up, logging in, the teacher's invitation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from .http import client_address
from .services.accounts import login_try_allowed, login_try_done

TOO_MANY_TRIES = _("Too many tries. Wait a quarter of an hour and try again.")


class SignupForm(UserCreationForm):
    """A username and a password: many pupils have no e-mail address. Every
    account is a pupil's, unless a school's teacher invitation code comes with it."""

    invitation = forms.CharField(
        label=_("Teacher invitation code"),
        required=False,
        max_length=32,
        help_text=_("Teachers only: the code your school's administrator gave you."),
    )

    class Meta(UserCreationForm.Meta):
        fields = ["username"]


class TeacherInvitationForm(forms.Form):
    invitation = forms.CharField(label=_("Teacher invitation code"), max_length=32)


class RateLimitedLogin:
    """Login tries counted per account and per address before the password
    is checked: a refused try costs no password hashing."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # the fields' own errors
        address = client_address(self.request) if self.request else ""
        if not login_try_allowed(username=username, address=address):
            raise forms.ValidationError(TOO_MANY_TRIES, code="too_many_tries")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_try_done(username=username, address=address, succeeded=False)
            raise
        login_try_done(username=username, address=address, succeeded=True)
        return cleaned

    def refused_for_tries(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, code="too_many_tries")


class LoginForm(RateLimitedLogin, AuthenticationForm):
    pass


class AdminLoginForm(RateLimitedLogin, AdminAuthenticationForm):
    pass
