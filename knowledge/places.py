"""Resolves what a visitor says about where they live to a municipality.

Handles municipality names, woonplaatsen and aliases, 4-digit postcodes (with or without
letters), spelling variants ("Den Bosch") and small typos ("Zwole").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from knowledge.text import ngrams, normalize

POSTCODE = re.compile(r"\b([1-9]\d{3})\s?(?:[a-zA-Z]{2})?\b")
FUZZY_CUTOFF = 0.8
MIN_FUZZY_LENGTH = 4


@dataclass(frozen=True)
class PlaceMatch:
    municipality_code: str
    municipality_name: str
    matched: str  # what the visitor said that matched
    how: str  # "naam", "postcode" or "spelling"


@dataclass
class PlaceIndex:
    """In-memory index of place names; rebuilt when the store's data changes."""

    names: dict[str, tuple[str, str]]  # normalized name -> (municipality code, municipality name)
    postcodes: dict[str, tuple[str, str]]  # pc4 -> primary (code, name)

    def resolve(self, text: str | None) -> PlaceMatch | None:
        if not text or not text.strip():
            return None
        postcode = POSTCODE.search(text)
        if postcode and postcode.group(1) in self.postcodes:
            code, name = self.postcodes[postcode.group(1)]
            return PlaceMatch(code, name, postcode.group(0), "postcode")
        words = normalize(text).split()
        grams = ngrams(words, 4)
        for gram in grams:
            if gram in self.names:
                code, name = self.names[gram]
                return PlaceMatch(code, name, gram, "naam")
        candidates = list(self.names)
        for gram in grams:
            if len(gram) < MIN_FUZZY_LENGTH:
                continue
            close = difflib.get_close_matches(gram, candidates, n=1, cutoff=FUZZY_CUTOFF)
            if close:
                code, name = self.names[close[0]]
                return PlaceMatch(code, name, gram, "spelling")
        return None
