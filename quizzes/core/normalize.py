"""Kazakh-aware normalisation of typed answers.

Two answers are compared by a *key*: lower case, the Latin schwa (U+0259) read as ``ә``,
punctuation and extra spaces dropped, and the whole written in the 2021 Kazakh
Latin alphabet, so that ``Ташкент``, ``ташкент.`` and ``Taşkent`` share one key.
Cyrillic to Latin is a function (Latin to Cyrillic is not: ``i`` is both ``и``
and ``й``), which is why the comparison happens on the Latin side.

A second, looser key folds the letters that a Russian keyboard lacks
(``қ``→``к``, ``ә``→``а``, ...): pupils on a phone without a Kazakh layout
write ``Казакстан`` for ``Қазақстан`` and should not lose the mark for it.
"""

from __future__ import annotations

import re
import unicodedata

# The 2021 alphabet; letters found only in Russian loans follow common usage.
_CYRILLIC_TO_LATIN = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d",
    "е": "e", "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k",
    "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü",
    "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "şş",
    "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

# Spellings of the Latin letters seen in the wild (the 2017/2018 drafts,
# apostrophes, Turkish dotless/dotted i, digraphs) mapped to the 2021 ones.
_LATIN_VARIANTS = (
    ("sh", "ş"), ("s'", "ş"), ("c'", "ch"),
    ("a'", "ä"), ("á", "ä"), ("g'", "ğ"), ("ǵ", "ğ"), ("n'", "ñ"), ("ń", "ñ"),
    ("ŋ", "ñ"), ("o'", "ö"), ("ó", "ö"), ("u'", "ū"), ("ú", "ū"), ("ý", "ü"),
    ("i'", "ı"),
)  # fmt: skip

# Kazakh letters written with the nearest Russian one.
_RUSSIAN_KEYBOARD = str.maketrans("әғқңөұүһі", "агкноуухи")

# The Latin schwa, which PDFs and some keyboards put where Kazakh ``ә`` belongs.
LATIN_SCHWA, LATIN_CAPITAL_SCHWA = "\u0259", "\u018f"


def cyrillic_schwa(text: str) -> str:
    return text.replace(LATIN_SCHWA, "ә").replace(LATIN_CAPITAL_SCHWA, "Ә")


_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
_DROPPED_BUT_APOSTROPHES = re.compile(r"[^\w\s'\-\u2011]|_", re.UNICODE)


def clean_text(text: str) -> str:
    """Lower case, the Latin schwa read as ``ә``, no punctuation, single spaces."""
    text = cyrillic_schwa(unicodedata.normalize("NFC", text))
    text = text.replace("-", " ").replace("\u2011", " ")
    text = _PUNCTUATION.sub("", text.lower())
    return _SPACES.sub(" ", text).strip()


def to_latin(text: str) -> str:
    """Cyrillic Kazakh (already cleaned) in the 2021 Latin alphabet."""
    return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in text)


def _read_letters(text: str) -> str:
    """Lower case, with the older Latin spellings read as 2021 letters."""
    # Apostrophes mark letters in the older Latin drafts: read them before
    # punctuation is dropped.
    text = unicodedata.normalize("NFC", text).lower().replace("ʼ", "'").replace("’", "'")
    # What the key drops anyway goes first, so that letters it brings together
    # are read as they will stand (the key of a key is the key).
    text = _DROPPED_BUT_APOSTROPHES.sub("", text)
    for variant, letter in _LATIN_VARIANTS:
        text = text.replace(variant, letter)
    # Dotted capital İ lower-cases to "i̇"; NFC keeps the combining dot.
    return text.replace("i̇", "i")


def answer_key(text: str) -> str:
    """The key two typed answers are compared by."""
    return to_latin(clean_text(_read_letters(text)))


_PUNCTUATION_BUT_HYPHENS = re.compile(r"[^\w\s\-\u2011]|_", re.UNICODE)


def hyphenated_words(text: str) -> list[list[str]]:
    """The words of ``answer_key``, each split at its hyphens: ``ТМД-ның``
    is ``[["tmd", "nıñ"]]``. Which hyphen joins a word to its ending and which
    joins two words is for the morphology to tell."""
    text = cyrillic_schwa(_read_letters(text)).replace("\u2011", "-")
    text = _PUNCTUATION_BUT_HYPHENS.sub("", text)
    words = []
    for token in text.split():
        parts = [to_latin(part) for part in token.split("-") if part]
        if parts:
            words.append(parts)
    return words


def loose_key(text: str) -> str:
    """The key with Kazakh letters folded to the nearest Russian ones."""
    cyrillic = clean_text(text).translate(_RUSSIAN_KEYBOARD)
    return answer_key(cyrillic)


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment)."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def typo_allowance(expected_key: str) -> int:
    """How many edits still count as a near miss for an answer of this length."""
    length = len(expected_key.replace(" ", ""))
    if length <= 3:
        return 0
    if length <= 8:
        return 1
    return 2
