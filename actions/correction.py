"""A correction ("nee, ik bedoel vmbo") changes what the intake knows; without anything known yet there is
nothing to correct, and the message is read as a first message ("ik heb geen havo maar kan ik toch ...?")."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.facts import STUDYING_SLOT, TARGET_SLOT
from actions.guard import answers_on_error
from actions.questions import answer_before_intake

# What the intake knows about a visitor; a correction changes one of these.
PROFILE_SLOTS = ("vooropleiding", STUDYING_SLOT, "situatie", "sector", TARGET_SLOT, "vak", "studievorm", "leeftijd",
                 "woonplaats")
CORRECTED = "Goed, ik heb het aangepast."


class ActionVerwerkCorrectie(Action):
    def name(self) -> str:
        return "action_verwerk_correctie"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if any(tracker.get_slot(slot) for slot in PROFILE_SLOTS):
            dispatcher.utter_message(text=CORRECTED)  # the intake reads the new value from this message
        else:
            await answer_before_intake(dispatcher, tracker)
        return []
