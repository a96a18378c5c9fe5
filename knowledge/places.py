"""Resolves what a visitor says about where they live to a municipality.

Handles municipality names, woonplaatsen and aliases, 4-digit postcodes (with or without
letters), spelling variants ("Den Bosch", "s-Hertogenbosch") and small typos ("Zwole").
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from knowledge.text import ngrams, normalize

POSTCODE = re.compile(r"\b([1-9]\d{3})(?:\s?[a-zA-Z]{2})?\b")  # the space only with the letters: "2015 gehaald"
QUALIFIER = re.compile(r"\s*\((?:[A-Za-z]{1,3}\.?)\)\s*$")  # "Rijswijk (ZH.)", "Bergen (L.)"
FUZZY_CUTOFF = 0.8
MIN_FUZZY_LENGTH = 4
MAX_GRAM_WORDS = 4
# Frequent words that are never the place someone means. Typo search skips them, so that
# "worden" does not become Woerden and "geen" not Geleen.
STOPWORDS = frozenset(
    "ik je jij u we wij woon woont wonen in de het een te bij mijn postcode is en uit kom kom buurt van regio "
    "gemeente plaats omgeving nabij dichtbij ergens rond rondom nu al daar hier weet weten geen niet wil willen "
    "worden word wordt ben bent heb hebt heeft was waren leraar docent juf meester school graag ja nee dank "
    "idee hoi hallo dag doei wat waar hoe wie welke welk dat die dit met voor naar op om of maar ook nog wel".split()
)
ABBREVIATIONS = (
    (re.compile(r"\ba\s?[/.]\s?d\.?(?=\s)", re.IGNORECASE), "aan den"),  # Alphen a/d Rijn, Capelle a.d. IJssel
    (re.compile(r"\bst\.?(?=\s|-)", re.IGNORECASE), "sint"),  # St. Michielsgestel
)
MAX_FUZZY_WORDS = 3  # typo search only on short answers ("Zwole"), never inside long sentences


@dataclass(frozen=True)
class PlaceMatch:
    municipality_code: str
    municipality_name: str
    matched: str  # what the visitor said that matched
    how: str  # "naam", "postcode" or "spelling"

    @property
    def display_name(self) -> str:
        return display_name(self.municipality_name)


def display_name(municipality_name: str) -> str:
    """The name as people write it, for showing to the visitor: "Middelburg (Z.)" -> "Middelburg"."""
    return QUALIFIER.sub("", municipality_name)


@dataclass
class PlaceIndex:
    """In-memory index of place names; rebuilt when the store's data changes."""

    names: dict[str, tuple[str, str]]  # normalized name -> (municipality code, municipality name)
    postcodes: dict[str, tuple[str, str]]  # pc4 -> primary (code, name)
    _by_initial: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        buckets: dict[str, list[str]] = defaultdict(list)
        for name in self.names:
            buckets[name[:1]].append(name)
        self._by_initial = dict(buckets)

    @classmethod
    def build(cls, municipalities: dict[str, str], places: list[tuple[str, str]],
              postcodes: dict[str, str]) -> PlaceIndex:
        """municipalities: code -> name; places: (name, code); postcodes: pc4 -> code."""
        names: dict[str, tuple[str, str]] = {}
        for name, code in places:
            names.setdefault(normalize(name), (code, municipalities[code]))
        short_names: dict[str, set[str]] = defaultdict(set)
        for code, name in municipalities.items():
            short_names[normalize(QUALIFIER.sub("", name))].add(code)
        for short, codes in short_names.items():
            if len(codes) == 1:  # "Rijswijk" for "Rijswijk (ZH.)", unless two municipalities share it
                code = next(iter(codes))
                names[short] = (code, municipalities[code])
        for code, name in municipalities.items():
            names[normalize(name)] = (code, name)  # a municipality's own name wins over a woonplaats
        for name, target in list(names.items()):
            if name.startswith("s "):  # "'s-Hertogenbosch" is also typed as "Hertogenbosch"
                names.setdefault(name[2:], target)
        return cls(names, {pc: (code, municipalities[code]) for pc, code in postcodes.items()})

    def resolve(self, text: str | None) -> PlaceMatch | None:
        if not text or not text.strip():
            return None
        postcode = POSTCODE.search(text)
        if postcode and postcode.group(1) in self.postcodes:
            code, name = self.postcodes[postcode.group(1)]
            return PlaceMatch(code, name, postcode.group(0), "postcode")
        for pattern, replacement in ABBREVIATIONS:
            text = pattern.sub(replacement, text)
        words = normalize(text).split()
        grams = ngrams(words, MAX_GRAM_WORDS)
        for gram in grams:
            if gram in self.names:
                code, name = self.names[gram]
                return PlaceMatch(code, name, gram, "naam")
        if len([w for w in words if w not in STOPWORDS]) > MAX_FUZZY_WORDS:
            return None
        for gram in grams:
            if len(gram) < MIN_FUZZY_LENGTH or any(w in STOPWORDS for w in gram.split()):
                continue
            close = difflib.get_close_matches(gram, self._by_initial.get(gram[:1], []), n=1, cutoff=FUZZY_CUTOFF)
            if close:
                code, name = self.names[close[0]]
                return PlaceMatch(code, name, gram, "spelling")
        return None
