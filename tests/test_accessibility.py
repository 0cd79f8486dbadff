"""axe-core (vendored, not fetched) on every pupil and teacher page, in
Kazakh, at phone and desktop width: no WCAG 2.2 A/AA violations."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from quizzes.models import Assignment, Membership, QuestionSet
from quizzes.services.assignments import assignment_start
from quizzes.services.attempts import attempt_finish
from quizzes.services.classrooms import classroom_create
from quizzes.services.live import control, host_game
from tests.browser import VIEWPORTS
from tests.conftest import make_user
from tests.live_scene import played_game

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page) -> list[str]:
    page.add_script_tag(content=AXE)
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map("
        "  v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
        TAGS,
    )
    return found


def log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Пайдаланушы аты").fill(username)
    page.get_by_label("Құпиясөз").fill("pass-word-123")
    page.get_by_role("button", name="Кіру").click()
    page.wait_for_load_state()


@pytest.fixture
def scene(shipped_sets):
    teacher = make_user("teacher", role="teacher")
    pupil = make_user("pupil")
    classroom = classroom_create(teacher=teacher, name="9 «Ә»")
    Membership.objects.create(classroom=classroom, student=pupil, nickname="Аружан Т.")
    assignment = Assignment.objects.create(
        classroom=classroom,
        question_set=QuestionSet.objects.get(key="every-kind"),
        opens_at=timezone.now(),
        attempts_allowed=0,
    )
    done = assignment_start(assignment=assignment, student=pupil, now=timezone.now())
    attempt_finish(attempt=done, now=timezone.now())
    open_attempt = assignment_start(assignment=assignment, student=pupil, now=timezone.now())
    qset = QuestionSet.objects.create(key="t-set", title="Менің жинағым", owner=teacher)
    game = host_game(
        host=teacher,
        question_set=assignment.question_set,
        classroom=classroom,
        mode="speed",
        streak_bonus=True,
        seconds=60,
    ).game
    # A live game played in the class: its report, and the class's, the
    # dashboard's and the pupil's progress's lists of games.
    played = played_game(
        teacher=teacher, classroom=classroom, student=pupil, other_student=make_user("pupil2")
    )["game"]
    return {
        "game": game,
        "played": played,
        "classroom": classroom,
        "assignment": assignment,
        "done": done,
        "open": open_attempt,
        "set": qset,
    }


def live_steps_to(game, phase):
    """Step the game on until it is in ``phase``."""
    onward = {
        "lobby": "start",
        "question": "skip",
        "reveal": "next",
        "standings": "next",
        "podium": "next",
    }
    game.refresh_from_db()
    while game.phase != phase:
        control(game=game, host=game.host, action=onward[game.phase])
        game.refresh_from_db()


@pytest.mark.parametrize(
    ("viewport", "scheme"), [("phone", "light"), ("desktop", "light"), ("phone", "dark")]
)
def test_every_page_passes_axe(browser, live_server, scene, viewport, scheme, settings):
    # The page's own CSP would (rightly) refuse the injected checker. The dark
    # scheme follows the phone's setting: its colours are checked too.
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], locale="ru-RU", bypass_csp=True, color_scheme=scheme
    )
    page = context.new_page()
    base = live_server.url
    problems = {}
    # The live game's screens reload themselves until they are pushed to: not
    # in the middle of a check.
    settings.LIVE_REFRESH_S = 600

    def check(path):
        page.goto(base + path)
        found = violations(page)
        if found:
            problems[path] = found

    for path in [
        "/",
        "/article/?highlight=p7-s1",
        "/quiz/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/card/",
        "/card/no-such-card/",
        "/no-such-page/",
    ]:
        check(path)
    log_in(page, base, "pupil")
    attempt = scene["open"]
    for position in range(1, attempt.items.count() + 1):
        check(f"/attempt/{attempt.pk}/q/{position}/")
    for path in [
        f"/attempt/{attempt.pk}/finish/",
        f"/attempt/{scene['done'].pk}/review/",
        "/progress/",
        "/practice/",
        "/join/",
        f"/class/{scene['classroom'].pk}/",
        "/accounts/password/",
        "/accounts/teacher/",
    ]:
        check(path)
    # The pupil joins the live game (its cookie stays in this browser).
    check(f"/play/?pin={scene['game'].pin}")
    page.get_by_role("button", name="Ойнау").click()
    page.wait_for_url(f"**/play/{scene['game'].pin}/")
    page.goto(base + "/")
    page.get_by_role("button", name="Шығу").click()
    log_in(page, base, "teacher")
    for path in [
        "/teach/",
        f"/teach/class/{scene['classroom'].pk}/",
        f"/teach/class/{scene['classroom'].pk}/assign/",
        f"/teach/assignment/{scene['assignment'].pk}/",
        "/teach/sets/",
        f"/teach/sets/{scene['set'].pk}/",
        "/teach/questions/new/",
        "/teach/questions/new/?kind=true_false",
        f"/teach/attempt/{scene['done'].pk}/",
        f"/teach/assignment/{scene['assignment'].pk}/withdraw/",
        f"/teach/class/{scene['classroom'].pk}/cards/",
        f"/teach/class/{scene['classroom'].pk}/pupils/new/",
        f"/live/game/{scene['played'].pk}/report/",
    ]:
        check(path)
    # The live game, each phase: the host's screen and a player's phone.
    check("/live/new/")
    game = scene["game"]
    for phase in ("lobby", "question", "reveal", "standings", "podium", "ended"):
        live_steps_to(game, phase)
        for path in (f"/live/{game.pin}/host/", f"/play/{game.pin}/"):
            page.goto(base + path)
            found = violations(page)
            if found:
                problems[f"{path} ({phase})"] = found
    # The cards just made: the answer to the button's POST.
    page.goto(base + f"/teach/class/{scene['classroom'].pk}/cards/")
    page.get_by_role("button", name="Картасы жоқ оқушыларға карта басып шығару: 1").click()
    page.wait_for_load_state()
    found = violations(page)
    if found:
        problems["cards printed"] = found
    context.close()
    assert problems == {}
