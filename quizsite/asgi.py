"""The whole app for an ASGI server (uvicorn): the live game's event streams
need one; every other page works here as under gunicorn (``wsgi.py``).

``make run`` serves this with uvicorn; in production a proxy sends ``/play/``
and ``/live/`` here and the rest to gunicorn (see the README).

Django's own ASGI handler runs each request's middleware one step at a
time, each step a hand-over to a thread made for that request: about 3 ms
of CPU per request before the view starts, on a page that costs 3 ms in
all. Here the middleware and a synchronous view run together in one
hand-over to a small pool of long-lived threads, as a WSGI server's threads
would (each keeps its database connection, as gunicorn's workers do); an
asynchronous view (the event streams) still runs on the event loop, and its
streaming response is sent from there.
"""

import os
import warnings
from concurrent.futures import ThreadPoolExecutor

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402
from asgiref.sync import sync_to_async  # noqa: E402
from django.core import signals  # noqa: E402
from django.core.handlers.asgi import ASGIHandler  # noqa: E402
from django.core.handlers.base import BaseHandler  # noqa: E402
from django.db import close_old_connections, reset_queries  # noqa: E402
from django.http import FileResponse  # noqa: E402

# whitenoise streams a static file from a plain iterator, which Django warns
# about under ASGI; the files are small and the proxy serves them anyway.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous")

THREADS = int(os.environ.get("DJANGO_ASGI_THREADS", "8"))


class Handler(ASGIHandler):
    """Django's ASGI handler, with the middleware chain built synchronously
    and run in one hop to the event loop's thread pool."""

    def __init__(self) -> None:
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self.pool_ready = False
        # The request's database chores run in its own thread (below), not
        # as signal handlers in yet another thread.
        signals.request_started.disconnect(reset_queries)
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        if not self.pool_ready:
            import asyncio

            asyncio.get_running_loop().set_default_executor(
                ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="django")
            )
            self.pool_ready = True
        await self.handle(scope, receive, send)

    async def run_get_response(self, request):
        response = await sync_to_async(self._respond, thread_sensitive=False)(request)
        response._handler_class = self.__class__
        if isinstance(response, FileResponse):
            response.block_size = self.chunk_size
        return response

    def _respond(self, request):
        reset_queries()
        close_old_connections()
        try:
            return self.get_response(request)
        finally:
            close_old_connections()


django.setup(set_prefix=False)
application = Handler()

# A LIVE_EVENTS this database cannot carry stops the server now, not at the
# first game.
from quizzes.realtime import engine  # noqa: E402

engine()
