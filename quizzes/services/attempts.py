"""Writing attempts: start, answer, finish, and the schedule they feed."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NoReturn

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from quizzes.core import rules
from quizzes.core.assembly import Pool, assemble
from quizzes.core.grading import grade
from quizzes.core.responses import shuffled_order
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
from quizzes.selectors.attempts import withheld_question_ids
from quizzes.selectors.bank import enemy_pairs, question_export

from .boards import boards_changed, classrooms_of

PRACTICE_SIZE = 10


class AttemptClosed(Exception):
    """The attempt takes no more answers (submitted, or its time ran out)."""


class AnswerLocked(Exception):
    """The question's feedback has been shown: its answer can no longer change."""


def _pool_candidates(pool: Any, owner_id: int | None) -> tuple[int, ...]:
    """The bank's questions, and a teacher's own for a teacher's set."""
    questions = Question.objects.filter(Q(owner=None) | Q(owner_id=owner_id), archived_at=None)
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


def question_snapshot(question: Question) -> dict[str, Any]:
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
    deadline: datetime | None,
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
        deadline=deadline,
        max_score=len(question_ids),
    )
    questions = Question.objects.prefetch_related("sources").in_bulk(question_ids)
    AttemptItem.objects.bulk_create(
        AttemptItem(
            attempt=attempt,
            position=position,
            question_id=pk,
            revision=questions[pk].revision,
            snapshot=question_snapshot(questions[pk]),
            option_order=shuffled_order(
                questions[pk].kind, questions[pk].answer, seed=seed, question_id=pk
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
        deadline=rules.deadline(
            started_at=now,
            time_limit_s=rules.time_limit_s(
                set_limit_s=question_set.time_limit,
                extra_percent=extra_time_percent(user) if question_set.time_limit else 0,
            ),
            due=None,
        ),
        now=now,
    )


def attempts_close_unfinished(
    *, question_set: QuestionSet, user: Any, visitor_key: str, now: datetime
) -> None:
    """Before a fresh start of a set: its attempts left half done are
    submitted with what they have, so one set has one attempt under way."""
    owner = Q(user=user) if user is not None else Q(visitor_key=visitor_key, user=None)
    for attempt in Attempt.objects.filter(
        owner, question_set=question_set, assignment=None, status=Attempt.Status.IN_PROGRESS
    ):
        attempt_finish(attempt=attempt, now=now)


def extra_time_percent(user: Any) -> int:
    """The pupil's extra-time accommodation (none for a visitor)."""
    if user is None:
        return 0
    extra = Profile.objects.filter(user=user).values_list("extra_time_percent", flat=True).first()
    return extra or 0


def practice_start(*, user: Any, now: datetime, seed: int | None = None) -> Attempt | None:
    """A practice session of the questions due today, the weakest first;
    ``None`` when nothing is due. A question whose feedback an assignment
    still holds back waits: practice would show its answer."""
    seed = secrets.randbits(48) if seed is None else seed
    due = list(
        ReviewCard.objects.filter(user=user, due__lte=timezone.localdate(now))
        .exclude(question_id__in=withheld_question_ids(user=user, now=now))
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
        deadline=None,
        now=now,
    )


def _takes_answers(attempt: Attempt, now: datetime) -> bool:
    return rules.accepts_answers(is_open=attempt.is_open, deadline=attempt.deadline, now=now)


def attempt_expire_if_due(*, attempt: Attempt, now: datetime) -> Attempt:
    """Close an attempt whose time ran out, or whose due date passed, with
    what was saved."""
    if attempt.is_open and not _takes_answers(attempt, now):
        return attempt_finish(attempt=attempt, now=now, status=Attempt.Status.EXPIRED)
    return attempt


def _locked_if_taking_answers(attempt: Attempt, now: datetime) -> Attempt | None:
    """The attempt's row, locked for the rest of the transaction, if it still
    takes answers; ``None`` if it does not."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    return attempt if _takes_answers(attempt, now) else None


def _refuse(attempt: Attempt, now: datetime) -> NoReturn:
    """An answer came too late: close the attempt if its time is up, and say so."""
    attempt_expire_if_due(attempt=attempt, now=now)
    raise AttemptClosed


def attempt_answer(
    *, attempt: Attempt, item: AttemptItem, response: Any, now: datetime
) -> AttemptItem:
    """Save (and grade) an answer. The same answer sent twice stores one: the
    item row is updated in place, never added."""
    with transaction.atomic():
        locked = _locked_if_taking_answers(attempt, now)
        if locked is not None:
            result = grade(item.snapshot["kind"], item.snapshot, response)
            rows = AttemptItem.objects.filter(pk=item.pk, attempt=locked)
            if rules.shows_feedback_each(locked.feedback):
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
    _refuse(attempt, now)


def attempt_arrange(
    *, attempt: Attempt, item: AttemptItem, arrangement: list[int], now: datetime
) -> AttemptItem:
    """Keep an ordering being arranged. Before it is answered it is a draft,
    not graded; once answered, a new arrangement is a new answer, graded and
    stored, unless the answer is final."""
    if rules.answer_locked(feedback=attempt.feedback, answered=item.is_answered):
        raise AnswerLocked
    if item.is_answered:
        return attempt_answer(attempt=attempt, item=item, response=arrangement, now=now)
    with transaction.atomic():
        locked = _locked_if_taking_answers(attempt, now)
        if locked is not None:
            AttemptItem.objects.filter(pk=item.pk, attempt=locked, answered_at=None).update(
                response=arrangement
            )
            item.response = arrangement
            return item
    _refuse(attempt, now)


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
    attempt.finished_at = rules.finished_at(deadline=attempt.deadline, now=now)
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
    """Move each answered question's review card (an unanswered question
    says nothing about memory)."""
    reviews_schedule(
        outcomes=[(user_id, i.question_id, i.score or 0) for i in items if i.is_answered],
        now=now,
    )


def reviews_schedule(*, outcomes: Sequence[tuple[int, int, float]], now: datetime) -> int:
    """Move the review card of each ``(user, question, score)``, in order:
    two queries for any number of pupils and questions. How many cards moved."""
    if not outcomes:
        return 0
    cards = {
        (c.user_id, c.question_id): Card(c.box, c.due)
        for c in ReviewCard.objects.filter(
            user_id__in={u for u, _, _ in outcomes},
            question_id__in={q for _, q, _ in outcomes},
        )
    }
    moved: dict[tuple[int, int], Card] = {}
    for user_id, question_id, score in outcomes:
        key = (user_id, question_id)
        moved[key] = review(
            moved.get(key) or cards.get(key), score=score, today=timezone.localdate(now)
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
            for (user_id, question_id), card in moved.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "question"],
        update_fields=["box", "due", "reviewed_at"],
    )
    return len(moved)


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
