"""Ranks the routes that fit a visitor's profile, says why each fits, and why others do not.

Pure functions over a :class:`~knowledge.catalogue.Catalogue` snapshot: no database access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from knowledge.catalogue import Catalogue, EntryRecord, FundingInfo, RouteRecord, StepInfo
from knowledge.geography import distance_rank
from knowledge.offerings import route_offerings
from knowledge.text import or_list

FORM_MATCH_BONUS = -10
FORM_MISMATCH_PENALTY = 15
FULL_TIME_ADULT_AGE = 27
FULL_TIME_ADULT_PENALTY = 10
# A route this much worse than the best one fits only on paper (a 4-year full-time study for a graduate of 56
# who wants to work and learn): it is left out of the advice rather than shown as an option.
MAX_SCORE_GAP = 40
SITUATION_MATCH_BONUS = -15  # a route made for exactly your situation beats a general one
OWN_ROUTES_FIRST = frozenset({"herintreder"})  # situations whose own routes are the whole advice, when there are any
WANTED_ROUTE_BONUS = -20  # the route they asked for, when it is open to them, comes before the others
WANTED_ROUTE = "Je noemde deze route zelf."
TARGET_MISS_PENALTY = 30  # a route that does not let you teach where you want to comes after the ones that do

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
    studying: str | None = None  # education level id you study for now, without that diploma yet (6 vwo: "vwo")
    target_level: str | None = None  # where you want to teach: po | onderbouw | bovenbouw | vmbo | mbo | so
    wanted_route: str | None = None  # a route id they named as what they want


# Where a visitor may want to teach, and which bevoegdheden (qualification ids) let them teach there
# (facts.md 1.3 and 1.13). A tweedegraads bevoegdheid covers the onderbouw of havo/vwo and all of the vmbo;
# the bovenbouw of havo/vwo needs an eerstegraads one (or the ungraded LO and kunstvak bevoegdheid).
FIRST_DEGREE = frozenset({"eerstegraads", "ongegradeerd-lo", "ongegradeerd-kunstvak"})
# These depend on the bevoegdheid you already have, so they neither fit nor miss a level.
OPEN_QUALIFICATIONS = frozenset({"bestaande-bevoegdheid", "erkenning-buitenland"})
MASTER_LEVELS = frozenset({"wo-master"})
# The bevoegdheden a situation means you hold already: a route that only leads to one of them brings nothing new
# ("ik ben juf en wil naar het speciaal onderwijs": no verkorte pabo). Only the po bevoegdheid holds for every
# subject; a vo teacher may well want the same degree for another subject.
HELD_QUALIFICATIONS = {"leraar-po": frozenset({"po"})}
ALREADY_HELD = "Deze route geeft een bevoegdheid die je al hebt."
# A situation that means: you study for one of these levels now. Routes made for it, you do during that study.
STUDY_SITUATIONS = {"wo-student": frozenset({"wo-bachelor", "wo-master"})}


@dataclass(frozen=True)
class Target:
    sector: str
    covered_by: frozenset[str] = frozenset()  # qualification ids that let you teach there; empty: the sector decides
    fits_why: str = ""  # said of a route whose bevoegdheid covers the level
    misses_note: str = ""  # said of a route whose bevoegdheid does not; such a route ranks lower
    master_note: str = ""  # said of an eerstegraads route that brings a master, to someone who has none


TARGETS = {
    "po": Target("po"),
    "mbo": Target("mbo"),
    "so": Target(
        "po", frozenset({"po"}),
        fits_why="In het speciaal onderwijs vragen scholen meestal een bevoegdheid voor de basisschool. "
                 "Die krijg je met deze route. Daarna kun je je verder scholen, bijvoorbeeld met de master "
                 "Educational Needs.",
    ),
    "onderbouw": Target(
        "vo", FIRST_DEGREE | {"tweedegraads", "beperkt-tweedegraads"},
        fits_why="Met deze route mag je lesgeven in de onderbouw van havo en vwo.",
        misses_note="Met deze route mag je niet lesgeven in de onderbouw van havo en vwo.",
    ),
    "vmbo": Target(
        "vo", FIRST_DEGREE | {"tweedegraads"},
        fits_why="Met deze route mag je lesgeven in alle klassen van het vmbo.",
        misses_note="Met deze route mag je niet in alle klassen van het vmbo lesgeven.",
    ),
    "bovenbouw": Target(
        "vo", FIRST_DEGREE,
        fits_why="Voor de bovenbouw van havo en vwo heb je een eerstegraads bevoegdheid nodig. "
                 "Met deze route mag je daar lesgeven.",
        misses_note="Met deze route mag je niet lesgeven in de bovenbouw van havo en vwo. "
                    "Daarvoor heb je een eerstegraads bevoegdheid nodig. Die haal je met een master.",
        master_note="Je haalt met deze route ook een master. Zonder master krijg je geen eerstegraads bevoegdheid.",
    ),
}

NOW, LATER, DURING = "now", "later", "during"
DURING_STUDY = "Je kunt deze route al doen tijdens je studie."
# A pupil who wants to teach where only an eerstegraads bevoegdheid counts (6 vwo, "bovenbouw"): no route gives it
# straight after school. The way there starts with a university study; the route made for that study (the educatieve
# minor) is their first step, and the advice says that the bevoegdheid for the bovenbouw takes a master after it.
NEXT_STUDY = {"vwo": "wo-bachelor"}
NEXT_STUDY_TARGETS = frozenset({"bovenbouw"})
AFTER_SCHOOL = ("Na school studeer je eerst aan de universiteit, in je vak. "
                "Tijdens die studie kun je deze route al doen.")


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
    for_situation: bool = False  # the route is made for the visitor's situation (onderwijsassistent, teacher abroad)


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


def _situation_reason(situation: str, catalogue: Catalogue) -> str:
    return f"Deze route is er speciaal voor jou, want je {_you(catalogue.situations[situation])}."


def _you(situation_name: str) -> str:
    """Situation names are third person ("heeft een pabo-diploma"); the bot says "je hebt een pabo-diploma"."""
    return "hebt" + situation_name[len("heeft"):] if situation_name.startswith("heeft ") else situation_name


def _understood(profile: Profile, catalogue: Catalogue) -> Profile:
    """The profile with what its newer fields imply: the sector of the target level, the situation of a student."""
    target = TARGETS.get(profile.target_level or "")
    return replace(profile, sector=target.sector if target else profile.sector,
                   situation=profile.situation or _study_situation(profile.studying, catalogue))


def _study_situation(studying: str | None, catalogue: Catalogue) -> str | None:
    return next((situation for situation, levels in STUDY_SITUATIONS.items()
                 if studying in levels and situation in catalogue.situations), None)


@dataclass(frozen=True)
class EntryMatch:
    level: str
    entry: EntryRecord
    when: str  # NOW: with the diploma you have; LATER: once you have the one you study for; DURING: while studying


def _rank(level: str | None, catalogue: Catalogue) -> int:
    ranks = list(catalogue.levels)
    return ranks.index(level) if level in ranks else -1


def _candidate_levels(profile: Profile, catalogue: Catalogue) -> list[tuple[str, str]]:
    """The diplomas that may open a route: the one you have, and the one you study for when it is higher."""
    candidates = [(profile.education_level, NOW)] if profile.education_level else []
    if profile.studying and (not profile.education_level
                             or _rank(profile.studying, catalogue) > _rank(profile.education_level, catalogue)):
        candidates.append((profile.studying, LATER))
    return candidates


def _for_your_study(route: RouteRecord, profile: Profile) -> bool:
    """A route made for your study situation (the educatieve minor for a wo-student) is done during that study."""
    return profile.situation in route.situations and profile.studying in STUDY_SITUATIONS.get(profile.situation, ())


def _entry_match(route: RouteRecord, profile: Profile, catalogue: Catalogue) -> tuple[EntryMatch | None, str]:
    """The best way in (the lowest offset; the diploma you have on a tie), or None and why not.

    (None, "") means the profile names no diploma at all, so any entry is fine.
    """
    candidates = _candidate_levels(profile, catalogue)
    matches = [EntryMatch(level, route.entries[level], when) for level, when in candidates if level in route.entries]
    old_enough = [m for m in matches if _old_enough(m, profile.age)]
    if old_enough:
        best = min(old_enough, key=lambda m: m.entry.offset)
        return (replace(best, when=DURING) if best.when == LATER and _for_your_study(route, profile) else best), ""
    if matches:
        return None, f"Met {catalogue.levels[matches[0].level]} kan dit pas vanaf {matches[0].entry.min_age} jaar."
    if candidates:
        accepted = [name for level, name in catalogue.levels.items() if level in route.entries]
        return None, f"Hiervoor heb je {or_list(accepted)} nodig."
    return None, ""


def _old_enough(match: EntryMatch, age: int | None) -> bool:
    """An age limit is met when the age says so; with the age unknown, by someone who has the diploma already,
    never by a pupil who is still at school for it ("ik zit in 4 vmbo": not 21 when the diploma comes)."""
    if not match.entry.min_age:
        return True
    return match.when != LATER if age is None else age >= match.entry.min_age


def _diploma(level: str, catalogue: Catalogue) -> str:
    name = catalogue.levels.get(level, level)
    return f"{name}-diploma" if name.isalpha() else f"diploma {name}"  # vwo-diploma, diploma hbo-bachelor


def _entry_reason(match: EntryMatch, catalogue: Catalogue, age: int | None = None) -> str:
    if match.when == DURING:
        return DURING_STUDY
    if match.when == LATER:
        return f"Als je straks je {_diploma(match.level, catalogue)} hebt, mag je aan deze route beginnen."
    if match.entry.min_age and age is None:  # the age was not told: the limit is the condition, not a given
        return (f"Ben je {match.entry.min_age} jaar of ouder? Dan mag je met je {catalogue.levels[match.level]} "
                "aan deze route beginnen.")
    return f"Met je {catalogue.levels[match.level]} mag je aan deze route beginnen."


@dataclass(frozen=True)
class TargetFit:
    why: str = ""
    note: str = ""
    penalty: int = 0


def _target_fit(route: RouteRecord, profile: Profile, match: EntryMatch | None) -> TargetFit:
    """Whether the route's bevoegdheid lets you teach where you want to, in words and in score."""
    target = TARGETS.get(profile.target_level or "")
    if target is None or route.qualification_id in OPEN_QUALIFICATIONS:
        return TargetFit()
    if route.qualification_id in target.covered_by:
        return TargetFit(why=" ".join(filter(None, [target.fits_why, _master_note(route, target, match)])))
    return TargetFit(note=target.misses_note, penalty=TARGET_MISS_PENALTY) if target.misses_note else TargetFit()


