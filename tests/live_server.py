"""The app under uvicorn, started by a test on the test database, and a
small client for its pages and event streams (pytest-django's live_server
is WSGI and cannot stream).

On PostgreSQL two servers share a game through LISTEN/NOTIFY; on SQLite one
server uses the in-process fan-out."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The test database, as the servers must reach it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host = settings["HOST"] or "127.0.0.1"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{host}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )


class Servers:
    """``count`` uvicorn processes serving the app on the test database."""

    def __init__(self, count: int) -> None:
        live_events = "postgres" if connection.vendor == "postgresql" else "memory"
        if count > 1 and live_events != "postgres":
            raise RuntimeError("several servers share a game through PostgreSQL only")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url(),
            "LIVE_EVENTS": live_events,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_LOG_LEVEL": "ERROR",
            "TESTS_SERVE_STATIC": "1",
        }
        self.ports = [free_port() for _ in range(count)]
        self.processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "quizsite.asgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-access-log",
                    "--timeout-graceful-shutdown",
                    "1",
                ],
                cwd=ROOT,
                env=env,
            )  # fmt: skip
            for port in self.ports
        ]
        for port in self.ports:
            self._wait(port)

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def _wait(self, port: int) -> None:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"uvicorn did not start on port {port}")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


class Browser:
    """One browser's cookies against one server."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Host": f"{self.host}:{self.port}", **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, response: http.client.HTTPResponse) -> None:
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()

    def request(self, method: str, path: str, data: dict | None = None, htmx: bool = False):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            extra = {}
            body = None
            if method == "POST":
                body = urllib.parse.urlencode(data or {}, doseq=True)
                extra = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.cookies.get("csrftoken", ""),
                    "Referer": f"http://{self.host}:{self.port}/",
                }
            if htmx:
                extra["HX-Request"] = "true"
            connection.request(method, path, body, self._headers(extra))
            response = connection.getresponse()
            content = response.read().decode()
            self._keep(response)
            return response.status, content, response.headers
        finally:
            connection.close()

    def events(self, path: str) -> EventStream:
        return EventStream(self, path)


class EventStream:
    """A server-sent event stream, read one event at a time."""

    def __init__(self, browser: Browser, path: str) -> None:
        self.connection = http.client.HTTPConnection(browser.host, browser.port, timeout=15)
        headers = browser._headers({"Accept": "text/event-stream"})
        self.connection.request("GET", path, headers=headers)
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.headers = self.response.headers
        self.raw: list[str] = []  # everything read, heartbeats and all

    def next(self, timeout: float = 15) -> tuple[str, str] | None:
        """The next event as (name, data), or ``None`` when the stream ended."""
        deadline = time.monotonic() + timeout
        name, data = "message", []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no event")
            self.connection.sock.settimeout(left)
            line = self.response.readline()
            if not line:
                return None
            line = line.decode().rstrip("\n")
            self.raw.append(line)
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
            elif line == "" and (data or name != "message"):
                return name, "\n".join(data)

    def until(self, check, timeout: float = 15) -> tuple[str, str]:
        """Events until one for which ``check(name, data)`` is true."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no such event")
            got = self.next(left)
            if got is None:
                raise EOFError("the stream ended")
            if check(*got):
                return got

    def close(self) -> None:
        self.connection.close()
