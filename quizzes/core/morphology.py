"""Kazakh word forms: a rule-based suffix stripper.

Kazakh is agglutinative: a pupil writes «ғарыш айлағын» or «Кеңесін» where the
key says «ғарыш айлағы» or «Кеңесі», because the sentence around the answer
needs that ending. Endings are regular, so they can be taken off by rule:

- only *inflection* comes off: plural (``-лар``), possessive (``-ы``/``-сы``,
  ``-ым``, ``-ың``, ``-ымыз``, ``-ыңыз``), case (``-ның``, ``-ны``, ``-ға``,
  ``-да``, ``-дан``, ``-мен``, ``-дағы``) and common verb endings (``-ды``,
  ``-ған``, ``-атын``, ``-ады``, ``-ып``, ``-у``);
- *derivation* stays, because it changes the meaning: ``-сыз`` (without:
  «заңсыз» is not «заңды»), ``-лық``, and the negation ``-ма``/``-ба``/``-па``
  («қатыспады» is not «қатысты»); so do whole words such as «емес»;
- an ending comes off only after the sounds it follows (``-ның`` after a
  vowel or м/н/ң, ``-дың`` after other consonants...), in the vowel harmony
  of the word (``-дан`` after a back vowel, ``-ден`` after a front one), and
  only while three letters are left;
- ``к``/``қ``/``п`` voiced before a vowel (``кеңістігі``, ``айлағы``,
  ``талабы``) are read back as the stem's own letter;
- an ending after a hyphen (``ТМД-ның``, ``1992-ші``) is dropped, and a
  number keeps only its digits: ``11`` stays ``11``, never ``12``;
- a word has every stem its endings allow (``Кеңесі`` is ``кеңес-і`` or
  ``кеңе-сі``): two forms are one word when their stems meet.

Words are compared in the 2021 Latin alphabet, like ``normalize.answer_key``,
so the same rules serve Cyrillic and Latin; the *loose* forms fold the letters
a Russian keyboard lacks. Nothing here imports Django.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .normalize import hyphenated_words, to_latin

# Inflectional endings, in Cyrillic for the reader, by what they follow: a
# vowel (V), a consonant (C), a vowel or м/н/ң (N), or any sound (*).
# Compounds of a possessive and a case ending (``-ын``, ``-ына``...) are listed
# because the case ending alone (``-н``, ``-на``) is too short to take off
# safely; «-ма» (my + dative after a vowel) is left out: it is spelled like
# the negation of a verb.
_ENDINGS = {
    "*": "лар лер ға ге да де дан ден ған ген мен бен пен менен бенен пенен дағы дегі ды ді у",
    "V": "м ң ңа ңе сы сі мыз міз ңыз ңіз ны ні нда нде ндан нден ндағы ндегі"
    " сын сін сына сіне сында сінде сынан сінен йтын йтін йды йді п",
    "N": "ның нің нан нен",
    "C": "дар дер тар тер ы і ым ім ың ің ымыз іміз ыңыз іңіз дың дің тың тің"
    " ты ті қа ке та те тан тен тағы тегі ын ін ына іне ында інде ынан інен"
    " қан кен атын етін ады еді ып іп ыма іме ыңа іңе",
}
# Endings that follow either harmony.
_NEUTRAL = frozenset({"мен", "бен", "пен", "менен", "бенен", "пенен"})
# Ordinal endings, read only after a number written with a hyphen (``1992-ші``).
_ORDINAL = ("шы", "ші", "ншы", "нші", "ыншы", "інші")

_BACK, _FRONT = "back", "front"
_CYRILLIC_HARMONY = {**dict.fromkeys("аоұы", _BACK), **dict.fromkeys("әеөүі", _FRONT)}
# In the Latin key; ``i`` (и, й) and ``u`` (у) go with either harmony.
_STRICT_HARMONY = {**dict.fromkeys("aoūy", _BACK), **dict.fromkeys("äeöüı", _FRONT)}
# A Russian keyboard writes ``а`` for ``ә``, ``о`` for ``ө``, ``у`` for ``ұ``
# and ``ү``, ``и`` for ``і``: only ``ы`` and ``е`` still say which harmony.
_LOOSE_HARMONY = {"y": _BACK, "e": _FRONT}
_FOLD = str.maketrans("qğäñöūüı", "kganouui")
_VOICED = {"g": "k", "ğ": "q", "b": "p"}
_VOWELS = set("aäeıioöuūüy")
# ``i`` is и or й, ``u`` is у: a vowel or a consonant.
_EITHER = set("iu")
_NASALS = set("mnñ")
MIN_STEM = 3
# The negation and a tense, participle or verbal-noun ending after it, in the
# Latin key (strict and folded): what is left of «қатыспады» past «қатыс».
_NEGATIVE_TAIL = re.compile(
    r"^[mbp][ae](?:d[yıi]|[ğg][ae]n|[ğg]an[yı]?|gen[ıi]?|i|id[yıi]|it[yıi]n|u[yıi]?|u[ğg][ae]"
    r"|s[ae]|[ğg]and[yı]|genden)?$"
)
_AND_SPELLINGS = frozenset({"men", "ben", "pen"})
_AND = frozenset({"men"})
# Stems of "to be" that add nothing to an answer («заман талабы болды»).
COPULAS = frozenset({"bol", "tabyl", "edı"})


def _harmony_of_ending(cyrillic: str) -> str | None:
    if cyrillic in _NEUTRAL:
        return None
    found = {_CYRILLIC_HARMONY[ch] for ch in cyrillic if ch in _CYRILLIC_HARMONY}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=2)
def _endings(loose: bool) -> tuple[tuple[str, str | None, str], ...]:
    """``(ending, harmony, follows)`` in the Latin key, longest first."""
    table = {}
    for follows, endings in _ENDINGS.items():
        for cyrillic in endings.split():
            latin = to_latin(cyrillic)
            latin = latin.translate(_FOLD) if loose else latin
            table[latin] = (_harmony_of_ending(cyrillic), follows)
    return tuple(
        (ending, harmony, follows)
        for ending, (harmony, follows) in sorted(table.items(), key=lambda item: -len(item[0]))
    )


def _follows(rest: str, follows: str) -> bool:
    last = rest[-1]
    if follows == "*" or last in _EITHER:
        return True
    if follows == "N":
        return last in _VOWELS or last in _NASALS
    return (last in _VOWELS) == (follows == "V")


def _harmony_of_stem(stem: str, loose: bool) -> str | None:
    """The harmony the stem's last telling vowel asks for, ``None`` if any."""
    for ch in reversed(stem):
        if ch not in _VOWELS:
            continue
        if loose:
            return _LOOSE_HARMONY.get(ch)
        if ch in _STRICT_HARMONY:
            return _STRICT_HARMONY[ch]
    return None


