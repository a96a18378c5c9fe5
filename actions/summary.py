"""The "jouw routeadvies" summary: the intake and the advice in short, for any channel to show, print or send.

The text goes to the visitor as a normal message; the same content goes along as structured data
(``custom`` with ``type: routeadvies``) for channels that print it (kiosk) or mail it, and into the
slot ``routeadvies_samenvatting`` so that a helpdesk agent who takes over sees it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.guard import answers_on_error
from actions.profile import enough_for_advice, profile_from
from actions.store import query, repository
from actions.wording import date, duration
from knowledge.intake_words import NO_PLACE, NO_PREFERENCE
from knowledge.places import display_name
from knowledge.recommender import Profile, RouteAdvice
from knowledge.repository import DeskInfo

SUMMARY_SLOT = "routeadvies_samenvatting"
# Where someone wants to teach, in the words of the summary.
TARGET_NAMES = {"po": "wil lesgeven op de basisschool", "onderbouw": "wil lesgeven in de onderbouw",
                "bovenbouw": "wil lesgeven in de bovenbouw van havo of vwo", "vmbo": "wil lesgeven op het vmbo",
                "mbo": "wil lesgeven in het mbo", "so": "wil lesgeven in het speciaal onderwijs"}


def profile_facts(tracker: Tracker, profile: Profile, names: dict[str, str | None]) -> list[str]:
    """What the visitor told, in plain words, in intake order."""
    studying = names.get("studying")
    facts = [names.get("education"), f"nu bezig met {studying}" if studying else None, names.get("situation"),
             names.get("sector"), TARGET_NAMES.get(profile.target_level or ""), names.get("subject")]
    form = tracker.get_slot("studievorm")
    if form == NO_PREFERENCE:
        facts.append("studievorm maakt niet uit")
    elif form:
        facts.append(form)
    if profile.age is not None:
        facts.append(f"{profile.age} jaar")
    place = tracker.get_slot("woonplaats")
    facts.append(display_name(place) if place and place != NO_PLACE else None)
    return [fact for fact in facts if fact]


def summary_text(facts: list[str], advice: list[RouteAdvice], desk: DeskInfo | None, today: dt.date) -> str:
    lines = ["Jouw routeadvies", "Over jou: " + ", ".join(facts) + "."]
    if advice:
        lines.append("Routes die bij je passen:")
        lines += [f"{rank}. {a.name}: {duration(a.duration_months)}. Je krijgt: {a.result}."
                  for rank, a in enumerate(advice, start=1)]
    else:
        lines.append("Ik vond geen directe route. Een adviseur kijkt graag met je mee.")
    if desk:
        contact = desk.email or desk.phone or desk.website
        lines.append(f"Jouw loket: {desk.name}, {contact}")
    lines.append(f"Gemaakt op {date(today)}. Kijk voor de laatste informatie altijd bij de opleiding.")
    return "\n".join(lines)


def summary_data(facts: list[str], advice: list[RouteAdvice], desk: DeskInfo | None, text: str,
                 today: dt.date | None = None) -> dict[str, Any]:
    return {
        "type": "routeadvies",
        "profiel": facts,
        "routes": [
            {"id": a.route_id, "naam": a.name, "duur": duration(a.duration_months), "resultaat": a.result,
             "bron": a.source, "peildatum": a.peildatum.isoformat()}
            for a in advice
        ],
        "loket": None if desk is None else {
            "naam": desk.name, "website": desk.website, "email": desk.email, "telefoon": desk.phone,
            "bron": desk.source, "peildatum": desk.peildatum.isoformat(),
        },
        "gemaakt_op": (today or dt.date.today()).isoformat(),
        "tekst": text,
    }


class ActionGeefSamenvatting(Action):
    def name(self) -> str:
        return "action_geef_samenvatting"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        profile = profile_from(tracker)
        if not enough_for_advice(profile):
            return []
        store = repository()
        names = {
            "education": await query(store.name_of, "education", profile.education_level)
            if profile.education_level else None,
            "studying": await query(store.name_of, "education", profile.studying) if profile.studying else None,
            "sector": await query(store.name_of, "sector", profile.sector),
            "subject": await query(store.name_of, "subject", profile.subject) if profile.subject else None,
            "situation": await query(store.name_of, "situation", profile.situation) if profile.situation else None,
        }
        advice = []
        for route_id in tracker.get_slot("geadviseerde_routes") or []:
            found = await query(store.advice_for_route, profile, route_id)
            if found is not None:
                advice.append(found)
        desks = await query(store.desks_for_municipality, profile.municipality_code, profile.sector)
        facts = profile_facts(tracker, profile, names)
        desk, today = (desks[0] if desks else None), dt.date.today()
        text = summary_text(facts, advice, desk, today)
        dispatcher.utter_message(text=text, json_message=summary_data(facts, advice, desk, text, today))
        return [SlotSet(SUMMARY_SLOT, text)]
