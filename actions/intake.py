"""Validation of the intake form: maps free text to the store's ids and re-asks politely."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.store import query, repository

SECTOR_NEEDS_SUBJECT = "vo"
T = TypeVar("T")


class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        # Only the voortgezet onderwijs has a subject per bevoegdheid; skip the question elsewhere.
        if tracker.get_slot("sector") != SECTOR_NEEDS_SUBJECT:
            return [slot for slot in domain_slots if slot != "vak"]
        return domain_slots

    async def validate_vooropleiding(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        level = await _match(repository().match_education, value, tracker)
        if level is None:
            dispatcher.utter_message(
                text="Dat diploma ken ik niet. Kies een van de knoppen, of typ bijvoorbeeld: havo, mbo 4 of hbo."
            )
        return {"vooropleiding": level}

    async def validate_sector(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        sector = await _match(repository().match_sector, value, tracker)
        if sector is None:
            dispatcher.utter_message(
                text="Ik weet nog niet waar je wilt werken. Kies de basisschool, de middelbare school of het mbo."
            )
        return {"sector": sector}

    async def validate_vak(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        subject = await _match(repository().match_subject, value, tracker)
        if subject is None:
            dispatcher.utter_message(text="Dat vak ken ik niet. Typ de naam van een schoolvak, bijvoorbeeld wiskunde.")
        return {"vak": subject}

    async def validate_woonplaats(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        match = await _match(repository().resolve_place, value, tracker)
        if match is None:
            dispatcher.utter_message(
                text="Die plaats ken ik niet. Controleer de spelling, of geef je postcode (bijvoorbeeld 8011)."
            )
            return {"woonplaats": None, "gemeentecode": None}
        return {"woonplaats": match.municipality_name, "gemeentecode": match.municipality_code}


async def _match(matcher: Callable[[str | None], T | None], value: Any, tracker: Tracker) -> T | None:
    """Match the extracted value; if that fails, the whole message ("nee, ik bedoel voortgezet onderwijs")."""
    found = await query(matcher, _text(value))
    if found is None:
        message = tracker.latest_message.get("text")
        if message and not message.startswith("/"):
            found = await query(matcher, message)
    return found


def _text(value: Any) -> str | None:
    if isinstance(value, list):  # several entities of one kind: take the last one said
        value = value[-1] if value else None
    return None if value is None else str(value)
