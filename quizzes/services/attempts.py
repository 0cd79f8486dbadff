"""Writing attempts: start, answer, finish, and the schedule they feed."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from quizzes.core.assembly import Pool, assemble, option_order
from quizzes.core.grading import grade
from quizzes.core.responses import option_count
from quizzes.core.scheduling import Card, review
from quizzes.core.stats import combine_attempts
from quizzes.models import (
    Assignment,
    AssignmentResult,
    Attempt,
    AttemptItem,
    Profile,
    Question,
    QuestionSet,
    ReviewCard,
)
from quizzes.selectors.bank import enemy_pairs, question_export

from .boards import boards_changed, classrooms_of

# An answer sent in the last seconds before the deadline may arrive after it.
GRACE = timedelta(seconds=5)
PRACTICE_SIZE = 10


class AttemptClosed(Exception):
    """The attempt takes no more answers (submitted, or its time ran out)."""


class AnswerLocked(Exception):
    """The question's feedback has been shown: its answer can no longer change."""


def _pool_candidates(pool: Any, owner_id: int | None) -> tuple[int, ...]:
    """The bank's questions, and a teacher's own for a teacher's set."""
    questions = Question.objects.filter(Q(owner=None) | Q(owner_id=owner_id))
    if pool.topic:
        questions = questions.filter(topic=pool.topic)
    if pool.kind:
        questions = questions.filter(kind=pool.kind)
    if pool.difficulty:
        questions = questions.filter(difficulty=pool.difficulty)
    return tuple(questions.values_list("pk", flat=True))


def _previous_questions(
    *, user: Any, visitor_key: str, question_set: QuestionSet
) -> frozenset[int]:
    owner = Q(user=user) if user is not None else Q(visitor_key=visitor_key, user=None)
    last = Attempt.objects.filter(owner, question_set=question_set).order_by("-started_at").first()
    if last is None:
        return frozenset()
    return frozenset(last.items.values_list("question_id", flat=True))


def _snapshot(question: Question) -> dict[str, Any]:
    """The question as asked, with each source quote tied to its sentence."""
    data = question_export(question)
    sentences = list(question.sources.all())
    data["source_links"] = [
        [next((s.anchor for s in sentences if quote in s.text), ""), quote]
        for quote in data["source"]
    ]
    return data


@transaction.atomic
def create_attempt(
    *,
    question_ids: Sequence[int],
    seed: int,
    user: Any,
    visitor_key: str,
    question_set: QuestionSet | None,
    mode: str,
    feedback: str,
    time_limit: int | None,
    now: datetime,
    assignment: Any = None,
) -> Attempt:
    """An attempt of the given questions, each copied as it is now."""
    attempt = Attempt.objects.create(
        question_set=question_set,
        assignment=assignment,
        user=user,
        visitor_key="" if user is not None else visitor_key,
        mode=mode,
        seed=seed,
        feedback=feedback,
        started_at=now,
        deadline=now + timedelta(seconds=time_limit) if time_limit else None,
        max_score=len(question_ids),
    )
    questions = Question.objects.prefetch_related("sources").in_bulk(question_ids)
    AttemptItem.objects.bulk_create(
        AttemptItem(
            attempt=attempt,
            position=position,
            question_id=pk,
            revision=questions[pk].revision,
            snapshot=_snapshot(questions[pk]),
            option_order=option_order(
                seed=seed,
                question_id=pk,
                count=option_count(questions[pk].kind, questions[pk].answer),
            ),
        )
        for position, pk in enumerate(question_ids, 1)
    )
    return attempt


