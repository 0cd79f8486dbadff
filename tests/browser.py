"""Driving the app in headless Chromium (Debian's), shared by the browser tests."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium.")
    # Playwright's sync API runs an event loop in this thread; Django's ORM,
    # used by the live_server fixtures in the same thread, must be told so.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    suffix = getattr(page, "viewport_name", "")
    page.screenshot(path=str(ARTIFACTS / f"{name}-{suffix}.png"), full_page=True)


def settle(page) -> None:
    page.wait_for_load_state("networkidle")


def answer_right(page, item) -> None:
    """Fill in the right answer to ``item`` the way a pupil would."""
    from quizzes.core.grading import key_response

    snapshot = item.snapshot
    kind = snapshot["kind"]
    key = key_response(kind, snapshot)
    form = page.locator("#quiz form")
    if kind == "single":
        form.get_by_label(snapshot["choices"][key]["text"], exact=True).check()
    elif kind == "multiple":
        for index in key:
            form.get_by_label(snapshot["choices"][index]["text"], exact=True).check()
    elif kind == "true_false":
        form.get_by_label("Шын" if key else "Жалған", exact=True).check()
    elif kind == "year":
        form.get_by_label("Жыл").fill(str(key))
    elif kind == "date":
        year, month, day = key.split("-")
        form.get_by_label("Күні").fill(str(int(day)))
        form.get_by_label("Айы").select_option(str(int(month)))
        form.get_by_label("Жыл").fill(year)
    elif kind == "text":
        form.get_by_label("Сіздің жауабыңыз").fill(key)
    elif kind == "order":
        arrange(page, snapshot["items"])
    elif kind == "match":
        for left, right in snapshot["pairs"]:
            form.get_by_label(left, exact=True).select_option(label=right)


def arrange(page, wanted: list[str]) -> None:
    """Sort the ordering question with its move-up buttons (no dragging)."""
    for target, text in enumerate(wanted):
        while True:
            shown = page.locator(".order-text").all_inner_texts()
            index = shown.index(text)
            if index == target:
                break
            page.get_by_role("button", name=f"Жоғары жылжыту: {text}").click()
            page.wait_for_function(
                "([t, i]) => [...document.querySelectorAll('.order-text')]"
                ".map(e => e.textContent).indexOf(t) === i",
                arg=[text, index - 1],
            )


def save_and_continue(page) -> None:
    page.locator("#quiz form").get_by_role(
        "button", name=re.compile("Сақтап|Жауапты тексеру")
    ).click()
    settle(page)


def answer_wrong(page, item) -> None:
    """Fill in an answer to ``item`` that scores less than full marks."""
    from quizzes.core.grading import key_response

    snapshot = item.snapshot
    kind = snapshot["kind"]
    key = key_response(kind, snapshot)
    form = page.locator("#quiz form")
    if kind in ("single", "multiple"):
        wrong = next(c["text"] for c in snapshot["choices"] if not c["correct"])
        form.get_by_label(wrong, exact=True).check()
    elif kind == "true_false":
        form.get_by_label("Жалған" if key else "Шын", exact=True).check()
    elif kind == "year":
        form.get_by_label("Жыл").fill(str(key + 1))
    elif kind == "date":
        year, month, day = key.split("-")
        form.get_by_label("Күні").fill(str(int(day)))
        form.get_by_label("Айы").select_option(str(int(month)))
        form.get_by_label("Жыл").fill(str(int(year) + 1))
    elif kind == "text":
        form.get_by_label("Сіздің жауабыңыз").fill("мүлде басқа жауап")
    elif kind == "order":
        pass  # the shuffled order an attempt shows is never the right one
    elif kind == "match":
        pairs = snapshot["pairs"]
        for index, (left, _) in enumerate(pairs):
            form.get_by_label(left, exact=True).select_option(
                label=pairs[(index + 1) % len(pairs)][1]
            )


def launch_context(browser, *, viewport: dict, javascript: bool = True):
    """A fresh browser context that asks for Russian (as many phones in
    Kazakhstan do: the app must still speak Kazakh), with or without scripts."""
    return browser.new_context(viewport=viewport, locale="ru-RU", java_script_enabled=javascript)
