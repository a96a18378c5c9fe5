"""The routes, names and offerings, read once per data version into plain objects.

The recommender works on this snapshot in memory, so a recommendation costs no database
round trips; the repository rebuilds it when ``python -m knowledge load`` (or an import)
changes the store.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import (
    EducationLevel,
    FundingScheme,
    Institution,
    Municipality,
    Offering,
    Programme,
    Route,
    Sector,
    Situation,
    Subject,
)
from knowledge.offerings import OfferingRecord, ProgrammeRecord


def split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


@dataclass(frozen=True)
class StepInfo:
    title: str
    duration_months: int
    confirmed: bool = True


@dataclass(frozen=True)
class FundingInfo:
    name: str
    summary: str
    amount: str
    source: str
    peildatum: dt.date
    confirmed: bool
    situations: tuple[str, ...] = ()  # empty: anyone on the route


@dataclass(frozen=True)
class EntryRecord:
    requirement: str
    min_age: int | None
    offset: int
    confirmed: bool = True


@dataclass(frozen=True)
class RouteRecord:
    id: str
    name: str
    summary: str
    qualification_name: str
    qualification_explanation: str
    qualification_rank: int
    qualification_confirmed: bool
    school_types: tuple[str, ...]
    result: str
    duration_months: int
    ec: int | None
    forms: tuple[str, ...]
    needs_job: bool
    programmes: tuple[str, ...]  # programme ids, in the data file's order
    costs: str
    costs_unfunded: str
    where: str
    priority: int
    sectors: tuple[str, ...]
    situations: tuple[str, ...]
    subjects: tuple[str, ...]
    entries: dict[str, EntryRecord]  # education level id -> entry
    steps: tuple[StepInfo, ...]
    funding: tuple[FundingInfo, ...]
    source: str
    peildatum: dt.date
    confirmed: bool
    duration_note: str = ""  # when and how it can take less (or more) time
    qualification_id: str = ""  # po, tweedegraads, eerstegraads, ... (qualifications.yml)


@dataclass(frozen=True)
class Catalogue:
    routes: tuple[RouteRecord, ...]
    levels: dict[str, str]  # id -> name, in rank order
    sectors: dict[str, str]
    subjects: dict[str, str]
    situations: dict[str, str]
    programmes: dict[str, ProgrammeRecord]
    offerings: dict[str, tuple[OfferingRecord, ...]]  # programme id -> offerings
    provinces: dict[str, str]  # municipality code -> province

    def route(self, route_id: str) -> RouteRecord | None:
        return next((r for r in self.routes if r.id == route_id), None)


def funding_info(scheme: FundingScheme, confirmed_here: bool = True) -> FundingInfo:
    """A funding scheme as plain data; ``confirmed_here``: whether it surely applies where it is named."""
    return FundingInfo(scheme.name, scheme.summary, scheme.amount, scheme.source, scheme.peildatum,
                       scheme.confirmed and confirmed_here, tuple(split(scheme.situations)))


def _route(route: Route) -> RouteRecord:
    qualification = route.qualification
    return RouteRecord(
        id=route.id, name=route.name, summary=route.summary,
        qualification_name=qualification.name, qualification_explanation=qualification.explanation,
        qualification_rank=qualification.rank, qualification_confirmed=qualification.confirmed,
        school_types=tuple(split(qualification.school_types)), result=route.result,
        duration_months=route.duration_months, ec=route.ec, duration_note=route.duration_note,
        forms=tuple(split(route.forms)),
        needs_job=route.needs_job, programmes=tuple(p.programme_id for p in route.programmes), costs=route.costs,
        costs_unfunded=route.costs_unfunded, where=route.where, priority=route.priority,
        sectors=tuple(s.sector_id for s in route.sectors), situations=tuple(s.situation_id for s in route.situations),
        subjects=tuple(s.subject_id for s in route.subjects),
        entries={e.education_level_id: EntryRecord(e.requirement, e.min_age, e.offset, e.confirmed)
                 for e in route.entries},
        steps=tuple(StepInfo(s.title, s.duration_months, s.confirmed) for s in route.steps),
        funding=tuple(funding_info(f.scheme, f.confirmed) for f in route.funding),
        source=route.source, peildatum=route.peildatum, confirmed=route.confirmed, qualification_id=qualification.id,
    )


def load_catalogue(session: Session) -> Catalogue:
    def names(model, order) -> dict[str, str]:
        return {row.id: row.name for row in session.scalars(select(model).order_by(order))}

    provinces = {m.code: m.province for m in session.scalars(select(Municipality))}
    programmes = {
        p.id: ProgrammeRecord(p.id, p.name, tuple(split(p.croho)), tuple(split(p.sectors)), tuple(split(p.subjects)))
        for p in session.scalars(select(Programme).order_by(Programme.id))
    }
    offerings: dict[str, list[OfferingRecord]] = defaultdict(list)
    rows = session.execute(
        select(Offering, Institution).join(Institution, Institution.id == Offering.institution_id).order_by(Offering.id)
    )
    for offering, institution in rows:
        offerings[offering.programme_id].append(OfferingRecord(
            institution_id=institution.id, institution=institution.name, programme_id=offering.programme_id,
            city=offering.city, website=institution.website, municipality_code=offering.municipality_code,
            province=provinces.get(offering.municipality_code or ""), forms=tuple(split(offering.forms)),
            subjects=tuple(split(offering.subjects)), funded=offering.funded, croho=offering.croho,
            confirmed=offering.confirmed and institution.confirmed,
        ))
    return Catalogue(
        routes=tuple(_route(r) for r in session.scalars(select(Route).order_by(Route.id))),
        levels=names(EducationLevel, EducationLevel.rank), sectors=names(Sector, Sector.id),
        subjects=names(Subject, Subject.id), situations=names(Situation, Situation.id),
        programmes=programmes, offerings={pid: tuple(items) for pid, items in offerings.items()}, provinces=provinces,
    )
