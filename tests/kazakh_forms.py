"""Kazakh noun forms written out by the textbook rules, to test the stripper
against: an independent statement of the morphology, not a copy of it."""

from __future__ import annotations

BACK, FRONT = set("аоұыяю"), set("әеөүіэ")
VOWELS = set("аәеиоөуұүыіэюя")
VOICELESS = set("кқпстфхцчшщ")
NASALS = set("мнң")
# Voiced before a vowel: кеңістік → кеңістігі, айлақ → айлағы, талап → талабы.
VOICING = {"к": "г", "қ": "ғ", "п": "б"}

CASES = ("nominative", "genitive", "accusative", "dative", "locative", "ablative", "instrumental")
POSSESSIVES = (None, "my", "your", "your-polite", "his", "our")


def is_front(word: str) -> bool:
    for letter in reversed(word.lower()):
        if letter in FRONT:
            return True
        if letter in BACK:
            return False
    return False


def _pick(word: str, back: str, front: str) -> str:
    return front if is_front(word) else back


def _before_vowel(word: str) -> str:
    return word[:-1] + VOICING.get(word[-1], word[-1])


def plural(word: str) -> str:
    last = word[-1]
    if last in VOWELS or last in "рйу":
        ending = _pick(word, "лар", "лер")
    elif last in "лмнңжз":
        ending = _pick(word, "дар", "дер")
    else:
        ending = _pick(word, "тар", "тер")
    return word + ending


def possessive(word: str, person: str) -> str:
    after_vowel = word[-1] in VOWELS
    if person == "his":
        if after_vowel:
            return word + _pick(word, "сы", "сі")
        return _before_vowel(word) + _pick(word, "ы", "і")
    endings = {
        "my": ("м", "ым", "ім"),
        "your": ("ң", "ың", "ің"),
        "your-polite": (_pick(word, "ңыз", "ңіз"), "ыңыз", "іңіз"),
        "our": (_pick(word, "мыз", "міз"), "ымыз", "іміз"),
    }[person]
    if after_vowel:
        return word + endings[0]
    return _before_vowel(word) + _pick(word, endings[1], endings[2])


def case(word: str, name: str, *, after: str | None = None) -> str:
    """``word`` in a case; ``after`` is the possessive it already carries."""
    if name == "nominative":
        return word

    def pick(back: str, front: str) -> str:
        return _pick(word, back, front)

    if after == "his":
        ending = {
            "genitive": pick("ның", "нің"),
            "accusative": "н",
            "dative": pick("на", "не"),
            "locative": pick("нда", "нде"),
            "ablative": pick("нан", "нен"),
            "instrumental": "мен",
        }[name]
        return word + ending
    if after in ("my", "your") and name == "dative":
        return word + pick("а", "е")
    last = word[-1]
    # (after a vowel, after м/н/ң, after other voiced sounds, after voiceless ones)
    by_sound = {
        "genitive": (("ның", "нің"), ("ның", "нің"), ("дың", "дің"), ("тың", "тің")),
        "accusative": (("ны", "ні"), ("ды", "ді"), ("ды", "ді"), ("ты", "ті")),
        "dative": (("ға", "ге"), ("ға", "ге"), ("ға", "ге"), ("қа", "ке")),
        "locative": (("да", "де"), ("да", "де"), ("да", "де"), ("та", "те")),
        "ablative": (("дан", "ден"), ("нан", "нен"), ("дан", "ден"), ("тан", "тен")),
    }
    sound = 0 if last in VOWELS else 1 if last in NASALS else 3 if last in VOICELESS else 2
    if name == "instrumental":
        ending = "пен" if sound == 3 else "бен" if last in "жзмнң" else "мен"
    else:
        ending = pick(*by_sound[name][sound])
    return word + ending


def forms_of(word: str) -> list[str]:
    """Every case of the word, with and without the plural and each possessive."""
    result = []
    for numbered in (word, plural(word)):
        for person in POSSESSIVES:
            base = possessive(numbered, person) if person else numbered
            result += [case(base, name, after=person) for name in CASES]
    return result
