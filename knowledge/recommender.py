"""Ranks the routes that fit a visitor's profile, and says why each one fits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import EducationLevel, Route, RouteEntry, Sector


@dataclass(frozen=True)
class Profile:
    education_level: str  # id from the vocabulary, e.g. "havo"
    sector: str  # "po", "vo" or "mbo"
    subject: str | None = None


@dataclass(frozen=True)
class RouteAdvice:
    route_id: str
    name: str
    summary: str
    why: str
    qualification: str
    qualification_explanation: str
    duration_months: int
    ec: int | None
    study_form: str
    requirement: str
    costs: str
    source: str
    peildatum: dt.date
    confirmed: bool


def recommend(session: Session, profile: Profile, limit: int = 3) -> list[RouteAdvice]:
    """Routes open to this prior education in this sector, best first."""
    level = session.get(EducationLevel, profile.education_level)
    sector = session.get(Sector, profile.sector)
    if level is None or sector is None:
        return []
    rows = session.execute(
        select(Route, RouteEntry.requirement)
        .join(RouteEntry, RouteEntry.route_id == Route.id)
        .where(RouteEntry.sector_id == profile.sector, RouteEntry.education_level_id == profile.education_level)
        .order_by(Route.priority, Route.duration_months, Route.id)
        .limit(limit)
    ).all()
    return [
        RouteAdvice(
            route_id=route.id,
            name=route.name,
            summary=route.summary,
            why=f"Deze route staat open met {level.name} en leidt tot lesgeven in het {sector.name}.",
            qualification=route.qualification.name,
            qualification_explanation=route.qualification.explanation,
            duration_months=route.duration_months,
            ec=route.ec,
            study_form=route.study_form,
            requirement=requirement,
            costs=route.costs,
            source=route.source,
            peildatum=route.peildatum,
            confirmed=route.confirmed,
        )
        for route, requirement in rows
    ]
