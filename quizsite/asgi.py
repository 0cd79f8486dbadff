"""The whole app for an ASGI server (uvicorn): the live game's event streams
need one; every other page works here as under gunicorn (``wsgi.py``).

``make run`` serves this with uvicorn; in production a proxy sends ``/play/``
and ``/live/`` here and the rest to gunicorn (see the README).
"""

import os
import warnings

# Read by the settings: under ASGI every request runs in a thread of its own,
# so database connections are pooled (PostgreSQL) or closed after each
# request instead of being kept per thread.
os.environ["DJANGO_ASGI"] = "1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

# whitenoise streams a static file from a plain iterator, which Django warns
# about under ASGI; the files are small and the proxy serves them anyway.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous")

application = get_asgi_application()
