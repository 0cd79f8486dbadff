"""Sign-in cards: their secrets, and the list of names a teacher pastes to make
pupils' accounts. Nothing here imports Django.

A card carries two secrets. The link's is 128 random bits: it cannot be
guessed, so it is the whole credential. The typed code is short enough for a
child to type (eight characters of the join codes' alphabet, 23⁸ ≈ 7.8·10¹⁰)
and is safe only because typed tries are rate-limited and need the class code
too. Both are kept as SHA-256 digests, so the database alone signs no one in:
a slow password hasher would cost a class signing in together what the
passwords do, and a 128-bit secret needs no stretching.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

from .codes import new_code, normalize_code
from .problems import Problem

LINK_BYTES = 16  # 128 bits
CODE_LENGTH = 8
USERNAME_CHARS = 30


def new_link_secret() -> str:
    return secrets.token_urlsafe(LINK_BYTES)


def new_card_code() -> str:
    return new_code(CODE_LENGTH)


def link_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def code_digest(classroom_id: int, code: str) -> str:
    """The typed code's digest, bound to its classroom: the same code in two
    classrooms is two different cards, and a code is looked up only with its
    class code."""
    return hashlib.sha256(f"{classroom_id}:{normalize_code(code)}".encode()).hexdigest()


def _has_control(line: str) -> bool:
    return any(unicodedata.category(ch).startswith("C") for ch in line if ch != "\t")


def pupil_names(
    text: str, *, limit: int, max_length: int, taken: set[str] = frozenset()
) -> tuple[list[str], list[Problem]]:
    """The names of a pasted list, one a line, each with its spaces tidied;
    blank lines are skipped. Returns the names and the problems, each naming
    its line (as the teacher counts them, blank ones included). ``taken``
    holds the class's nicknames, case-folded: a name must differ from them
    and from the list's other names in more than case."""
    names: list[str] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    # Only the line breaks a text box makes: str.splitlines would also break
    # at control characters, and the line numbers would not be the teacher's.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if _has_control(line):
            problems.append(
                Problem("control", "Line {line}: an invisible control character.", line=number)
            )
            continue
        name = " ".join(line.split())
        if not name:
            continue
        key = name.casefold()
        if len(name) > max_length:
            problems.append(
                Problem(
                    "too_long",
                    "Line {line}: longer than {max} characters.",
                    line=number,
                    max=max_length,
                    name=name,
                )
            )
        elif key in seen:
            problems.append(
                Problem(
                    "repeated",
                    "Line {line}: «{name}» is on line {first} too.",
                    line=number,
                    name=name,
                    first=seen[key],
                )
            )
        elif key in taken:
            problems.append(
                Problem(
                    "taken",
                    "Line {line}: «{name}» is already in the class.",
                    line=number,
                    name=name,
                )
            )
        else:
            seen[key] = number
            names.append(name)
    if len(names) + len(problems) > limit:
        problems.insert(0, Problem("too_many", "At most {limit} names at once.", limit=limit))
    return names, problems


def username_base(name: str) -> str:
    """A user name made of a pupil's name: its words in lower case, joined by
    dots (``Аружан Т.`` → ``аружан.т``). Letters of any script stay, as
    Django's user names allow; ``оқушы`` when nothing is left."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", name).casefold())
    base = ".".join(words)[:USERNAME_CHARS].strip("._")
    return base or "оқушы"


def username_pick(base: str, taken: set[str]) -> str:
    """``base``, or ``base2``, ``base3`` … the first one not ``taken``."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    return candidate
