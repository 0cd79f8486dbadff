from __future__ import annotations

import pytest

from quizzes.core.article import (
    CORRECTIONS,
    apply_corrections,
    apply_rules,
    clean_article,
    parse_clean,
    render_clean,
    split_paragraphs,
)
from quizzes.services.bank import clean_article_path, raw_article_path


@pytest.fixture(scope="module")
def raw() -> str:
    return raw_article_path().read_text(encoding="utf-8")


def test_committed_clean_text_is_what_the_raw_text_cleans_to(raw):
    assert render_clean(clean_article(raw)) == clean_article_path().read_text(encoding="utf-8")


def test_latin_schwa_becomes_cyrillic():
    assert apply_rules("Əлем мен əскери") == "Әлем мен әскери"


def test_no_break_spaces_become_spaces():
    assert apply_rules("ТМД\u00a0елдері") == "ТМД елдері"


@pytest.mark.parametrize(
    ("broken", "mended"),
    [
        ("туындауына  се-  беп болуда", "туындауына  себеп болуда"),
        ("Ба-  тыс Еуропа", "Батыс Еуропа"),
    ],
)
def test_words_hyphenated_at_a_line_end_are_joined(broken, mended):
    assert apply_rules(broken) == mended


def test_real_hyphenated_words_are_kept():
    assert apply_rules("қару-жарақ және сондай-ақ") == "қару-жарақ және сондай-ақ"


def test_a_doubled_full_stop_starts_a_paragraph():
    paragraphs = split_paragraphs(apply_rules("Бірінші сөйлем..1991 жылы екінші."))
    assert [p.sentences for p in paragraphs] == [("Бірінші сөйлем.",), ("1991 жылы екінші.",)]


def test_a_colon_glued_to_a_quote_starts_a_paragraph():
    paragraphs = split_paragraphs(apply_rules("былай деген:.«Сөз.»"))
    assert [p.sentences for p in paragraphs] == [("былай деген:",), ("«Сөз.»",)]


def test_glued_quotes_get_a_space():
    assert apply_rules("«Бір»,«Екі»") == "«Бір», «Екі»"


def test_sentences_glued_on_one_line_are_split():
    (paragraph,) = split_paragraphs("Қорғау керек еді.  Сол себепті де солай.")
    assert paragraph.sentences == ("Қорғау керек еді.", "Сол себепті де солай.")


def test_initials_do_not_end_a_sentence():
    (paragraph,) = split_paragraphs(
        "Президенті Н.Ә.\nНазарбаевтың өзі айтты. Генерал Л.\nИвашов жауап берді."
    )
    assert paragraph.sentences == (
        "Президенті Н.Ә. Назарбаевтың өзі айтты.",
        "Генерал Л. Ивашов жауап берді.",
    )


def test_a_reference_stays_with_its_sentence():
    (paragraph,) = split_paragraphs("Аз болған жоқ [1,20].\nОсы жағдай.")
    assert paragraph.sentences == ("Аз болған жоқ [1,20].", "Осы жағдай.")


def test_corrections_mend_glued_words(raw):
    text = apply_corrections(apply_rules(raw))
    assert "оңтүстік шекарасына қауіп" in text
    assert "жаңа сатыға көтеретін өзгерістер енгізу керектігін" in text


def test_a_correction_that_no_longer_applies_fails_loudly():
    with pytest.raises(ValueError, match="no longer applies"):
        apply_corrections("мәтінде түзетілетін ештеңе жоқ")


def test_every_correction_is_needed_by_the_raw_text(raw):
    text = apply_rules(raw)
    for wrong, _right, _why in CORRECTIONS:
        assert wrong in text


def test_clean_text_has_no_pdf_artefacts():
    text = clean_article_path().read_text(encoding="utf-8")
    assert "ə" not in text and "Ə" not in text
    assert "\u00a0" not in text
    assert "  " not in text
    assert ".." not in text.replace("...", "")


def test_clean_text_round_trips(raw):
    paragraphs = clean_article(raw)
    assert parse_clean(render_clean(paragraphs)) == paragraphs


def test_the_article_has_its_paragraphs_and_sentences(raw):
    paragraphs = clean_article(raw)
    assert len(paragraphs) == 25
    assert sum(len(p.sentences) for p in paragraphs) == 87
    assert all(
        s.endswith((".", ":", "»", "]", "/", "...")) for p in paragraphs for s in p.sentences
    )