def _master_note(route: RouteRecord, target: Target, match: EntryMatch | None) -> str:
    """Honest about eerstegraads: it takes a master. Said when this route brings one to someone who has none."""
    without_master = match is not None and match.level not in MASTER_LEVELS
    brings_master = route.qualification_id == "eerstegraads" and "master" in route.result.lower()
    return target.master_note if without_master and brings_master else ""


def _audience_checks(route: RouteRecord, profile: Profile, catalogue: Catalogue,
                     why: list[str], not_why: list[str]) -> int:
    """Sector, subject and situation: who the route is for. Adds the reasons; returns the score change."""
    score = 0
    if profile.sector and profile.sector not in route.sectors:
        offered = or_list([catalogue.sectors[s] for s in route.sectors])
        not_why.append(f"Deze route is voor het {offered}, niet voor het {catalogue.sectors.get(profile.sector)}.")
    if route.subjects:
        if profile.subject in route.subjects:
            why.append(f"Deze opleiding is speciaal voor het vak {catalogue.subjects[profile.subject]}.")
        else:
            not_why.append(f"Deze route is alleen voor {or_list([catalogue.subjects[s] for s in route.subjects])}.")
    if route.qualification_id in HELD_QUALIFICATIONS.get(profile.situation or "", frozenset()):
        not_why.append(ALREADY_HELD)
    if route.situations:
        if profile.situation in route.situations:
            why.append(_situation_reason(profile.situation, catalogue))
            score += SITUATION_MATCH_BONUS
        else:
            names = or_list([f"je {_you(catalogue.situations[s])}" for s in route.situations])
            not_why.append(f"Deze route is er alleen in een andere situatie: {names}.")
    return score


