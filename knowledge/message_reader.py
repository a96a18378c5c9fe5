"""Reads the intake facts from one free Dutch message: what a visitor HAS, what they STUDY now, what they WANT.

"Ik heb een master scheikunde en wil scheikunde geven op het vwo": the master is the diploma, the vwo is
where they want to teach; it must not overwrite the degree. The reader cuts the message into clauses (at
punctuation and conjunctions, never inside a known term such as "zorg en welzijn"), gives each clause a role
from its cue words (WANT: "wil", "worden", "droom"; STUDY: "zit in 6 vwo", "studeer", "laatste jaar"; else
HAS) and reads every known term by the role of its clause:

- a diploma word is the diploma in a HAS clause, what they study in a STUDY clause, and never the diploma in
  a WANT clause ("wil later aan de universiteit studeren"), unless it is what they wish *with* ("kan ik met
  een bachelor psychologie leraar worden?");
- a school type after "op/in/aan het" ("op het vwo") is a place to teach: the target in a WANT clause, the
  current workplace in a HAS clause;
- a situation ("juf", "eerstegraads") is the visitor's situation only in a HAS or STUDY clause.

Diplomas, sectors, subjects, situations, institutions and places all come from the store's vocabularies, so
the bot and the store never disagree; only the small role and cue words live here. Deterministic and cheap
(no model, no database call): the bot reads every turn with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge.intake_words import (
    match_study_form,
    mentions_abroad,
    mentions_education,
    parse_age,
    works_outside_education,
)
from knowledge.places import ABBREVIATIONS, POSTCODE, STOPWORDS, PlaceIndex, PlaceMatch
from knowledge.text import normalize
from knowledge.vocabulary import Vocabulary

HAS, STUDY, WANT = "has", "study", "want"

# Store ids the reading rules name (vocabulary.yml). Everything else comes from the vocabularies themselves.
SCHOOL_TYPES = frozenset({"vmbo", "mbo-2-3", "mbo-4", "havo", "vwo"})  # also a place to teach ("op het vwo")
PUPIL_TO_HIGHER = frozenset({"havo", "mbo-2-3", "mbo-4"})  # who studies after these, studies at a hogeschool
WO_LEVELS = frozenset({"wo-bachelor", "wo-master"})
HBO, WO_BACHELOR, WO_MASTER = "hbo", "wo-bachelor", "wo-master"
OUTSIDE_EDUCATION = "buiten-onderwijs"
WO_STUDENT = "wo-student"
RETURNER = "herintreder"
TEACHER_FROM_ABROAD = "buitenlandse-bevoegdheid"
PO_TEACHER = "leraar-po"
MBO_TEACHER = "mbo-docent-zonder-bevoegdheid"
# Situations that are a teaching qualification (here, from abroad, or from before for a returner): the advice
# follows from it, not from the level of education.
QUALIFIED_SITUATIONS = frozenset(
    {TEACHER_FROM_ABROAD, PO_TEACHER, "leraar-tweedegraads", "leraar-eerstegraads", RETURNER}
)
GENERIC_SITUATIONS = frozenset({OUTSIDE_EDUCATION, WO_STUDENT})  # weaker than a situation inside education
SUBJECT_SECTOR = "vo"  # a school subject someone wants to teach, with no school named: the voortgezet onderwijs

Target = tuple[str | None, str | None]  # (sector, target level) of a place to teach

# Where someone wants to teach, per store id: (sector, target level).
TARGET_BY_EDUCATION: dict[str, Target] = {
    "vmbo": ("vo", "vmbo"), "havo": ("vo", "bovenbouw"), "vwo": ("vo", "bovenbouw"),
    "mbo-2-3": ("mbo", "mbo"), "mbo-4": ("mbo", "mbo"),
}
TARGET_BY_SECTOR: dict[str, Target] = {"po": ("po", "po"), "vo": ("vo", None), "mbo": ("mbo", "mbo")}
TARGET_BY_SITUATION: dict[str, Target] = {
    PO_TEACHER: ("po", "po"), "leraar-eerstegraads": ("vo", "bovenbouw"), "leraar-tweedegraads": ("vo", None),
    MBO_TEACHER: ("mbo", "mbo"),
}
EXPLICIT_SITUATIONS = frozenset({"leraar-eerstegraads"})  # "eerstegraads" names the level outright
# School-type words that are no store term; the level is named outright (wins over "havo" -> bovenbouw).
TARGET_WORDS: dict[str, tuple[Target, bool]] = {
    "bovenbouw": (("vo", "bovenbouw"), True), "onderbouw": (("vo", "onderbouw"), True),
    "speciaal onderwijs": ((None, "so"), True), "speciaal basisonderwijs": (("po", "so"), True),
    "voortgezet speciaal onderwijs": (("vo", "so"), True), "sbo": (("po", "so"), True), "vso": (("vo", "so"), True),
    "praktijkonderwijs": (("vo", "vmbo"), False), "pabo": (("po", "po"), False),
    "academische pabo": (("po", "po"), False), "kleuters": (("po", "po"), False), "kleuterklas": (("po", "po"), False),
    "pubers": (("vo", None), False), "tieners": (("vo", None), False),  # "ik werk liever met pubers"
}
# The sectors each target level lies in (speciaal onderwijs has schools of both).
SECTORS_OF_TARGET: dict[str, frozenset[str]] = {
    "po": frozenset({"po"}), "onderbouw": frozenset({"vo"}), "bovenbouw": frozenset({"vo"}),
    "vmbo": frozenset({"vo"}), "mbo": frozenset({"mbo"}), "so": frozenset({"po", "vo"}),
}
# Study programmes that are no store term but name a level: "ik heb de pabo gedaan" is an hbo diploma.
LEVEL_WORDS = {"pabo": HBO, "academische pabo": HBO}
# Words that name a university or hogeschool, not a degree: a student there, or a graduate of it.
INSTITUTION_WORDS = {
    "universiteit": "wo", "uni": "wo", "universitair": "wo", "universitaire": "wo", "wo": "wo", "hogeschool": "hbo",
}
GENERIC_DEGREES = {"bachelor": HBO, "master": WO_MASTER}  # the kind of institution decides: "bachelor ... aan de uni"
CASE_SENSITIVE = frozenset({"ma"})  # "mijn ma" is a mother; "MA" a master
INSTITUTION_NOISE = frozenset(
    "hogeschool universiteit university rijksuniversiteit of applied sciences the arts van voor de der kunsten "
    "academie christelijke katholieke technische vrije open amsterdamse haagse next".split()
)

TEACHER_NOUNS = frozenset(
    "leraar lerares leraren docent docente docenten leerkracht leerkrachten juf meester onderwijzer onderwijzeres "
    "groepsleerkracht teacher lehrer lehrerin".split()  # newcomers often write it in their own language
)
TEACHER_SUFFIXES = ("leerkracht", "lerares", "leraar", "docente", "docent", "juf", "meester")  # "economieleraar"
TEACHING_WORDS = frozenset({"les", "lesgeven", "lesgegeven", "lesgeef", "geef", "gaf", "lesgaf"})
# Words that make a subject in a question the subject to teach ("hoe word je docent aardrijkskunde?").
TEACHING_CONTEXT = TEACHER_NOUNS | TEACHING_WORDS | frozenset(
    "geven worden word wordt bevoegdheid bevoegd lerarenopleiding vak vakken".split())

SPLITTERS = frozenset({"en", "maar", "want", "omdat", "dus", "of", "om", "terwijl", "zodat", "hoewel"})
HOME_CUES = frozenset({"woon", "woont", "wonen", "wonend", "woonachtig", "verhuisd", "verhuizen", "woonplaats"})
BARE_WORDS = frozenset({"het", "een", "de", "op", "aan", "in"})
LANGUAGES_SPOKEN = frozenset({"nederlands", "engels", "duits", "frans", "spaans"})
SPEAK_VERBS = frozenset({"spreek", "spreekt", "spreken", "praat", "versta"})
SENTENCE_ENDS = frozenset({".", "!", "?", "\n"})
# "ik heb havo gedaan ik wil juf worden": a new "ik + verb" starts a clause even without a comma.
CLAUSE_VERBS = frozenset(
    "heb ben wil wou zit werk studeer doe was geef gaf zou ga kan mag volg woon speel denk twijfel overweeg hoop "
    "droom had werkte sta moet zoek".split()
)
DETERMINERS = frozenset("de het een mijn m n s t zo die deze dat hun onze ons".split())
LOCATION_PREPS = frozenset({"op", "aan", "in", "bij", "naar", "voor"})
NEGATIONS = frozenset({"geen", "niet", "zonder", "nooit"})
HAS_AFTER = frozenset({"heb", "hebt", "had", "gedaan", "afgerond", "behaald", "gehaald"})  # "nu ik havo heb"
# Where a "met een master ..." phrase inside a wish ends and the wish goes on.
WITH_ENDS = TEACHER_NOUNS | TEACHING_WORDS | LOCATION_PREPS | {
    "worden", "word", "geven", "doen", "gaan", "beginnen", "starten", "werken", "als", "kan", "kun", "mag", "wil",
}
COMPARING = frozenset({"verschil", "vergelijking", "vergeleken", "vergelijken", "vergelijk"})
SUBJECT_FILLERS = frozenset({"in", "de", "het", "diploma", "opleiding", "studie", "richting"})  # "master in de ..."
PLACE_CUES = frozenset(
    "in uit bij rond rondom omgeving regio buurt nabij vanuit richting woon woonachtig wonend te "
    "loket regioloket onderwijsloket".split()  # "regioloket urk?"
)
PLACE_AREA = frozenset({"buurt", "omgeving", "regio"})  # "in de buurt van Leiden"
NOT_PLACES = frozenset({"nederland", "holland"})  # also a hamlet's name, but people mean the country
MAX_PLACE_WORDS = 4
SEAT_BEFORE = frozenset({"tu", "universiteit", "rijksuniversiteit", "hogeschool", "uni"})  # "TU Delft"
SHORT_MESSAGE = 3  # words: a bare answer ("Zwolle", "in Den Haag", "8011 AB") is read whole
# "woon in zwole", "woonachtig te amersfort": after these (a few words before "in"/"te"), a misspelt place is read.
LIVING_WORDS = frozenset("woon woont wonen wonend woonachtig".split())
LIVING_PREPS = frozenset({"in", "te", "bij", "rond", "nabij"})
LIVING_REACH = 3  # "ik woon sinds kort in zwole"
TYPO_PLACE_CUES = frozenset({"uit", "vanuit", "omgeving", "regio", "rondom", "nabij"})  # "kom uit amersfort"
TYPO_PLACE_WORDS = 2  # "den haga"

# Spelling tolerance: an unknown word of at least this many letters, one edit (a letter added, dropped, changed
# or two letters swapped) from exactly one word of the store's terms, is read as that word ("basischool",
# "diplma"). Shorter words have too many real neighbours ("basis", "kunst").
MIN_TYPO_LENGTH = 6
MIN_TYPO_TARGET = MIN_TYPO_LENGTH - 1
TYPO_CACHE = 4096
# Real Dutch words one edit from a term word, that mean something else: never read as the term.
# ("de meeste" is no meester, "veerkracht" no leerkracht, "ik studeer" stays a verb, "overstappen" a wish.)
NOT_TYPOS = frozenset(
    "meeste meesten heester zeester veerkracht weerkracht laster marter masker masten paster raster vaster "
    "mister easter enkels bengels hengels tengels angels satijn schooier spoort tekende tekenden tekenend "
    "tekenpen biologe econome filosofe studeer studeren overstappen instromen werkte werken gewerkt lesgaven "
    "lesgever talent schoon schoot geroep honger wonder zolder donder zender onderwijst onderwijl".split()
)

_WANT = re.compile(
    r"\b(?:wil|wilt|willen|wou|zou|zouden|graag|worden|word|droom\w*|overweeg\w*|twijfel\w*|hoop|"
    r"lijkt (?:me|mij|het me|het mij)|ambieer|ambitie|doel|van plan|plannen|interesse|zie mezelf|later|"
    r"kan ik|kun ik|mag ik|moet ik|mogelijk|omscholen|overstappen|switchen|naar de pabo|geven|liever|liefst|"
    r"denk aan|denk erover|denk over)\b"
)
_STUDY = re.compile(
    r"\b(?:studeer|studeert|student|studente|scholier|leerling|volg|volgt|examenjaar|eindexamen\w*|"
    r"(?:eerste|tweede|derde|vierde|laatste) jaar|jaar van mijn|bezig met|nog bezig|afstudeer\w*|afstuderen|"
    r"\w+jaars|doe nu|begonnen|gestart|ingeschreven)\b"
)
_PUPIL_VERB = re.compile(r"\b(?:zit|doe)\b")  # "ik zit in 6 vwo", "ik doe de pabo": with a school or a class
_SCHOOL_YEAR = re.compile(r"\b(?:\d|klas|jaar)\b")
_HAS = re.compile(
    r"\b(?:heb|hebt|heeft|had|ben|bent|was|werk|werkt|werkte|gewerkt|werkzaam|gedaan|afgerond|behaald|gehaald|"
    r"afgestudeerd|gestudeerd|gepromoveerd|diploma|vooropleiding|geef|gaf|gegeven|lesgegeven|sta)\b"
)
FIRST_PERSON = re.compile(r"\b(?:ik|mijn|me|mij|wij|we|ons|onze|k)\b")  # the visitor speaks of themselves
_MEANT = re.compile(r"\b(?:bedoel|bedoelde|bedoelen|bedoelt)\b")
_STUDIES_HIGHER = re.compile(r"\b(?:studeer|studeert)\b")
_BARE_STUDY = re.compile(r"(?:ik |je |jij )?(?:studeer|studeert)(?: (?:nog|nu|momenteel|ook|wel|al|gewoon|eigenlijk))*")
_COMPLETED = re.compile(
    r"\b(?:gedaan|afgerond|behaald|gehaald|afgestudeerd|gestudeerd|gepromoveerd|diploma|studie|opleiding|"
    r"vooropleiding)\b"
)
_DROPPED_OUT = re.compile(
    r"\b(?:niet (?:afgemaakt|afgerond|gehaald)|afgebroken|gestopt|gezakt|nooit afgemaakt|uitgevallen)\b"
)
# "mbo 4, maar die heb ik nog niet", "havo, krijg mijn diploma in juli": a degree named as had, but not yet.
_NOT_YET = re.compile(
    r"\b(?:nog niet(?: (?:af|klaar|gehaald|behaald|binnen|afgerond))?$|nog (?:mee |er mee |ermee )?bezig|"
    r"bijna (?:klaar|af)|ben bijna|(?:krijg|haal) (?:ik )?(?:mijn |mn |m n |het |dat |die )?diploma)"
)
_HEARD_OF = re.compile(r"\b(?:(?:had|heeft|hadden|hebben) het over|(?:hoorde|hoor|las|lees|zag) (?:\w+ )?over|"
                       r"(?:vertelde|sprak|praatte) over)\b")
_ABOUT_WORK = re.compile(r"\b(?:werk\w*|baan|job)\b")
_WORKS = re.compile(r"\b(?:werk|werkt|werkte|werkzaam|baan|job)\b")
_TEACHES = re.compile(r"\b(?:lesgeven|lesgegeven|lesgeef|lesgaf|geef \w*\s*les|gaf \w*\s*les|voor de klas)\b|\bles\b")
_GIVES = re.compile(r"\b(?:geef|geeft|gaf|gaven|gegeven)\b")
_PAST = re.compile(
    r"\b(?:was|waren|vroeger|voormalig|ex|oud(?= (?:leraar|lerares|docent|docente|juf|meester|leerkracht))|"
    r"gewerkt|werkte|geweest|lesgegeven|gegeven|gaf|lesgaf|gestaan|stond)\b"  # "voor de klas gestaan"
)
_TOKEN = re.compile(r"[A-Za-z0-9]+|[.,;:!?()\n]")


def target_fits_sector(target_level: str, sector: str | None) -> bool:
    """Whether a target level ("bovenbouw") can go with a sector ("vo"); an unknown level or no sector fits."""
    return sector is None or sector in SECTORS_OF_TARGET.get(target_level, frozenset({sector}))


@dataclass(frozen=True)
class MessageFacts:
    """What one message says about the visitor; None (or False) where it says nothing."""

    diploma: str | None = None  # education level id the visitor HAS
    diploma_subject: str | None = None  # subject id named with that degree ("master scheikunde")
    studying: str | None = None  # education level id they study NOW (a pupil's school type too)
    study_subject: str | None = None  # subject id of that study ("bachelor Engels")
    situation: str | None = None  # situation id (their current work or study)
    sector: str | None = None  # where they want to teach: po | vo | mbo
    target_level: str | None = None  # po | onderbouw | bovenbouw | vmbo | mbo | so
    subject: str | None = None  # subject id they want to teach
    place: PlaceMatch | None = None
    age: int | None = None
    study_form: str | None = None
    abroad: bool = False  # the message names another country or "buitenland"
    route: str | None = None  # route id they say they want ("ik wil er een tweede vak bij halen")

    def as_dict(self) -> dict[str, object]:
        """Plain values; the place as its display name ("Middelburg", not "Middelburg (Z.)") and code."""
        return {
            "diploma": self.diploma, "diploma_subject": self.diploma_subject, "studying": self.studying,
            "study_subject": self.study_subject, "situation": self.situation, "sector": self.sector,
            "target_level": self.target_level, "subject": self.subject,
            "place": self.place.display_name if self.place else None,
            "place_code": self.place.municipality_code if self.place else None,
            "age": self.age, "study_form": self.study_form, "abroad": self.abroad,
        }


@dataclass(frozen=True)
class _Term:
    """What one known term can mean, whichever role its clause has."""

    education: str | None = None  # a diploma level the term names itself ("master", "havo", "pabo")
    sector: str | None = None
    subject: str | None = None
    situation: str | None = None
    target: Target | None = None  # as a place to teach ("vwo" -> vo/bovenbouw, "juf" -> po/po)
    explicit: bool = False  # the target level is named outright ("bovenbouw", "eerstegraads")
    institution: str | None = None  # "wo" | "hbo": a university or hogeschool
    generic: bool = False  # "bachelor", "master": the institution decides the level
    case_sensitive: bool = False  # only when typed with a capital ("MA", "VU")


@dataclass(frozen=True)
class _Token:
    word: str  # normalized
    raw: str  # as typed, accents folded
    sentence_start: bool = False

    @property
    def punct(self) -> bool:
        return not self.word[0].isalnum()


@dataclass(frozen=True)
class _Span:
    start: int
    end: int  # exclusive
    gram: str
    term: _Term


@dataclass
class _Clause:
    start: int
    end: int  # exclusive
    role: str
    text: str  # normalized words, for the cue patterns
    dropped_out: bool = False  # this clause or a later one of its sentence says it was not finished


@dataclass
class _Reading:
    """What the clauses said so far, before the facts are decided."""

    diplomas: list[str] = field(default_factory=list)
    studying: list[str] = field(default_factory=list)
    bare: bool = False  # the message is a bare answer of a few words ("frans", "in Den Haag")
    targets: list[tuple[Target, bool]] = field(default_factory=list)
    study_targets: list[tuple[Target, bool]] = field(default_factory=list)  # "ik doe de pabo": weaker than a wish
    work_sectors: list[str] = field(default_factory=list)
    situations: list[str] = field(default_factory=list)
    diploma_subjects: list[str] = field(default_factory=list)
    study_subjects: list[str] = field(default_factory=list)
    wish_subjects: list[str] = field(default_factory=list)
    other_subjects: list[str] = field(default_factory=list)  # HAS, with no degree: the subject taught, if teaching
    pupil: bool = False
    studies_higher: bool = False  # "ik studeer ...", level not yet known
    teaches: bool = False  # a HAS clause names teaching ("ik ben juf", "ik geef les")
    taught_before: bool = False  # "ik was vroeger juf", "heb lesgegeven"
    works_outside: bool = False
    abroad: bool = False  # a HAS clause names another country ("ik heb in Polen lesgegeven")


def _ends_with_question(tokens: list[_Token], position: int) -> bool:
    """The sentence around ``position`` ends with a question mark."""
    return next((t.word == "?" for t in tokens[position:] if t.word in SENTENCE_ENDS), False)


class MessageReader:
    """Reads :class:`MessageFacts` from free text with the store's vocabularies and place index."""

    def __init__(
        self,
        education: Vocabulary,
        sectors: Vocabulary,
        subjects: Vocabulary,
        situations: Vocabulary,
        places: PlaceIndex,
        level_order: Sequence[str] | None = None,
        institutions: Mapping[str, str] | None = None,
        routes: Vocabulary | None = None,
    ) -> None:
        """level_order: education ids from lowest to highest (default: the vocabulary's order);
        institutions: institution name or id -> "hbo" | "wo" (the store's institutions);
        routes: the routes' names and synonyms, read in what they want."""
        self._places = places
        self._routes = routes
        order = list(level_order) if level_order else list(education.names)
        self._rank = {level: i for i, level in enumerate(order)}
        self._terms = self._build_terms(education, sectors, subjects, situations, places, institutions or {})
        lengths: dict[str, set[int]] = {}
        for gram in self._terms:
            words = gram.split()
            lengths.setdefault(words[0], set()).add(len(words))
        self._lengths = {word: tuple(sorted(sizes, reverse=True)) for word, sizes in lengths.items()}
        term_words = {
            word for vocab in (education, sectors, subjects, situations) for gram in vocab.terms
            for word in gram.split()
        } | {word for gram in (*TARGET_WORDS, *LEVEL_WORDS, *INSTITUTION_WORDS) for word in gram.split()}
        self._known = frozenset(
            term_words | {word for gram in self._terms for word in gram.split()}
            | {name for name in places.names if " " not in name} | _reader_words()
        )
        self._typo_index = _deletion_index(word for word in term_words if len(word) >= MIN_TYPO_TARGET)
        self._correct = lru_cache(maxsize=TYPO_CACHE)(self._find_correction)

    # -- building -------------------------------------------------------------------------------

    @staticmethod
    def _build_terms(
        education: Vocabulary, sectors: Vocabulary, subjects: Vocabulary, situations: Vocabulary,
        places: PlaceIndex, institutions: Mapping[str, str],
    ) -> dict[str, _Term]:
        kinds: dict[str, dict[str, object]] = {}

        def add(gram: str, kind: str, value: object) -> None:
            if gram:
                kinds.setdefault(gram, {}).setdefault(kind, value)

        for name, kind_type in institutions.items():
            for alias in _institution_aliases(name, places):
                add(alias, "institution", kind_type)
        for gram, kind_type in INSTITUTION_WORDS.items():
            add(gram, "institution", kind_type)
        for gram, level in LEVEL_WORDS.items():
            add(gram, "education", level)
        for gram, (target, explicit) in TARGET_WORDS.items():
            add(gram, "target", target)
            add(gram, "explicit", explicit)
        for gram, level in education.terms.items():
            if gram not in INSTITUTION_WORDS:
                add(gram, "education", level)
        for vocab, kind in ((sectors, "sector"), (subjects, "subject"), (situations, "situation")):
            for gram, item in vocab.terms.items():
                add(gram, kind, item)

        store_education = dict(education.terms)
        terms: dict[str, _Term] = {}
        for gram, own in kinds.items():
            inner = _inner_kinds(gram, kinds, store_education)
            sector = own.get("sector") or inner.get("sector")
            situation = own.get("situation")
            education_id = own.get("education")
            school_type = education_id if education_id in SCHOOL_TYPES else inner.get("school_type")
            target = (
                own.get("target") or inner.get("target")
                or TARGET_BY_SITUATION.get(situation or inner.get("situation") or "")
                or TARGET_BY_EDUCATION.get(school_type or "")
                or TARGET_BY_SECTOR.get(sector or "")
            )
            explicit = bool(own.get("explicit") or inner.get("explicit")) or situation in EXPLICIT_SITUATIONS
            if own.get("education") is None and inner.get("education"):  # "pabo gedaan": also an hbo diploma
                education_id = inner["education"]
            terms[gram] = _Term(
                education=education_id, sector=sector, subject=own.get("subject"), situation=situation,
                target=target, explicit=explicit, institution=own.get("institution"),
                generic=gram in GENERIC_DEGREES, case_sensitive=gram in CASE_SENSITIVE or (
                    "institution" in own and len(gram) <= 3 and gram not in INSTITUTION_WORDS
                ),
            )
        return terms

    # -- reading ----------------------------------------------------------------------------------

    def read(self, text: str | None) -> MessageFacts:
        if not text or not text.strip():
            return MessageFacts()
        tokens = self._tokens(text)
        spans = self._spans(tokens)  # also puts a corrected spelling into the tokens of a term it finds
        reading = _Reading(bare=sum(1 for t in tokens if t.word[0].isalnum()) <= SHORT_MESSAGE)
        clauses = self._clauses(tokens, spans)
        for clause in clauses:
            self._read_clause(clause, tokens, spans, reading)
        facts = self._decide(reading)
        found_any = any(value for value in facts.values())
        age = parse_age(text)
        study_form = match_study_form(text)
        place = self._place(text, tokens, spans, found_any or age is not None or study_form is not None)
        # A route is wanted only where they say so ("ik wil de deeltijd pabo doen"), not where they ask about one.
        wish = " ".join(clause.text for clause in clauses if clause.role == WANT and _WANT.search(clause.text))
        route = self._routes.match(wish) if self._routes and wish else None
        return MessageFacts(**facts, place=place, age=age, study_form=study_form, abroad=mentions_abroad(text),
                            route=route)

    def without_names(self, text: str | None, place: PlaceMatch | None) -> str:
        """The message's words without ``place`` (as read from it), the institutions and "in de buurt van": what is
        left says what a where-question asks besides where ("is er een wachtlijst voor de pabo bij Saxion in
        Deventer?")."""
        if not text or not text.strip():
            return ""
        tokens = self._tokens(text)
        names = {i for span in self._spans(tokens) if span.term.institution for i in range(span.start, span.end)}
        place_words = set(place.matched.split()) if place else set()
        return " ".join(t.word for i, t in enumerate(tokens) if not t.punct and i not in names
                        and t.word not in place_words and t.word not in PLACE_AREA)

    def _tokens(self, text: str) -> list[_Token]:
        for pattern, replacement in ABBREVIATIONS:  # "Capelle a.d. IJssel": no sentence ends inside a name
            text = pattern.sub(replacement, text)
        folded = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
        tokens: list[_Token] = []
        start = True
        for raw in _TOKEN.findall(folded):
            word = raw.lower()
            if not word[0].isalnum():
                tokens.append(_Token(word, raw))
                start = start or word in SENTENCE_ENDS
                continue
            for part_word, part_raw in self._split_compound(word, raw):
                tokens.append(_Token(part_word, part_raw, start))
                start = False
        return tokens

    def _split_compound(self, word: str, raw: str) -> list[tuple[str, str]]:
        """ "economieleraar" -> "economie" + "leraar", when the first part is a known term."""
        if word in self._lengths:
            return [(word, raw)]
        for suffix in TEACHER_SUFFIXES:
            prefix = word[: -len(suffix)]
            if word.endswith(suffix) and len(prefix) > 1 and prefix in self._terms:
                return [(prefix, raw[: len(prefix)]), (suffix, raw[len(prefix):])]
        return [(word, raw)]

    def _spans(self, tokens: list[_Token]) -> list[_Span]:
        """The known terms in the message, longest first from left to right, never across punctuation.

        A misspelt word counts as the term word it is one edit from ("basischool", "hbo diplma"); the token of a
        term found that way gets the corrected word, so the clause cues read it too.
        """
        fixes = [None if t.punct else self._correct(t.word) for t in tokens]
        spans: list[_Span] = []
        i = 0
        while i < len(tokens):
            found = self._span_at(tokens, fixes, i)
            if found:
                for j in range(found.start, found.end):
                    if fixes[j] and found.gram.split()[j - found.start] == fixes[j]:
                        tokens[j] = _Token(fixes[j], tokens[j].raw, tokens[j].sentence_start)
                spans.append(found)
                i = found.end
            else:
                i += 1
        return spans

    def _span_at(self, tokens: list[_Token], fixes: list[str | None], i: int) -> _Span | None:
        first = tokens[i].word
        for size in self._lengths.get(fixes[i] or first, ()):
            part = tokens[i: i + size]
            if len(part) < size or any(t.punct for t in part):
                continue
            grams = [" ".join(t.word for t in part)]
            if any(fixes[i: i + size]):
                grams.append(" ".join(fixes[j] or tokens[j].word for j in range(i, i + size)))
            for gram in grams:
                term = self._terms.get(gram)
                if term is None or (term.case_sensitive and not any(ch.isupper() for t in part for ch in t.raw)):
                    continue
                return _Span(i, i + size, gram, term)
        return None

    def _find_correction(self, word: str) -> str | None:
        """The one term word this unknown word is a misspelling of, or None."""
        if len(word) < MIN_TYPO_LENGTH or not word.isalpha() or word in self._known or word in NOT_TYPOS:
            return None
        candidates = set(self._typo_index.get(word, ()))
        for deleted in _deletions(word):
            candidates.update(self._typo_index.get(deleted, ()))
        close = [candidate for candidate in candidates if _one_edit(word, candidate)]
        return close[0] if len(close) == 1 else None

    def _clauses(self, tokens: list[_Token], spans: list[_Span]) -> list[_Clause]:
        inside = {i for span in spans for i in range(span.start + 1, span.end)}
        in_term = inside | {span.start for span in spans}
        parts: list[tuple[int, int, bool]] = []  # (start, end, starts a sentence)
        start, new_sentence = 0, True
        for i, token in enumerate(tokens):
            boundary = token.punct or (token.word in SPLITTERS and i not in in_term)
            new_subject = (
                token.word == "ik" and i not in inside and 0 < i < len(tokens) - 1
                and tokens[i + 1].word in CLAUSE_VERBS and not tokens[i - 1].punct
                and tokens[i - 1].word not in SPLITTERS and tokens[i - 1].word not in CLAUSE_VERBS
            )
            if boundary or new_subject:
                if i > start:
                    parts.append((start, i, new_sentence))
                    new_sentence = False
                start = i + 1 if boundary else i
                if token.word in SENTENCE_ENDS:
                    new_sentence = True
        if start < len(tokens):
            parts.append((start, len(tokens), new_sentence))
        if not parts:  # no words the reader knows as words (a message in Chinese or Arabic script, only punctuation)
            return []
        clauses: list[_Clause] = []
        role = HAS
        for begin, end, sentence_start in parts:
            text = " ".join(t.word for t in tokens[begin:end])
            has_school = any(begin <= s.start < end and (s.term.education or s.term.institution) for s in spans)
            if sentence_start:
                # a wish does not carry over into the next sentence; what a question names without a cue
                # ("hoe lang duurt de pabo?") is what they ask about, not a diploma they have
                role = WANT if _ends_with_question(tokens, end) else HAS
            if _WANT.search(text) or _HEARD_OF.search(text):
                role = WANT  # what they heard of ("mijn mentor had het over de ad pep") is no diploma either
            elif _STUDY.search(text) or (_PUPIL_VERB.search(text) and (has_school or _SCHOOL_YEAR.search(text))):
                role = STUDY
            elif _HAS.search(text) and (FIRST_PERSON.search(text) or not _ends_with_question(tokens, end)):
                role = HAS  # "hoe werkt de academische pabo?" asks about the pabo, it tells no diploma
            clauses.append(_Clause(begin, end, role, text))
        if any(clause.role == WANT for clause in clauses):
            # "nee sorry ik bedoel vmbo. biologie geven op het vmbo": what they mean is the wish they go on to tell
            for clause in clauses:
                if _MEANT.search(clause.text) and not _HAS.search(clause.text):
                    clause.role = WANT
        # "ik ben met rechten begonnen maar gestopt", "hbo begonnen (toerisme) maar gestopt": the stop (or the "not
        # yet") is said later in the sentence, up to the next clause that names a study of its own ("ik heb havo en
        # ben aan geneeskunde begonnen maar gestopt": geneeskunde stopped, the havo stays).
        degree_at = {s.start for s in spans if s.term.education or s.term.institution}
        for n, clause in enumerate(clauses):
            rest = [clause.text]
            for later, (begin, end, sentence_start) in zip(clauses[n + 1:], parts[n + 1:], strict=True):
                if sentence_start or _STUDY.search(later.text) or any(begin <= i < end for i in degree_at):
                    break
                rest.append(later.text)
            # "... maar ben gestopt met werken" stops a job, not the study
            clause.dropped_out = bool(_DROPPED_OUT.search(clause.text)) or any(
                _DROPPED_OUT.search(text) and not _ABOUT_WORK.search(text) for text in rest[1:])
            has_degree = any(clause.start <= i < clause.end for i in degree_at)
            if clause.role == HAS and has_degree and any(_NOT_YET.search(text) for text in rest):
                clause.role = STUDY
        return clauses

    def _read_clause(self, clause: _Clause, tokens: list[_Token], spans: list[_Span], reading: _Reading) -> None:
        own = [s for s in spans if clause.start <= s.start < clause.end]
        with_part = self._with_part(clause, tokens, own) if clause.role != HAS else set()
        degrees: dict[str, list[_Span]] = {HAS: [], STUDY: []}
        degree_ends: dict[int, str] = {}  # token after a degree -> its role ("master scheikunde")
        dropped_out = clause.dropped_out
        if clause.role == HAS:
            # "ik geef al zes jaar Frans": giving a school subject is teaching it
            gives_subject = bool(_GIVES.search(clause.text)) and any(s.term.subject for s in own)
            if self._teaches(clause, tokens) or gives_subject:
                reading.teaches = True
                reading.taught_before = reading.taught_before or bool(_PAST.search(clause.text))
            reading.abroad = reading.abroad or mentions_abroad(clause.text)
            if works_outside_education(clause.text) and not (
                mentions_education(clause.text) or any(s.term.target or s.term.situation for s in own)
            ):
                reading.works_outside = True
        if clause.role == STUDY:
            # "ik studeer rechten" is higher education; a bare "ik studeer nog" says no level at all.
            reading.studies_higher = reading.studies_higher or bool(
                _STUDIES_HIGHER.search(clause.text) and not _BARE_STUDY.fullmatch(clause.text.strip()))
        # "mijn diploma op het vwo gehaald": a school they went to, not where they work ("ik werk op een vmbo")
        attended = not reading.teaches and not _WORKS.search(clause.text) and bool(_COMPLETED.search(clause.text))
        for span in own:
            term = span.term
            role = HAS if span.start in with_part or self._has_after(span, clause, tokens) else clause.role
            school_type = term.education in SCHOOL_TYPES
            at_school = school_type and not (role == HAS and attended) and (
                self._at_school(span, clause, tokens, own)
                # "ik ben lerares in Duitsland, gymnasium, ...": a teacher's bare school type is where they teach
                or (reading.teaches and role == HAS and self._bare(span, clause, tokens))
            )
            degree = bool(term.education or term.institution) and not at_school and role in degrees
            if degree and (dropped_out or (role == HAS and self._negated(span, clause, tokens))):
                continue  # a study stopped is neither a diploma nor what they study now
            if degree:
                degrees[role].append(span)
                degree_ends[span.end] = role
            if term.subject and not term.education:
                self._read_subject(span, role, clause, tokens, degree_ends, degrees, reading)
            elif role == WANT:
                if term.target:
                    reading.targets.append((term.target, term.explicit))
                if term.situation == RETURNER:  # "ik wil weer lesgeven"
                    reading.situations.append(RETURNER)
            elif role == HAS:
                if term.target and term.target[0] and not degree:
                    reading.work_sectors.append(term.target[0])
                if term.situation:
                    reading.situations.append(term.situation)
            else:  # STUDY
                if school_type and not degree:
                    reading.studying.append(term.education)  # "ik zit op het vwo"
                    reading.pupil = True
                elif term.target and not school_type and (degree or not _PUPIL_VERB.search(clause.text)):
                    reading.study_targets.append((term.target, term.explicit))  # "ik doe de pabo"
                elif term.sector and not degree:
                    reading.pupil = True  # "ik zit op de middelbare school"
                if term.situation:
                    reading.situations.append(term.situation)
        for role, found in degrees.items():
            levels = self._levels(found, role, clause)
            (reading.diplomas if role == HAS else reading.studying).extend(levels)
            if role == STUDY and any(level in SCHOOL_TYPES for level in levels):
                reading.pupil = True

    def _read_subject(
        self, span: _Span, role: str, clause: _Clause, tokens: list[_Token], degree_ends: dict[int, str],
        degrees: dict[str, list[_Span]], reading: _Reading,
    ) -> None:
        subject = span.term.subject
        start = span.start
        spoken = start > clause.start and tokens[start - 1].word == "mijn" and subject in LANGUAGES_SPOKEN
        if spoken or any(t.word in SPEAK_VERBS for t in tokens[max(clause.start, start - 4):start]):
            return  # "ik spreek een beetje Nederlands", "mijn Nederlands is nog niet goed": a language they speak
        while start > clause.start and tokens[start - 1].word in SUBJECT_FILLERS and start not in degree_ends:
            start -= 1
        attached = degree_ends.get(start)  # right after a degree: that degree's subject
        if attached == HAS or (attached is None and role == HAS and (degrees[HAS] or _COMPLETED.search(clause.text))):
            reading.diploma_subjects.append(subject)
        elif attached == STUDY or role == STUDY:
            reading.study_subjects.append(subject)
        elif _MEANT.search(clause.text) or (role == WANT and not self._asks_beside_teaching(clause, tokens)):
            reading.wish_subjects.append(subject)  # "duits bedoel ik": the subject they mean to teach
        else:
            reading.other_subjects.append(subject)

    def _levels(self, found: list[_Span], role: str, clause: _Clause) -> list[str]:
        """The levels named in one clause: "bachelor ... aan de universiteit" is a wo-bachelor."""
        institution = next((s.term.institution for s in found if s.term.institution), None)
        levels: list[str] = []
        for span in found:
            level = span.term.education
            if level is None:
                continue
            if span.term.generic and institution == "wo" and level == HBO:
                level = WO_BACHELOR
            elif span.term.generic and institution == "hbo" and level == WO_MASTER:
                level = HBO
            levels.append(level)
        if not levels and institution:
            if role == HAS and _WORKS.search(clause.text) and not _COMPLETED.search(clause.text):
                return []  # "ik werk bij de universiteit"
            levels.append(HBO if institution == "hbo" else WO_BACHELOR if role == STUDY else WO_MASTER)
        return levels

    # -- context tests --------------------------------------------------------------------------

    @staticmethod
    def _with_part(clause: _Clause, tokens: list[_Token], own: list[_Span]) -> set[int]:
        """Token positions of "met een bachelor psychologie van de universiteit" inside a wish: what they HAVE."""
        by_start = {s.start: s for s in own}
        part: set[int] = set()
        for m in range(clause.start, clause.end):
            if tokens[m].word != "met" or (m > clause.start and tokens[m - 1].word in COMPARING):
                continue  # "wat is het verschil met de pabo?" compares, it tells no diploma
            covered: set[int] = set()
            subjects, degree = 0, False
            j = m + 1
            while j < clause.end:
                span = by_start.get(j)
                if span is not None:
                    term = span.term
                    if (term.target or term.situation or term.sector) and not term.education:
                        break  # "met een master juf worden": the wish goes on ("mbo", "havo" are a diploma here)
                    if term.subject and not term.education:
                        subjects += 1
                        if subjects > 1:
                            break
                    degree = degree or bool(term.education or term.institution)
                    covered.update(range(span.start, span.end))
                    j = span.end
                    continue
                if tokens[j].word in WITH_ENDS:
                    break
                covered.add(j)
                j += 1
            if degree:
                part |= covered
        return part

    @staticmethod
    def _has_after(span: _Span, clause: _Clause, tokens: list[_Token]) -> bool:
        """ "nu ik mijn master heb", "nadat ik havo heb gehaald": a degree they have, inside a wish."""
        following = tokens[span.end: min(span.end + 2, clause.end)]
        return any(t.word in HAS_AFTER for t in following)

    @staticmethod
    def _negated(span: _Span, clause: _Clause, tokens: list[_Token]) -> bool:
        before = tokens[max(clause.start, span.start - 2): span.start]
        return any(t.word in NEGATIONS for t in before)

    @staticmethod
    def _at_school(span: _Span, clause: _Clause, tokens: list[_Token], own: list[_Span]) -> bool:
        """ "op het vwo", "docent vmbo", "bovenbouw havo/vwo": the school type is a place to teach, not a diploma."""
        j = span.start - 1
        skipped = 0
        while j >= clause.start and tokens[j].word in DETERMINERS and skipped < 2:
            j -= 1
            skipped += 1
        if j >= clause.start and tokens[j].word in LOCATION_PREPS:
            return True
        if span.start > clause.start and tokens[span.start - 1].word in TEACHER_NOUNS:
            return True
        if span.end < clause.end and tokens[span.end].word in TEACHER_NOUNS:
            return True
        return any(s.term.explicit and s.end <= span.start <= s.end + 3 for s in own)

    @staticmethod
    def _bare(span: _Span, clause: _Clause, tokens: list[_Token]) -> bool:
        """The clause says nothing but the term (and small words): "..., Gymnasium, ..."."""
        return all(span.start <= i < span.end or tokens[i].word in BARE_WORDS for i in range(clause.start, clause.end))

    @staticmethod
    def _asks_beside_teaching(clause: _Clause, tokens: list[_Token]) -> bool:
        """A question that names a subject but not teaching it ("moet ik die toetsen voor aardrijkskunde doen?" asks
        about the pabo's tests): the subject is what the question is about, not the one they want to teach."""
        words = {t.word for t in tokens[clause.start: clause.end]}
        return _ends_with_question(tokens, clause.end) and not words & TEACHING_CONTEXT

    @staticmethod
    def _teaches(clause: _Clause, tokens: list[_Token]) -> bool:
        words = {t.word for t in tokens[clause.start: clause.end]}
        return bool(words & TEACHER_NOUNS) or bool(_TEACHES.search(clause.text))

    # -- deciding ---------------------------------------------------------------------------------

    def _decide(self, reading: _Reading) -> dict[str, object]:
        diploma = max(reading.diplomas, key=lambda level: self._rank.get(level, -1), default=None)
        studying = max(reading.studying, key=lambda level: self._rank.get(level, -1), default=None)
        if studying is None and reading.studies_higher and not reading.pupil:
            studying = HBO if diploma in PUPIL_TO_HIGHER else WO_BACHELOR if diploma in (None, "vwo") else None
        if diploma is not None and diploma == studying:
            diploma = None  # "laatste jaar mbo 4 ... kan dat met mijn mbo?": the one they study for, not one they have
        wish_subject = _first(reading.wish_subjects)
        teaches = reading.teaches or any(s in TARGET_BY_SITUATION for s in reading.situations)  # "tweedegraads"
        taught = _first(reading.other_subjects) if teaches else None
        bare = _first(reading.other_subjects) if reading.bare else None  # "frans" as an answer: the subject to teach
        subject = wish_subject or taught or _first(reading.study_subjects) or bare
        # Where they say they want to teach wins over where their study leads ("ik zit op de pabo maar wil liever met
        # pubers werken").
        sector = next((target[0] for target, _ in reading.targets + reading.study_targets if target[0]), None)
        if sector is None and wish_subject:
            sector = SUBJECT_SECTOR
        sector = sector or _first(reading.work_sectors)
        # A level goes with the sector chosen: the pabo they study says nothing about where in the vo they want to be.
        targets = [(target, named) for target, named in reading.targets + reading.study_targets
                   if target[1] and target_fits_sector(target[1], sector)]
        explicit = [target[1] for target, named in targets if named]
        implied = [target[1] for target, named in targets if not named]
        return {
            "diploma": diploma, "diploma_subject": _first(reading.diploma_subjects), "studying": studying,
            "study_subject": _first(reading.study_subjects),
            "situation": self._situation(reading, studying),
            "sector": sector, "target_level": _first(explicit) or _first(implied), "subject": subject,
        }

    @staticmethod
    def _situation(reading: _Reading, studying: str | None) -> str | None:
        if reading.teaches and reading.abroad:
            return TEACHER_FROM_ABROAD
        if reading.taught_before or RETURNER in reading.situations:
            return RETURNER
        inside = [s for s in reading.situations if s not in GENERIC_SITUATIONS]
        if inside:
            return inside[0]
        if reading.teaches:
            work = _first(reading.work_sectors)
            derived = {"po": PO_TEACHER, "mbo": MBO_TEACHER}.get(work or "")
            if derived:
                return derived
        if studying in WO_LEVELS or WO_STUDENT in reading.situations:
            return WO_STUDENT
        if studying or reading.pupil or reading.works_outside or OUTSIDE_EDUCATION in reading.situations:
            return OUTSIDE_EDUCATION
        return None

    # -- place ------------------------------------------------------------------------------------

    def _place(self, text: str, tokens: list[_Token], spans: list[_Span], other_facts: bool) -> PlaceMatch | None:
        """A place named as a place: after "in"/"uit"/"omgeving", or with a capital inside a sentence.

        Lower-case words that happen to be a place ("best", "echt") are not read in a sentence; a bare answer
        ("Zwolle", "zwole", "8011") is read whole, typos included, when it says nothing else.
        """
        words = [t.word for t in tokens if not t.punct]
        short = len(words) <= SHORT_MESSAGE
        postcode = POSTCODE.search(text)
        if postcode and postcode.group(1) in self._places.postcodes and (
            short or "postcode" in words or len(postcode.group(0)) > 4
        ):
            code, name = self._places.postcodes[postcode.group(1)]
            return PlaceMatch(code, name, postcode.group(0), "postcode")
        taken = {i for span in spans for i in range(span.start, span.end)}
        names = self._places.names
        abroad = mentions_abroad(text)
        found: list[tuple[int, PlaceMatch]] = []
        for size in range(MAX_PLACE_WORDS, 0, -1):
            for i in range(len(tokens) - size + 1):
                part = tokens[i: i + size]
                if any(t.punct for t in part) or taken.intersection(range(i, i + size)):
                    continue
                gram = " ".join(t.word for t in part)
                if gram not in names or gram in NOT_PLACES or all(t.word in STOPWORDS for t in part):
                    continue
                if i > 0 and tokens[i - 1].word in SEAT_BEFORE:
                    continue  # "TU Delft", "Universiteit Utrecht": where they studied, not where they live
                if self._in_degree_brackets(tokens, spans, i):
                    continue  # "net afgestudeerd (master Duits, Leiden)": where they studied, not where they live
                if abroad and self._studied_there(tokens, i):
                    continue  # "heb in Gent een master behaald": a city abroad (that shares a Dutch hamlet's name)
                alone = (i == 0 or tokens[i - 1].punct) and (i + size == len(tokens) or tokens[i + size].punct)
                if short or alone or self._place_cue(tokens, i) or self._capitalized(part[0]):
                    code, name = names[gram]
                    found.append((i, PlaceMatch(code, name, gram, "naam")))
        if found:
            # "master gehaald in Wageningen ... ik woon in Nijmegen": where they live is the place for the desk
            home = [match for i, match in found if any(t.word in HOME_CUES for t in tokens[max(0, i - 3):i])]
            return home[0] if home else found[0][1]
        if not short:
            misspelt = self._misspelt_place(tokens, taken)
            if misspelt:
                return misspelt
        if short and not other_facts:
            return self._places.resolve(text)
        return None

    def _misspelt_place(self, tokens: list[_Token], taken: set[int]) -> PlaceMatch | None:
        """ "woon in zwole", "kom uit amersfort", "in de buurt van amsterdm": the place index's typo matching, only
        for the words right after a place cue that are no word the reader knows."""
        for i, token in enumerate(tokens):
            if token.punct or i in taken or not self._typo_place_cue(tokens, i):
                continue
            words: list[str] = []
            for j in range(i, min(i + TYPO_PLACE_WORDS, len(tokens))):
                if tokens[j].punct or j in taken:
                    break
                words.append(tokens[j].word)
                last = tokens[j].word  # the misspelt word: "zwole", "den haga"
                if last in self._known or last in NOT_TYPOS or not last.isalpha() or mentions_abroad(f"uit {last}"):
                    continue  # a word the reader knows, or a country ("uit syrie")
                found = self._places.resolve(" ".join(words))
                if found and normalize(found.display_name) not in NOT_PLACES:
                    return found
        return None

    def _typo_place_cue(self, tokens: list[_Token], i: int) -> bool:
        before = tokens[i - 1].word if i > 0 else ""
        if before in TYPO_PLACE_CUES or (before == "van" and i > 1 and tokens[i - 2].word in PLACE_AREA):
            return True
        if before in PLACE_CUES and self._capitalized(tokens[i]):
            return True  # "leerkracht worden in Rotterdm"
        if before not in LIVING_PREPS:
            return False
        return any(t.word in LIVING_WORDS for t in tokens[max(0, i - 1 - LIVING_REACH): i - 1])

    @staticmethod
    def _in_degree_brackets(tokens: list[_Token], spans: list[_Span], i: int) -> bool:
        """The place stands between brackets that also name a degree or a school ("(master Duits, Leiden)")."""
        opening = next((j for j in range(i - 1, -1, -1) if tokens[j].word in {"(", ")"}), None)
        if opening is None or tokens[opening].word != "(":
            return False
        closing = next((j for j in range(i, len(tokens)) if tokens[j].word in {"(", ")"}), len(tokens))
        return any(opening < span.start < closing and (span.term.education or span.term.institution)
                   for span in spans)

    @staticmethod
    def _studied_there(tokens: list[_Token], i: int) -> bool:
        """The place stands in a sentence that tells a degree obtained, with no word about living there."""
        start = next((j + 1 for j in range(i - 1, -1, -1) if tokens[j].word in SENTENCE_ENDS), 0)
        end = next((j for j in range(i, len(tokens)) if tokens[j].word in SENTENCE_ENDS), len(tokens))
        words = " ".join(t.word for t in tokens[start:end])
        return bool(_COMPLETED.search(words)) and not any(t.word in HOME_CUES for t in tokens[start:end])

    @staticmethod
    def _place_cue(tokens: list[_Token], i: int) -> bool:
        before = tokens[i - 1].word if i > 0 else ""
        if before in PLACE_CUES:
            return True
        return before == "van" and i > 1 and tokens[i - 2].word in PLACE_AREA

    @staticmethod
    def _capitalized(token: _Token) -> bool:
        return token.raw[:1].isupper() and not token.raw.isupper() and not token.sentence_start