def draw_questions(
    *,
    question_set: QuestionSet,
    user: Any,
    visitor_key: str,
    shuffle: bool,
    seed: int | None = None,
) -> tuple[int, list[int]]:
    """A seed and the questions it draws from a set, avoiding the owner's
    previous attempt's questions where the pools allow."""
    seed = secrets.randbits(48) if seed is None else seed
    pools = [
        Pool(_pool_candidates(p, question_set.owner_id), p.count) for p in question_set.pools.all()
    ]
    fixed = [sq.question_id for sq in question_set.fixed_questions.all()]
    avoid = _previous_questions(user=user, visitor_key=visitor_key, question_set=question_set)
    enemies = enemy_pairs(question_ids={*fixed, *(c for pool in pools for c in pool.candidates)})
    return seed, assemble(
        seed=seed, fixed=fixed, pools=pools, avoid=avoid, shuffle=shuffle, enemies=enemies
    )


def attempt_start(
    *,
    question_set: QuestionSet,
    user: Any,
    visitor_key: str,
    now: datetime,
    seed: int | None = None,
) -> Attempt:
    """A new attempt of a set, outside any assignment."""
    seed, question_ids = draw_questions(
        question_set=question_set,
        user=user,
        visitor_key=visitor_key,
        shuffle=question_set.shuffle,
        seed=seed,
    )
    return create_attempt(
        question_ids=question_ids,
        seed=seed,
        user=user,
        visitor_key=visitor_key,
        question_set=question_set,
        mode=Attempt.Mode.QUIZ,
        feedback=question_set.feedback,
        time_limit=_time_limit_for(user=user, time_limit=question_set.time_limit),
        now=now,
    )


def _time_limit_for(*, user: Any, time_limit: int | None) -> int | None:
    """The set's limit, lengthened by the pupil's extra-time accommodation."""
    if not time_limit or user is None:
        return time_limit
    extra = Profile.objects.filter(user=user).values_list("extra_time_percent", flat=True).first()
    return time_limit * (100 + (extra or 0)) // 100


def practice_start(*, user: Any, now: datetime, seed: int | None = None) -> Attempt | None:
    """A practice session of the questions due today, the weakest first;
    ``None`` when nothing is due."""
    seed = secrets.randbits(48) if seed is None else seed
    due = list(
        ReviewCard.objects.filter(user=user, due__lte=timezone.localdate(now))
        .order_by("box", "due", "question_id")
        .values_list("question_id", flat=True)[:PRACTICE_SIZE]
    )
    if not due:
        return None
    return create_attempt(
        question_ids=assemble(seed=seed, fixed=due, enemies=enemy_pairs(question_ids=due)),
        seed=seed,
        user=user,
        visitor_key="",
        question_set=None,
        mode=Attempt.Mode.PRACTICE,
        feedback=QuestionSet.Feedback.EACH,
        time_limit=None,
        now=now,
    )


def attempt_expire_if_due(*, attempt: Attempt, now: datetime) -> Attempt:
    """Close an attempt whose time ran out, with what was saved."""
    if attempt.is_open and attempt.deadline and now > attempt.deadline + GRACE:
        return attempt_finish(attempt=attempt, now=now, status=Attempt.Status.EXPIRED)
    return attempt


@transaction.atomic
def attempt_answer(
    *, attempt: Attempt, item: AttemptItem, response: Any, now: datetime
) -> AttemptItem:
    """Save (and grade) an answer. The same answer sent twice stores one: the
    item row is updated in place, never added."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.is_open and attempt.deadline and now > attempt.deadline + GRACE:
        attempt_finish(attempt=attempt, now=now, status=Attempt.Status.EXPIRED)
        raise AttemptClosed
    if not attempt.is_open:
        raise AttemptClosed
    result = grade(item.snapshot["kind"], item.snapshot, response)
    rows = AttemptItem.objects.filter(pk=item.pk, attempt=attempt)
    if attempt.feedback == QuestionSet.Feedback.EACH:
        rows = rows.filter(answered_at=None)  # once the feedback is seen, it is final
    if not rows.update(
        response=response, score=result.score, verdict=result.verdict, answered_at=now
    ):
        raise AnswerLocked
    item.response, item.score, item.verdict, item.answered_at = (
        response,
        result.score,
        result.verdict,
        now,
    )
    return item


@transaction.atomic
def attempt_save_draft(
    *, attempt: Attempt, item: AttemptItem, response: Any, now: datetime
) -> None:
    """Keep a half-made answer (an ordering being arranged) without grading it."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if not attempt.is_open or (attempt.deadline and now > attempt.deadline + GRACE):
        raise AttemptClosed
    AttemptItem.objects.filter(pk=item.pk, attempt=attempt, answered_at=None).update(
        response=response
    )


