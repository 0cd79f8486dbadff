from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quizzes.core.bank import enemy_pairs
from quizzes.core.checks import bank_report
from quizzes.services.bank import (
    BankError,
    article_load,
    bank_check,
    bank_fixture_questions,
    bank_load,
    read_clean_article,
    shipped_sets,
)
from quizzes.services.sets import shipped_sets_load


class Command(BaseCommand):
    help = (
        "Load the article and the question bank from fixtures/ (idempotent, by key); "
        "--check validates it and runs the item-writing checks instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Validate the bank, report cues, longest keys, absolute words and "
            "unmarked negatives, and write nothing.",
        )

    def handle(self, *args, check: bool, **options):
        questions = bank_fixture_questions()
        try:
            with transaction.atomic():
                sentences = article_load(paragraphs=read_clean_article())
                if check:
                    bank_check(questions=questions)
                    transaction.set_rollback(True)
                    self._report(questions)
                    return
                result = bank_load(questions=questions, whole_bank=True)
                sets = shipped_sets_load(sets=shipped_sets())
        except BankError as error:
            raise CommandError(f"The bank has problems:\n{error}") from error
        self.stdout.write(
            f"Article: {sentences} sentences. Questions: {len(result.created)} created, "
            f"{len(result.updated)} updated, {len(result.unchanged)} unchanged, "
            f"{len(result.retired)} retired. "
            f"Question sets: {sets}."
        )

    def _report(self, questions):
        """The item-writing checks: figures, then every problem."""
        report = bank_report(questions, enemies=enemy_pairs(questions))
        for line in report.summary():
            self.stdout.write(line)
        if report.findings:
            problems = "\n".join(f"{f.key or 'bank'}: {f.message()}" for f in report.findings)
            raise CommandError(f"{len(report.findings)} item-writing problems:\n{problems}")
        self.stdout.write(f"{len(questions)} questions are valid.")
