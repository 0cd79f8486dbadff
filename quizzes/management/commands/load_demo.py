from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from quizzes.core.codes import display_code
from quizzes.services.demo import DEMO_PASSWORD, STUDENTS, TEACHER, DemoRefused, demo_create


class Command(BaseCommand):
    help = "Create a demo teacher, classroom and pupils with results (development only)."

    def handle(self, *args, **options):
        try:
            classroom = demo_create(now=timezone.now())
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        pupils = ", ".join(username for username, _ in STUDENTS)
        self.stdout.write(
            f"Demo ready. Teacher: {TEACHER}; pupils: {pupils}; password for all: "
            f"{DEMO_PASSWORD}. Class code: {display_code(classroom.join_code)}."
        )
