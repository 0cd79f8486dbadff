"""``manage.py grant_teacher USERNAME [--revoke]``: give an account the
teacher's role, or take it back."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from quizzes.services.accounts import teacher_role_grant


class Command(BaseCommand):
    help = "Give an account the teacher's role (or take it back with --revoke)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="Make it a pupil's again.")

    def handle(self, *args, username: str, revoke: bool, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is named {username!r}.")
        teacher_role_grant(user=user, teacher=not revoke)
        role = "a pupil's" if revoke else "a teacher's"
        self.stdout.write(f"{username} is now {role} account.")
