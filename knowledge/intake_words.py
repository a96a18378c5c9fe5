"""Reads the smaller intake facts from free Dutch text: study form and age.

Diplomas, sectors, subjects, places and situations come from the knowledge store's vocabulary;
these two are about how a person wants to study, not about the store, so their words live here.
"""

from __future__ import annotations

import re

from knowledge.text import normalize

NO_PREFERENCE = "geen-voorkeur"
UNKNOWN_AGE = "onbekend"
NO_PLACE = "geen-plaats"  # the visitor did not say where they live (their choice): the national desk helps
MIN_AGE = 14
MAX_AGE = 80

# Longest phrases first: "niet voltijd" must not read as "voltijd".
_STUDY_FORM_PHRASES: list[tuple[str, str]] = sorted(
    [
        ("maakt niet uit", NO_PREFERENCE), ("maakt me niet uit", NO_PREFERENCE), ("geen voorkeur", NO_PREFERENCE),
        ("om het even", NO_PREFERENCE), ("allebei", NO_PREFERENCE), ("alles is goed", NO_PREFERENCE),
        ("niet voltijd", "deeltijd"), ("niet fulltime", "deeltijd"),
        ("voltijd", "voltijd"), ("fulltime", "voltijd"), ("full time", "voltijd"), ("overdag", "voltijd"),
        ("dagopleiding", "voltijd"), ("hele week studeren", "voltijd"),
        ("deeltijd", "deeltijd"), ("parttime", "deeltijd"), ("part time", "deeltijd"), ("avondopleiding", "deeltijd"),
        ("s avonds", "deeltijd"), ("naast mijn werk", "deeltijd"), ("naast mijn baan", "deeltijd"),
        ("naast het werk", "deeltijd"), ("naast werk", "deeltijd"), ("naast mijn gezin", "deeltijd"),
        ("duaal", "duaal"), ("werkend leren", "werkend leren"), ("werken en leren", "werkend leren"),
        ("leren en werken", "werkend leren"), ("werken en studeren", "werkend leren"),
        ("meteen werken", "werkend leren"), ("direct aan het werk", "werkend leren"),
        ("zij instroom", "werkend leren"), ("betaald leren", "werkend leren"),
        # Start at a school at once and learn alongside: "meteen aan de slag en daarnaast leren".
        ("meteen aan de slag", "werkend leren"), ("direct aan de slag", "werkend leren"),
        ("gelijk aan de slag", "werkend leren"), ("meteen aan het werk", "werkend leren"),
        ("gelijk aan het werk", "werkend leren"), ("direct werken", "werkend leren"),
        ("meteen voor de klas", "werkend leren"), ("direct voor de klas", "werkend leren"),
        ("gelijk voor de klas", "werkend leren"), ("tegelijk leren", "werkend leren"),
        ("tegelijk studeren", "werkend leren"), ("tegelijkertijd leren", "werkend leren"),
        ("leerwerkbaan", "werkend leren"), ("leerwerktraject", "werkend leren"),
        # Keep earning while learning: "leren en tegelijk geld verdienen", "met salaris", "niet zonder inkomen".
        ("geld verdienen", "werkend leren"), ("met salaris", "werkend leren"), ("zonder salaris", "werkend leren"),
        ("met behoud van salaris", "werkend leren"), ("zonder inkomen", "werkend leren"),
        ("met inkomen", "werkend leren"), ("betaald worden", "werkend leren"),
    ],
    key=lambda pair: -len(pair[0]),
)

_AGE_OLD = re.compile(r"\b(\d{1,3})\s*(?:jaar|jr)\s+oud\b")
_AGE_WITH_UNIT = re.compile(r"\b(\d{1,3})\s*(?:jaar|jr)\b")
# "ben 45 en werk in de zorg": a sentence may leave out its "ik"
_AGE_SAID = re.compile(r"(?:\b(?:ik ben|ben ik|leeftijd(?: is)?|ik word)|(?:^|[.!?,;]\s*)ben)\s+(\d{1,3})\b")
_ANY_NUMBER = re.compile(r"\b(\d{1,3})\b")
_BIRTH_YEAR = re.compile(r"\b(19[4-9]\d|20[0-2]\d)\b")


_CLAUSE_SPLIT = re.compile(r"[,.;:!?]|\b(?:en|maar|want|omdat|dus|of)\b")
_WISH = re.compile(r"\b(?:wil|wilt|willen|worden|zou|zouden|graag|droom|hoop|misschien)\b")


def statement_clauses(text: str | None) -> list[str]:
    """The parts of a message that state a fact, not a wish.

    "Ik ben onderwijsassistent en wil juf worden" gives ["Ik ben onderwijsassistent"]: the wish
    "juf worden" must not read as "is already a juf".
    """
    if not text:
        return []
    return [part.strip() for part in _CLAUSE_SPLIT.split(text.lower()) if part.strip() and not _WISH.search(part)]