def _inner_kinds(gram: str, kinds: dict[str, dict[str, object]], store_education: dict[str, str]) -> dict:
    """What the shorter terms inside a term add: "docent in het mbo" is a situation that also names the mbo."""
    words = gram.split()
    inner: dict[str, object] = {}
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            sub = " ".join(words[i: i + size])
            found = kinds.get(sub)
            if not found:
                continue
            for kind in ("sector", "target", "explicit", "situation"):
                if kind in found:
                    inner.setdefault(kind, found[kind])
            if sub in LEVEL_WORDS:
                inner.setdefault("education", LEVEL_WORDS[sub])
            if store_education.get(sub) in SCHOOL_TYPES:
                inner.setdefault("school_type", store_education[sub])
    return inner


def _institution_aliases(name: str, places: PlaceIndex) -> list[str]:
    """ "Universiteit van Amsterdam" and "uva"; "Fontys Hogeschool" also "fontys" (never a place name)."""
    full = normalize(name)
    aliases = [full]
    rest = [w for w in full.split() if w not in INSTITUTION_NOISE and w not in places.names]
    if len(rest) == 1 and len(rest[0]) >= 5 and rest[0] not in STOPWORDS:
        aliases.append(rest[0])
    return aliases


def _first(items: list[str]) -> str | None:
    return items[0] if items else None


def _reader_words() -> set[str]:
    """The role and cue words of this module: never read as a misspelt term or place."""
    groups = (
        TEACHER_NOUNS, TEACHING_WORDS, SPLITTERS, CLAUSE_VERBS, DETERMINERS, LOCATION_PREPS, NEGATIONS, HAS_AFTER,
        WITH_ENDS, SUBJECT_FILLERS, PLACE_CUES, PLACE_AREA, LIVING_WORDS, INSTITUTION_NOISE, STOPWORDS,
    )
    return {word for group in groups for word in group}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _deletion_index(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each word and each of its one-letter deletions -> the words: the candidates one edit from a word."""
    index: dict[str, set[str]] = {}
    for word in words:
        for key in _deletions(word) | {word}:
            index.setdefault(key, set()).add(word)
    return {key: tuple(sorted(found)) for key, found in index.items()}


def _one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance exactly 1: one letter added, dropped or changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]