def _wish_checks(route: RouteRecord, profile: Profile, why: list[str]) -> int:
    """Study form, age and work: how well the route suits your life. Adds the reasons; returns the score change."""
    score = 0
    if profile.wanted_route == route.id:
        score += WANTED_ROUTE_BONUS
        why.append(WANTED_ROUTE)
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
    return score


def _requirement(match: EntryMatch | None, target: TargetFit, first_the_diploma: bool, catalogue: Catalogue) -> str:
    """What to mind: where the route does not let you teach, the diploma to get first, then the entry's own demand."""
    diploma = f"Eerst haal je je {_diploma(match.level, catalogue)}." if match and first_the_diploma else ""
    return " ".join(part for part in (target.note, diploma, match.entry.requirement if match else "") if part)


def _as_next_student(route: RouteRecord, profile: Profile, catalogue: Catalogue) -> Profile | None:
    """The pupil as the student they will be, for a route made for that study (see NEXT_STUDY); else None."""
    following = NEXT_STUDY.get(profile.studying or "")
    if not following or profile.education_level or profile.target_level not in NEXT_STUDY_TARGETS:
        return None
    situation = _study_situation(following, catalogue)
    return replace(profile, studying=following, situation=situation) if situation in route.situations else None


def _after_school(evaluation: Evaluation, student: Profile, catalogue: Catalogue) -> Evaluation:
    """The student's evaluation told to the pupil: the study comes first, and where it does not reach."""
    target = TARGETS.get(student.target_level or "")
    note = target.misses_note if target else ""
    as_student = {DURING_STUDY, _situation_reason(student.situation, catalogue)}
    main_reason = " ".join(part for part in (AFTER_SCHOOL, note) if part)
    why = [main_reason, *(reason for reason in evaluation.why if reason not in as_student)]
    requirement = evaluation.requirement.replace(note, "").strip() if note else evaluation.requirement
    return replace(evaluation, why=why, main_reason=main_reason, requirement=requirement)


