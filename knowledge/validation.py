"""Checks on the data files, with one message per problem naming the file and row."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from knowledge.files import KnowledgeFiles
from knowledge.offerings import (
    OfferingRecord,
    ProgrammeRecord,
    claims_wettelijk_collegegeld,
    offered_in_route_form,
    unfunded_names,
)
from knowledge.text import normalize

MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
CROHO_CODE = re.compile(r"^\d{5}$")
FORMS = {"voltijd", "deeltijd", "duaal", "werkend leren"}
INSTITUTION_TYPES = {"hbo", "wo"}
VOCABULARY_KINDS = ("education_levels", "sectors", "subjects", "situations")


@dataclass(frozen=True)
class Problem:
    file: str
    row: str  # "3 (pabo-voltijd)" or "-" for file-level problems
    message: str

    def __str__(self) -> str:
        return f"{self.file}, rij {self.row}: {self.message}"


def funding_link(entry: Any) -> tuple[str, bool]:
    """A route's funding entry: a scheme id, or ``{id: ..., confirmed: false}`` when unsure it applies."""
    if isinstance(entry, dict):
        return str(entry.get("id")), bool(entry.get("confirmed", True))
    return str(entry), True


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
            yield (f"{index} ({key})" if key else str(index)), row

    def required(self, file: str, label: str, row: dict, fields: Iterable[str]) -> None:
        for field in fields:
            value = row.get(field)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.add(file, label, f"veld '{field}' ontbreekt")

    def sourced(self, file: str, label: str, row: dict) -> None:
        self.required(file, label, row, ("source", "peildatum"))
        if row.get("peildatum") is not None and as_date(row["peildatum"]) is None:
            self.add(file, label, f"peildatum '{row['peildatum']}' is geen datum (JJJJ-MM-DD)")

    def unique(self, file: str, label: str, seen: set, key: Any, what: str) -> None:
        if key in seen:
            self.add(file, label, f"dubbele {what} '{key}'")
        seen.add(key)

    def known(self, file: str, label: str, values: Any, known: set, what: str) -> None:
        if values is None:
            return
        if not isinstance(values, list):
            self.add(file, label, f"'{what}' moet een lijst zijn")
            return
        for value in values:
            if value not in known:
                self.add(file, label, f"onbekende {what} '{value}'")


def _vocabulary(check: _Checker, vocab: dict) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {}
    for kind in VOCABULARY_KINDS:
        seen: set[str] = set()
        for label, row in check.rows("vocabulary.yml", vocab.get(kind), kind):
            check.required("vocabulary.yml", label, row, ("id", "name"))
            check.unique("vocabulary.yml", label, seen, row.get("id"), "id")
        ids[kind] = seen
    return ids


def _ids(check: _Checker, file: str, rows: Any, fields: tuple[str, ...], sourced: bool = True) -> set[str]:
    seen: set[str] = set()
    for label, row in check.rows(file, rows, file.removesuffix(".yml")):
        check.required(file, label, row, fields)
        if sourced:
            check.sourced(file, label, row)
        check.unique(file, label, seen, row.get("id"), "id")
    return seen


