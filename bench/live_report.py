"""What a finished live game costs afterwards, for N players.

    python bench/live_report.py --players 300 [--questions 10] [--db sqlite|postgres]

On a fresh database (production settings), builds a finished game of N
players with accounts in a classroom, each answering every question (a
third of the answers wrong), then measures, in this process: putting the
results into practice (``record_game_results``: one upsert for the class),
the host's report page, its CSV, a pupil's progress page, a teacher's
classroom page (each the median of a few loads, after a first page warmed
the process up), and the queries each takes. Prints one JSON object as its
last line. Run by hand; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgres://quizci:quizci@127.0.0.1:5432/postgres"
# Each page is loaded this many times; its median time is reported.
REPEAT = 5


def prepare(db: str, workdir: Path) -> str | None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "quizsite.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DJANGO_LOG_LEVEL": "ERROR",
        }
    )
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        return None
    name = f"quizbench_report_{os.getpid()}"
    admin = os.environ.get("BENCH_PG_ADMIN_URL", PG_ADMIN_URL)
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    os.environ["DATABASE_URL"] = admin.rsplit("/", 1)[0] + f"/{name}"
    return name


def timed(call, repeat: int = 1):
    """The call's result, its median time in ms over ``repeat`` runs, and
    the queries of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - start)
    return result, round(statistics.median(times) * 1000, 1), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--players", type=int, default=300)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix="live-report-"))
    pg_name = prepare(args.db, workdir)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    # Pages render without collecting the static files first.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_bank", verbosity=0)

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.test import Client
    from django.utils import timezone

    from quizzes.core.grading import grade, key_response
    from quizzes.core.live import PLAYABLE_KINDS
    from quizzes.models import (
        Game,
        GameAnswer,
        Membership,
        Player,
        Profile,
        Question,
        QuestionSet,
        ReviewCard,
    )
    from quizzes.services.attempts import question_snapshot
    from quizzes.services.classrooms import classroom_create
    from quizzes.services.live_results import record_game_results

    User = get_user_model()
    password = make_password("bench-pass-1992")
    teacher = User.objects.create(username="bench-teacher", password=password)
    Profile.objects.create(user=teacher, role="teacher")
    classroom = classroom_create(teacher=teacher, name="Bench")
    users = User.objects.bulk_create(
        User(username=f"pupil{i}", password=password) for i in range(args.players)
    )
    Profile.objects.bulk_create(Profile(user=u) for u in users)
    Membership.objects.bulk_create(
        Membership(classroom=classroom, student=u, nickname=f"Оқушы {i}")
        for i, u in enumerate(users)
    )
    questions = list(
        Question.objects.filter(owner=None, kind__in=PLAYABLE_KINDS)
        .prefetch_related("sources")
        .order_by("key")[: args.questions]
    )
    frozen = [
        {
            "id": q.pk,
            "snapshot": question_snapshot(q),
            "order": list(range(len(q.answer.get("choices", [])))),
        }
        for q in questions
    ]
    started = timezone.now() - timedelta(hours=1)
    game = Game.objects.create(
        pin="123456",
        host=teacher,
        question_set=QuestionSet.objects.get(key="full-test"),
        classroom=classroom,
        questions=frozen,
        phase="ended",
        index=len(frozen) - 1,
        opened_at=started + timedelta(seconds=30 * (len(frozen) - 1)),
        ended_at=timezone.now(),
    )
    players = Player.objects.bulk_create(
        Player(game=game, user=u, nickname=f"Оқушы {i}", nickname_key=f"оқушы {i}")
        for i, u in enumerate(users)
    )
    Player.objects.filter(game=game).update(joined_at=started - timedelta(minutes=1))
    answers = []
    for n, player in enumerate(players):
        for index, entry in enumerate(frozen):
            spec = entry["snapshot"]
            right = (n + index) % 3 != 0
            response = key_response(spec["kind"], spec)
            if isinstance(response, set):
                response = sorted(response)
            if not right:
                response = {
                    "single": 0 if response != 0 else 1,
                    "multiple": [0] if response != [0] else [1],
                    "true_false": not response if isinstance(response, bool) else False,
                    "year": response + 3 if isinstance(response, int) else 1990,
                }[spec["kind"]]
            correct = grade(spec["kind"], spec, response).score >= 1
            ms = 500 + (n * 37 + index * 101) % 9000
            answers.append(
                GameAnswer(
                    game=game,
                    player=player,
                    index=index,
                    question_id=entry["id"],
                    response=response,
                    correct=correct,
                    elapsed_ms=ms,
                    points=round(1000 * (1 - ms / 40000)) if correct else 0,
                    answered_at=started + timedelta(seconds=30 * index, milliseconds=ms),
                )
            )
    GameAnswer.objects.bulk_create(answers, batch_size=2000)

    _, record_ms, record_queries = timed(lambda: record_game_results(game))
    host = Client()
    host.force_login(teacher)
    host.get("/teach/")  # warm up: templates, catalogues, URLs
    report, report_ms, report_queries = timed(
        lambda: host.get(f"/live/game/{game.pk}/report/"), REPEAT
    )
    results, csv_ms, csv_queries = timed(
        lambda: host.get(f"/live/game/{game.pk}/results.csv"), REPEAT
    )
    classroom_page, classroom_ms, classroom_queries = timed(
        lambda: host.get(f"/teach/class/{classroom.pk}/"), REPEAT
    )
    pupil = Client()
    pupil.force_login(users[0])
    pupil.get("/")  # warm up
    progress, progress_ms, progress_queries = timed(lambda: pupil.get("/progress/"), REPEAT)
    errors = sum(r.status_code != 200 for r in (report, results, classroom_page, progress))
    figures = {
        "players": args.players,
        "questions": len(frozen),
        "db": args.db,
        "answers": len(answers),
        "cards": ReviewCard.objects.count(),
        "errors": errors,
        "record_ms": record_ms,
        "record_queries": record_queries,
        "report_ms": report_ms,
        "report_queries": report_queries,
        "report_kb": round(len(report.content) / 1024, 1),
        "csv_ms": csv_ms,
        "csv_queries": csv_queries,
        "csv_rows": results.content.count(b"\n") - 1,
        "classroom_page_ms": classroom_ms,
        "classroom_page_queries": classroom_queries,
        "progress_ms": progress_ms,
        "progress_queries": progress_queries,
    }
    if pg_name:
        from django.db import connections

        connections.close_all()
        admin = os.environ.get("BENCH_PG_ADMIN_URL", PG_ADMIN_URL)
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {pg_name}"], check=False)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
