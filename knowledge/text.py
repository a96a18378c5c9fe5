"""Text normalisation shared by the place resolver and the vocabulary matcher."""

from __future__ import annotations

import re
import unicodedata

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
