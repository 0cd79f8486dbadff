from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Copy the SQLite database consistently while the app runs (SQLite's online "
        "backup). For PostgreSQL use pg_dump."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, default=None, help="File to write.")

    def handle(self, *args, to: Path | None, **options):
        if connection.vendor != "sqlite":
            raise CommandError("This database is not SQLite: back it up with pg_dump (see README).")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = to or Path(settings.BASE_DIR) / "backups" / f"db-{stamp}.sqlite3"
        target.parent.mkdir(parents=True, exist_ok=True)
        # The backup API copies page by page under SQLite's own locking, so the
        # copy is consistent even while workers write (WAL mode).
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy, pages=1024)
        finally:
            copy.close()
        with sqlite3.connect(target) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise CommandError(f"The copy failed its integrity check: {result}")
        self.stdout.write(f"Backed up to {target}")
