"""Referral to a person: the regional desk when the place is known, and the national advice conversation."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.guard import answers_on_error
from actions.regions import desk_message
from actions.store import query, repository


class ActionVerwijsPersoon(Action):
    def name(self) -> str:
        return "action_verwijs_persoon"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        desks = await query(repository().desks_for_municipality, tracker.get_slot("gemeentecode"),
                            tracker.get_slot("sector"))
        regional = [d for d in desks if not d.is_national]
        national = await query(repository().national_desk)
        dispatcher.utter_message(text="Wil je met een mens praten? Dat kan. Een adviseur denkt gratis met je mee.")
        if regional:
            dispatcher.utter_message(text=f"Het regioloket bij jou in de buurt:\n{desk_message(regional[0])}")
        dispatcher.utter_message(text=f"Of plan een gesprek met het landelijke loket:\n{desk_message(national)}")
        return []
