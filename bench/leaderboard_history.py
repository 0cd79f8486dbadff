"""What a classroom's leaderboard costs as the school's history grows.

    python bench/leaderboard_history.py [--db sqlite|postgres] [--small 1000]
                                        [--large 100000] [--repeat 200]

Builds two fresh databases with production settings: one with ``--small``
past attempts, one with ``--large``, spread over a school of classrooms, each
pupil with their kept results and review cards. In each, one classroom of 30
pupils is measured in-process (no HTTP): its boards computed (the cache emptied),
read from the cache by a classmate, and an unchanged poll (304). Prints the
median milliseconds and queries of each and, as its last line, one JSON
object with the large/small ratios. Run by hand; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from classroom import environment, manage  # noqa: E402

MEASURE = """
import json, random, statistics, sys, time
from datetime import timedelta
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.utils import timezone
from quizzes.models import (Assignment, AssignmentResult, Attempt, Classroom, Membership,
                            Profile, Question, QuestionSet, ReviewCard)
setup_test_environment()
attempts_wanted, repeat = int(sys.argv[1]), int(sys.argv[2])
PUPILS_PER_CLASS, ASSIGNMENTS_PER_CLASS, MEASURED = 30, 10, 30
rng = random.Random(1992)
now = timezone.now()
User = get_user_model()
question_set = QuestionSet.objects.get(key="full-test")
questions = list(Question.objects.values_list("pk", flat=True))
teacher = User.objects.create(username="teacher", password="!")
Profile.objects.create(user=teacher, role="teacher")
# Enough classrooms that every pupil has ten attempts at each of ten assignments.
per_pupil = 10 * ASSIGNMENTS_PER_CLASS
classes = -(-attempts_wanted // (PUPILS_PER_CLASS * per_pupil))
attempts_made = 0
for c in range(classes):
    classroom = Classroom.objects.create(teacher=teacher, name=f"Class {c}", join_code=f"C{c:07d}")
    users = User.objects.bulk_create(
        User(username=f"c{c}p{i}", password="!") for i in range(PUPILS_PER_CLASS))
    Profile.objects.bulk_create(Profile(user=u) for u in users)
    Membership.objects.bulk_create(
        Membership(classroom=classroom, student=u, nickname=f"Pupil {i}")
        for i, u in enumerate(users))
    assignments = Assignment.objects.bulk_create(
        Assignment(classroom=classroom, question_set=question_set,
                   opens_at=now - timedelta(days=30 - a), attempts_allowed=0)
        for a in range(ASSIGNMENTS_PER_CLASS))
    rows, results, cards = [], [], []
    for u in users:
        for a in assignments:
            best = 0.0
            for k in range(per_pupil // ASSIGNMENTS_PER_CLASS):
                if attempts_made >= attempts_wanted:
                    break
                score = rng.randint(0, 20)
                best = max(best, score / 20)
                started = now - timedelta(days=rng.randint(1, 30), minutes=k)
                rows.append(Attempt(
                    question_set=question_set, user=u, assignment=a, seed=rng.getrandbits(40),
                    status="submitted", feedback="end", started_at=started,
                    finished_at=started + timedelta(minutes=15), score=score, max_score=20))
                attempts_made += 1
            results.append(AssignmentResult(assignment=a, student=u, attempts=10, grade=best,
                                            achieved_at=now - timedelta(days=rng.randint(1, 30))))
        for q in rng.sample(questions, 40):
            cards.append(ReviewCard(user=u, question_id=q, box=rng.randint(1, 5),
                                    due=now.date(), reviewed_at=now))
    Attempt.objects.bulk_create(rows, batch_size=2000)
    AssignmentResult.objects.bulk_create(results, batch_size=2000)
    ReviewCard.objects.bulk_create(cards, batch_size=2000)
measured = Classroom.objects.order_by("pk").first()
pupils = list(Membership.objects.filter(classroom=measured).values_list("student", flat=True))
first, second = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
first.force_login(User.objects.get(pk=pupils[0]))
second.force_login(User.objects.get(pk=pupils[1]))
url = f"/class/{measured.pk}/"

def measure(run, before=lambda: None):
    times = []
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        response = run()
        times.append(time.perf_counter() - start)
        assert response.status_code in (200, 304), response.status_code
    before()
    with CaptureQueriesContext(connection) as ctx:
        run()
    return {"median_ms": round(1000 * statistics.median(times), 3),
            "queries": len(ctx.captured_queries)}

board = lambda client, **h: client.get(url, HTTP_HX_REQUEST="true", **h)
out = {"attempts": Attempt.objects.count(), "results": AssignmentResult.objects.count(),
       "review_cards": ReviewCard.objects.count()}
out["computed"] = measure(lambda: board(first), before=caches["boards"].clear)  # a cache miss
board(first)
out["cached"] = measure(lambda: board(second))
etag = board(second)["ETag"]
out["unchanged_304"] = measure(lambda: board(second, HTTP_IF_NONE_MATCH=etag))
print(json.dumps(out))
"""


def history(db: str, attempts: int, repeat: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="quizhistory-"))
    env = environment(db, workdir)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "load_bank")
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(attempts), str(repeat)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(result.stdout + result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    started = time.perf_counter()
    small = history(args.db, args.small, args.repeat)
    print(json.dumps({"small": small}), flush=True)
    large = history(args.db, args.large, args.repeat)
    print(json.dumps({"large": large}), flush=True)
    ratio = {
        path: round(large[path]["median_ms"] / small[path]["median_ms"], 2)
        for path in ("computed", "cached", "unchanged_304")
    }
    print(
        json.dumps(
            {
                "db": args.db,
                "small": small,
                "large": large,
                "large_vs_small": ratio,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
