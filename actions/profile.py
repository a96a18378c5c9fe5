"""The visitor's profile as the recommender needs it, read from the conversation's slots."""

from __future__ import annotations

from rasa_sdk import Tracker

from knowledge.recommender import Profile


def profile_from(tracker: Tracker) -> Profile:
    return Profile(
        education_level=tracker.get_slot("vooropleiding"),
        sector=tracker.get_slot("sector"),
        subject=tracker.get_slot("vak"),
        municipality_code=tracker.get_slot("gemeentecode"),
    )
