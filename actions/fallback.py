"""Two-stage fallback, first stage: offer the two most likely topics as buttons (in Dutch)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

# How each intent is offered as a button ("Bedoel je ...?").
TOPICS = {
    "wil_leraar_worden": "Een route om leraar te worden",
    "inform": "Mijn gegevens doorgeven",
    "vraag_loket": "Het loket in mijn regio",
    "vraag_persoon": "Praten met een adviseur",
    "vraag_meer_info": "Meer over een route",
    "vraag_instellingen": "Waar kan ik studeren?",
    "vraag_evenementen": "Open dagen en webinars",
    "faq_zij_instroom": "Zij-instroom",
    "faq_kosten": "Wat het kost",
    "faq_lerarenbeurs": "De Lerarenbeurs",
    "faq_tegemoetkoming": "De Tegemoetkoming leraren",
    "faq_pdg": "Het PDG voor het mbo",
    "faq_educatieve_minor": "De educatieve minor",
    "faq_toelatingstoetsen": "Toetsen voor de pabo",
    "faq_rekentoets": "De rekentoets op de pabo",
    "faq_verschil_graden": "Eerstegraads of tweedegraads",
    "faq_buitenlands_diploma": "Een diploma uit het buitenland",
    "faq_duur": "Hoe lang het duurt",
    "faq_bevoegdheid": "Waar ik mag lesgeven",
}
DENY_PAYLOAD = "/out_of_scope"  # Rasa's two-stage fallback reads this intent as "no, none of these"


class ActionDefaultAskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        candidates = [r["name"] for r in ranking if r.get("name") in TOPICS][:2]
        buttons = [{"title": TOPICS[name], "payload": f"/{name}"} for name in candidates]
        buttons.append({"title": "Iets anders", "payload": DENY_PAYLOAD})
        dispatcher.utter_message(text="Ik weet niet zeker wat je bedoelt. Gaat het over een van deze onderwerpen?",
                                 buttons=buttons)
        return []