# Countries people often name for their diploma ("een master uit Syrië"); "buitenland" covers the rest.
_COUNTRIES = (
    "afghanistan", "amerika", "argentinie", "belgie", "vlaanderen", "wallonie", "brazilie", "bulgarije", "canada",
    "china", "colombia",
    "duitsland", "egypte", "engeland", "eritrea", "ethiopie", "filipijnen", "frankrijk", "ghana", "griekenland",
    "hongarije", "india", "indonesie", "irak", "iran", "italie", "japan", "kroatie", "letland", "litouwen",
    "marokko", "mexico", "nigeria", "oekraine", "oostenrijk", "pakistan", "polen", "portugal", "roemenie",
    "rusland", "servie", "slowakije", "somalie", "spanje", "suriname", "syrie", "tsjechie", "turkije",
    "venezuela", "verenigde staten", "vs", "zuid afrika", "zweden", "zwitserland", "curacao", "aruba",
)
# The same countries as newcomers often write them in English or German ("teacher from Ukraine").
_COUNTRIES_OTHER_LANGUAGES = (
    "belgium", "deutschland", "germany", "england", "united kingdom", "uk", "poland", "polska", "spain", "syria",
    "turkey", "turkiye", "ukraine", "morocco", "india", "romania", "bulgaria", "greece", "italy", "france",
    "portugal", "hungary", "russia", "usa", "brasil", "brazil",
)
# Cities abroad people name instead of their country ("onderwijzeres in Gent", "in Paramaribo voor de klas").
_CITIES_ABROAD = (
    "gent", "antwerpen", "brussel", "leuven", "brugge", "hasselt", "luik", "paramaribo", "willemstad", "oranjestad",
    "berlijn", "keulen", "dusseldorf", "aken", "munster", "londen", "manchester", "warschau", "krakau", "kyiv",
    "kiev", "kharkiv", "charkiv", "lviv", "istanbul", "ankara", "izmir", "damascus", "aleppo", "madrid",
    "barcelona", "parijs", "rome", "lissabon", "boekarest", "sofia", "casablanca", "rabat", "tanger",
)
_ABROAD = re.compile(
    r"\b(?:buitenland\w*|abroad|(?:uit|in|aus|from|van) (?:the |de |der |het )?(?:"  # "from the UK", "uit de VS"
    + "|".join(_COUNTRIES + _COUNTRIES_OTHER_LANGUAGES)
    + r")|(?:uit|in|aus|from) (?:" + "|".join(_CITIES_ABROAD) + r"))\b"
)


def mentions_abroad(text: str | None) -> bool:
    """ "een master uit Syrië", "ik heb in Polen lesgegeven", "diploma uit het buitenland"."""
    return bool(text) and bool(_ABROAD.search(normalize(text)))


def mentions_education(text: str | None) -> bool:
    """The text is about teaching or a school ("ik geef les", "op een basisschool")."""
    return bool(text) and bool(_EDUCATION_WORDS.search(normalize(text)))


# "werk als", "werk al 20 jaar als", "werk sinds 2015 bij", "werkzaam in", "in dienst bij", "mijn baan als".
MAX_WORDS_BEFORE_WORKPLACE = 4
_WORKS_SOMEWHERE = re.compile(
    rf"\b(?:werk|werkt|werkte|werkzaam)(?:\s+\w+){{0,{MAX_WORDS_BEFORE_WORKPLACE}}}?\s+(?:als|in|bij|op)\b|"
    r"\bik zit\s+(?:als|in|bij|op)\b|\bin dienst (?:bij|van)\b|"
    r"\b(?:mijn|m n) (?:baan|job|functie|werk) (?:als|bij|in)\b"
)
_EDUCATION_WORDS = re.compile(
    r"onderwijs|school|klas|\bles\b|lesgeven|lesgegeven|leraar|lerares|docent|juf|meester|pabo"
)


def works_outside_education(clause: str) -> bool:
    """ "ik werk in een winkel", "werk al 20 jaar als installateur", "in dienst bij een bank": a job that is
    not in a school. A job named without such words ("ik ben verpleegkundige") is not recognised."""
    return bool(_WORKS_SOMEWHERE.search(normalize(clause))) and not _EDUCATION_WORDS.search(clause)


def match_study_form(text: str | None) -> str | None:
    """voltijd | deeltijd | duaal | werkend leren | geen-voorkeur, or None when the text names none."""
    if not text:
        return None
    padded = f" {normalize(text)} "
    for phrase, form in _STUDY_FORM_PHRASES:
        if f" {phrase} " in padded:
            return form
    return None


def parse_age(text: str | None, asked: bool = False, this_year: int | None = None) -> int | None:
    """An age in years from "ik ben 34" or "34 jaar oud"; when the age was asked, also "34 jaar" or "34".

    Unasked, "34 jaar" alone is not read as an age: "ik heb 20 jaar in de zorg gewerkt".
    A birth year ("1990") also works when the age was asked. Out-of-range numbers give None.
    """
    if not text:
        return None
    lowered = text.lower()
    match = _AGE_SAID.search(lowered) or _AGE_OLD.search(lowered)
    if match is None and asked:
        match = _AGE_WITH_UNIT.search(lowered)
    if match is None and asked:
        birth = _BIRTH_YEAR.search(lowered)
        if birth and this_year:
            return _in_range(this_year - int(birth.group(1)))
        match = _ANY_NUMBER.search(lowered)
    return _in_range(int(match.group(1))) if match else None


def _in_range(age: int) -> int | None:
    return age if MIN_AGE <= age <= MAX_AGE else None
