"""The one object through which the bot reads the knowledge store.

Every public method opens its own short session (request-scoped) and returns plain
data objects, never ORM rows. The name indexes (places, vocabulary) and the route
catalogue are cached per data version (the load and import times in ``store_info``),
checked with one small query per call: after ``python -m knowledge load`` or
``import-regions`` the next message already sees the new data, with no restart and no
retraining.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from knowledge.catalogue import Catalogue, FundingInfo, RouteRecord, funding_info, load_catalogue
from knowledge.db import make_engine, make_session_factory, session_scope
from knowledge.message_reader import MessageFacts, MessageReader
from knowledge.models import (
    Desk,
    DeskCoverage,
    EducationLevel,
    FaqAnswer,
    FundingScheme,
    Institution,
    Municipality,
    Place,
    Postcode,
    Route,
    Sector,
    Situation,
    StoreInfo,
    Subject,
)
from knowledge.places import PlaceIndex, PlaceMatch
from knowledge.questions import MIN_COVERAGE, QuestionIndex, QuestionMatch, Topic, TopicMatch, refers_back
from knowledge.recommender import (
    InstitutionInfo,
    Profile,
    Recommendation,
    RouteAdvice,
    advice_for_route,
    explain,
    institutions_for_route,
    next_levels,
    recommend,
)
from knowledge.vocabulary import Vocabulary


@dataclass(frozen=True)
class DeskInfo:
    name: str
    website: str
    email: str | None
    phone: str | None
    consult_url: str | None
    is_national: bool
    source: str
    peildatum: dt.date


@dataclass(frozen=True)
class FaqInfo:
    topic: str
    answer: str
    source: str
    peildatum: dt.date
    confirmed: bool


@dataclass(frozen=True)
class TopicAnswer:
    """What the store holds about one topic a visitor asked about; exactly one of faq/route/funding is set."""

    topic: Topic
    aspect: str | None  # duur | kosten | waar | toelating: what the answer should lead with
    faq: FaqInfo | None = None
    route: RouteRecord | None = None
    entry_levels: tuple[str, ...] = ()  # names of the diplomas you may start the route with
    institutions: tuple[InstitutionInfo, ...] = ()  # where to follow the route (for the visitor's place, if known)
    funding: FundingInfo | None = None


@dataclass(frozen=True)
class DeskAnswer:
    place: PlaceMatch | None
    sector: str | None
    desks: list[DeskInfo]  # regional desks first; the national desk when there is none

    @property
    def has_regional(self) -> bool:
        return any(not d.is_national for d in self.desks)


@dataclass
class _Indexes:
    version: str
    places: PlaceIndex
    education: Vocabulary
    sectors: Vocabulary
    subjects: Vocabulary
    situations: Vocabulary
    catalogue: Catalogue
    questions: QuestionIndex
    reader: MessageReader
    routes: Vocabulary  # what people call each route ("pabo", "ulo"), for "waar kan ik ... doen?"


SHORT_TERMS = frozenset({"po", "vo", "wo"})


_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)")


def route_names(name: str) -> list[str]:
    """How people name a route: "Kopopleiding (hbo)" -> the full name and "Kopopleiding";
    "Educatieve Master Primair Onderwijs (EMPO)" also -> "EMPO" (an abbreviation in brackets)."""
    names = [name]
    bare = _PARENTHESIS.sub("", name).strip()
    if bare and bare != name:
        names.append(bare)
    for inner in _PARENTHESIS.findall(name):
        if re.fullmatch(r"(Ad )?[A-Z]{2,}", inner.strip()):
            names.append(inner.strip())
    return names


def _synonyms(joined: str) -> list[str]:
    return [x.strip().lower() for x in joined.split(";") if x.strip()]


def _desk_info(desk: Desk) -> DeskInfo:
    return DeskInfo(desk.name, desk.website, desk.email, desk.phone, desk.consult_url,
                    desk.is_national, desk.source, desk.peildatum)


# What was said before helps choose among the question's own candidates; it never outweighs the question's words.
CONTEXT_WEIGHT = 0.5
CONTEXT_TOPICS = 40  # how many topics the message before a pointing-back question can speak for
# The routes that fit what the visitor told so far are what "die opleiding" most likely points to: the best one
# counts as a context score of CONTEXT_ROUTE_SCORE, each next one CONTEXT_ROUTE_STEP less.
CONTEXT_ROUTES = 2
CONTEXT_ROUTE_SCORE = 1.0
CONTEXT_ROUTE_STEP = 0.5
# What every route card tells besides its own text: duration, costs, where to follow it, who may start.
ROUTE_CARD_WORDS = ("duur duurt lang jaar maanden kosten kost betalen collegegeld waar welke hogeschool hogescholen "
                    "universiteit instellingen opleiding toelating eisen diploma")


class KnowledgeRepository:
    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine or make_engine()
        self._sessions: sessionmaker = make_session_factory(self.engine)
        self._indexes: _Indexes | None = None
        self._lock = threading.Lock()

    def _session(self):
        return session_scope(self._sessions)

    # -- cached indexes -------------------------------------------------------------

    @staticmethod
    def _version(session: Session) -> str:
        info = {row.key: row.value for row in session.scalars(select(StoreInfo))}
        return f"{info.get('data_hash', '')}@{info.get('loaded_at', '')}@{info.get('regions_loaded_at', '')}"

    def _current_indexes(self) -> _Indexes:
        with self._session() as session:
            version = self._version(session)
            if self._indexes is not None and self._indexes.version == version:
                return self._indexes
            with self._lock:
                self._indexes = self._build_indexes(session, version)
            return self._indexes

    @staticmethod
    def _build_indexes(session: Session, version: str) -> _Indexes:
        municipalities = {m.code: m.name for m in session.scalars(select(Municipality))}
        places = [(p.name, p.municipality_code) for p in session.scalars(select(Place))]
        postcodes = {
            pc.pc4: pc.municipality_code
            for pc in session.scalars(select(Postcode).where(Postcode.is_primary.is_(True)))
        }
        place_index = PlaceIndex.build(municipalities, places, postcodes)

        def vocab(model) -> Vocabulary:
            return Vocabulary.build([(r.id, r.name, r.synonyms) for r in session.scalars(select(model))])

        education, sectors, subjects = vocab(EducationLevel), vocab(Sector), vocab(Subject)
        situations = vocab(Situation)
        catalogue = load_catalogue(session)
        # Institution names and ids hint at a study's level ("UvA" -> wo, "Fontys" -> hbo).
        rows = session.execute(select(Institution.id, Institution.name, Institution.type)).all()
        institutions = {name: kind for _, name, kind in rows} | {row_id: kind for row_id, _, kind in rows}
        routes = Vocabulary.build([(r.id, r.name, "; ".join([*route_names(r.name)[1:], r.synonyms]))
                                   for r in session.scalars(select(Route))])
        reader = MessageReader(education, sectors, subjects, situations, place_index, list(catalogue.levels),
                               institutions, routes)
        return _Indexes(version, place_index, education, sectors, subjects, situations, catalogue,
                        QuestionIndex(*KnowledgeRepository._question_sources(session)), reader, routes)

    # -- public API -----------------------------------------------------------------

    def warm_up(self) -> None:
        """Builds the indexes now rather than on the first question."""
        self._current_indexes()

    def match_education(self, text: str | None) -> str | None:
        return self._current_indexes().education.match(text)

    def match_sector(self, text: str | None) -> str | None:
        return self._current_indexes().sectors.match(text)

    def match_subject(self, text: str | None) -> str | None:
        return self._current_indexes().subjects.match(text)

    def name_of(self, kind: str, item_id: str) -> str:
        indexes = self._current_indexes()
        vocab = {"education": indexes.education, "sector": indexes.sectors, "subject": indexes.subjects,
                 "situation": indexes.situations}[kind]
        return vocab.names.get(item_id, item_id)

    def route_named(self, text: str | None) -> str | None:
        """The route a message names by one of its names ("pabo in de buurt van Zwolle?" -> pabo-voltijd)."""
        return self._current_indexes().routes.match(text)

    def asks_only_where(self, text: str | None, route_id: str, place: PlaceMatch | None) -> bool:
        """The question says nothing about the route beyond where it is followed ("pabo bij Windesheim in Zwolle?"),
        nothing the route's card cannot answer ("is er een wachtlijst ...?"); ``place``: the one read from it."""
        indexes = self._current_indexes()
        topic = next((t for t in indexes.questions.topics_by_id().get(route_id, ()) if t.kind == "route"), None)
        if topic is None:
            return False
        return indexes.questions.question_coverage(indexes.reader.without_names(text, place), topic) >= MIN_COVERAGE

    def resolve_place(self, text: str | None) -> PlaceMatch | None:
        return self._current_indexes().places.resolve(text)

    def recommend(self, profile: Profile, limit: int = 3) -> Recommendation:
        return recommend(self._current_indexes().catalogue, profile, limit)

    def next_levels(self, sector: str | None, level: str | None) -> list[str]:
        """The diplomas to get first when no route is open yet (see :func:`knowledge.recommender.next_levels`)."""
        return next_levels(self._current_indexes().catalogue, sector, level)

    def advice_for_route(self, profile: Profile, route_id: str) -> RouteAdvice | None:
        return advice_for_route(self._current_indexes().catalogue, profile, route_id)

    def institutions_for_route(self, route_id: str, profile: Profile | None = None) -> list[InstitutionInfo] | None:
        """Where a route can be followed (offerings of its exact programmes), nearest first; None: unknown route."""
        return institutions_for_route(self._current_indexes().catalogue, profile or Profile(), route_id)

    def explain_route(self, profile: Profile, route_id: str) -> tuple[bool, list[str]] | None:
        """(fits, reasons) for one route, or None for an unknown route id."""
        evaluation = explain(self._current_indexes().catalogue, profile, route_id)
        if evaluation is None:
            return None
        return evaluation.fits, (evaluation.why if evaluation.fits else evaluation.not_why)

    def read_message(self, text: str | None) -> MessageFacts:
        """The intake facts in one free message: diploma, what they study now, where and what they want to teach."""
        return self._current_indexes().reader.read(text)

    def match_situation(self, text: str | None) -> str | None:
        return self._current_indexes().situations.match(text)

    def age_matters(self, education_level: str | None) -> bool:
        """True when some route has an age limit for this diploma (the 21+ rule), so the intake must ask it."""
        catalogue = self._current_indexes().catalogue
        return any(
            entry.min_age
            for route in catalogue.routes
            for level, entry in route.entries.items()
            if level == education_level
        )

    def faq(self, topic: str) -> FaqInfo | None:
        """The answer for an FAQ topic ("zij-instroom", "kosten", ...), or None."""
        with self._session() as session:
            row = session.get(FaqAnswer, topic)
            return None if row is None else FaqInfo(row.id, row.answer, row.source, row.peildatum, row.confirmed)

    def match_question(self, text: str | None, limit: int = 5, context: str | None = None,
                       routes: Sequence[str] = ()) -> QuestionMatch:
        """The store's topics (FAQ rows, routes, funding) closest to a question, best first.

        A question that points back ("krijgt de school daar geld voor?") is read with what came before it:
        ``context``, what the visitor wrote ("ik wil zij-instromer worden"), and ``routes``, the routes that fit
        what they told so far, best first. Among the question's own candidates, the ones the context is about
        too move up; the question's own words must still be covered by the chosen topic. A question that names
        no subject of its own ("hoe lang duurt dat?", "wie betaalt zo'n traject?") is about what the context is
        about, and asks the aspect its words name.
        """
        index = self._question_index()
        match = index.search(text, limit)
        if not (context or routes) or not refers_back(text):
            return match
        about = index.topic_scores(context, CONTEXT_TOPICS) if context else {}
        for rank, route_id in enumerate(routes[:CONTEXT_ROUTES]):
            about[route_id] = max(about.get(route_id, 0.0), CONTEXT_ROUTE_SCORE - CONTEXT_ROUTE_STEP * rank)
        own = {m.topic: m.score for m in index.nearest(text or "", 2 * limit).matches}
        if match.needs_context:
            # The subject comes from the context (its topics are candidates too); the question's own words only
            # say which aspect, so they weigh less ("hoe lang duurt dat?" is not about durations in general).
            own_weight, context_weight = CONTEXT_WEIGHT, 1.0
            own |= {topic: 0.0 for subject in about for topic in index.topics_by_id().get(subject, ())
                    if topic not in own}
        else:
            own_weight, context_weight = 1.0, CONTEXT_WEIGHT
        ranked = sorted((TopicMatch(topic, own_weight * score + context_weight * about.get(topic.id, 0.0))
                         for topic, score in own.items()), key=lambda m: -m.score)
        if not ranked:
            return match
        twins = {m.topic: index.question_coverage(text or "", m.topic) for m in ranked
                 if m.topic.id == ranked[0].topic.id}
        with_context = QuestionMatch(ranked[:limit], match.aspect, max(twins.values()), tuple(twins.items()))
        return with_context if with_context.confident else match

    def _question_index(self) -> QuestionIndex:
        return self._current_indexes().questions

    def topic_answer(
        self, topic: Topic, aspect: str | None = None, profile: Profile | None = None
    ) -> TopicAnswer | None:
        """The store's facts for one topic (from :meth:`match_question` or a button); None when it is gone."""
        if topic.kind == "faq":
            info = self.faq(topic.id)
            return None if info is None else TopicAnswer(topic, aspect, faq=info)
        catalogue = self._current_indexes().catalogue
        if topic.kind == "route":
            route = catalogue.route(topic.id)
            if route is None:
                return None
            levels = tuple(name for level, name in catalogue.levels.items() if level in route.entries)
            places = institutions_for_route(catalogue, profile or Profile(), route.id) or []
            return TopicAnswer(topic, aspect, route=route, entry_levels=levels, institutions=tuple(places))
        if topic.kind == "funding":
            with self._session() as session:
                row = session.get(FundingScheme, topic.id)
                if row is None:
                    return None
                info = funding_info(row)
            return TopicAnswer(topic, aspect, funding=info)
        return None

    def topic(self, kind: str, topic_id: str) -> Topic | None:
        """The topic with this kind and id ("faq", "kosten"), as a button names it; None when unknown."""
        return next((t for t in self._question_index().topics if t.kind == kind and t.id == topic_id), None)

    @staticmethod
    def _question_sources(session: Session) -> tuple[list[tuple[Topic, str]], dict[Topic, str]]:
        """Every way the store knows to ask about each topic (FAQ variants, route names and funding names), and
        what the reply on each topic says: a question is only answered by a topic that speaks of what it asks."""
        documents: list[tuple[Topic, str]] = []
        answers: dict[Topic, str] = {}
        for row in session.scalars(select(FaqAnswer)):
            topic = Topic("faq", row.id, row.question, row.family)
            documents += [(topic, text) for text in [row.question, *row.questions.splitlines()]]
            answers[topic] = row.answer
        for route in session.scalars(select(Route)):
            topic = Topic("route", route.id, route.name, route.id)
            # The names people use for it ("pabo", "ulo") too: "hoelang duurt de pabo?" asks about this route.
            documents += [(topic, text) for text in [*route_names(route.name), *_synonyms(route.synonyms)]]
            parts = [route.summary, route.result, route.costs, route.forms, route.where, route.qualification.name,
                     route.qualification.explanation, *(step.title for step in route.steps),
                     *(entry.requirement for entry in route.entries), ROUTE_CARD_WORDS]
            answers[topic] = " ".join(part or "" for part in parts)
        for scheme in session.scalars(select(FundingScheme)):
            topic = Topic("funding", scheme.id, scheme.name, scheme.id)
            documents.append((topic, scheme.name))
            answers[topic] = " ".join(part or "" for part in (scheme.summary, scheme.amount))
        return documents, answers

    def faq_title(self, topic: str) -> str | None:
        with self._session() as session:
            row = session.get(FaqAnswer, topic)
            return None if row is None else row.question

    def national_desk(self) -> DeskInfo:
        with self._session() as session:
            desk = session.scalars(select(Desk).where(Desk.is_national.is_(True))).one()
            return _desk_info(desk)

    def desks_for_place(self, text: str | None, sector: str | None) -> DeskAnswer:
        """The regional desk(s) serving this place for this sector, else the national desk."""
        place = self.resolve_place(text)
        desks = self.desks_for_municipality(place.municipality_code if place else None, sector)
        return DeskAnswer(place=place, sector=sector, desks=desks)

    def desks_for_municipality(self, code: str | None, sector: str | None) -> list[DeskInfo]:
        """Regional desks for a municipality (and sector, when known); the national desk if none."""
        with self._session() as session:
            desks: list[DeskInfo] = []
            if code:
                query = (
                    select(Desk).join(DeskCoverage, DeskCoverage.desk_id == Desk.id)
                    .where(DeskCoverage.municipality_code == code, DeskCoverage.status == "core",
                           Desk.scope == "regionaal")
                )
                if sector:
                    query = query.where(DeskCoverage.sector_id == sector)
                desks = [_desk_info(d) for d in session.scalars(query.distinct().order_by(Desk.name))]
            if not desks:
                national = session.scalars(select(Desk).where(Desk.is_national.is_(True))).one()
                desks = [_desk_info(national)]
            return desks

    def lookup_terms(self) -> dict[str, list[str]]:
        """Terms for the NLU lookup tables: places, subjects, education levels, sectors."""
        with self._session() as session:
            places = sorted({m.name for m in session.scalars(select(Municipality))}
                            | {p.name for p in session.scalars(select(Place))})
            subjects = sorted({n for s in session.scalars(select(Subject))
                               for n in [s.name.lower(), *_synonyms(s.synonyms)]})
            groups = self._entity_term_groups(session)
        education = sorted({t for terms in groups["vooropleiding"].values() for t in terms})
        sectors = sorted({t for terms in groups["sector"].values() for t in terms})
        return {"plaats": places, "vak": subjects, "vooropleiding": education, "sector": sectors}

    def synonym_terms(self) -> dict[str, list[str]]:
        """For Rasa's EntitySynonymMapper: store id -> the other words that mean it (diplomas, sectors, subjects)."""
        with self._session() as session:
            groups = self._entity_term_groups(session)
            groups["vak"] = {s.id: sorted({s.name.lower(), *_synonyms(s.synonyms)})
                             for s in session.scalars(select(Subject))}
        owners: dict[str, set[str]] = {}
        for by_id in groups.values():
            for item_id, terms in by_id.items():
                for term in terms:
                    owners.setdefault(term, set()).add(item_id)
        # The mapper ignores the entity type: a word that means two ids must keep its own text.
        synonyms: dict[str, list[str]] = {}
        for by_id in groups.values():
            for item_id, terms in sorted(by_id.items()):
                words = [t for t in terms if t != item_id and owners[t] == {item_id}]
                if words:
                    synonyms[item_id] = words
        return synonyms

    @staticmethod
    def _entity_term_groups(session: Session) -> dict[str, dict[str, list[str]]]:
        """Per entity, per store id: the words people type for it, lower case.

        A word that names both a diploma and a sector ("mbo", "roc") is left out of both: the
        statistical extractor decides from the context. Words of one or two letters are left out
        ("ma", "ad" are common Dutch words), except the sector and diploma abbreviations po, vo, wo.
        """

        def terms(row: EducationLevel | Sector) -> list[str]:
            words = {row.id.lower(), row.name.lower(), *_synonyms(row.synonyms)}
            return sorted(w for w in words if len(w) > 2 or w in SHORT_TERMS)

        education = {row.id: terms(row) for row in session.scalars(select(EducationLevel))}
        sectors = {row.id: terms(row) for row in session.scalars(select(Sector))}
        shared = {t for ts in education.values() for t in ts} & {t for ts in sectors.values() for t in ts}
        return {
            "vooropleiding": {i: [t for t in ts if t not in shared] for i, ts in education.items()},
            "sector": {i: [t for t in ts if t not in shared] for i, ts in sectors.items()},
        }
