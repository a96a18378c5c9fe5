"""Builds the knowledge database from the data files (idempotent: a full rebuild in one transaction)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import delete, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge.files import KnowledgeFiles
from knowledge.models import (
    Base,
    Desk,
    DeskCoverage,
    EducationLevel,
    FaqAnswer,
    FundingScheme,
    Institution,
    Municipality,
    Offering,
    Place,
    Postcode,
    Programme,
    Qualification,
    Route,
    RouteEntry,
    RouteFunding,
    RouteProgramme,
    RouteSector,
    RouteSituation,
    RouteStep,
    RouteSubject,
    Sector,
    Situation,
    StoreInfo,
    Subject,
)
from knowledge.text import normalize
from knowledge.validation import Problem, as_date, funding_link, validate

# Children first, so that deleting respects foreign keys.
TABLES_IN_DELETE_ORDER = (
    FaqAnswer, DeskCoverage, Desk, Offering, Institution, Postcode, Place,
    RouteProgramme, RouteFunding, RouteStep, RouteSubject, RouteSituation, RouteSector, RouteEntry, Route,
    Programme, FundingScheme, Qualification, Municipality, Situation, Subject, Sector, EducationLevel, StoreInfo,
)


class InvalidKnowledgeData(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class LoadReport:
    counts: dict[str, int]
    data_hash: str


def _join(values: list | None) -> str:
    return "; ".join(str(v) for v in (values or []))


def _sourced(row: dict, default: dict | None = None) -> dict:
    """Provenance of a row; a child row (an offering) inherits what it does not state from ``default``."""
    default = default or {}
    return {
        "source": row.get("source") or default["source"],
        "peildatum": as_date(row["peildatum"]) if row.get("peildatum") else default["peildatum"],
        "confirmed": bool(row.get("confirmed", default.get("confirmed", True))),
    }


def _vocabulary(vocab: dict) -> list:
    objects: list = [
        EducationLevel(id=r["id"], name=r["name"], rank=r.get("rank", 0), synonyms=_join(r.get("synonyms")))
        for r in vocab["education_levels"]
    ]
    for model, kind in ((Sector, "sectors"), (Subject, "subjects"), (Situation, "situations")):
        objects += [model(id=r["id"], name=r["name"], synonyms=_join(r.get("synonyms"))) for r in vocab[kind]]
    return objects


def _route(r: dict) -> Route:
    route = Route(
        id=r["id"], name=r["name"], summary=r["summary"], qualification_id=r["qualification"], result=r["result"],
        duration_months=r["duration_months"], ec=r.get("ec"), duration_note=r.get("duration_note") or "",
        forms=_join(r["forms"]),
        needs_job=bool(r.get("needs_job", False)), costs=r["costs"], costs_unfunded=r.get("costs_unfunded") or "",
        where=r.get("where") or "", priority=r.get("priority", 50), synonyms=_join(r.get("synonyms") or []),
        **_sourced(r),
    )
    route.entries = [
        RouteEntry(education_level_id=level, requirement=entry.get("requirement") or "", min_age=entry.get("min_age"),
                   offset=entry.get("offset", 0), confirmed=bool(entry.get("confirmed", True)))
        for entry in r["entries"] for level in entry["education"]
    ]
    route.programmes = [RouteProgramme(programme_id=p, position=i) for i, p in enumerate(r.get("programmes") or [])]
    route.sectors = [RouteSector(sector_id=s) for s in r["sectors"]]
    route.situations = [RouteSituation(situation_id=s) for s in r.get("situations") or []]
    route.subjects = [RouteSubject(subject_id=s) for s in r.get("subjects") or []]
    route.steps = [
        RouteStep(position=i, title=step["title"], duration_months=step["months"],
                  confirmed=bool(step.get("confirmed", True)))
        for i, step in enumerate(r["steps"], start=1)
    ]
    links = [funding_link(f) for f in r.get("funding") or []]
    route.funding = [RouteFunding(funding_id=scheme, position=i, confirmed=confirmed)
                     for i, (scheme, confirmed) in enumerate(links)]
    return route


def _institution(r: dict, city_codes: dict[str, str]) -> Institution:
    institution = Institution(id=r["id"], name=r["name"], type=r["type"], funded=bool(r.get("funded", True)),
                              website=r["website"], **_sourced(r))
    provenance = _sourced(r)
    institution.offerings = [
        Offering(programme_id=o["programme"], city=city, municipality_code=city_codes.get(normalize(city)),
                 croho=o.get("croho"), forms=_join(o.get("forms")), subjects=_join(o.get("subjects")),
                 funded=bool(o.get("funded", institution.funded)), **_sourced(o, provenance))
        for o in r["offerings"] for city in o["cities"]
    ]
    return institution


def _desk(row: dict, is_national: bool) -> Desk:
    return Desk(
        id=row["id"], name=row["name"], website=row["website"], email=row.get("email"), phone=row.get("phone"),
        consult_url=row.get("consult_url"), sectors=_join(list((row.get("coverage") or {}).keys())),
        scope="landelijk" if is_national else "regionaal", is_national=is_national, **_sourced(row),
    )


def build_objects(files: KnowledgeFiles) -> list:
    objects: list = _vocabulary(files.get("vocabulary.yml"))
    objects += [
        Qualification(id=r["id"], name=r["name"], explanation=r["explanation"], school_types=_join(r["school_types"]),
                      is_teaching_qualification=r.get("is_teaching_qualification", True), rank=r.get("rank", 0),
                      **_sourced(r))
        for r in files.get("qualifications.yml")
    ]
    objects += [
        FundingScheme(id=r["id"], name=r["name"], summary=r["summary"], for_whom=r["for_whom"],
                      amount=r.get("amount") or "", situations=_join(r.get("situations")), **_sourced(r))
        for r in files.get("funding.yml")
    ]
    objects += [
        Programme(id=r["id"], name=r["name"], croho=_join(r.get("croho")), sectors=_join(r.get("sectors")),
                  subjects=_join(r.get("subjects")), **_sourced(r))
        for r in files.get("programmes.yml")
    ]
    objects += [_route(r) for r in files.get("routes.yml")]

    places = files.get("places.yml")
    objects += [Municipality(code=r["code"], name=r["name"], province=r["province"]) for r in places["municipalities"]]
    objects += [Place(name=r["name"], municipality_code=r["municipality"]) for r in places.get("places", [])]
    city_codes = {normalize(r["name"]): r["code"] for r in places["municipalities"]}
    city_codes.update({normalize(r["name"]): r["municipality"] for r in places.get("places", [])})

    objects += [_institution(r, city_codes) for r in files.get("institutions.yml")]

    objects += [FaqAnswer(id=r["id"], question=r["question"], questions="\n".join(r.get("questions") or []),
                          answer=r["answer"], family=r.get("family"), **_sourced(r))
                for r in files.get("faq.yml")]

    desks = files.get("desks.yml")
    objects.append(_desk(desks["national"], is_national=True))
    for r in desks.get("regional", []):
        objects.append(_desk(r, is_national=False))
        objects += [
            DeskCoverage(desk_id=r["id"], municipality_code=code, sector_id=sector, status="core")
            for sector, codes in r["coverage"].items() for code in codes
        ]
    return objects


def data_hash(files: KnowledgeFiles) -> str:
    canonical = json.dumps(files.contents, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _count(objects: list) -> dict[str, int]:
    counts: dict[str, int] = {}
    for obj in objects:
        counts[obj.__tablename__] = counts.get(obj.__tablename__, 0) + 1
        for children in ("entries", "steps", "offerings"):
            for child in getattr(obj, children, None) or []:
                counts[child.__tablename__] = counts.get(child.__tablename__, 0) + 1
    return counts


def ensure_schema(engine: Engine) -> bool:
    """Create the tables; rebuild them when a code update changed their columns. True if rebuilt.

    The store is rebuilt from the data files on every load, so dropping old tables loses nothing.
    """
    inspector = inspect(engine)
    existing = set(inspector.get_table_names())
    stale = any(
        {column.name for column in table.columns} != {column["name"] for column in inspector.get_columns(table.name)}
        for table in Base.metadata.sorted_tables if table.name in existing
    )
    if stale:
        Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    return stale


def load(engine: Engine, files: KnowledgeFiles) -> LoadReport:
    """Validate the files, then replace the store's contents with them in one transaction."""
    problems = validate(files)
    if problems:
        raise InvalidKnowledgeData(problems)
    objects = build_objects(files)
    counts = _count(objects)
    digest = data_hash(files)
    ensure_schema(engine)
    with Session(engine, future=True) as session, session.begin():
        for table in TABLES_IN_DELETE_ORDER:
            session.execute(delete(table))
        session.add_all(objects)
        session.add_all([
            StoreInfo(key="data_hash", value=digest),
            StoreInfo(key="loaded_at", value=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
        ])
    return LoadReport(counts=counts, data_hash=digest)
