"""Item-writing checks: what a question gives away, to itself or to another.

- **Cues between questions.** Two copies of one question (same kind, stem and
  answer) show each other's answer. Question A *shows* question B's answer when A's
  visible text contains B's key answer in any word form: B's right choice,
  typed answer (or an accepted one), year, day and month, or both sides of one
  of its pairs. A's visible text is its stem, its right options, its items and
  its pairs; its wrong options too when B's answer is typed (a wrong option
  still shows the words to type, but among rival options it asserts nothing
  a choice question could be answered by). A number of one or two digits is a
  count, so it is not shown by a day of the month or an article's number
  («6 шілде», «6-бабы»). Such a pair must be *enemies* (never in one attempt).
- **The longest option.** Pupils who guess pick the longest option; across the
  single-choice questions the key should be the strictly longest one about as
  often as chance has it (one in four, with four options).
- **Absolute words** («тек», «ғана», «барлық», «ешқашан», «әрқашан» ...) that
  only wrong options use teach pupils to rule those options out unread.
- **A word of the stem in the key only** («ҰҚК мемлекеттері ...» and one
  option with «ҰҚК»; «Ресейлік мамандар» and «Ресей Федерациясы»): the
  option that echoes the stem is picked unread. A word counts as echoed in
  any form, and across derivation when the two share their first five
  letters and most of the shorter word.
- **Negative stems** («емес», «жоқ», «қатыспады», «енбеген» ...) must be
  emphasised (``**...**``), or a hurried reader answers the opposite question.

Every check returns findings with a code and parameters, so the command can
print them and a form can translate them. Nothing here imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .dates import KAZAKH_MONTHS
from .emphasis import split_emphasis, strip_emphasis
from .grading import Kind
from .kinds import kind_rules
from .morphology import form_words, stems
from .normalize import answer_key, hyphenated_words

Words = list[frozenset[str]]
_TYPED = (Kind.TEXT, Kind.YEAR, Kind.DATE)

# Within this many points of chance, the longest option is no clue.
LONGEST_KEY_TOLERANCE = 0.05

# Absolute words and the forms they take in an option.
ABSOLUTE_WORDS = (
    "тек",
    "ғана",
    "барлық",
    "барлығы",
    "барлығын",
    "барлығына",
    "бәрі",
    "бәрін",
    "ешқашан",
    "әрқашан",
    "әрдайым",
    "ешбір",
    "ешқандай",
    "мүлде",
    "мүлдем",
)
NEGATIVE_WORDS = ("емес", "жоқ")
# Words that only look like a negative verb.
NOT_NEGATIVE = frozenset({"немесе"})
# A verb with the negative ``-ма/-ме/-ба/-бе/-па/-пе`` and a tense, participle,
# verbal-noun or mood ending: «қатыспады», «енбеген», «болмайды», «кірмеуге».
_NEGATIVE_VERB = re.compile(
    r"^\w{2,}(?:ма|ме|ба|бе|па|пе)"
    r"(?:ды|ді|й|йды|йді|йтын|йтін|йтынын|йтінін|йтындығын|йтіндігін"
    r"|ған|ген|ғаны|гені|ғанын|генін|ғандықтан|гендіктен|ғанда|генде"
    r"|у|уы|уі|уға|уге|уын|уін|са|се|сын|сін|ңыз|ңіз)$"
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Finding:
    """One problem: ``code`` says which check, ``key`` which question."""

    code: str  # "cue", "longest_key", "absolute", "negative"
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        p = self.params
        if self.code == "cue":
            return f"shows {p['answer']!r}, the answer of {p['other']}, and is not its enemy"
        if self.code == "absolute":
            return f"only wrong options say {', '.join(p['words'])}"
        if self.code == "stem_word":
            return f"only the key echoes the stem's {', '.join(p['words'])}"
        if self.code == "negative":
            return f"the negative {', '.join(p['words'])} in the stem is not emphasised (**...**)"
        if self.code == "longest_key" and not p:
            return "the key is the strictly longest option"
        if self.code == "longest_key":
            return (
                f"the key is the strictly longest option in {p['longest']} of {p['questions']} "
                f"single-choice questions ({p['share']:.0%}; chance is {p['chance']:.0%})"
            )
        return self.code


# -- key answers and visible text ---------------------------------------------------


def key_answers(question: Mapping[str, Any]) -> list[str]:
    """The texts that, seen anywhere, give this question's answer away."""
    try:
        rules = kind_rules(question.get("kind"))
    except ValueError:
        return []
    return rules.key_texts(question)