def evaluate(route: RouteRecord, profile: Profile, catalogue: Catalogue) -> Evaluation:
    """Whether a route is open to this person, how well it suits them, and the reasons either way."""
    profile = _understood(profile, catalogue)
    student = _as_next_student(route, profile, catalogue)
    if student is not None:
        return _after_school(evaluate(route, student, catalogue), student, catalogue)
    why: list[str] = []
    not_why: list[str] = []
    score = route.priority + _audience_checks(route, profile, catalogue, why, not_why)
    match, entry_problem = _entry_match(route, profile, catalogue)
    if entry_problem:
        not_why.append(entry_problem)
    elif match is not None and match.when == LATER and route.needs_job:
        # A school hires a zij-instromer with a diploma: for a pupil or student that is a later step, not a route now.
        not_why.append(f"Hiervoor heb je eerst je {_diploma(match.level, catalogue)} nodig, en een baan op een school.")
    target = _target_fit(route, profile, match)
    if target.why:
        why.append(target.why)
    entry_reason = _entry_reason(match, catalogue, profile.age) if match else ""
    if entry_reason:
        why.append(entry_reason)
    score += target.penalty + (match.entry.offset if match else 0) + _wish_checks(route, profile, why)
    main_reason = next((reason for reason in why if reason != entry_reason), entry_reason)
    # Waiting for a diploma is said once: in the main reason, or else in the requirement.
    first_the_diploma = match is not None and match.when == LATER and main_reason != entry_reason
    return Evaluation(not not_why, score, why, not_why, _requirement(match, target, first_the_diploma, catalogue),
                      main_reason, match.entry.confirmed if match else True)


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
        where=route.where, for_situation=bool(profile.situation and profile.situation in route.situations),
    )


def recommend(catalogue: Catalogue, profile: Profile, limit: int = 3) -> Recommendation:
    """Routes open to this person, best first (at most ``limit``), and the ones that are not, with why."""
    profile = _understood(profile, catalogue)
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
    if fitting:
        cutoff = fitting[0][0][0] + MAX_SCORE_GAP
        fitting = [item for item in fitting if item[0][0] <= cutoff]
    if not (profile.education_level or profile.studying) or profile.situation in OWN_ROUTES_FIRST:
        # Without a diploma we cannot tell which general routes are open; the ones made for the situation are.
        # A returner has a bevoegdheid already: going back comes before any new study.
        own = [item for item in fitting if profile.situation in item[1].situations]
        fitting = own or fitting
    advice = [_advice(catalogue, route, evaluation, profile) for _, route, evaluation in fitting[:limit]]
    return Recommendation(advice=advice, not_fitting=not_fitting)


def next_levels(catalogue: Catalogue, sector: str | None, level: str | None, count: int = 2) -> list[str]:
    """The lowest diplomas above ``level`` that open a route to ``sector`` without an age limit: what someone
    with no route yet ("ik zit in 4 vmbo") gets first ("mbo niveau 4 of havo")."""
    ranks = list(catalogue.levels)
    above = ranks[ranks.index(level) + 1:] if level in ranks else ranks
    opening = {entry_level for route in catalogue.routes if sector is None or sector in route.sectors
               for entry_level, entry in route.entries.items() if not entry.min_age}
    return [candidate for candidate in above if candidate in opening][:count]


def advice_for_route(catalogue: Catalogue, profile: Profile, route_id: str) -> RouteAdvice | None:
    """The full advice for one route, if it is open to this person."""
    route = catalogue.route(route_id)
    if route is None:
        return None
    profile = _understood(profile, catalogue)
    evaluation = evaluate(route, profile, catalogue)
    return _advice(catalogue, route, evaluation, profile) if evaluation.fits else None


def institutions_for_route(catalogue: Catalogue, profile: Profile, route_id: str) -> list[InstitutionInfo] | None:
    """Where a route can be followed, for this profile's sector, subject and place (None: unknown route).

    Unlike :func:`advice_for_route` this does not ask whether the route fits the person.
    """
    route = catalogue.route(route_id)
    return None if route is None else _institutions(catalogue, route, _understood(profile, catalogue))


def explain(catalogue: Catalogue, profile: Profile, route_id: str) -> Evaluation | None:
    """Why a single route does or does not fit ("kan ik met mbo naar de universitaire lerarenopleiding?")."""
    route = catalogue.route(route_id)
    return None if route is None else evaluate(route, profile, catalogue)
