from __future__ import annotations

from django.core.management.base import BaseCommand

from quizzes.formats.gift import dump_gift
from quizzes.formats.jsonbank import dump_json
from quizzes.selectors.bank import bank_export


class Command(BaseCommand):
    help = "Print the question bank as JSON or Moodle GIFT."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "gift"], default="json")

    def handle(self, *args, format: str, **options):
        questions = bank_export()
        if format == "json":
            self.stdout.write(dump_json(questions), ending="")
            return
        text, skipped = dump_gift(questions)
        self.stdout.write(text, ending="")
        if skipped:
            self.stderr.write(
                f"{len(skipped)} questions of kinds GIFT cannot express were left out: "
                + ", ".join(skipped)
            )
