"""A whole attempt with the keyboard alone: Tab, arrows, Space, typing and
Enter, never a click, at phone and desktop width, every kind of question."""

from __future__ import annotations

import pytest

from quizzes.core.emphasis import strip_emphasis
from quizzes.core.grading import key_response
from quizzes.models import Attempt
from tests.browser import settle, shoot
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONTHS_BEFORE = 1  # the month list starts with an empty "—" choice


def focused(page, condition: str):
    """Evaluate ``condition`` (JavaScript over ``el``) on the focused element."""
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {condition}; }})()")


def tab_to(page, condition: str, *, limit: int = 120) -> None:
    """Press Tab until the focused element meets ``condition``, as a
    keyboard user would; fail if it is never reached."""
    if focused(page, condition):
        return
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, condition):
            return
    pytest.fail(f"Tab never reached an element where {condition}")


def label_of(page) -> str:
    return focused(page, "el.closest('label') ? el.closest('label').innerText.trim() : ''")


def choose_radio(page, wanted: str) -> None:
    """Tab into the group, then arrows (which move and check) to the choice."""
    tab_to(page, "el.type === 'radio'")
    page.keyboard.press("Space")
    for _ in range(10):
        if label_of(page) == wanted:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"no radio labelled {wanted!r}")


def choose_in_select(page, select_id: str, wanted: str) -> None:
    tab_to(page, f"el.id === {select_id!r}")
    for _ in range(20):
        if focused(page, "el.options[el.selectedIndex].text") == wanted:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"no option {wanted!r} in #{select_id}")


def arrange(page, wanted: list[str]) -> None:
    """Each item in its place with the move-up buttons, pressed with Enter."""
    for target, text in enumerate(wanted):
        while (index := page.locator(".order-text").all_inner_texts().index(text)) > target:
            label = f"Жоғары жылжыту: {text}"
            # After a move the focus stays on the moved item's button.
            tab_to(page, f"el.tagName === 'BUTTON' && el.innerText.includes({label!r})")
            page.keyboard.press("Enter")
            page.wait_for_function(
                "([t, i]) => [...document.querySelectorAll('.order-text')]"
                ".map(e => e.textContent).indexOf(t) === i",
                arg=[text, index - 1],
            )


def answer_with_keys(page, snapshot: dict) -> None:
    kind = snapshot["kind"]
    key = key_response(kind, snapshot)
    if kind == "single":
        choose_radio(page, snapshot["choices"][key]["text"])
    elif kind == "true_false":
        choose_radio(page, "Шын" if key else "Жалған")
    elif kind == "multiple":
        wanted = {snapshot["choices"][i]["text"] for i in key}
        for _ in range(len(snapshot["choices"])):
            tab_to(page, "el.type === 'checkbox' && !el.dataset.seen")
            page.evaluate("document.activeElement.dataset.seen = '1'")
            if label_of(page) in wanted:
                page.keyboard.press("Space")
    elif kind == "year":
        tab_to(page, "el.id === 'answer-year'")
        page.keyboard.type(str(key))
    elif kind == "text":
        tab_to(page, "el.id === 'answer-text'")
        page.keyboard.type(key)
    elif kind == "date":
        year, month, day = key.split("-")
        tab_to(page, "el.id === 'answer-day'")
        page.keyboard.type(str(int(day)))
        page.keyboard.press("Tab")
        for _ in range(int(month) + MONTHS_BEFORE - 1):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.type(year)
    elif kind == "order":
        arrange(page, snapshot["items"])
    elif kind == "match":
        for index, (_, right) in enumerate(snapshot["pairs"]):
            choose_in_select(page, f"match-{index}", right)


def start_every_kind_with_keys(page) -> Attempt:
    """Log in and start the set with every kind of question, by keyboard."""
    make_user("aigerim")
    page.goto(page.base + "/accounts/login/")
    tab_to(page, "el.name === 'username'")
    page.keyboard.type("aigerim")
    page.keyboard.press("Tab")
    page.keyboard.type("pass-word-123")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(page.base + "/quiz/")
    tab_to(page, "el.tagName === 'BUTTON' && el.innerText.includes('Сұрақ түрлерімен танысу')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/q/1/")
    return Attempt.objects.get(user__username="aigerim")


def test_a_whole_attempt_with_the_keyboard_alone(page):
    attempt = start_every_kind_with_keys(page)
    items = list(attempt.items.order_by("position"))
    kinds = set()
    for item in items:
        page.wait_for_selector(f"text={strip_emphasis(item.snapshot['prompt'])}")
        answer_with_keys(page, item.snapshot)
        kinds.add(item.snapshot["kind"])
        # Enter on the main button: "Save and next", or "Save and finish" at the end.
        tab_to(page, "el.tagName === 'BUTTON' && el.innerText.startsWith('Сақтап')")
        page.keyboard.press("Enter")
        settle(page)
    assert kinds == {"single", "multiple", "true_false", "year", "date", "text", "order", "match"}
    page.wait_for_url("**/finish/")
    tab_to(page, "el.tagName === 'BUTTON' && el.innerText.includes('Тапсырып')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review/")
    shoot(page, "keyboard-review")
    assert page.locator(".big-score").inner_text() == "100%"
    attempt.refresh_from_db()
    assert attempt.score == len(items)


def test_enter_in_a_typed_answer_saves_it_and_goes_on_not_back(page):
    """Pressing Enter in a field submits with the form's first button: that
    must be the main action, though "Back" comes first on the screen."""
    attempt = start_every_kind_with_keys(page)
    typed = attempt.items.filter(snapshot__kind__in=["year", "text"], position__gt=1).first()
    page.goto(f"{page.base}/attempt/{attempt.pk}/q/{typed.position}/")
    answer_with_keys(page, typed.snapshot)
    page.keyboard.press("Enter")
    last = typed.position == attempt.items.count()
    page.wait_for_url("**/finish/" if last else f"**/q/{typed.position + 1}/")
    typed.refresh_from_db()
    assert typed.score == 1


def test_an_item_moved_to_the_top_keeps_the_focus_on_its_row(page):
    """Its up arrow is disabled there, so the focus goes to its down arrow
    rather than falling back to the page."""
    attempt = start_every_kind_with_keys(page)
    item = attempt.items.get(snapshot__kind="order")
    page.goto(f"{page.base}/attempt/{attempt.pk}/q/{item.position}/")
    second = page.locator(".order-text").nth(1).inner_text()
    tab_to(page, f"el.tagName === 'BUTTON' && el.innerText.includes('Жоғары жылжыту: {second}')")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "t => document.querySelector('.order-text').textContent === t", arg=second
    )
    settle(page)
    assert focused(page, "el.tagName === 'BUTTON' && !el.disabled")
    assert focused(page, f"el.innerText.includes('Төмен жылжыту: {second}')")
