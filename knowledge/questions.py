"""Finds which topic of the store a visitor's question is about: an FAQ row, a route or a funding scheme.

The index is built at run time from the store (FAQ question variants, route names, funding names),
so a new FAQ row with its variants is found after ``python -m knowledge load``, without retraining
the Rasa model. Retrieval is TF-IDF over character n-grams within words (robust to typos and
inflection: "kopopleidingen", "zij instroom") plus word unigrams and bigrams. A topic's score is its
nearest variant's cosine similarity, weighed by how much of that variant's own words the question has,
plus the vote of a linear SVM trained on the variants at start-up (see :data:`CLASSIFIER_WEIGHT`).

Whether the best topic is good enough to answer with is decided by :data:`SURE_SCORE`, or by
:data:`ANSWER_THRESHOLD` together with :data:`MIN_MARGIN` over the next subject, and by
:data:`MIN_COVERAGE`; below them the bot says it is not sure and offers the closest topics.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Iterable

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.svm import LinearSVC

from knowledge.message_reader import FIRST_PERSON, TEACHER_NOUNS, TEACHING_WORDS
from knowledge.stop_words import stop_words
from knowledge.text import normalize

# Fitted on the whole bot: `python -m bench.realistic` (with regional data) at points near the one that
# `python -m bench.calibrate_questions` picks for retrieval alone; chosen by the tuned part's correct minus twice
# wrong. Tuned correct/wrong % at (threshold, margin, sure, coverage), 2026-11-29: (0.46, 0, 0.6, 0.8) 64.5/6.5;
# (0.5, 0.1, 0.8, 0.8) 64.5/6.5; (0.6, 0.1, 0.8, 0.8) 59.7/5.9; (0.5, 0.2, 0.8, 0.8) 64.0/6.5;
# (0.5, 0.1, 0.8, 0.7) 67.7/6.5; (0.4, 0.1, 0.8, 0.7) 69.9/5.9 (chosen).
# Re-checked 2026-11-29 after route synonyms in the index, twin coverage, aspect coverage and pointing-back
# questions, on the grown set (226 tuned questions), retrieval alone (`bench.calibrate_questions` at these points),
# tuned correct/wrong %: (0.3, 0.1, 0.8, 0.7) 65.9/4.9; (0.35, 0.1, 0.8, 0.7) 65.9/4.4; (0.35, 0.05, 0.8, 0.7)
# 66.8/4.9; (0.4, 0.05, 0.8, 0.7) 65.0/4.0; (0.4, 0.1, 0.8, 0.65) 65.0/4.4; (0.4, 0.1, 0.8, 0.7) 64.2/3.5 (kept:
# best correct minus twice wrong; held-aside wrong 6.2 there, 8.0-13.4 at the lower points).
ANSWER_THRESHOLD = 0.4
MIN_MARGIN = 0.1
SURE_SCORE = 0.8  # a best score this high is answered whatever the margin
# Share of the question's meaning (IDF-weighted words) that the best topic's variants or answer contain. Below it
# the question asks something the topic does not speak of ("het slagingspercentage van de rekentoets").
MIN_COVERAGE = 0.7
UNKNOWN_WORD_WEIGHT = 0.5  # of the highest IDF, for a question word that no topic's variants contain

# Ranking: the nearest variants (cosine over TF-IDF), each weighed by how much of its own topic words the question
# has (VARIANT_PRECISION_WEIGHT), plus CLASSIFIER_WEIGHT times a linear SVM's decision value for the subject.
# `python -m bench.calibrate_questions` prints how often the first subject answers the tuned realistic questions
# with each part switched off (2026-11-29, of 154: nearest variant 115, + precision 120, + classifier 126, both
# 126; precision alone helps, on top of the classifier it changed no first subject in this set). On the grown set
# with route synonyms indexed (of 180 tuned / 74 aside): nearest 144/50, + precision 146/50, + classifier 149/52,
# both 152/53. A heavier precision weight (0.5 or 0.75, so that an unmatched "alo" in "hoe lang duurt de alo pabo"
# costs more) lost 3 to 8 tuned and 2 held-aside correct answers; the route's own name ("pabo") in the index fixed
# that question instead.
CANDIDATE_VARIANTS = 40
VARIANT_PRECISION_WEIGHT = 0.25
CLASSIFIER_WEIGHT = 0.3
CLASSIFIER_C = 1.0

# Words that say which aspect of a topic is asked; the route answer leads with that aspect.
ASPECTS: dict[str, re.Pattern[str]] = {
    "duur": re.compile(r"\b(hoe ?lang|duur\w*|hoeveel (jaar|maanden|tijd)|hoe snel|sneller|in \d+ jaar)\b"),
    "kosten": re.compile(r"\b(kost\w*|betal\w*|betaal\w*|prijs|collegegeld|geld|duur is|hoe duur|gratis|vergoed\w*)\b"),
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
    r"iemand|hallo|hoi|hey|vraagje|vraag|eigenlijk|precies|nou|toch|er|dat|die|dit|van|voor|om|en|of|"
    r"maar|ook|trouwens|even|dan|wel)\b"
)


@dataclass(frozen=True)
class Topic:
    kind: str  # "faq" | "route" | "funding"
    id: str
    title: str  # what a button for it says
    # One subject asked about in several ways: FAQ rows with the same core answer, or an FAQ row and the route or
    # funding scheme it is about (a route's and a scheme's family is its id; see FaqAnswer.family).
    family: str | None = field(default=None, compare=False)  # not part of what the topic is (kind, id, title)


@dataclass(frozen=True)
class TopicMatch:
    topic: Topic
    score: float


# Aspects a route card answers better than the general FAQ text about the same route.
ROUTE_ASPECTS = frozenset({"duur", "kosten", "waar"})


@dataclass(frozen=True)
class QuestionMatch:
    """The topics closest to a question, best first, and whether the best is good enough to answer.

    An FAQ row and a route with the same id ("kopopleiding") are one subject asked about in two
    ways: they never compete with each other for the margin, and :attr:`chosen` picks the route
    card when the question asks for its duration, costs or institutions.
    """

    matches: list[TopicMatch]
    aspect: str | None
    coverage: float = 1.0  # how much of the question the best subject speaks of (see MIN_COVERAGE)
    # The coverage of each twin of the best subject (its FAQ row and its route card), when known.
    twin_coverage: tuple[tuple[Topic, float], ...] = ()
    # The question points back and names no subject of its own ("wie betaalt dat?"): only what was said before
    # can tell what it is about, so on its own words it is never answered.
    needs_context: bool = False

    @property
    def best(self) -> TopicMatch | None:
        return self.matches[0] if self.matches else None

    @property
    def runner_up(self) -> TopicMatch | None:
        """The best match about another subject than the best one (rows of one family are one subject too)."""
        best = self.best
        return next((m for m in self.matches[1:] if best and not _same_subject(m.topic, best.topic)), None)

    @property
    def margin(self) -> float:
        best, second = self.best, self.runner_up
        if best is None:
            return 0.0
        return best.score - (second.score if second else 0.0)

    @property
    def confident(self) -> bool:
        best = self.best
        if best is None or self.needs_context:
            return False
        if self.coverage < MIN_COVERAGE:
            return False
        return best.score >= SURE_SCORE or (best.score >= ANSWER_THRESHOLD and self.margin >= MIN_MARGIN)

    @property
    def chosen(self) -> Topic | None:
        """The topic to answer with: the best, or its route twin when a route aspect is asked."""
        return self.chosen_for(self.aspect)

    def chosen_for(self, aspect: str | None) -> Topic | None:
        """The topic to answer with when ``aspect`` is what is asked ("waar": the route card with institutions).
        When no route aspect is asked and the FAQ text does not speak of what is asked while the route card does
        ("kan je een lerarenopleiding ook duaal doen?": the card names its forms), the route card."""
        best = self.best
        if best is None:
            return None
        twins = [m.topic for m in self.matches if m.topic.id == best.topic.id]
        wanted = "route" if aspect in ROUTE_ASPECTS else "faq"
        topic = next((t for t in twins if t.kind == wanted), best.topic)
        covered = dict(self.twin_coverage)
        if wanted == "faq" and covered.get(topic, 1.0) < MIN_COVERAGE:
            topic = max(twins, key=lambda t: covered.get(t, 0.0))
        return topic

    def alternatives(self, count: int = 2) -> list[Topic]:
        """The closest subjects, one topic each, to offer as buttons when the bot is not sure."""
        seen: dict[str, Topic] = {}
        for match in self.matches:
            seen.setdefault(match.topic.id, match.topic)
        return list(seen.values())[:count]


def _same_subject(one: Topic, other: Topic) -> bool:
    return one.id == other.id or (one.family is not None and one.family == other.family)


_QUESTION_START = re.compile(
    r"^((bij|met|aan|naar|voor|van|tot|sinds|vanaf|in) (wie|wat|welke|welk|wanneer|hoeveel) |"  # "bij wie kan ik ..."
    r"(wat|hoe|hoeveel|hoelang|waar|wanneer|welke|welk|wie|waarom)\b|"
    # A verb first asks only with its subject right after it ("ben ik te oud"); without one it is a statement
    # that leaves out its "ik" ("ben 45 en werk in de zorg", "heb havo gedaan").
    r"(kan|kun|kunt|mag|moet|is|zijn|heb|krijg|bestaat|ben|word|wordt|geldt|klopt|weet|hoef|telt|tellen) "
    r"(ik|je|jij|u|we|wij|jullie|ze|zij|hij|het|er|dat|dit|die|deze|men|iemand|een|de|mijn|zo ?n|iedereen)\b)"
)


_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;\n]*")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip(" .!?;\n")]


def _asks(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(_QUESTION_START.match(normalize(sentence)))


def is_question(text: str | None) -> bool:
    """The message (or one of its sentences) asks something: "?" or a sentence that opens like a question."""
    return bool(text) and ("?" in text or any(_asks(s) for s in _sentences(text)))


def question_part(text: str) -> str:
    """The sentences that ask ("Ik heb havo. Hoe word je docent muziek?" -> the second); all when none does."""
    asking = [s for s in _sentences(text) if _asks(s)]
    return " ".join(asking) if asking else text


# A question that asks for a way in ("hoe word ik ...", "kan ik ... docent worden?", "wat moet ik studeren?"):
# the routes for the person answer it; other questions ("mag ik ook in het mbo lesgeven?") the store's topic does.
_ASKS_FOR_A_ROUTE = re.compile(
    r"\b(word|worden|wordt|hoe kom ik|hoe begin ik|wat moet ik (doen|studeren|gaan)|"
    r"welke (route|opleiding|weg|bevoegdheid)|heb ik (dan |daarvoor |daar )?nodig|studeren|instromen|overstappen)\b"
)


MIN_QUESTION_WORDS = 2  # "havo?" answers the intake; "krijg ik vrijstellingen voor sport?" asks something


def asks_something(text: str | None) -> bool:
    """The message asks a question of its own, with words that name what about (not just "havo?")."""
    return is_question(text) and len(_topic_words(_content(question_part(text or "")))) >= MIN_QUESTION_WORDS


def asks_for_a_route(text: str | None) -> bool:
    """The asking part of the message is about how to become a teacher, not about one fact."""
    return bool(text) and bool(_ASKS_FOR_A_ROUTE.search(normalize(question_part(text))))


def asks_for_own_route(text: str | None) -> bool:
    """:func:`asks_for_a_route` about the visitor themselves ("welke bevoegdheid heb ik nodig?"), not in general
    ("hoe word je docent muziek?", which the store's topic answers first)."""
    return asks_for_a_route(text) and bool(FIRST_PERSON.search(normalize(question_part(text or ""))))


# Words that point back to what was said before: "wat kost zo'n opleiding?", "krijgt de school daar geld voor?"
_REFERS_BACK = re.compile(
    r"\b(zo ?n|zulk\w*|daar\w*|dat traject|die opleiding|deze opleiding|dit traject|dan|"
    r"(?:duurt|kost|is|werkt|gaat|betaal\w*|krijg\w*) (?:dat|dit|het|die)(?: \w+)?$)\b"
)


def refers_back(text: str | None) -> bool:
    """The question points back to the conversation ("zo'n opleiding", "daarvoor") instead of naming its subject."""
    return bool(text) and bool(_REFERS_BACK.search(normalize(text)))


# "zo'n traject", "die opleiding": words that point back together with the general noun they point with.
_POINTER = re.compile(r"\b(zo ?n|zulk\w*|die|dat|deze|dit|het|de|een)\s+"
                      r"(traject\w*|opleiding\w*|route\w*|studie\w*|cursus\w*|programma\w*|regeling\w*)\b")


# Only the demonstratives: "die opleiding" points back, "een opleiding" names one.
_POINTING = re.compile(r"\b(zo ?n|zulk\w*|die|dat|deze|dit)\s+"
                       r"(traject\w*|opleiding\w*|route\w*|studie\w*|cursus\w*|programma\w*|regeling\w*)\b")


def _without_pointers(text: str) -> str:
    """The asked words without the phrase that points back ("wie betaalt zo'n traject?" asks who pays)."""
    return _content(_POINTING.sub(" ", normalize(text)))


def names_a_subject(text: str | None) -> bool:
    """What the message asks names a subject of its own, besides the aspect it asks ("hoe lang duurt dat?" and
    "wie betaalt zo'n traject?" name none; "krijgt de school daar geld voor?" names the school)."""
    asked = normalize(_asked(text or ""))
    for pattern in ASPECTS.values():
        asked = pattern.sub(" ", asked)
    words = _topic_words(_content(_POINTER.sub(" ", asked)))
    return any(not any(p.fullmatch(word) for p in _ASPECT_WORD.values()) for word in words)


def aspect_of(text: str) -> str | None:
    """Which aspect a question asks about ("hoe lang duurt ..." -> "duur"), if any."""
    normalized = normalize(text)
    for aspect, pattern in ASPECTS.items():
        if pattern.search(normalized):
            return aspect
    return None


# Words that say how something is asked, not what about ("wat houdt een kopopleiding in?"); coverage skips them.
_ASKING_WORDS = frozenset(
    "houdt betekent betekenis werkt gaat zit doen doe moet moeten mag mogen krijg krijgt heb hebt heeft kunnen "
    "kunt nodig zoiets zomaar welke welk wanneer waarom wie waar hoeveel hoelang lang zitten staat uitleg "
    "iets alles nog meer goed echt aan beginnen starten mogelijk worden word wordt "
    "daar daarvoor daarbij daarna zon zulke zulk ongeveer plek locatie ergens "
    "bestaat bestaan erachter kom komt komen waarvoor bedoeld iedereen meedoen sta staan heen zelf gewoon".split()
)
# Words that colour a sentence without naming anything ("wat verdient een leraar eigenlijk?", "eerlijk gezegd").
_FILLER_WORDS = frozenset("eigenlijk eerlijk gezegd nou trouwens sowieso uberhaupt überhaupt ofzo enzo hoor".split())
# The people a visitor asks for or heard it from ("een collega doet de Ad PEP", "mijn mentor zei ..."): who is
# talking, not what about.
_PEOPLE_WORDS = frozenset(
    "collega collegas collega's mentor decaan dochter zoon kind kinderen moeder vader ouders partner vriend vriendin "
    "vrienden buurman buurvrouw zus zusje broer broertje neef nicht schoonzoon schoondochter kennis kennissen".split())
# Pointing adverbs ("ben je daarmee bevoegd?", "kan ik hiermee ...", "wat heb je eraan?"): they point to the subject,
# they do not name it.
_POINTER_WORDS = frozenset(
    head + tail for head in ("daar", "hier", "er")
    for tail in "mee in op aan over door voor bij na naast uit van om tegen toe onder achter".split())
# Every topic is about teaching: "les geven", "juf", "voor de klas" do not say which topic is asked.
_DOMAIN_WORDS = TEACHER_NOUNS | TEACHING_WORDS | frozenset({"geven", "klas", "onderwijs", "lesgeven"})
# Visitors who write English ("Is there a pabo in English?") use these to ask, not to name a topic.
_NO_TOPIC_WORDS = (_ASKING_WORDS | _FILLER_WORDS | _PEOPLE_WORDS | _POINTER_WORDS | _DOMAIN_WORDS
                   | frozenset(ENGLISH_STOP_WORDS))
MIN_WORD = 3  # shorter words ("op", "in", "ad") carry too little to judge coverage by
STEM = 6  # letters that stand for a word: "opleidingen" and "opleiding" share "opleid"


def _asked(text: str) -> str:
    """What a message asks about: its asking sentences; when they name nothing or point back, with the sentence
    just before them ("Een collega zei dat ik een PDG moet halen. Wat is dat precies?", "Ik denk aan het vmbo. Mag
    ik daar met mijn pabo lesgeven?"), else the whole message ("Ik was juf en wil terug. Wat moet ik doen?")."""
    asked = question_part(text)
    named = bool(_topic_words(_content(asked)))
    if named and not refers_back(asked):
        return asked
    sentences = _sentences(text)
    first = next((i for i, sentence in enumerate(sentences) if _asks(sentence)), 0)
    if first and _topic_words(_content(sentences[first - 1])):
        return " ".join(sentences[first - 1:])
    return asked if named else text


@functools.lru_cache(maxsize=1)
def _no_topic_words() -> frozenset[str]:
    return _NO_TOPIC_WORDS | stop_words()


def _topic_words(content: str) -> list[str]:
    """The words of a text that can say what it is about (no stop, asking or teaching words, no numbers)."""
    skipped = _no_topic_words()
    return [w for w in content.split() if len(w) >= MIN_WORD and not w.isdigit() and w not in skipped]


def _stem(word: str) -> str:
    return word[:STEM]


def _stems(text: str) -> set[str]:
    return {_stem(word) for word in text.split() if len(word) >= MIN_WORD}


MIN_PREFIX = 4  # "volg" meets "volgen", "kans" does not meet "kan"


def _with_prefixes(stems: set[str]) -> set[str]:
    """The stems and their beginnings, so that a short word ("volg") is found in a longer one's stem ("volgen")."""
    return stems | {stem[:size] for stem in stems for size in range(MIN_PREFIX, len(stem))}


# Stems that show a topic speaks of an aspect: a duration, or money.
_ASPECT_MARKERS: dict[str, frozenset[str]] = {
    "duur": frozenset({"jaar", "maande", "maand", "weken", "ec"}),
    "kosten": frozenset({"betaal", "kost", "kosten", "euro", "gratis", "colleg", "subsid", "geld", "vergoe"}),
}


_ENDINGS = ("en", "s")  # "avonds" meets "avond(en)", "pogingen" meets "poging"


def _known(word: str, vocabulary: set[str]) -> bool:
    """The topic's vocabulary (stems with their beginnings) has this word, also without a plural ending. (Also
    accepting a verb's "t", "haalt" for "haal", was tried: one tuned question more answered, one held-aside
    question more answered wrongly.)"""
    return _stem(word) in vocabulary or any(
        word.endswith(end) and len(word) - len(end) >= MIN_PREFIX and _stem(word[:-len(end)]) in vocabulary
        for end in _ENDINGS)


_ASPECT_WORD = {"duur": re.compile(r"duur\w*|lang|sneller|snel|jaren|maanden"),
                "kosten": re.compile(r"kost\w*|betaal\w*|betalen|prijs|duur|vergoed\w*|geld")}


def _names_aspect(word: str, aspects: frozenset[str]) -> bool:
    """The word asks for an aspect ("duurt", "kost") that the topic's reply speaks of."""
    return any(_ASPECT_WORD[aspect].fullmatch(word) for aspect in aspects)


def _content(text: str) -> str:
    return re.sub(r"\s+", " ", _FILLER.sub(" ", normalize(text))).strip()


class QuestionIndex:
    """TF-IDF index over the ways each topic can be asked about."""

    def __init__(self, documents: Iterable[tuple[Topic, str]], answers: dict[Topic, str] | None = None) -> None:
        """``documents``: the ways to ask about each topic; ``answers``: what each topic's reply says (for coverage)."""
        docs = [(topic, _content(text)) for topic, text in documents if text and text.strip()]
        self._topics = [topic for topic, _ in docs]
        self.topics: list[Topic] = list(dict.fromkeys(self._topics))
        texts = [text for _, text in docs]
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self._words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
        self._matrix = self._vectorize(texts, fit=True) if texts else None
        self._variant_words = [_topic_words(text) for text in texts]
        self._classifier = self._fit_classifier([topic.id for topic in self._topics])
        self._vocabulary: dict[Topic, set[str]] = {topic: set() for topic in self.topics}
        for topic, text in docs:
            self._vocabulary[topic].update(_stems(text))
        for topic, text in (answers or {}).items():
            if topic in self._vocabulary:
                self._vocabulary[topic].update(_stems(_content(text)))
        self._vocabulary = {topic: _with_prefixes(stems) for topic, stems in self._vocabulary.items()}
        # What each topic's reply says (not how it is asked): whether it speaks of a duration or of money.
        self._answer_aspects: dict[Topic, frozenset[str]] = {
            topic: frozenset(aspect for aspect, markers in _ASPECT_MARKERS.items()
                             if markers & _with_prefixes(_stems(_content(text))))
            for topic, text in (answers or {}).items()}
        idf = self._words.idf_ if texts else np.array([1.0])
        self._idf = {word: float(idf[i]) for word, i in self._words.vocabulary_.items() if " " not in word} \
            if texts else {}
        # A word no topic knows may be what the question is about ("slagingspercentage") or just how someone
        # talks ("eerlijk gezegd"): it weighs half the rarest known word (tuned part: +2 correct, no more wrong).
        self._unknown_idf = UNKNOWN_WORD_WEIGHT * float(idf.max())

    def _fit_classifier(self, subjects: list[str]) -> LinearSVC | None:
        """A linear SVM over the same features, trained on the variants: it weighs which words tell one subject
        from another, where the nearest variant only counts overlap."""
        if self._matrix is None or len(set(subjects)) < 2:
            return None
        return LinearSVC(C=CLASSIFIER_C).fit(self._matrix, subjects)

    def _vectorize(self, texts: list[str], fit: bool = False):
        if fit:
            chars, words = self._chars.fit_transform(texts), self._words.fit_transform(texts)
        else:
            chars, words = self._chars.transform(texts), self._words.transform(texts)
        # Equal weight to both views; each row is L2-normalised per view, so rescale to unit length.
        return hstack([chars, words]).tocsr() * (1 / np.sqrt(2))

    def search(self, text: str | None, limit: int = 5) -> QuestionMatch:
        """The ``limit`` best topics for a question (one entry per topic).

        "Hoe lang duurt een kopopleiding?" is about the kopopleiding, not about the general FAQ on
        durations: when a route aspect is asked, the words of the aspect are left out too, and a
        route found that way wins (its card leads with the aspect).
        """
        return self.pick(*self.search_both(text, limit))

    def search_both(self, text: str | None, limit: int = 5) -> tuple[QuestionMatch, QuestionMatch | None]:
        """The match on the asking sentences, and (for a route aspect) the match without the aspect words."""
        original = text or ""
        text = _asked(original)
        aspect = aspect_of(text)
        full = self._search(_content(text), limit, aspect, covered=_without_pointers(text))
        if refers_back(text) and not names_a_subject(original):
            full = replace(full, needs_context=True)
        if aspect not in ROUTE_ASPECTS:
            return full, None
        focused = self._search(_content(ASPECTS[aspect].sub(" ", normalize(text))), limit, aspect)
        return full, replace(focused, needs_context=full.needs_context)

    @staticmethod
    def pick(full: QuestionMatch, focused: QuestionMatch | None) -> QuestionMatch:
        """The focused match when it confidently names a route at least as clearly as the full question names
        its best topic ("wat kost een lerarenopleiding?" is about costs, not about one route), else the full one."""
        if focused is None or not focused.confident or focused.chosen is None or focused.chosen.kind != "route":
            return full
        if full.best is not None and full.confident and full.best.score > focused.best.score:
            return full
        return focused

    def _search(self, content: str, limit: int, aspect: str | None, vote: bool = True,
                covered: str | None = None) -> QuestionMatch:
        """``covered``: the words whose coverage decides (default ``content``)."""
        if self._matrix is None or not content:
            return QuestionMatch([], aspect)
        vector = self._vectorize([content])
        similarity = (self._matrix @ vector.T).toarray().ravel()
        asked = _with_prefixes(_stems(content))
        nearest: dict[Topic, float] = {}
        for seen, index in enumerate(np.argsort(-similarity)):
            if similarity[index] <= 0 or (seen >= CANDIDATE_VARIANTS and len(nearest) >= 2 * limit):
                break  # enough variants to re-weigh, and enough subjects for the classifier to re-order
            topic = self._topics[index]
            score = float(similarity[index]) * self._variant_precision(index, asked) ** VARIANT_PRECISION_WEIGHT
            nearest[topic] = max(nearest.get(topic, 0.0), score)
        votes = self._votes(vector) if vote else {}
        scored = sorted(((topic, score + CLASSIFIER_WEIGHT * votes.get(topic.id, 0.0))
                         for topic, score in nearest.items()), key=lambda item: -item[1])
        matches = [TopicMatch(topic, score) for topic, score in scored[:limit] if score > 0]
        if not matches:
            return QuestionMatch([], aspect, 0.0)
        # An FAQ row and the route with its id are one subject: it speaks of what either of them speaks of.
        asked = content if covered is None else covered
        twins = {m.topic: self.coverage(asked, m.topic) for m in matches if m.topic.id == matches[0].topic.id}
        return QuestionMatch(matches, aspect, max(twins.values()), tuple(twins.items()))

    def _variant_precision(self, index: int, asked: set[str]) -> float:
        """The IDF-weighted share of the variant's own topic words that the question has too: "hoelang duurt pabo
        plus alo" is a poorer answer to "hoelang duurt de pabo" than its overlap alone says. ``asked``: the
        question's stems with their beginnings (:func:`_with_prefixes`)."""
        words = self._variant_words[index]
        if not words:
            return 1.0
        weights = [self._idf.get(word, self._unknown_idf) for word in words]
        return sum(w for word, w in zip(words, weights, strict=True) if _stem(word) in asked) / sum(weights)

    def _votes(self, vector) -> dict[str, float]:
        """The classifier's decision value per subject id (0 for all when there is no classifier)."""
        if self._classifier is None:
            return {}
        values = self._classifier.decision_function(vector)
        if values.ndim == 1:  # two subjects: one value, positive for the second class
            first, second = (str(subject) for subject in self._classifier.classes_)
            return {second: float(values[0]), first: -float(values[0])}
        return {str(subject): float(value) for subject, value in zip(self._classifier.classes_, values[0], strict=True)}

    def topics_by_id(self) -> dict[str, tuple[Topic, ...]]:
        """Every subject id with its topics (an FAQ row and the route card with its id are one subject)."""
        subjects: dict[str, tuple[Topic, ...]] = {}
        for topic in self.topics:
            subjects[topic.id] = (*subjects.get(topic.id, ()), topic)
        return subjects

    def nearest(self, text: str, limit: int) -> QuestionMatch:
        """The topics nearest to what a message asks by its words alone (no classifier vote): the candidates that a
        question which points back ("mag ik daarmee ...?") chooses from with what was said before."""
        asked = _asked(text)
        return self._search(_content(asked), limit, aspect_of(asked), vote=False)

    def question_coverage(self, text: str, topic: Topic) -> float:
        """:meth:`coverage` of what a visitor's message asks by one topic."""
        return self.coverage(_without_pointers(_asked(text)), topic)

    def topic_scores(self, text: str, limit: int) -> dict[str, float]:
        """How close the whole message (statements too) is to each subject id, for the ``limit`` closest topics."""
        scores: dict[str, float] = {}
        # How near the words are, without the classifier: a message that tells who they are is no question for it.
        for match in self._search(_content(text), limit, None, vote=False).matches:
            scores[match.topic.id] = max(scores.get(match.topic.id, 0.0), match.score)
        return scores

    def coverage(self, content: str, topic: Topic) -> float:
        """The IDF-weighted share of the question's words that the topic's variants or answer contain.

        Words are compared by their stem (the first letters), so "kopopleidingen" meets "kopopleiding"; a word
        that asks for an aspect ("duurt", "kost") is covered when the topic's reply speaks of that aspect at all
        ("in maximaal twee jaar"); a word that no topic knows ("slagingspercentage") weighs
        :data:`UNKNOWN_WORD_WEIGHT` of the rarest known one.
        """
        words = _topic_words(content)
        if not words:
            return 1.0
        vocabulary = self._vocabulary.get(topic, set())
        weights = [self._idf.get(word, self._unknown_idf) for word in words]
        aspects = self._answer_aspects.get(topic, frozenset())
        covered = sum(weight for word, weight in zip(words, weights, strict=True)
                      if _known(word, vocabulary) or _names_aspect(word, aspects))
        return covered / sum(weights)
