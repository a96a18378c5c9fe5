"""Finds which topic of the store a visitor's question is about: an FAQ row, a route or a funding scheme.

The index is built at run time from the store (FAQ question variants, route names, funding names),
so a new FAQ row with its variants is found after ``python -m knowledge load``, without retraining
the Rasa model. Retrieval is TF-IDF over character n-grams within words (robust to typos and
inflection: "kopopleidingen", "zij instroom") plus word unigrams and bigrams, with cosine similarity.
A topic's score is its best-matching variant.

Whether the best topic is good enough to answer with is decided by :data:`ANSWER_THRESHOLD` and
:data:`MIN_MARGIN`, fitted on the tuned part of the realistic question set (``python -m
bench.calibrate_questions``); below them the bot says it is not sure and offers the closest topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.text import normalize

# Calibrated with `python -m bench.calibrate_questions` (see its output for the figures).
ANSWER_THRESHOLD = 0.42
MIN_MARGIN = 0.02

# Words that say which aspect of a topic is asked; the route answer leads with that aspect.
ASPECTS: dict[str, re.Pattern[str]] = {
    "duur": re.compile(r"\b(hoe ?lang|duur\w*|hoeveel (jaar|maanden|tijd)|hoe snel|sneller|in \d+ jaar)\b"),
    "kosten": re.compile(r"\b(kost\w*|betal\w*|prijs|collegegeld|geld|duur is|hoe duur|gratis|vergoed\w*)\b"),
    "waar": re.compile(
        r"\b(waar|welke (hogeschool|hogescholen|universiteit\w*|school|scholen|instelling\w*)|in de buurt)\b"
    ),
    "toelating": re.compile(
        r"\b(kan ik|mag ik|toelating\w*|eisen|voorwaarden|nodig|voor wie|wie kan|met (een |mijn )?\w+ ?diploma)\b"
    ),
}
# Words that only make a question a question; they carry no topic.
_FILLER = re.compile(
    r"\b(ik|je|jij|u|mijn|me|mij|een|de|het|wat|hoe|is|zijn|wil|willen|kan|kun|kunnen|graag|weet|"
    r"iemand|hallo|hoi|hey|vraagje|vraag|eigenlijk|precies|nou|toch|er|dat|die|dit|van|voor|om|te|en|of)\b"
)


@dataclass(frozen=True)
class Topic:
    kind: str  # "faq" | "route" | "funding"
    id: str
    title: str  # what a button for it says


@dataclass(frozen=True)
class TopicMatch:
    topic: Topic
    score: float


@dataclass(frozen=True)
class QuestionMatch:
    """The topics closest to a question, best first, and whether the best is good enough to answer."""

    matches: list[TopicMatch]
    aspect: str | None

    @property
    def best(self) -> TopicMatch | None:
        return self.matches[0] if self.matches else None

    @property
    def margin(self) -> float:
        if len(self.matches) < 2:
            return self.matches[0].score if self.matches else 0.0
        return self.matches[0].score - self.matches[1].score

    @property
    def confident(self) -> bool:
        best = self.best
        return best is not None and best.score >= ANSWER_THRESHOLD and self.margin >= MIN_MARGIN


def aspect_of(text: str) -> str | None:
    """Which aspect a question asks about ("hoe lang duurt ..." -> "duur"), if any."""
    normalized = normalize(text)
    for aspect, pattern in ASPECTS.items():
        if pattern.search(normalized):
            return aspect
    return None


def _content(text: str) -> str:
    return re.sub(r"\s+", " ", _FILLER.sub(" ", normalize(text))).strip()


class QuestionIndex:
    """TF-IDF index over the ways each topic can be asked about."""

    def __init__(self, documents: Iterable[tuple[Topic, str]]) -> None:
        docs = [(topic, _content(text)) for topic, text in documents if text and text.strip()]
        self._topics = [topic for topic, _ in docs]
        texts = [text for _, text in docs]
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self._words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
        self._matrix = self._vectorize(texts, fit=True) if texts else None

    def _vectorize(self, texts: list[str], fit: bool = False):
        if fit:
            chars, words = self._chars.fit_transform(texts), self._words.fit_transform(texts)
        else:
            chars, words = self._chars.transform(texts), self._words.transform(texts)
        # Equal weight to both views; each row is L2-normalised per view, so rescale to unit length.
        return hstack([chars, words]).tocsr() * (1 / np.sqrt(2))

    def search(self, text: str | None, limit: int = 3) -> QuestionMatch:
        """The ``limit`` best topics for a question (one entry per topic)."""
        content = _content(text or "")
        if self._matrix is None or not content:
            return QuestionMatch([], None)
        scores = (self._matrix @ self._vectorize([content]).T).toarray().ravel()
        best: dict[Topic, float] = {}
        for index in np.argsort(-scores):
            topic = self._topics[index]
            if topic not in best:
                best[topic] = float(scores[index])
            if len(best) >= limit:
                break
        matches = [TopicMatch(topic, score) for topic, score in best.items() if score > 0]
        return QuestionMatch(matches, aspect_of(text or ""))
