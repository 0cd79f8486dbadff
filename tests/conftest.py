from __future__ import annotations

import pytest


@pytest.fixture
def article(db):
    """The clean article stored as paragraphs and sentences."""
    from quizzes.services.bank import article_load, read_clean_article

    article_load(paragraphs=read_clean_article())


@pytest.fixture
def bank(article):
    """The whole shipped bank, loaded."""
    from quizzes.services.bank import bank_fixture_questions, bank_load

    return bank_load(questions=bank_fixture_questions())
