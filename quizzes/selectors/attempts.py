"""Reading attempts: whose they are, and a question as the pupil sees it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from quizzes.core import rules
from quizzes.core.grading import key_response
from quizzes.core.kinds import kind_rules, kind_template
from quizzes.core.responses import describe
from quizzes.models import Assignment, Attempt, AttemptItem, QuestionSet

from .classrooms import assignment_availability, due_for_student, dues_for_student

VISITOR_SESSION_KEY = "visitor_key"


def visible_attempts(*, user: Any, visitor_key: str) -> QuerySet[Attempt]:
    """The attempts a person may see: their own; a visitor's by the key their
    session keeps."""
    if user.is_authenticated:
        return Attempt.objects.filter(user=user)
    if not visitor_key:
        return Attempt.objects.none()
    return Attempt.objects.filter(visitor_key=visitor_key, user=None)


def attempt_for(*, user: Any, visitor_key: str, pk: int) -> Attempt:
    """The person's own attempt, or 404: another pupil's attempt does not exist."""
    attempts = visible_attempts(user=user, visitor_key=visitor_key)
    return get_object_or_404(attempts.select_related("question_set"), pk=pk)


def attempt_on_page(*, user: Any, visitor_key: str, pk: int) -> Attempt:
    """``attempt_for`` for the page a class loads most, the question's: one
    raw query, since building the ORM's costs more than running it. The same
    rule as ``visible_attempts`` (a test holds them together); the set's
    title comes as ``set_title`` ("" in practice)."""
    select = (
        "SELECT a.*, COALESCE(s.title, '') AS set_title FROM quizzes_attempt a "
        "LEFT JOIN quizzes_questionset s ON s.id = a.question_set_id WHERE a.id = %s AND "
    )
    if user.is_authenticated:
        rows = Attempt.objects.raw(select + "a.user_id = %s", [pk, user.pk])
    elif visitor_key:
        owner = "a.user_id IS NULL AND a.visitor_key = %s"
        rows = Attempt.objects.raw(select + owner, [pk, visitor_key])
    else:
        raise Http404
    for attempt in rows:
        return attempt
    raise Http404


@dataclass
class Sheet:
    """An attempt's questions as its page needs them: whether each one is
    answered, and the whole rows of the few about to be shown."""

    answered: dict[int, bool]
    items: dict[int, AttemptItem]

    @property
    def total(self) -> int:
        return len(self.answered)

    def put(self, item: AttemptItem) -> None:
        """Keep an item just saved."""
        self.items[item.position] = item
        self.answered[item.position] = item.is_answered


def attempt_sheet(attempt: Attempt, *, around: int) -> Sheet:
    """The map of the attempt's questions, and the items at ``around`` and
    beside it (where "back", "next" and "check" go): two raw queries, not
    twenty question copies decoded for the one shown."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT position, answered_at IS NOT NULL FROM quizzes_attemptitem "
            "WHERE attempt_id = %s ORDER BY position",
            [attempt.pk],
        )
        answered = {position: bool(done) for position, done in cursor.fetchall()}
    rows = AttemptItem.objects.raw(
        "SELECT * FROM quizzes_attemptitem WHERE attempt_id = %s AND position BETWEEN %s AND %s",
        [attempt.pk, around - 1, around + 1],
    )
    items = {}
    for item in rows:
        item.attempt = attempt
        items[item.position] = item
    return Sheet(answered=answered, items=items)


def sets_for(*, user: Any) -> QuerySet[QuestionSet]:
    """The shipped sets, for a visitor only those open to visitors."""
    sets = QuestionSet.objects.filter(owner=None).prefetch_related("pools", "fixed_questions")
    if not user.is_authenticated:
        sets = sets.filter(open_to_visitors=True)
    return sets


def first_unanswered_position(attempt: Attempt) -> int:
    position = (
        attempt.items.filter(answered_at=None)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )
    return position or 1


@dataclass(frozen=True)
class MapEntry:
    position: int
    url: str
    answered: bool
    current: bool


