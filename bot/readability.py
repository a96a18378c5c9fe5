"""Readability of Dutch bot texts, to keep them near B1 (short sentences, plain words).

Uses the Flesch-Douma reading ease for Dutch (206.835 - 0.93 x words per sentence -
77 x syllables per word; 60-70 is plain language, below 30 is hard) and the plain
facts behind it: average sentence length and the share of long words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINK = re.compile(r"(https?://\S+|www\.\S+|\S+@\S+\.\S+)")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*")
# Dutch vowel groups count as one syllable each ("oe", "ui", "ij", "eeu", ...).
_VOWEL_GROUP = re.compile(
    r"(?:aai|ooi|oei|eeuw|ieuw|uw|ij|ei|ui|oe|ou|au|eu|ie|aa|ee|oo|uu|[aeiouyàáâäèéêëìíîïòóôöùúûü])", re.IGNORECASE
)
LONG_WORD_SYLLABLES = 4
# Terms of the trade a visitor has to learn anyway; the bot explains them. They count as
# ordinary two-syllable words, so that the score measures the rest of the sentence.
GLOSSARY_STEMS = (
    "collegegeld", "instellingscollegegeld", "studiefinanciering", "lerarenopleiding", "lerarenbeurs",
    "bevoegdheid", "bevoegd", "tegemoetkoming", "toelatingstoets", "zij-instro", "onderwijsloket", "regioloket",
    "basisonderwijs", "basisschool", "voortgezet", "onderwijs", "geschiktheidsonderzoek", "bekwaamheidsonderzoek",
    "deficiëntietoets", "universiteit", "universitair", "associate", "onderwijsassistent", "onderwijsondersteuner",
    "getuigschrift", "aardrijkskunde", "geschiedenis", "eerstegraads", "tweedegraads", "levenlanglerenkrediet",
    "praktijkonderwijs", "didactiek", "pedagogisch", "pedagogiek", "onderwijskunde", "assessment",
    "aanpassingsstage", "volwasseneneducatie", "lichamelijke", "opvoeding", "afgestudeerde", "gepromoveerden",
    "studiekosten", "studieverlof", "wiskunde", "leraarondersteuner", "kunstacademie", "rekenen-wiskunde",
)


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    words_per_sentence: float
    long_word_share: float  # words of 4+ syllables
    flesch_douma: float


def syllables(word: str) -> int:
    return max(1, len(_VOWEL_GROUP.findall(word)))


def measure(text: str) -> Readability:
    plain = _LINK.sub(" ", text)
    sentences = [s for s in _SENTENCE_END.split(plain) if _WORD.search(s)]
    words = _WORD.findall(plain)
    if not words:
        return Readability(0, 0, 0.0, 0.0, 100.0)
    counts = [2 if w.lower().startswith(GLOSSARY_STEMS) else syllables(w) for w in words]
    per_sentence = len(words) / max(1, len(sentences))
    per_word = sum(counts) / len(words)
    return Readability(
        sentences=len(sentences),
        words=len(words),
        words_per_sentence=per_sentence,
        long_word_share=sum(1 for c in counts if c >= LONG_WORD_SYLLABLES) / len(words),
        flesch_douma=206.835 - 0.93 * per_sentence - 77 * per_word,
    )
