"""``manage.py teacher_invitation [--uses N] [--days D] [--note TEXT]``: a
code that makes the accounts signing up with it (or entering it) teachers'."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from quizzes.core.codes import display_code
from quizzes.services.accounts import teacher_invitation_create


class Command(BaseCommand):
    help = "Make a teacher invitation code for a school."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--uses", type=int, default=30, help="How many teachers (30).")
        parser.add_argument("--days", type=int, default=30, help="Valid for (30 days; 0: no end).")
        parser.add_argument("--note", default="", help="For whom, e.g. the school's name.")

    def handle(self, *args, uses: int, days: int, note: str, **options) -> None:
        if uses < 1 or days < 0:
            raise CommandError("--uses must be at least 1 and --days at least 0.")
        expires = timezone.now() + timedelta(days=days) if days else None
        invitation = teacher_invitation_create(note=note[:200], uses=uses, expires_at=expires)
        self.stdout.write(display_code(invitation.code))