def _routes(check: _Checker, routes: Any, ids: dict[str, set[str]], qualifications: set[str],
            funding: set[str], programmes: dict[str, ProgrammeRecord],
            offerings: dict[str, list[OfferingRecord]]) -> None:
    file = "routes.yml"
    seen: set[str] = set()
    for label, row in check.rows(file, routes, "routes"):
        check.required(file, label, row, (
            "id", "name", "summary", "qualification", "result", "sectors", "forms",
            "duration_months", "costs", "entries", "steps",
        ))
        check.sourced(file, label, row)
        check.unique(file, label, seen, row.get("id"), "id")
        if row.get("qualification") and row["qualification"] not in qualifications:
            check.add(file, label, f"onbekende bevoegdheid '{row['qualification']}'")
        duration = row.get("duration_months")
        if duration is not None and (not isinstance(duration, int) or duration <= 0):
            check.add(file, label, f"duration_months '{duration}' moet een positief geheel getal zijn")
        check.known(file, label, row.get("sectors"), ids["sectors"], "sector")
        check.known(file, label, row.get("situations"), ids["situations"], "situatie")
        check.known(file, label, row.get("subjects"), ids["subjects"], "vak")
        links = row.get("funding")
        check.known(file, label, [funding_link(f)[0] for f in links] if isinstance(links, list) else links,
                    funding, "financiering")
        check.known(file, label, row.get("forms"), FORMS, "studievorm")
        for programme_id in row.get("programmes") or []:
            if programme_id not in programmes:
                check.add(file, label, f"onbekend programma '{programme_id}'")
        _route_offerings(check, label, row, programmes, offerings)
        levels_seen: set[str] = set()
        for entry in row.get("entries") or []:
            if not isinstance(entry, dict):
                check.add(file, label, "een entry moet een mapping zijn")
                continue
            for level in entry.get("education") or []:
                if level not in ids["education_levels"]:
                    check.add(file, label, f"onbekende vooropleiding '{level}'")
                check.unique(file, label, levels_seen, level, "vooropleiding")
        for step in row.get("steps") or []:
            if not isinstance(step, dict) or not step.get("title") or not isinstance(step.get("months"), int):
                check.add(file, label, "een stap heeft een 'title' en een geheel aantal 'months' nodig")


def _route_offerings(check: _Checker, label: str, row: dict, programmes: dict[str, ProgrammeRecord],
                     offerings: dict[str, list[OfferingRecord]]) -> None:
    """The route's institutions must offer its exact programme, and its cost text must fit each of them."""
    file = "routes.yml"
    route_subjects = set(row.get("subjects") or [])
    route_sectors = set(row.get("sectors") or [])
    forms = row.get("forms") or []
    found: list[OfferingRecord] = []
    for programme_id in row.get("programmes") or []:
        programme = programmes.get(programme_id)
        if programme is None:
            continue
        if len(route_subjects) > 1 and not set(programme.subjects):
            check.add(file, label, f"programma '{programme_id}' noemt geen vak, maar de route is voor meerdere "
                                   "vakken: geef elk vak een eigen programma")
        elif route_subjects and programme.subjects and not set(programme.subjects) <= route_subjects:
            check.add(file, label, f"programma '{programme_id}' is voor een ander vak dan de route")
        if programme.sectors and not set(programme.sectors) & route_sectors:
            check.add(file, label, f"programma '{programme_id}' leidt niet naar een sector van de route")
        in_form = [o for o in offerings.get(programme_id, []) if offered_in_route_form(o, forms)]
        if not in_form:
            check.add(file, label, f"geen instelling biedt programma '{programme_id}' aan in {' of '.join(forms)}")
        found += in_form
    unfunded = unfunded_names(found)
    costs_there = row.get("costs_unfunded") or row.get("costs") or ""
    if unfunded and claims_wettelijk_collegegeld(str(costs_there)):
        check.add(file, label, f"de kosten noemen het wettelijk collegegeld, maar {', '.join(unfunded)} "
                               "krijgt geen geld van de overheid: geef 'costs_unfunded' een tekst zonder "
                               "wettelijk collegegeld")


def _places(check: _Checker, places: dict) -> set[str]:
    file = "places.yml"
    check.sourced(file, "-", places)
    municipalities: set[str] = set()
    for label, row in check.rows(file, places.get("municipalities"), "municipalities"):
        check.required(file, label, row, ("code", "name", "province"))
        code = row.get("code")
        if code and not MUNICIPALITY_CODE.match(str(code)):
            check.add(file, label, f"gemeentecode '{code}' heeft niet de vorm GM0000")
        check.unique(file, label, municipalities, code, "gemeentecode")
    seen: set[tuple] = set()
    for label, row in check.rows(file, places.get("places", []), "places"):
        check.required(file, label, row, ("name", "municipality"))
        if row.get("municipality") and row["municipality"] not in municipalities:
            check.add(file, label, f"onbekende gemeente '{row['municipality']}'")
        check.unique(file, label, seen, f"{row.get('name')} ({row.get('municipality')})", "plaats")
    return municipalities


