"""``python -m knowledge import-regions DIR``: loads the official regional data.

DIR holds UTF-8 CSV files in the format of the sector's regional reference set:
gemeenten.csv, woonplaatsen.csv, pc4_gemeente.csv, regional_desks.csv and
desk_gemeenten_long.csv. The geography changes every year and the desks more often,
so these are imported, not written into the project's data files. The import replaces
the baseline's regional desks, adds woonplaatsen and postcodes, and updates the
municipalities; the national Onderwijsloket stays the fallback.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge.models import Desk, DeskCoverage, Municipality, Place, Postcode, StoreInfo
from knowledge.text import normalize

REQUIRED_COLUMNS = {
    "gemeenten.csv": {"gemeentecode", "gemeentenaam", "provincie"},
    "woonplaatsen.csv": {"woonplaats", "alt_naam", "gemeentecode"},
    "pc4_gemeente.csv": {"pc4", "gemeentecode", "aandeel", "primair"},
    "regional_desks.csv": {"desk_name", "website", "sectors", "scope", "email", "phone", "consult_url",
                           "navigator_url", "date_updated", "confidence", "source"},
    "desk_gemeenten_long.csv": {"desk_name", "gemeentecode", "status"},
}
SECTORS = ("po", "vo", "mbo")
COVERAGE_STATUS = {"core": "core", "polygon_extra": "candidate"}  # anything else is not coverage


class RegionsImportError(Exception):
    """The directory does not hold usable regional files; nothing was changed."""


@dataclass(frozen=True)
class RegionsReport:
    municipalities: int
    places: int
    postcodes: int
    desks: int
    coverage: int
    without_desk: dict[str, int]  # sector -> municipalities that fall back to the national desk


def _read(directory: Path, name: str) -> list[dict[str, str]]:
    path = directory / name
    if not path.is_file():
        raise RegionsImportError(f"{path}: bestand ontbreekt")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = REQUIRED_COLUMNS[name] - set(reader.fieldnames or [])
        if missing:
            raise RegionsImportError(f"{path}: kolommen ontbreken: {', '.join(sorted(missing))}")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def desk_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(name)).strip("-")[:80]


def _scope(raw: str) -> str:
    upper = raw.upper()
    if upper.startswith("LANDELIJK/"):
        return "netwerk"  # denominational networks with scattered municipalities
    return "landelijk" if upper.startswith("LANDELIJK") else "regionaal"


def _sectors(raw: str) -> list[str]:
    return [part for part in raw.split("/") if part in SECTORS]


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return dt.date.today()


def import_regions(engine: Engine, directory: Path) -> RegionsReport:
    """Read and check all files first; then change the store in one transaction."""
    gemeenten = _read(directory, "gemeenten.csv")
    woonplaatsen = _read(directory, "woonplaatsen.csv")
    postcodes = _read(directory, "pc4_gemeente.csv")
    desks = _read(directory, "regional_desks.csv")
    coverage_rows = _read(directory, "desk_gemeenten_long.csv")
    codes = {row["gemeentecode"] for row in gemeenten}
    problems = [
        f"{name}: onbekende gemeentecode '{row['gemeentecode']}'"
        for name, rows in (("woonplaatsen.csv", woonplaatsen), ("pc4_gemeente.csv", postcodes),
                           ("desk_gemeenten_long.csv", coverage_rows))
        for row in rows if row["gemeentecode"] not in codes
    ]
    if problems:
        raise RegionsImportError("\n".join(sorted(set(problems))[:20]))

    if "store_info" not in inspect(engine).get_table_names():
        raise RegionsImportError("de kennisbank is nog leeg: draai eerst `python -m knowledge load`")
    with Session(engine, future=True) as session, session.begin():
        if session.get(StoreInfo, "data_hash") is None:
            raise RegionsImportError("de kennisbank is nog leeg: draai eerst `python -m knowledge load`")
        existing = {m.code: m for m in session.scalars(select(Municipality))}
        for row in gemeenten:
            municipality = existing.get(row["gemeentecode"]) or Municipality(code=row["gemeentecode"])
            municipality.name, municipality.province = row["gemeentenaam"], row["provincie"]
            session.add(municipality)

        session.execute(delete(Place).where(Place.origin == "import"))
        known_places = {(normalize(p.name), p.municipality_code) for p in session.scalars(select(Place))}
        places = 0
        for row in woonplaatsen:
            for name in (row["woonplaats"], row["alt_naam"]):
                key = (normalize(name), row["gemeentecode"])
                if name and key not in known_places:
                    known_places.add(key)
                    session.add(Place(name=name, municipality_code=row["gemeentecode"], origin="import"))
                    places += 1

        session.execute(delete(Postcode))
        seen_pc: set[tuple[str, str]] = set()
        for row in postcodes:
            key = (row["pc4"].zfill(4), row["gemeentecode"])
            if key in seen_pc:
                continue
            seen_pc.add(key)
            session.add(Postcode(pc4=key[0], municipality_code=key[1], share=float(row["aandeel"] or 0),
                                 is_primary=row["primair"] == "1"))

        session.execute(delete(DeskCoverage))
        session.execute(delete(Desk).where(Desk.is_national.is_(False)))
        sectors_by_desk: dict[str, list[str]] = {}
        for row in desks:
            identifier = desk_id(row["desk_name"])
            sectors_by_desk[row["desk_name"]] = _sectors(row["sectors"])
            session.add(Desk(
                id=identifier, name=row["desk_name"], website=row["website"] or row["navigator_url"],
                email=row["email"] or None, phone=row["phone"] or None, consult_url=row["consult_url"] or None,
                sectors="; ".join(_sectors(row["sectors"])), scope=_scope(row["scope"]), is_national=False,
                source=row["navigator_url"] or row["source"], peildatum=_date(row["date_updated"]),
                confirmed=not row["confidence"].lower().startswith("low"),
            ))
        session.flush()
        seen_cov: set[tuple[str, str, str]] = set()
        core_pairs: set[tuple[str, str]] = set()
        for row in coverage_rows:
            status = COVERAGE_STATUS.get(row["status"])
            if status is None or row["desk_name"] not in sectors_by_desk:
                continue
            for sector in sectors_by_desk[row["desk_name"]]:
                key = (desk_id(row["desk_name"]), row["gemeentecode"], sector)
                if key in seen_cov:
                    continue
                seen_cov.add(key)
                if status == "core":
                    core_pairs.add((key[1], sector))
                session.add(DeskCoverage(desk_id=key[0], municipality_code=key[1], sector_id=sector, status=status))
        without = {s: sum(1 for c in codes if (c, s) not in core_pairs) for s in SECTORS}
        session.merge(StoreInfo(key="regions_loaded_at",
                                value=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
        session.merge(StoreInfo(key="regions_source", value=str(directory)))
    return RegionsReport(len(gemeenten), places, len(seen_pc), len(desks), len(seen_cov), without)
