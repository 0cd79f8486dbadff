from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quizzes.forms import SignupForm
from quizzes.selectors.attempts import VISITOR_SESSION_KEY
from quizzes.services.accounts import user_signup
from quizzes.services.ratelimit import rate_limit_hit, rate_limit_reset


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_signup(form=form, visitor_key=request.session.get(VISITOR_SESSION_KEY))
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            return redirect(next_url)
        return redirect("progress")
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


LOGIN_LIMIT = 10  # tries per account
LOGIN_LIMIT_PER_ADDRESS = 600  # a whole school may share one address (NAT)
LOGIN_WINDOW = 15 * 60


class RateLimitedLoginView(LoginView):
    """Django's login, with tries counted per account and per address."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        username = request.POST.get("username", "").strip().lower()[:150]
        allowed = rate_limit_hit(
            scope="login-user", key=username, limit=LOGIN_LIMIT, window=LOGIN_WINDOW
        )
        allowed &= rate_limit_hit(
            scope="login-ip",
            key=request.META.get("REMOTE_ADDR", ""),
            limit=LOGIN_LIMIT_PER_ADDRESS,
            window=LOGIN_WINDOW,
        )
        if not allowed:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many tries. Wait a quarter of an hour and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            rate_limit_reset(scope="login-user", key=username)
        return response