def _programmes(check: _Checker, rows: Any, ids: dict[str, set[str]]) -> dict[str, ProgrammeRecord]:
    file = "programmes.yml"
    programmes: dict[str, ProgrammeRecord] = {}
    for label, row in check.rows(file, rows, "programmes"):
        check.required(file, label, row, ("id", "name"))
        check.sourced(file, label, row)
        check.unique(file, label, set(programmes), row.get("id"), "id")
        for code in row.get("croho") or []:
            if not CROHO_CODE.match(str(code)):
                check.add(file, label, f"CROHO-code '{code}' heeft niet de vorm 00000")
        check.known(file, label, row.get("sectors"), ids["sectors"], "sector")
        check.known(file, label, row.get("subjects"), ids["subjects"], "vak")
        if row.get("id"):
            programmes[row["id"]] = ProgrammeRecord(
                row["id"], str(row.get("name")), tuple(str(c) for c in row.get("croho") or []),
                tuple(row.get("sectors") or []), tuple(row.get("subjects") or []),
            )
    return programmes


def _institutions(check: _Checker, rows: Any, place_names: set[str], programmes: dict[str, ProgrammeRecord],
                  subjects: set[str]) -> dict[str, list[OfferingRecord]]:
    """Check the institutions; return their offerings per programme id."""
    file = "institutions.yml"
    offerings: dict[str, list[OfferingRecord]] = {}
    seen: set[str] = set()
    for label, row in check.rows(file, rows, "institutions"):
        check.required(file, label, row, ("id", "name", "type", "website", "offerings"))
        check.sourced(file, label, row)
        check.unique(file, label, seen, row.get("id"), "id")
        if row.get("type") and row["type"] not in INSTITUTION_TYPES:
            check.add(file, label, f"type '{row['type']}' moet hbo of wo zijn")
        for offering in row.get("offerings") or []:
            if not isinstance(offering, dict) or not offering.get("programme") or not offering.get("cities"):
                check.add(file, label, "een offering heeft een 'programme' en 'cities' nodig")
                continue
            programme = programmes.get(offering["programme"])
            if programme is None:
                check.add(file, label, f"onbekend programma '{offering['programme']}'")
                continue
            croho = offering.get("croho")
            if croho is not None and programme.croho and str(croho) not in programme.croho:
                check.add(file, label, f"CROHO-code {croho} hoort niet bij programma '{programme.id}' "
                                       f"({', '.join(programme.croho)})")
            check.known(file, label, offering.get("forms"), FORMS, "studievorm")
            check.known(file, label, offering.get("subjects"), subjects, "vak")
            if programme.subjects and not set(offering.get("subjects") or []) <= set(programme.subjects):
                check.add(file, label, f"een vak van het aanbod hoort niet bij programma '{programme.id}'")
            if offering.get("peildatum") is not None and as_date(offering["peildatum"]) is None:
                check.add(file, label, f"peildatum '{offering['peildatum']}' is geen datum (JJJJ-MM-DD)")
            for city in offering["cities"]:
                if _normal(city) not in place_names:
                    check.add(file, label, f"plaats '{city}' staat niet in places.yml")
                offerings.setdefault(programme.id, []).append(OfferingRecord(
                    institution_id=str(row.get("id")), institution=str(row.get("name")), programme_id=programme.id,
                    city=str(city), forms=tuple(offering.get("forms") or []),
                    subjects=tuple(offering.get("subjects") or []),
                    funded=bool(offering.get("funded", row.get("funded", True))),
                    croho=None if croho is None else str(croho),
                ))
    return offerings


def _desks(check: _Checker, desks: dict, sectors: set[str], municipalities: set[str]) -> None:
    file = "desks.yml"
    national = desks.get("national")
    if not isinstance(national, dict):
        check.add(file, "-",
                  "het landelijk loket ('national') ontbreekt: gemeenten zonder regioloket hebben dan geen contact")
    else:
        check.required(file, "national", national, ("id", "name", "website"))
        check.sourced(file, "national", national)
    seen: set[str] = {national.get("id")} if isinstance(national, dict) else set()
    for label, row in check.rows(file, desks.get("regional", []), "regional"):
        check.required(file, label, row, ("id", "name", "website", "coverage"))
        check.sourced(file, label, row)
        check.unique(file, label, seen, row.get("id"), "id")
        for sector, codes in (row.get("coverage") or {}).items():
            if sector not in sectors:
                check.add(file, label, f"onbekende sector '{sector}'")
            for code in codes or []:
                if code not in municipalities:
                    check.add(file, label, f"onbekende gemeente '{code}' bij sector '{sector}'")


