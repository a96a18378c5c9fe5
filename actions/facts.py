"""The intake slots a message fills, from the store's message reader: one mapping for every action."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk.events import SlotSet

from knowledge.message_reader import MessageFacts
from knowledge.recommender import Profile

STUDYING_SLOT = "studie"  # the level someone studies for now (a pupil's school type too)
WANTED_ROUTE_SLOT = "gewenste_route"  # a route they named as what they want
TARGET_SLOT = "doelniveau"  # where they want to teach: po | onderbouw | bovenbouw | vmbo | mbo | so


def slot_values(facts: MessageFacts) -> Dict[str, Any]:
    """Slot values for what the message says; facts it does not mention are left out."""
    # No subject named to teach: the subject of what they study or of their degree ("master wiskunde");
    # the summary shows it, so a visitor who meant another subject can correct it.
    subject = facts.subject or (facts.study_subject if facts.studying else None) or facts.diploma_subject
    values: Dict[str, Any] = {
        "vooropleiding": facts.diploma, STUDYING_SLOT: facts.studying, "situatie": facts.situation,
        "sector": facts.sector, TARGET_SLOT: facts.target_level, "vak": subject,
        "studievorm": facts.study_form, "leeftijd": None if facts.age is None else str(facts.age),
        "woonplaats": facts.place.municipality_name if facts.place else None,
        "gemeentecode": facts.place.municipality_code if facts.place else None,
        WANTED_ROUTE_SLOT: facts.route,
    }
    if facts.diploma and facts.abroad:
        values["buitenlands_diploma"] = True
    return {slot: value for slot, value in values.items() if value is not None}


def slot_events(facts: MessageFacts) -> List[Dict[str, Any]]:
    """What a message tells about the visitor, as slot events kept for the intake."""
    return [SlotSet(slot, value) for slot, value in slot_values(facts).items()]


def profile_of(facts: MessageFacts) -> Profile:
    """The recommender's profile from one message alone (before the intake has asked anything)."""
    return Profile(education_level=facts.diploma, studying=facts.studying, sector=facts.sector,
                   target_level=facts.target_level, subject=facts.subject, situation=facts.situation,
                   age=facts.age, study_form=facts.study_form, wanted_route=facts.route,
                   municipality_code=facts.place.municipality_code if facts.place else None)
