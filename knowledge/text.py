"""Text helpers shared by the knowledge modules and the actions: normalisation, n-grams, Dutch lists."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation to single spaces: "'s-Hertogenbosch" -> "s hertogenbosch"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only.lower()).strip()


def ngrams(words: list[str], max_len: int) -> list[str]:
    """All word n-grams of the text, longest first, so that "den haag" wins over "den"."""
    grams: list[str] = []
    for size in range(min(max_len, len(words)), 0, -1):
        grams += [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]
    return grams


def or_list(items: Sequence[str]) -> str:
    """'A', 'A of B', 'A, B of C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " of " + items[-1]