def _normal(name: str) -> str:
    return normalize(str(name))


def validate(files: KnowledgeFiles) -> list[Problem]:
    check = _Checker()
    ids = _vocabulary(check, files.get("vocabulary.yml") or {})
    qualifications = _ids(check, "qualifications.yml", files.get("qualifications.yml"),
                          ("id", "name", "explanation", "school_types"))
    funding = _ids(check, "funding.yml", files.get("funding.yml"), ("id", "name", "summary", "for_whom"))
    for label, row in check.rows("funding.yml", files.get("funding.yml"), "funding"):
        check.known("funding.yml", label, row.get("situations"), ids["situations"], "situatie")
    places = files.get("places.yml") or {}
    municipalities = _places(check, places)
    place_rows = (places.get("municipalities") or []) + (places.get("places") or [])
    place_names = {_normal(r.get("name", "")) for r in place_rows if isinstance(r, dict)}
    programmes = _programmes(check, files.get("programmes.yml"), ids)
    offerings = _institutions(check, files.get("institutions.yml"), place_names, programmes, ids["subjects"])
    _routes(check, files.get("routes.yml"), ids, qualifications, funding, programmes, offerings)
    _desks(check, files.get("desks.yml") or {}, ids["sectors"], municipalities)
    _ids(check, "faq.yml", files.get("faq.yml"), ("id", "question", "answer"))
    _faq_questions(check, files.get("faq.yml"))
    _faq_families(check, files.get("faq.yml"), _row_ids(files.get("routes.yml")) | set(funding))
    return check.problems


MIN_QUESTION_VARIANTS = 3


def _faq_questions(check: _Checker, rows: Any) -> None:
    """Each FAQ row lists how people ask it: the bot finds the row by these, without retraining."""
    seen: dict[str, str] = {}
    for label, row in check.rows("faq.yml", rows, "faq"):
        questions = row.get("questions")
        if not isinstance(questions, list) or not all(isinstance(q, str) and q.strip() for q in questions):
            check.add("faq.yml", label, "'questions' moet een lijst met vragen zijn")
            continue
        if len(questions) < MIN_QUESTION_VARIANTS:
            check.add("faq.yml", label, f"geef minstens {MIN_QUESTION_VARIANTS} manieren om de vraag te stellen")
        for question in questions:
            other = seen.setdefault(_normal(question), str(row.get("id")))
            if other != row.get("id"):
                check.add("faq.yml", label, f"de vraag '{question}' staat ook bij '{other}'")


def _row_ids(rows: Any) -> set[str]:
    if not isinstance(rows, list):
        return set()
    return {str(row["id"]) for row in rows if isinstance(row, dict) and "id" in row}


def _faq_families(check: _Checker, rows: Any, subjects: set[str]) -> None:
    """A family joins rows with the same core answer, or a row with the route or funding scheme it is about when
    that has another id (``family: ad-pep``); a family of one row that names no route or scheme joins nothing."""
    members: dict[str, list[str]] = {}
    rows_ = rows if isinstance(rows, list) else []  # the shape itself is reported by _faq_questions
    for index, row in enumerate(rows_, start=1):
        if not isinstance(row, dict):
            continue
        label = f"{index} ({row.get('id')})"
        family = row.get("family")
        if family is None:
            continue
        if not isinstance(family, str) or not re.fullmatch(r"[a-z0-9-]{1,60}", family):
            check.add("faq.yml", label, "'family' moet een korte naam zijn (kleine letters, cijfers, -)")
            continue
        members.setdefault(family, []).append(label)
    for family, labels in members.items():
        if len(labels) == 1 and family not in subjects:
            check.add("faq.yml", labels[0], f"family '{family}' heeft maar één rij: geef de verwante rijen dezelfde")
