from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.formats import read_bank_file
from quizzes.formats.errors import FormatError
from quizzes.services.bank import BankError, bank_load


class Command(BaseCommand):
    help = "Import questions from a JSON or GIFT file: all of them, or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: cannot read: {error}") from error
        try:
            questions = read_bank_file(file.name, text)
            result = bank_load(questions=questions)
        except FormatError as error:
            raise CommandError(f"{file}: {error}") from error
        except BankError as error:
            raise CommandError(f"{file}: nothing imported:\n{error}") from error
        self.stdout.write(
            f"{len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged."
        )
