from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from quizzes.forms import TOO_MANY_TRIES, LoginForm, SignupForm, TeacherInvitationForm
from quizzes.http import client_address
from quizzes.selectors.attempts import VISITOR_SESSION_KEY
from quizzes.selectors.classrooms import is_teacher
from quizzes.services.accounts import (
    InvitationInvalid,
    invitation_tries_allowed,
    signup_allowed,
    teacher_role_claim,
    user_signup,
)
from quizzes.services.attempts import attempts_claim

INVITATION_INVALID = gettext_lazy(
    "This teacher invitation code is not valid: check it with your school's administrator."
)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    status = 200
    if request.method == "POST":
        address = client_address(request)
        if not signup_allowed(address=address):
            form.add_error(None, TOO_MANY_TRIES)
            status = 429
        elif form.is_valid():
            invitation = form.cleaned_data["invitation"].strip()
            if invitation and not invitation_tries_allowed(key=address, address=address):
                form.add_error("invitation", TOO_MANY_TRIES)
                status = 429
            else:
                try:
                    user = user_signup(
                        username=form.cleaned_data["username"],
                        password=form.cleaned_data["password1"],
                        visitor_key=request.session.get(VISITOR_SESSION_KEY),
                        invitation=invitation,
                    )
                except InvitationInvalid:
                    form.add_error("invitation", INVITATION_INVALID)
                else:
                    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
                    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                        return redirect(next_url)
                    return redirect("teacher_dashboard" if invitation else "home")
    context = {"form": form, "next": next_url, "login_url": _with_next("login", next_url)}
    return render(request, "registration/signup.html", context, status=status)


def _with_next(name: str, next_url: str) -> str:
    """The address of a page that sends the user on to ``next_url`` after it:
    a join link's code survives logging in and signing up."""
    url = reverse(name)
    local = next_url.startswith("/") and not next_url.startswith("//")
    return f"{url}?{urlencode({'next': next_url})}" if local else url


class RateLimitedLoginView(LoginView):
    """Django's login, with tries counted per account and per address."""

    form_class = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:
        """Log in, and keep what was done as a visitor, as signing up does."""
        visitor_key = self.request.session.get(VISITOR_SESSION_KEY)
        response = super().form_valid(form)
        if visitor_key:
            attempts_claim(visitor_key=visitor_key, user=form.get_user())
            self.request.session.pop(VISITOR_SESSION_KEY, None)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signup_url"] = _with_next("signup", context.get("next", ""))
        return context

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        status = 429 if form.refused_for_tries() else 200
        return self.render_to_response(self.get_context_data(form=form), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def become_teacher(request: HttpRequest) -> HttpResponse:
    """A teacher whose account was made as a pupil's enters the school's code."""
    if is_teacher(request.user):
        return redirect("teacher_dashboard")
    form = TeacherInvitationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not invitation_tries_allowed(key=str(request.user.pk), address=client_address(request)):
            form.add_error("invitation", TOO_MANY_TRIES)
            status = 429
        else:
            try:
                teacher_role_claim(user=request.user, code=form.cleaned_data["invitation"])
            except InvitationInvalid:
                form.add_error("invitation", INVITATION_INVALID)
            else:
                messages.success(request, _("Your account is now a teacher's."))
                return redirect("teacher_dashboard")
    return render(request, "registration/become_teacher.html", {"form": form}, status=status)


class PasswordSetOrChangeView(PasswordChangeView):
    """Changing a password asks for the old one. An account a teacher made
    for a sign-in card has none (an unusable one): it sets its first here."""

    def get_form_class(self):
        if self.request.user.has_usable_password():
            return PasswordChangeForm
        return SetPasswordForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["first_password"] = not self.request.user.has_usable_password()
        return context
