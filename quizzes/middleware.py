from __future__ import annotations

from functools import partial

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from quizzes.auth import asession_user, session_user


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, with the sessions that ended at a logout refused (see
    ``quizzes.auth``)."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: session_user(request))
        request.auser = partial(asession_user, request)


class KazakhFirstLocaleMiddleware(LocaleMiddleware):
    """Kazakh unless the person chose another language with the switch.

    Django's own middleware follows the browser's Accept-Language, and most
    phones in Kazakhstan are set to Russian or English: the app would then
    rarely speak Kazakh, which is the point of it."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Only our own files: no inline script or style, nothing from elsewhere.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set.

    A page that says nothing of caching is kept by no cache at all: pages show
    answers, grades and a pupil's work, which must not stay on a shared
    computer or in a proxy. Static files (whitenoise) and the polled boards
    (revalidated with their ETag) say for themselves."""

    sync_capable = True
    async_capable = True  # under uvicorn: no thread hop for these headers

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):
        if iscoroutinefunction(self):
            return self._acall(request)
        return self._headers(self.get_response(request))

    async def _acall(self, request: HttpRequest):
        return self._headers(await self.get_response(request))

    @staticmethod
    def _headers(response):
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cache-Control", "private, no-store")
        return response
