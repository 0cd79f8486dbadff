from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from quizzes.core.article import clean_article, render_clean
from quizzes.services.bank import clean_article_path, raw_article_path


class Command(BaseCommand):
    help = "Turn the raw article text (as extracted from the PDF) into the clean one."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report whether the clean file is what the raw file gives.",
        )

    def handle(self, *args, check: bool, **options):
        try:
            paragraphs = clean_article(raw_article_path().read_text(encoding="utf-8"))
        except ValueError as error:
            raise CommandError(str(error)) from error
        text = render_clean(paragraphs)
        target = clean_article_path()
        if check:
            if target.read_text(encoding="utf-8") != text:
                raise CommandError(f"{target.name} is not what the raw text cleans to.")
            self.stdout.write("The clean article is up to date.")
            return
        target.write_text(text, encoding="utf-8")
        sentences = sum(len(p.sentences) for p in paragraphs)
        self.stdout.write(f"Wrote {len(paragraphs)} paragraphs, {sentences} sentences.")
