"""Cleaning of the article text as it came out of the PDF, and its splitting.

The raw text has the Latin schwa (U+0259) where Kazakh Cyrillic ``ә`` belongs, no-break
spaces, words broken by a hyphen at a line end (``се-  беп``), paragraphs glued
to the previous sentence with a doubled full stop (``болды..1991``) and
sentences broken after a person's initials (``Н.Ә.`` + newline + surname).

Rules handle what can be recognised mechanically; ``CORRECTIONS`` is the short,
reviewed list of word-level fixes no rule can tell (glued words, a stray full
stop, a lost hyphen in a page range). The clean text is written one sentence a
line, paragraphs separated by a blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import cyrillic_schwa

# (wrong, right, why): each must occur in the text after the rules ran, so a
# better extraction that no longer needs a correction makes it fail loudly.
CORRECTIONS: tuple[tuple[str, str, str], ...] = (
    ("жәнежалпы", "және жалпы", "glued words"),
    ("оңтүстікшекарасынақауіп", "оңтүстік шекарасына қауіп", "glued words"),
    (
        "жаңасатығакөтеретінөзгерістеренгізукеректігін",
        "жаңа сатыға көтеретін өзгерістер енгізу керектігін",
        "glued words",
    ),
    ("жылықабылданған", "жылы қабылданған", "glued words"),
    ("келісім-шарт тың", "келісім-шарттың", "suffix split off its word"),
    ("кіретін.6 мемлекет", "кіретін 6 мемлекет", "stray full stop"),
    ("әскерииндустриалдық", "әскери-индустриалдық", "lost hyphen"),
    ("әскеристратегиялық", "әскери-стратегиялық", "lost hyphen"),
    ("қаружарақ", "қару-жарақ", "lost hyphen"),
    ("қауіпқатерлерді", "қауіп-қатерлерді", "lost hyphen"),
    ("келісімшарт", "келісім-шарт", "one spelling, as the article mostly writes it"),
    ("[3, 4041]", "[3, 40-41]", "lost hyphen in a page range"),
    ("перифириясындағы", "перифериясындағы", "misspelling"),
    ("Түркіменстан", "Түрікменстан", "one spelling, as the article also writes it"),
    ("қиындау түсуі", "қиындай түсуі", "misspelling"),
)

_NBSP = "\u00a0\u202f\u2007"
# A paragraph glued to the end of the previous one: "болды..1991", "[1,20]..Осы",
# and a colon before a lost list or a block quote: "белгіледі:.Қазақстан".
_GLUED_PARAGRAPH = re.compile(r"(?<=[^.])(\.\.|:\.)(?=[«\w])")
# A word broken at a line end: "се-  беп", "отырысын-  да", "Ба-  тыс".
_LINE_END_HYPHEN = re.compile(r"(\w)-\s+([а-яәғқңөұүһі])")
# A sentence ends at . ! ? or an ellipsis (and a closing quote or a reference
# after it), followed by a capital letter, a digit or an opening quote.
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?:»)?(?:\s*[\[/][\d, \-]+[\]/]\.?)?\s+(?=[«\"А-ЯӘҒҚҢӨҰҮҺІЁA-Z\d])"
)
# Initials before a surname: a single capital letter and a full stop.
_INITIAL = re.compile(r"(?:^|[\s.])[А-ЯӘҒҚҢӨҰҮҺІ]\.$")


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[str, ...]


def apply_rules(raw: str) -> str:
    """Mechanical fixes: letters, spaces, hyphenation, paragraph marks."""
    text = cyrillic_schwa(raw)
    for space in _NBSP:
        text = text.replace(space, " ")
    text = text.replace("»,«", "», «")
    text = _GLUED_PARAGRAPH.sub(lambda m: m.group(1)[0] + "\n\n", text)
    text = _LINE_END_HYPHEN.sub(r"\1\2", text)
    return text


def apply_corrections(text: str) -> str:
    for wrong, right, _why in CORRECTIONS:
        if wrong not in text:
            raise ValueError(f"correction no longer applies: {wrong!r}")
        text = text.replace(wrong, right)
    return text


def split_paragraphs(text: str) -> list[Paragraph]:
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        # Inside a paragraph the PDF's line breaks are not meaningful: join the
        # lines, then cut at sentence ends that do not follow an initial.
        flat = re.sub(r"\s+", " ", block).strip()
        flat = re.sub(r"\.{4,}$", ".", flat)
        if not flat:
            continue
        sentences: list[str] = []
        start = 0
        for match in _SENTENCE_END.finditer(flat):
            head = flat[start : match.start()]
            if _INITIAL.search(head):
                continue
            sentences.append(head.strip())
            start = match.end()
        sentences.append(flat[start:].strip())
        paragraphs.append(Paragraph(tuple(s for s in sentences if s)))
    return paragraphs


def clean_article(raw: str) -> list[Paragraph]:
    return split_paragraphs(apply_corrections(apply_rules(raw)))


def render_clean(paragraphs: list[Paragraph]) -> str:
    """One sentence a line, a blank line between paragraphs."""
    return "\n\n".join("\n".join(p.sentences) for p in paragraphs) + "\n"


def parse_clean(text: str) -> list[Paragraph]:
    """Read back what ``render_clean`` wrote."""
    return [
        Paragraph(tuple(line.strip() for line in block.splitlines() if line.strip()))
        for block in re.split(r"\n\s*\n", text.strip())
        if block.strip()
    ]


def sentence_anchor(paragraph_number: int, sentence_number: int) -> str:
    """Stable, readable anchor of a sentence, both numbers counted from 1."""
    return f"p{paragraph_number}-s{sentence_number}"
