"""The visitor's profile as the recommender needs it, read from the conversation's slots."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.facts import WANTED_ROUTE_SLOT
from knowledge.intake_words import NO_PREFERENCE
from knowledge.message_reader import QUALIFIED_SITUATIONS
from knowledge.recommender import Profile


def profile_from(tracker: Tracker) -> Profile:
    study_form = tracker.get_slot("studievorm")
    age = str(tracker.get_slot("leeftijd") or "")
    return Profile(
        education_level=tracker.get_slot("vooropleiding"),
        studying=tracker.get_slot("studie"),
        target_level=tracker.get_slot("doelniveau"),
        sector=tracker.get_slot("sector"),
        subject=tracker.get_slot("vak"),
        situation=tracker.get_slot("situatie"),
        study_form=None if study_form in (None, NO_PREFERENCE) else study_form,
        age=int(age) if age.isdigit() else None,
        municipality_code=tracker.get_slot("gemeentecode"),
        wanted_route=tracker.get_slot(WANTED_ROUTE_SLOT),
    )


def enough_for_advice(profile: Profile) -> bool:
    """Where to teach, and who they are: a diploma, a study, or a bevoegdheid (here or abroad) instead."""
    who = profile.education_level or profile.studying or profile.situation in QUALIFIED_SITUATIONS
    return bool(who and profile.sector)