def _devoiced(stem: str) -> str:
    """кеңістіг-і: the stem is кеңістік; штаб and штабы share штап."""
    return stem[:-1] + _VOICED[stem[-1]] if stem[-1] in _VOICED else stem


@lru_cache(maxsize=8192)
def stems(word: str, *, loose: bool = False, harmony: bool = True) -> frozenset[str]:
    """Every stem a Latin-key word can have: the word itself and what is left
    after each way of taking its endings off. Two forms of one word share a
    stem: «Кеңесі» may be «кеңес» + «і» or «кеңе» + «сі», and «Кеңес» is
    among its stems. A negative verb keeps its negation: «қолдамады» is never
    «қолда» + «м» + «ады». Without ``harmony``, endings of the other harmony
    come off too: a misspelt ending («Ташкентта»)."""
    if loose:
        word = word.translate(_FOLD)
    if word[:1].isdigit():
        return frozenset({_leading_digits(word)})
    found = {word}
    todo = [word]
    while todo:
        current = todo.pop()
        for ending, ending_harmony, follows in _endings(loose):
            rest = current[: -len(ending)]
            if (
                current.endswith(ending)
                and len(rest) >= MIN_STEM
                and _follows(rest, follows)
                and (
                    not harmony
                    or ending_harmony is None
                    or _harmony_of_stem(rest, loose) in (None, ending_harmony)
                )
                and not _NEGATIVE_TAIL.match(word[len(rest) :])
                and rest not in found
            ):
                found.add(rest)
                todo.append(rest)
    return frozenset(_devoiced(stem) for stem in found)