def question_map(attempt: Attempt, answered: dict[int, bool], *, current: int) -> list[MapEntry]:
    """The attempt's questions in order, for the map of links beside the question."""
    # One reverse() for all the links: the position is the route's last part.
    first = reverse("attempt_question", args=[attempt.pk, 1])
    prefix = first.removesuffix("1/")
    return [
        MapEntry(
            position=position,
            url=f"{prefix}{position}/",
            answered=done,
            current=position == current,
        )
        for position, done in sorted(answered.items())
    ]


@dataclass
class QuestionView:
    """Everything a template needs to show one question, and nothing that
    gives its answer away before feedback is due. ``data`` is what the kind's
    own partial (``quizzes/kinds/<kind>.html``) shows: options, rows, a value."""

    item: AttemptItem
    kind: str
    prompt: str
    data: dict[str, Any] = field(default_factory=dict)
    feedback: dict[str, Any] | None = None

    @property
    def input_template(self) -> str:
        return kind_template(self.kind, "input")


def question_view(item: AttemptItem, *, show_feedback: bool) -> QuestionView:
    snapshot = item.snapshot
    kind = snapshot["kind"]
    data = kind_rules(kind).view(snapshot, item.option_order, item.response, show_key=show_feedback)
    view = QuestionView(item=item, kind=kind, prompt=snapshot["prompt"], data=data)
    if show_feedback:
        view.feedback = feedback_for(item)
    return view


def feedback_for(item: AttemptItem) -> dict[str, Any]:
    snapshot = item.snapshot
    kind = snapshot["kind"]
    return {
        "answer_template": kind_template(kind, "answer"),
        "verdict": item.verdict or "blank",
        "score": item.score or 0,
        "given": describe(kind, snapshot, item.response),
        "correct": describe(kind, snapshot, key_response(kind, snapshot)),
        "accepted": snapshot.get("accepted", []),
        "explanation": snapshot["explanation"],
        "sources": snapshot.get("source_links", []),
        "attribution": snapshot.get("attribution", ""),
    }


def attempt_items_with_feedback(
    attempt: Attempt, items: Iterable[AttemptItem] | None = None
) -> list[QuestionView]:
    items = attempt.items.all() if items is None else items
    return [question_view(item, show_feedback=True) for item in items]


def retry_url(*, attempt: Attempt, user: Any, now: datetime) -> str | None:
    """Where "try again" posts: the next attempt of the same assignment while
    attempts remain, a new attempt of a ready set, or nowhere."""
    if attempt.assignment_id is not None:
        if not user.is_authenticated or user.pk != attempt.user_id:
            return None
        available = assignment_availability(assignment=attempt.assignment, student=user, now=now)
        if available != rules.Availability.OPEN:
            return None
        return reverse("assignment_start", args=[attempt.assignment_id])
    question_set = attempt.question_set
    if question_set is None or question_set.owner_id is not None:
        return None  # practice, or a teacher's set outside an assignment
    if not user.is_authenticated and not question_set.open_to_visitors:
        return None
    return reverse("quiz_start", args=[question_set.key])


def review_released(*, attempt: Attempt, now: datetime) -> bool:
    """Whether a finished attempt's answers may be shown to its pupil yet."""
    if attempt.assignment_id is None or attempt.feedback != rules.Feedback.AFTER_DUE:
        due = None
    else:
        due = due_for_student(assignment=attempt.assignment, student=attempt.user)
    return rules.review_released(feedback=attempt.feedback, due=due, now=now)


# What the feedback rule needs of an item, last in a ``values_list``.
FEEDBACK_FIELDS = (
    "answered_at",
    "attempt__status",
    "attempt__deadline",
    "attempt__feedback",
    "attempt__assignment_id",
)


