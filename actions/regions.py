"""The regional contact: the desk that serves the visitor's municipality and sector."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.facts import slot_events
from actions.guard import answers_on_error
from actions.questions import answer_if_sure
from actions.store import query, repository
from actions.wording import source_line
from knowledge.intake_words import NO_PLACE
from knowledge.places import display_name
from knowledge.questions import is_question
from knowledge.repository import DeskInfo

UNSURE_ABOUT_DESKS = "Dat weet ik niet zeker. Het landelijke Onderwijsloket weet het wel:"
ASK_PLACE = "Zoek je een regioloket bij jou in de buurt? Vertel me dan in welke plaats je woont."


def desk_message(desk: DeskInfo) -> str:
    lines = [f"{desk.name}: {desk.website}"]
    if desk.email:
        lines.append(f"E-mail: {desk.email}")
    if desk.phone:
        lines.append(f"Telefoon: {desk.phone}")
    if desk.consult_url:
        lines.append(f"Plan een gratis adviesgesprek: {desk.consult_url}")
    lines.append(source_line(desk.source, desk.peildatum))
    return "\n".join(lines)


class ActionGeefRegioloket(Action):
    def name(self) -> str:
        return "action_geef_regioloket"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        # What the message tells about the visitor is kept for the intake ("Ik ben leraar uit India en woon nu in
        # Eindhoven. Kan ik hier leraar worden?" asks for the desk, and tells who they are).
        told = await query(repository().read_message, text) if text and not text.startswith("/") else None
        events: List[Dict[str, Any]] = slot_events(told) if told else []
        code, place = tracker.get_slot("gemeentecode"), tracker.get_slot("woonplaats")
        place = None if place == NO_PLACE else place
        sector = tracker.get_slot("sector") or (told.sector if told else None)
        asked_unsure = False
        if not code:
            # Asked outside the intake ("welk loket is er in Utrecht?"): look at what was said.
            mentioned = next(tracker.get_latest_entity_values("plaats"), None)
            match = await query(repository().resolve_place, mentioned) if mentioned else None
            match = match or (told.place if told else None)
            if match:
                code, place = match.municipality_code, match.municipality_name
                events += [SlotSet("woonplaats", place), SlotSet("gemeentecode", code)]
            elif is_question(text):
                if await answer_if_sure(dispatcher, tracker, text):
                    return events  # "wat is die routetool van het onderwijsloket?": about the desk, not for one
                asked_unsure = True
        desks = await query(repository().desks_for_municipality, code, sector)
        regional = [d for d in desks if not d.is_national]
        place = display_name(place) if place else place
        if regional:
            intro = f"Voor persoonlijk advies in {place} kun je terecht bij dit regioloket:" if len(regional) == 1 \
                else f"Voor persoonlijk advies in {place} kun je terecht bij deze regioloketten:"
            dispatcher.utter_message(text=intro)
            for desk in regional:
                dispatcher.utter_message(text=desk_message(desk))
        else:
            if asked_unsure:  # "sinds wanneer bestaat het onderwijsloket?" with no answer in the store: honest
                dispatcher.utter_message(text=UNSURE_ABOUT_DESKS)
                dispatcher.utter_message(text=desk_message(desks[0]))
                dispatcher.utter_message(text=ASK_PLACE)
                return events
            where = f"Voor {place} ken ik geen regioloket." if place else (
                "Je hoeft niet te zeggen waar je woont." if tracker.get_slot("woonplaats") == NO_PLACE
                else "Ik weet nog niet waar je woont.")
            dispatcher.utter_message(text=f"{where} Het landelijke Onderwijsloket helpt je graag verder.")
            dispatcher.utter_message(text=desk_message(desks[0]))
        return events