@transaction.atomic
def attempt_finish(
    *, attempt: Attempt, now: datetime, status: str = Attempt.Status.SUBMITTED
) -> Attempt:
    """Score and close an attempt, once: finishing twice changes nothing."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if not attempt.is_open:
        return attempt
    items = list(attempt.items.all())
    attempt.score = sum(item.score or 0 for item in items if item.is_answered)
    attempt.status = status
    attempt.finished_at = min(now, attempt.deadline + GRACE) if attempt.deadline else now
    attempt.save(update_fields=["score", "status", "finished_at"])
    if attempt.user_id:
        _schedule_reviews(user_id=attempt.user_id, items=items, now=now)
    if attempt.assignment_id and attempt.user_id:
        result_update(assignment_id=attempt.assignment_id, student_id=attempt.user_id)
    if attempt.user_id:
        # Results and mastery show on the boards of every class the pupil is in.
        boards_changed(classrooms=classrooms_of(attempt.user_id))
    return attempt


def result_update(*, assignment_id: int, student_id: int) -> AssignmentResult | None:
    """Recompute a pupil's result on an assignment from their finished attempts."""
    assignment = Assignment.objects.get(pk=assignment_id)
    finished = [
        (finished_at, score / max_score if max_score else 0.0)
        for finished_at, score, max_score in Attempt.objects.filter(
            assignment_id=assignment_id, user_id=student_id
        )
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .values_list("finished_at", "score", "max_score")
    ]
    combined = combine_attempts(finished, assignment.grading)
    if combined is None:
        return None
    grade, achieved_at = combined
    result, _ = AssignmentResult.objects.update_or_create(
        assignment_id=assignment_id,
        student_id=student_id,
        defaults={"grade": grade, "achieved_at": achieved_at, "attempts": len(finished)},
    )
    return result


def _schedule_reviews(*, user_id: int, items: Sequence[AttemptItem], now: datetime) -> None:
    """Move each answered question's review card: two queries for any number."""
    cards = {
        c.question_id: Card(c.box, c.due)
        for c in ReviewCard.objects.filter(
            user_id=user_id, question_id__in=[i.question_id for i in items]
        )
    }
    moved: dict[int, Card] = {}
    for item in items:
        if not item.is_answered:
            continue  # an unanswered question says nothing about memory
        before = moved.get(item.question_id) or cards.get(item.question_id)
        moved[item.question_id] = review(
            before, score=item.score or 0, today=timezone.localdate(now)
        )
    ReviewCard.objects.bulk_create(
        [
            ReviewCard(
                user_id=user_id,
                question_id=question_id,
                box=card.box,
                due=card.due,
                reviewed_at=now,
            )
            for question_id, card in moved.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "question"],
        update_fields=["box", "due", "reviewed_at"],
    )


@transaction.atomic
def attempts_claim(*, visitor_key: str, user: Any) -> int:
    """Give a visitor's attempts to the account they just made."""
    attempts = list(Attempt.objects.filter(visitor_key=visitor_key, user=None))
    for attempt in attempts:
        attempt.user = user
        attempt.visitor_key = ""
        attempt.save(update_fields=["user", "visitor_key"])
        if not attempt.is_open:
            _schedule_reviews(
                user_id=user.pk, items=list(attempt.items.all()), now=attempt.finished_at
            )
    boards_changed(classrooms=classrooms_of(user.pk))
    return len(attempts)