def key_pairs(question: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A question's pairs (a matching one's): seen together, each gives itself away."""
    try:
        rules = kind_rules(question.get("kind"))
    except ValueError:
        return []
    return rules.key_pairs(question)


@dataclass
class _Read:
    """A question read once: its answers and its visible pieces, as words."""

    key: str
    copy_of: tuple[Any, ...]  # what two copies of one question share
    typed: bool  # its answer is typed, not chosen
    answers: list[tuple[str, Words]]
    pairs: list[tuple[str, Words, Words]]
    pieces: list[Words]
    wrong_options: list[Words]


def _read(question: Mapping[str, Any]) -> _Read:
    answers = [(a, form_words(a)) for a in key_answers(question)]
    pieces = [form_words(strip_emphasis(question.get("prompt", "")))]
    wrong = []
    for choice in question.get("choices", []):
        words = form_words(choice["text"])
        (pieces if choice.get("correct") else wrong).append(words)
    pieces += [form_words(item) for item in question.get("items", [])]
    pieces += [form_words(f"{left}\n{right}") for left, right in question.get("pairs", [])]
    spec = {
        name: question.get(name) for name in ("choices", "answer", "accepted", "items", "pairs")
    }
    return _Read(
        key=question.get("key", ""),
        copy_of=(
            question.get("kind"),
            answer_key(strip_emphasis(question.get("prompt", ""))),
            repr(spec),
        ),
        typed=question.get("kind") in _TYPED,
        answers=[(a, w) for a, w in answers if w],
        pairs=[
            (f"{left} – {right}", form_words(left), form_words(right))
            for left, right in key_pairs(question)
        ],
        pieces=pieces,
        wrong_options=wrong,
    )


def _contains(haystack: Words, needle: Words) -> bool:
    size = len(needle)
    if size == 1 and _is_count(needle):
        haystack = _counts_only(haystack)
    return any(
        all(haystack[start + i] & needle[i] for i in range(size))
        for start in range(len(haystack) - size + 1)
    )


def _is_count(words: Words) -> bool:
    return all(stem.isdigit() and len(stem) <= 2 for stem in words[0])


@lru_cache(maxsize=1)
def _not_counted() -> frozenset[str]:
    """Stems of the words after which a number is no count: months, «бап»."""
    words = [*KAZAKH_MONTHS, "бап"]
    return frozenset().union(*(stems for word in words for stems in form_words(word)))


def _counts_only(words: Words) -> Words:
    """The words, with a number that is a day or an article's number blanked."""
    blank: frozenset[str] = frozenset()
    return [
        blank if i + 1 < len(words) and words[i + 1] & _not_counted() else word
        for i, word in enumerate(words)
    ]


def _shown_answer(shows: _Read, answers: _Read) -> str | None:
    """The answer of ``answers`` that ``shows`` gives away, if any."""
    if shows.copy_of == answers.copy_of and answers.answers:
        return answers.answers[0][0]
    pieces = shows.pieces + (shows.wrong_options if answers.typed else [])
    for answer, words in answers.answers:
        if any(_contains(piece, words) for piece in pieces):
            return answer
    for label, left, right in answers.pairs:
        if any(_contains(piece, left) and _contains(piece, right) for piece in shows.pieces):
            return label
    return None


@dataclass(frozen=True)
class Cue:
    shows: str  # the key of the question whose text shows the answer
    answers: str  # the key of the question whose answer it is
    answer: str


def cues(questions: Iterable[Mapping[str, Any]]) -> list[Cue]:
    """Every ordered pair of questions where the first shows the second's answer."""
    read = [_read(q) for q in questions]
    found = []
    for b in read:
        if not b.answers and not b.pairs:
            continue
        for a in read:
            if a is not b and (answer := _shown_answer(a, b)) is not None:
                found.append(Cue(shows=a.key, answers=b.key, answer=answer))
    return found


def cues_between(question: Mapping[str, Any], others: Iterable[Mapping[str, Any]]) -> list[Cue]:
    """The cues between one question and others, either way."""
    one = _read(question)
    found = []
    for other in map(_read, others):
        if other.key == one.key:
            continue
        if (answer := _shown_answer(one, other)) is not None:
            found.append(Cue(shows=one.key, answers=other.key, answer=answer))
        if (answer := _shown_answer(other, one)) is not None:
            found.append(Cue(shows=other.key, answers=one.key, answer=answer))
    return found


# -- one question's own flaws ---------------------------------------------------------


def unmarked_negatives(prompt: str) -> list[str]:
    """The negative words of a stem that are not inside ``**...**``."""
    found = []
    for part, emphasised in split_emphasis(prompt):
        if emphasised:
            continue
        for word in _WORD.findall(part.lower()):
            if word in NEGATIVE_WORDS or (_NEGATIVE_VERB.match(word) and word not in NOT_NEGATIVE):
                found.append(word)
    return found


def absolutes_only_in_wrong_options(question: Mapping[str, Any]) -> list[str]:
    """Absolute words that wrong options use and no right option does."""
    choices = question.get("choices") or []

    def words(text: str) -> set[str]:
        return set(answer_key(text).split())

    right = set().union(*(words(c["text"]) for c in choices if c.get("correct")))
    wrong = set().union(*(words(c["text"]) for c in choices if not c.get("correct")))
    return [w for w in ABSOLUTE_WORDS if answer_key(w) in wrong - right]


def _echoes(one: str, other: str) -> bool:
    """Two Latin-key words of one root: their stems meet, or they share their
    first five letters and most of the shorter (``reseilık``, ``resei``)."""
    if stems(one) & stems(other):
        return True
    shared = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= 5 and shared >= 0.7 * min(len(one), len(other))