def feedback_rule(*, user: Any, rows: list[tuple], now: datetime):
    """A test of ``rows`` (items' values ending with ``FEEDBACK_FIELDS``):
    whether the pupil may see if that answer was right. One query for the due
    dates of all of them."""
    waiting = {row[-1] for row in rows if row[-2] == rules.Feedback.AFTER_DUE and row[-1]}
    dues = dues_for_student(student=user, assignments=Assignment.objects.filter(pk__in=waiting))

    def visible(row: tuple) -> bool:
        answered_at, status, deadline, feedback, assignment_id = row[-len(FEEDBACK_FIELDS) :]
        is_open = status == Attempt.Status.IN_PROGRESS
        return rules.feedback_visible(
            feedback=feedback,
            finished=not rules.accepts_answers(is_open=is_open, deadline=deadline, now=now),
            answered=answered_at is not None,
            due=dues.get(assignment_id),
            now=now,
        )

    return visible


def withheld_question_ids(*, user: Any, now: datetime) -> set[int]:
    """Questions of the pupil's assignments whose answers may not show yet:
    practice must not bring them back before the assignment's feedback does."""
    rows = list(
        AttemptItem.objects.filter(attempt__user=user, attempt__assignment__isnull=False)
        .filter(
            Q(attempt__status=Attempt.Status.IN_PROGRESS)
            | Q(attempt__feedback=rules.Feedback.AFTER_DUE, attempt__assignment__due_at__gt=now)
            | Q(
                attempt__feedback=rules.Feedback.AFTER_DUE,
                attempt__assignment__extensions__student=user,
                attempt__assignment__extensions__due_at__gt=now,
            )
        )
        .values_list("question_id", *FEEDBACK_FIELDS)
    )
    visible = feedback_rule(user=user, rows=rows, now=now)
    return {row[0] for row in rows if not visible(row)}


@dataclass
class Unfinished:
    """An attempt left half done: where to go back to, and how far it got."""

    attempt: Attempt
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def unfinished_attempts(*, user: Any, visitor_key: str, now: datetime) -> list[Unfinished]:
    """The person's attempts of ready sets and practice that still take
    answers, the latest first (an assignment's are on its own card)."""
    if user is not None and user.is_authenticated:
        owner = Q(user=user)
    elif visitor_key:
        owner = Q(visitor_key=visitor_key, user=None)
    else:
        return []
    attempts = (
        Attempt.objects.filter(owner, status=Attempt.Status.IN_PROGRESS, assignment=None)
        .select_related("question_set")
        .annotate(
            answered=Count("items", filter=Q(items__answered_at__isnull=False)),
            total=Count("items"),
        )
        .order_by("-started_at")
    )
    return [
        Unfinished(attempt, attempt.answered, attempt.total)
        for attempt in attempts
        if rules.accepts_answers(is_open=True, deadline=attempt.deadline, now=now)
    ]


@dataclass
class ReviewSummary:
    """A finished attempt in a few numbers, and where to go next."""

    right: int
    partly: int
    wrong: int
    blank: int
    band: str  # how the score reads: "top", "good", "halfway" or "start"
    weak_places: list[tuple[str, int]]  # (sentence anchor, misses) to reread, most missed first

    @property
    def missed(self) -> int:
        return self.partly + self.wrong + self.blank


def review_summary(*, attempt: Attempt, items: Iterable[AttemptItem]) -> ReviewSummary:
    counts: dict[str, int] = {"correct": 0, "partial": 0, "wrong": 0, "blank": 0}
    misses: dict[str, int] = {}
    for item in items:
        verdict = item.verdict if item.is_answered else "blank"
        verdict = "wrong" if verdict in ("near_miss", "") else verdict
        counts[verdict] += 1
        if verdict != "correct":
            for anchor, _ in item.snapshot.get("source_links", []):
                if anchor:
                    misses[anchor] = misses.get(anchor, 0) + 1
    percent = attempt.percent
    band = "top" if percent >= 90 else "good" if percent >= 70 else "halfway"
    if percent < 40:
        band = "start"
    weak = sorted(misses.items(), key=lambda pair: (-pair[1], pair[0]))[:3]
    return ReviewSummary(
        right=counts["correct"],
        partly=counts["partial"],
        wrong=counts["wrong"],
        blank=counts["blank"],
        band=band,
        weak_places=weak,
    )
