"""Builds the knowledge database from the data files (idempotent: a full rebuild in one transaction)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge.files import KnowledgeFiles
from knowledge.models import (
    Base,
    Desk,
    DeskCoverage,
    EducationLevel,
    Municipality,
    Place,
    Postcode,
    Qualification,
    Route,
    RouteEntry,
    Sector,
    StoreInfo,
    Subject,
)
from knowledge.validation import Problem, as_date, validate

# Children first, so that deleting respects foreign keys.
TABLES_IN_DELETE_ORDER = (
    DeskCoverage, Desk, Postcode, Place, Municipality, RouteEntry, Route, Qualification,
    Subject, Sector, EducationLevel, StoreInfo,
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


def _sourced(row: dict) -> dict:
    return {
        "source": row["source"],
        "peildatum": as_date(row["peildatum"]),
        "confirmed": bool(row.get("confirmed", True)),
    }


def build_objects(files: KnowledgeFiles) -> list:
    vocab = files.get("vocabulary.yml")
    objects: list = []
    objects += [EducationLevel(id=r["id"], name=r["name"], rank=r.get("rank", 0), synonyms=_join(r.get("synonyms")))
                for r in vocab["education_levels"]]
    objects += [Sector(id=r["id"], name=r["name"], synonyms=_join(r.get("synonyms"))) for r in vocab["sectors"]]
    objects += [Subject(id=r["id"], name=r["name"], synonyms=_join(r.get("synonyms"))) for r in vocab["subjects"]]
    objects += [
        Qualification(id=r["id"], name=r["name"], explanation=r["explanation"],
                      school_types=_join(r["school_types"]), **_sourced(r))
        for r in files.get("qualifications.yml")
    ]
    for r in files.get("routes.yml"):
        route = Route(
            id=r["id"], name=r["name"], summary=r["summary"], qualification_id=r["qualification"],
            duration_months=r["duration_months"], ec=r.get("ec"), study_form=r["study_form"],
            costs=r["costs"], priority=r.get("priority", 50), **_sourced(r),
        )
        route.entries = [
            RouteEntry(sector_id=sector, education_level_id=level, requirement=requirement or "")
            for sector, levels in r["entries"].items()
            for level, requirement in (levels or {}).items()
        ]
        objects.append(route)

    places = files.get("places.yml")
    objects += [Municipality(code=r["code"], name=r["name"], province=r["province"]) for r in places["municipalities"]]
    objects += [Place(name=r["name"], municipality_code=r["municipality"]) for r in places.get("places", [])]

    desks = files.get("desks.yml")
    national = desks["national"]
    objects.append(Desk(
        id=national["id"], name=national["name"], website=national["website"], email=national.get("email"),
        phone=national.get("phone"), consult_url=national.get("consult_url"), is_national=True, **_sourced(national),
    ))
    for r in desks.get("regional", []):
        objects.append(Desk(
            id=r["id"], name=r["name"], website=r["website"], email=r.get("email"), phone=r.get("phone"),
            consult_url=r.get("consult_url"), is_national=False, **_sourced(r),
        ))
        objects += [
            DeskCoverage(desk_id=r["id"], municipality_code=code, sector_id=sector)
            for sector, codes in r["coverage"].items()
            for code in codes
        ]
    return objects


def data_hash(files: KnowledgeFiles) -> str:
    canonical = json.dumps(files.contents, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def load(engine: Engine, files: KnowledgeFiles) -> LoadReport:
    """Validate the files, then replace the store's contents with them in one transaction."""
    problems = validate(files)
    if problems:
        raise InvalidKnowledgeData(problems)
    objects = build_objects(files)
    counts: dict[str, int] = {}
    for obj in objects:
        counts[obj.__tablename__] = counts.get(obj.__tablename__, 0) + 1
        if isinstance(obj, Route):
            counts["route_entries"] = counts.get("route_entries", 0) + len(obj.entries)
    digest = data_hash(files)
    Base.metadata.create_all(engine)
    with Session(engine, future=True) as session, session.begin():
        for table in TABLES_IN_DELETE_ORDER:
            session.execute(delete(table))
        session.add_all(objects)
        session.add_all([
            StoreInfo(key="data_hash", value=digest),
            StoreInfo(key="loaded_at", value=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
        ])
    return LoadReport(counts=counts, data_hash=digest)