def _leading_digits(word: str) -> str:
    end = 0
    while end < len(word) and word[end].isdigit():
        end += 1
    return word[:end]


@lru_cache(maxsize=1)
def _glued() -> frozenset[str]:
    cyrillic = [e for endings in _ENDINGS.values() for e in endings.split()] + list(_ORDINAL)
    latin = {to_latin(e) for e in cyrillic}
    return frozenset(latin | {e.translate(_FOLD) for e in latin})


def _is_ending_only(part: str) -> bool:
    """True for ``ның``, ``ға``, ``ымен``...: endings written after a hyphen."""
    glued = _glued()
    if part in glued:
        return True
    return any(part.endswith(e) and _is_ending_only(part[: -len(e)]) for e in glued if e != part)


def form_words(text: str, *, loose: bool = False, harmony: bool = True) -> list[frozenset[str]]:
    """The words of a text, each as the set of its possible stems."""
    words: list[str] = []
    for parts in hyphenated_words(text):
        # An ending after a hyphen follows how an abbreviation or a number is
        # read aloud («ТМД-ның», «1992-ші»): it is dropped, not checked.
        words += [parts[0], *(part for part in parts[1:] if not _is_ending_only(part))]
    # «мен», «бен», «пен» are one conjunction, spelled by the sound before it.
    return [_AND if w in _AND_SPELLINGS else stems(w, loose=loose, harmony=harmony) for w in words]


# Above this many readings a text is compared by its words' shortest stems only.
MAX_READINGS = 4096


def forms(text: str, *, loose: bool = False, harmony: bool = True) -> frozenset[str]:
    """Every reading of a text as stems run together, without the copula
    (so «пост-кеңестік» meets «посткеңестік», and «заман талабы болды» meets
    «заман талабы»). Two answers are the same in other word forms when their
    readings meet."""
    copulas = {c.translate(_FOLD) for c in COPULAS} if loose else COPULAS
    words = [w for w in form_words(text, loose=loose, harmony=harmony) if not w & copulas]
    readings = {""}
    for options in words:
        if len(readings) * len(options) > MAX_READINGS:
            options = frozenset({min(options, key=lambda o: (len(o), o))})
        readings = {r + o for r in readings for o in options}
    return frozenset(readings) if words else frozenset()


def same_answer(given: str, expected: str) -> bool:
    """True when ``given`` is ``expected`` with other endings (either script,
    or typed on a Russian keyboard)."""
    return bool(forms(given) & forms(expected)) or bool(
        forms(given, loose=True) & forms(expected, loose=True)
    )


def misspelt_ending(given: str, expected: str) -> bool:
    """True when ``given`` is ``expected`` with an ending of the wrong vowel
    harmony («Ташкентта» for «Ташкентте»): a spelling slip, not the answer."""
    return bool(forms(given, harmony=False) & forms(expected, harmony=False))


# Words that turn a statement into its opposite: «емес», «жоқ», «-сыз»
# (without), a negative verb; and numbers.
_NEGATORS = frozenset({"emes", "joq"})
_PRIVATIVE = re.compile(r"s[yı]z$")
_NEGATIVE_VERB = re.compile(r"...[mbp][ae](?:d[yı]|[ğg][ae]n|i|id[yı]|it[yı]n|u[yı]?|s[ae])$")


def _meaning_marks(text: str) -> tuple[Any, ...]:
    words = [w for parts in hyphenated_words(text) for w in parts]
    return (
        sorted(w for w in words if w in _NEGATORS),
        sorted(_leading_digits(w) for w in words if w[:1].isdigit()),
        sum(1 for w in words if _PRIVATIVE.search(w)),
        sum(1 for w in words if _NEGATIVE_VERB.match(w)),
    )


def changes_meaning(given: str, expected: str) -> bool:
    """True when the two differ by a negation, a «-сыз» or a number: then a
    small difference in spelling is a different answer, not a slip."""
    return _meaning_marks(given) != _meaning_marks(expected)
