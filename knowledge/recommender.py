"""Ranks the routes that fit a visitor's profile, says why each fits, and why others do not.

Pure functions over a :class:`~knowledge.catalogue.Catalogue` snapshot: no database access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from knowledge.catalogue import Catalogue, FundingInfo, RouteRecord, StepInfo
from knowledge.geography import distance_rank
from knowledge.offerings import route_offerings

FORM_MATCH_BONUS = -10
FORM_MISMATCH_PENALTY = 15
FULL_TIME_ADULT_AGE = 27
FULL_TIME_ADULT_PENALTY = 10
SITUATION_MATCH_BONUS = -15  # a route made for exactly your situation beats a general one

# Duaal and werkend leren both mean: you work at a school and study at the same time.
STUDY_FORM_MATCHES = {
    "voltijd": {"voltijd"},
    "deeltijd": {"deeltijd"},
    "duaal": {"duaal", "werkend leren"},
    "werkend leren": {"duaal", "werkend leren"},
}
STUDY_FORM_WISH = {
    "voltijd": "Je wilt voltijd studeren, en dat kan bij deze route.",
    "deeltijd": "Je wilt in deeltijd studeren, en dat kan bij deze route.",
    "duaal": "Je wilt werken en leren tegelijk, en dat kan bij deze route.",
    "werkend leren": "Je wilt werken en leren tegelijk, en dat kan bij deze route.",
}


@dataclass(frozen=True)
class Profile:
    education_level: str | None = None  # id from the vocabulary, e.g. "havo"
    sector: str | None = None  # "po", "vo" or "mbo"; None = any
    subject: str | None = None
    situation: str | None = None
    study_form: str | None = None  # voltijd | deeltijd | duaal | werkend leren; None = no preference
    age: int | None = None
    municipality_code: str | None = None


@dataclass(frozen=True)
class InstitutionInfo:
    name: str
    city: str
    website: str
    distance_rank: int  # 0 same municipality ... 3 further away
    confirmed: bool
    programme: str = ""  # the exact programme offered here (Docent Muziek, Ad Didactisch Educatief Professional)
    forms: tuple[str, ...] = ()  # empty: the source names no study form
    funded: bool = True  # bekostigd; if not, the route's costs_unfunded applies


@dataclass(frozen=True)
class RouteAdvice:
    route_id: str
    name: str
    summary: str
    why: list[str]
    qualification: str
    qualification_explanation: str
    school_types: list[str]
    result: str
    duration_months: int
    ec: int | None
    forms: list[str]
    needs_job: bool
    requirement: str
    costs: str
    funding: list[FundingInfo]
    steps: list[StepInfo]
    institutions: list[InstitutionInfo]
    source: str
    peildatum: dt.date
    confirmed: bool
    score: int = 0
    main_reason: str = ""
    requirement_confirmed: bool = True
    costs_unfunded: str = ""  # the costs at the institutions in unfunded_institutions
    unfunded_institutions: list[str] = field(default_factory=list)  # niet-bekostigd, where costs does not apply
    where: str = ""  # where you follow the route when no institution offers it


@dataclass(frozen=True)
class NotFitting:
    route_id: str
    name: str
    reasons: list[str]


@dataclass(frozen=True)
class Recommendation:
    advice: list[RouteAdvice]
    not_fitting: list[NotFitting] = field(default_factory=list)


@dataclass(frozen=True)
class Evaluation:
    fits: bool
    score: int
    why: list[str]
    not_why: list[str]
    requirement: str = ""
    main_reason: str = ""  # the most personal reason: your situation, subject or study wish before "your diploma fits"
    requirement_confirmed: bool = True


def _you(situation_name: str) -> str:
    """Situation names are third person ("heeft een pabo-diploma"); the bot says "je hebt een pabo-diploma"."""
    return "hebt" + situation_name[len("heeft"):] if situation_name.startswith("heeft ") else situation_name


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " of " + items[-1]


def evaluate(route: RouteRecord, profile: Profile, catalogue: Catalogue) -> Evaluation:
    """Whether a route is open to this person, how well it suits them, and the reasons either way."""
    why: list[str] = []
    not_why: list[str] = []
    entry_reason = ""
    score = route.priority
    if profile.sector and profile.sector not in route.sectors:
        offered = _or_list([catalogue.sectors[s] for s in route.sectors])
        not_why.append(f"Deze route is voor het {offered}, niet voor het {catalogue.sectors.get(profile.sector)}.")
    if route.subjects:
        if profile.subject in route.subjects:
            why.append(f"Deze opleiding is speciaal voor het vak {catalogue.subjects[profile.subject]}.")
        else:
            not_why.append(f"Deze route is alleen voor {_or_list([catalogue.subjects[s] for s in route.subjects])}.")
    if route.situations:
        if profile.situation in route.situations:
            why.append(f"Deze route is er speciaal voor jou, want je {_you(catalogue.situations[profile.situation])}.")
            score += SITUATION_MATCH_BONUS
        else:
            names = _or_list([f"je {_you(catalogue.situations[s])}" for s in route.situations])
            not_why.append(f"Deze route is er alleen in een andere situatie: {names}.")
    entry = route.entries.get(profile.education_level or "")
    if profile.education_level and entry is None:
        accepted = [name for level, name in catalogue.levels.items() if level in route.entries]
        not_why.append(f"Hiervoor heb je {_or_list(accepted)} nodig.")
    elif entry is not None:
        level_name = catalogue.levels[profile.education_level]
        if entry.min_age and profile.age is not None and profile.age < entry.min_age:
            not_why.append(f"Met {level_name} kan dit pas vanaf {entry.min_age} jaar.")
        else:
            entry_reason = f"Met je {level_name} mag je aan deze route beginnen."
            why.append(entry_reason)
        score += entry.offset

    if profile.study_form in STUDY_FORM_MATCHES:
        if STUDY_FORM_MATCHES[profile.study_form] & set(route.forms):
            score += FORM_MATCH_BONUS
            why.append(STUDY_FORM_WISH[profile.study_form])
        else:
            score += FORM_MISMATCH_PENALTY
    if profile.age is not None and profile.age >= FULL_TIME_ADULT_AGE and route.forms == ("voltijd",):
        score += FULL_TIME_ADULT_PENALTY
    if route.needs_job:
        why.append("Je werkt meteen op een school en krijgt salaris.")
    main_reason = next((reason for reason in why if reason != entry_reason), entry_reason)
    return Evaluation(not not_why, score, why, not_why, entry.requirement if entry else "", main_reason,
                      entry.confirmed if entry else True)


def _institutions(catalogue: Catalogue, route: RouteRecord, profile: Profile) -> list[InstitutionInfo]:
    """Where this visitor can follow the route: offerings of its exact programmes, nearest first."""
    home_code = profile.municipality_code
    home_province = catalogue.provinces.get(home_code or "")
    offerings = route_offerings(route.programmes, route.forms, catalogue.offerings, catalogue.programmes,
                                profile.sector, profile.subject)
    found = {
        (o.institution, o.city, o.programme_id): InstitutionInfo(
            o.institution, o.city, o.website,
            distance_rank(home_code, home_province, o.municipality_code, o.province), o.confirmed,
            catalogue.programmes[o.programme_id].name, o.forms, o.funded,
        )
        for o in offerings
    }
    return sorted(found.values(), key=lambda i: (i.distance_rank, not i.confirmed, i.city, i.name))


def _advice(catalogue: Catalogue, route: RouteRecord, evaluation: Evaluation, profile: Profile) -> RouteAdvice:
    institutions = _institutions(catalogue, route, profile)
    return RouteAdvice(
        route_id=route.id, name=route.name, summary=route.summary,
        why=[*evaluation.why, f"Je krijgt: {route.result}. {route.qualification_explanation}"],
        qualification=route.qualification_name, qualification_explanation=route.qualification_explanation,
        school_types=list(route.school_types), result=route.result, duration_months=route.duration_months,
        ec=route.ec, forms=list(route.forms), needs_job=route.needs_job, requirement=evaluation.requirement,
        costs=route.costs,
        funding=[f for f in route.funding if not f.situations or profile.situation in f.situations],
        steps=list(route.steps), institutions=institutions,
        source=route.source, peildatum=route.peildatum,
        confirmed=route.confirmed and route.qualification_confirmed, score=evaluation.score,
        main_reason=evaluation.main_reason, requirement_confirmed=evaluation.requirement_confirmed,
        costs_unfunded=route.costs_unfunded,
        unfunded_institutions=list(dict.fromkeys(i.name for i in institutions if not i.funded))
        if route.costs_unfunded else [],
        where=route.where,
    )


def recommend(catalogue: Catalogue, profile: Profile, limit: int = 3) -> Recommendation:
    """Routes open to this person, best first (at most ``limit``), and the ones that are not, with why."""
    fitting: list[tuple[tuple, RouteRecord, Evaluation]] = []
    not_fitting: list[NotFitting] = []
    for route in catalogue.routes:
        evaluation = evaluate(route, profile, catalogue)
        if evaluation.fits:
            # Equal scores: the route to the broader bevoegdheid first, then the shorter one.
            key = (evaluation.score, -route.qualification_rank, route.duration_months, route.id)
            fitting.append((key, route, evaluation))
        else:
            not_fitting.append(NotFitting(route.id, route.name, evaluation.not_why))
    fitting.sort(key=lambda item: item[0])
    advice = [_advice(catalogue, route, evaluation, profile) for _, route, evaluation in fitting[:limit]]
    return Recommendation(advice=advice, not_fitting=not_fitting)


def advice_for_route(catalogue: Catalogue, profile: Profile, route_id: str) -> RouteAdvice | None:
    """The full advice for one route, if it is open to this person."""
    route = next((r for r in catalogue.routes if r.id == route_id), None)
    if route is None:
        return None
    evaluation = evaluate(route, profile, catalogue)
    return _advice(catalogue, route, evaluation, profile) if evaluation.fits else None


def institutions_for_route(catalogue: Catalogue, profile: Profile, route_id: str) -> list[InstitutionInfo] | None:
    """Where a route can be followed, for this profile's sector, subject and place (None: unknown route).

    Unlike :func:`advice_for_route` this does not ask whether the route fits the person.
    """
    route = next((r for r in catalogue.routes if r.id == route_id), None)
    return None if route is None else _institutions(catalogue, route, profile)


def explain(catalogue: Catalogue, profile: Profile, route_id: str) -> Evaluation | None:
    """Why a single route does or does not fit ("kan ik met mbo naar de universitaire lerarenopleiding?")."""
    route = next((r for r in catalogue.routes if r.id == route_id), None)
    return None if route is None else evaluate(route, profile, catalogue)
