"""Classroom join codes: short, easy to read aloud and type on a phone.

The alphabet leaves out the characters that look alike (0/O, 1/I/L, 5/S,
2/Z, 8/B, U/V): 23 characters, eight of them give 23⁸ ≈ 7.8·10¹⁰ codes, so
with attempts rate-limited, guessing one is hopeless.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
LENGTH = 8


def new_code(length: int = LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_code(text: str) -> str:
    """What a pupil typed, as a code: upper case, no spaces or dashes."""
    return re.sub(r"[\s\-]", "", text or "").upper()[:32]


def display_code(code: str) -> str:
    """``ABCD-EFGH``: groups of four are easier to read aloud."""
    if len(code) % 4:
        return code
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
