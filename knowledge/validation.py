"""Checks on the data files, with one message per problem naming the file and row."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable

from knowledge.files import KnowledgeFiles

MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
SOURCED_FIELDS = ("source", "peildatum")


@dataclass(frozen=True)
class Problem:
    file: str
    row: str  # "3 (pabo-voltijd)" or "-" for file-level problems
    message: str

    def __str__(self) -> str:
        return f"{self.file}, rij {self.row}: {self.message}"


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, row: str, message: str) -> None:
        self.problems.append(Problem(file, row, message))

    def rows(self, file: str, rows: Any, what: str) -> Iterable[tuple[str, dict]]:
        """Yield (row label, row) for a list of mappings, reporting anything else."""
        if not isinstance(rows, list):
            self.add(file, "-", f"'{what}' moet een lijst zijn")
            return
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                self.add(file, str(index), "rij is geen mapping")
                continue
            key = row.get("id") or row.get("code") or row.get("name") or ""
            yield f"{index} ({key})" if key else str(index), row

    def required(self, file: str, label: str, row: dict, fields: Iterable[str]) -> None:
        for field in fields:
            value = row.get(field)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.add(file, label, f"veld '{field}' ontbreekt")

    def sourced(self, file: str, label: str, row: dict) -> None:
        self.required(file, label, row, SOURCED_FIELDS)
        if row.get("peildatum") is not None and as_date(row["peildatum"]) is None:
            self.add(file, label, f"peildatum '{row['peildatum']}' is geen datum (JJJJ-MM-DD)")

    def unique(self, file: str, label: str, seen: set, key: Any, what: str) -> None:
        if key in seen:
            self.add(file, label, f"dubbele {what} '{key}'")
        seen.add(key)


def validate(files: KnowledgeFiles) -> list[Problem]:
    check = _Checker()

    vocab = files.get("vocabulary.yml") or {}
    ids: dict[str, set[str]] = {}
    for kind in ("education_levels", "sectors", "subjects"):
        seen: set[str] = set()
        for label, row in check.rows("vocabulary.yml", vocab.get(kind), kind):
            check.required("vocabulary.yml", label, row, ("id", "name"))
            check.unique("vocabulary.yml", label, seen, row.get("id"), "id")
        ids[kind] = seen

    qualifications: set[str] = set()
    for label, row in check.rows("qualifications.yml", files.get("qualifications.yml"), "bevoegdheden"):
        check.required("qualifications.yml", label, row, ("id", "name", "explanation", "school_types"))
        check.sourced("qualifications.yml", label, row)
        check.unique("qualifications.yml", label, qualifications, row.get("id"), "id")

    route_ids: set[str] = set()
    for label, row in check.rows("routes.yml", files.get("routes.yml"), "routes"):
        check.required(
            "routes.yml", label, row,
            ("id", "name", "summary", "qualification", "duration_months", "study_form", "costs", "entries"),
        )
        check.sourced("routes.yml", label, row)
        check.unique("routes.yml", label, route_ids, row.get("id"), "id")
        if row.get("qualification") and row["qualification"] not in qualifications:
            check.add("routes.yml", label, f"onbekende bevoegdheid '{row['qualification']}'")
        duration = row.get("duration_months")
        if duration is not None and (not isinstance(duration, int) or duration <= 0):
            check.add("routes.yml", label, f"duration_months '{duration}' moet een positief geheel getal zijn")
        entries = row.get("entries") or {}
        if not isinstance(entries, dict):
            check.add("routes.yml", label, "'entries' moet per sector een mapping zijn")
            continue
        for sector, levels in entries.items():
            if sector not in ids["sectors"]:
                check.add("routes.yml", label, f"onbekende sector '{sector}'")
            for level in (levels or {}):
                if level not in ids["education_levels"]:
                    check.add("routes.yml", label, f"onbekende vooropleiding '{level}' bij sector '{sector}'")

    places = files.get("places.yml") or {}
    check.sourced("places.yml", "-", places)
    municipalities: set[str] = set()
    for label, row in check.rows("places.yml", places.get("municipalities"), "municipalities"):
        check.required("places.yml", label, row, ("code", "name", "province"))
        code = row.get("code")
        if code and not MUNICIPALITY_CODE.match(str(code)):
            check.add("places.yml", label, f"gemeentecode '{code}' heeft niet de vorm GM0000")
        check.unique("places.yml", label, municipalities, code, "gemeentecode")
    for label, row in check.rows("places.yml", places.get("places", []), "places"):
        check.required("places.yml", label, row, ("name", "municipality"))
        if row.get("municipality") and row["municipality"] not in municipalities:
            check.add("places.yml", label, f"onbekende gemeente '{row['municipality']}'")

    desks = files.get("desks.yml") or {}
    national = desks.get("national")
    if not isinstance(national, dict):
        check.add(
            "desks.yml", "-",
            "het landelijk loket ('national') ontbreekt: gemeenten zonder regioloket hebben dan geen contact",
        )
    else:
        check.required("desks.yml", "national", national, ("id", "name", "website"))
        check.sourced("desks.yml", "national", national)
    desk_ids: set[str] = {national.get("id")} if isinstance(national, dict) else set()
    for label, row in check.rows("desks.yml", desks.get("regional", []), "regional"):
        check.required("desks.yml", label, row, ("id", "name", "website", "coverage"))
        check.sourced("desks.yml", label, row)
        check.unique("desks.yml", label, desk_ids, row.get("id"), "id")
        for sector, codes in (row.get("coverage") or {}).items():
            if sector not in ids["sectors"]:
                check.add("desks.yml", label, f"onbekende sector '{sector}'")
            for code in codes or []:
                if code not in municipalities:
                    check.add("desks.yml", label, f"onbekende gemeente '{code}' bij sector '{sector}'")
    return check.problems
