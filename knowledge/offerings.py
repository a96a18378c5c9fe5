"""Which offerings belong to a route: the one rule shared by the recommender and the validator.

A route names the exact programmes that lead along it (a CROHO code, or a variant or discipline
within one). An institution's offering belongs to the route when it provides one of those
programmes in a study form of the route (an offering whose source names no form is not left out).
For a visitor, offerings of another sector or another subject than theirs are left out too:
Codarts offers Docent Dans and Docent Muziek, so it is not shown to a future drawing teacher.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

WETTELIJK_COLLEGEGELD = "wettelijk collegegeld"


@dataclass(frozen=True)
class ProgrammeRecord:
    id: str
    name: str
    croho: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()  # empty: any sector of the route
    subjects: tuple[str, ...] = ()  # empty: any subject


@dataclass(frozen=True)
class OfferingRecord:
    institution_id: str
    institution: str
    programme_id: str
    city: str
    website: str = ""
    municipality_code: str | None = None
    province: str | None = None
    forms: tuple[str, ...] = ()  # empty: the source names no study form
    subjects: tuple[str, ...] = ()  # empty: the programme's subjects
    funded: bool = True
    croho: str | None = None
    confirmed: bool = True


def offered_in_route_form(offering: OfferingRecord, route_forms: Collection[str]) -> bool:
    return not offering.forms or bool(set(offering.forms) & set(route_forms))


def suits_visitor(offering: OfferingRecord, programme: ProgrammeRecord, sector: str | None,
                  subject: str | None) -> bool:
    """False when the offering is for another sector or another subject than the visitor's."""
    subjects = offering.subjects or programme.subjects
    if subject and subjects and subject not in subjects:
        return False
    return not (sector and programme.sectors and sector not in programme.sectors)


def route_offerings(
    programme_ids: Iterable[str],
    route_forms: Collection[str],
    offerings: Mapping[str, Iterable[OfferingRecord]],
    programmes: Mapping[str, ProgrammeRecord],
    sector: str | None = None,
    subject: str | None = None,
) -> list[OfferingRecord]:
    """The offerings where this route can be followed (for this visitor's sector and subject, if given)."""
    found: list[OfferingRecord] = []
    for programme_id in programme_ids:
        programme = programmes.get(programme_id)
        if programme is None:
            continue
        found += [
            o for o in offerings.get(programme_id, ())
            if offered_in_route_form(o, route_forms) and suits_visitor(o, programme, sector, subject)
        ]
    return found


def claims_wettelijk_collegegeld(text: str) -> bool:
    """True when a cost text says you pay the wettelijk collegegeld (only bekostigde instellingen charge it)."""
    return WETTELIJK_COLLEGEGELD in text.lower()


def unfunded_names(offerings: Iterable[OfferingRecord]) -> list[str]:
    """The niet-bekostigde institutions among these offerings, each once, in order."""
    return list(dict.fromkeys(o.institution for o in offerings if not o.funded))
