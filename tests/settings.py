"""The test run's environment: production settings (DEBUG off), a throwaway
key and a fast password hasher (the strong default costs ~120 ms a login)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from quizsite.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Pages render without running collectstatic first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not SQLite's shared in-memory database: its
    # table locks would fail concurrent writers that a file makes wait.
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"quiz-tests-{os.getpid()}.sqlite3")
    }

# quizzes.realtime keeps a list of the live game's changes sent, for the tests.
LIVE_EVENTS_RECORD = True

# The uvicorn servers the live game's tests start (tests/live_server.py) serve
# the static files from the app's folders, as the WSGI live server does.
if os.environ.get("TESTS_SERVE_STATIC"):
    WHITENOISE_USE_FINDERS = True