def stem_words_only_in_the_key(question: Mapping[str, Any]) -> list[str]:
    """Words of the stem (as written) that every right option echoes and no
    wrong one does."""
    choices = question.get("choices") or []
    right = [_latin_words(c["text"]) for c in choices if c.get("correct")]
    wrong = [_latin_words(c["text"]) for c in choices if not c.get("correct")]
    if not right or not wrong:
        return []
    found = []
    for word in dict.fromkeys(_WORD.findall(strip_emphasis(question.get("prompt", "")))):
        latin = [part for part in _latin_words(word) if len(part) >= 3]

        def echoed(option: list[str], latin: list[str] = latin) -> bool:
            return any(_echoes(part, other) for part in latin for other in option)

        if latin and all(map(echoed, right)) and not any(map(echoed, wrong)):
            found.append(word)
    return found


def _latin_words(text: str) -> list[str]:
    return [part for parts in hyphenated_words(text) for part in parts]


def key_is_longest(question: Mapping[str, Any]) -> bool:
    """A single-choice question whose key is strictly its longest option."""
    choices = question.get("choices") or []
    keys = [len(c["text"].strip()) for c in choices if c.get("correct")]
    others = [len(c["text"].strip()) for c in choices if not c.get("correct")]
    return len(keys) == 1 and bool(others) and keys[0] > max(others)


def question_findings(question: Mapping[str, Any]) -> list[Finding]:
    """One question's own flaws: absolute words, unmarked negatives, a word of
    the stem that only the key repeats."""
    key = question.get("key", "")
    findings = []
    if words := absolutes_only_in_wrong_options(question):
        findings.append(Finding("absolute", key, {"words": words}))
    if words := unmarked_negatives(question.get("prompt", "")):
        findings.append(Finding("negative", key, {"words": words}))
    if words := stem_words_only_in_the_key(question):
        findings.append(Finding("stem_word", key, {"words": words}))
    return findings


# -- the bank as a whole --------------------------------------------------------------


@dataclass(frozen=True)
class LongestKey:
    longest: int
    questions: int
    chance: float

    @property
    def share(self) -> float:
        return self.longest / self.questions if self.questions else 0.0

    @property
    def within_chance(self) -> bool:
        return abs(self.share - self.chance) <= LONGEST_KEY_TOLERANCE + 1e-9


def _single_choice(question: Mapping[str, Any]) -> bool:
    """The statistic below is of single-choice questions, by its definition."""
    single = question.get("kind") == Kind.SINGLE  # kind: by definition
    return single and bool(question.get("choices"))


def longest_key(questions: Iterable[Mapping[str, Any]]) -> LongestKey:
    """How often the single-choice key is the strictly longest option, and how
    often chance would have it (one over the number of options, on average)."""
    single = [q for q in questions if _single_choice(q)]
    if not single:
        return LongestKey(0, 0, 0.0)
    chance = sum(1 / len(q["choices"]) for q in single) / len(single)
    return LongestKey(sum(key_is_longest(q) for q in single), len(single), chance)


@dataclass(frozen=True)
class BankReport:
    """What the checks found in a bank, with the figures behind it."""

    questions: int
    cues: list[Cue]
    enemies: set[frozenset[str]]
    longest: LongestKey
    findings: list[Finding]

    @property
    def cue_pairs(self) -> set[frozenset[str]]:
        return {frozenset((c.shows, c.answers)) for c in self.cues}

    def summary(self) -> list[str]:
        pairs = self.cue_pairs
        unmarked = sum(1 for f in self.findings if f.code == "negative")
        absolute = sum(1 for f in self.findings if f.code == "absolute")
        echoes = sum(1 for f in self.findings if f.code == "stem_word")
        return [
            f"{self.questions} questions, {len(self.enemies)} pairs of enemies.",
            f"Cue pairs: {len(pairs)}, of which {len(pairs - self.enemies)} can share an attempt.",
            f"Key is the strictly longest option in {self.longest.longest} of "
            f"{self.longest.questions} single-choice questions ({self.longest.share:.0%}; "
            f"chance {self.longest.chance:.0%}, tolerance {LONGEST_KEY_TOLERANCE:.0%}).",
            f"Unmarked negative stems: {unmarked}. Absolute words only in wrong options: "
            f"{absolute}. Stem words echoed by the key only: {echoes}.",
        ]


def bank_report(
    questions: Sequence[Mapping[str, Any]], *, enemies: Collection[frozenset[str]] = ()
) -> BankReport:
    """Every item-writing problem of a bank: cues between questions that are
    not enemies, each question's own flaws, and a longest-key share too far
    from chance."""
    found = cues(questions)
    findings = [
        Finding("cue", cue.shows, {"other": cue.answers, "answer": cue.answer})
        for cue in found
        if frozenset((cue.shows, cue.answers)) not in enemies
    ]
    for question in questions:
        findings += question_findings(question)
    share = longest_key(questions)
    if not share.within_chance:
        params = {
            "longest": share.longest,
            "questions": share.questions,
            "share": share.share,
            "chance": share.chance,
        }
        findings.append(Finding("longest_key", "", params))
    return BankReport(len(questions), found, set(enemies), share, findings)
