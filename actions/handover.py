"""A person instead of the bot: the offer (a helpdesk agent now, or a call-back outside opening hours), consent, the
queue (the bot pauses itself until the agent hands back), and the call-back request.

What happens after the consent (claiming, the live chat, handing back) is the web app's helpdesk
(``bot/handover``); this side only puts the visitor in the queue and pauses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ConversationPaused, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.guard import answers_on_error
from actions.regions import desk_message
from actions.store import query, repository
from bot.handover.availability import HelpdeskAvailability, availability
from bot.stores.handover_store import HandoverStore

OFFER_SLOT = "overdracht_aanbod"  # "chat" or "terugbellen": what a "ja" to the offer starts
CHAT, CALLBACK = "chat", "terugbellen"
STOP_WAITING = {"title": "Stop met wachten", "payload": "/overdracht_stoppen"}
YES_NO = {
    CHAT: [{"title": "Ja, verbind me door", "payload": "/affirm"}, {"title": "Nee, liever niet", "payload": "/deny"}],
    CALLBACK: [{"title": "Ja, neem contact met me op", "payload": "/affirm"},
               {"title": "Nee, dank je", "payload": "/deny"}],
}
CALLBACK_SLOTS = ("terugbel_naam", "terugbel_contact", "terugbel_vraag", "terugbel_toestemming")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
PHONE_DIGITS = re.compile(r"^\+?\d{10,13}$")


def _store() -> HandoverStore:
    return HandoverStore()


def wait_text(status: HelpdeskAvailability) -> str:
    if status.waiting == 0:
        return "Er wacht nu niemand voor je. Meestal duurt het maar kort."
    people = "1 persoon" if status.waiting == 1 else f"{status.waiting} mensen"
    return f"Er wachten nu {people} voor je. Reken op ongeveer {status.expected_wait_minutes} minuten."


def offer_text(status: HelpdeskAvailability) -> str:
    if status.agents_available:
        return ("Ik kan je doorverbinden met een medewerker van het landelijk loket. " + wait_text(status) +
                " De medewerker leest dan dit gesprek en wat je me over jezelf vertelde. Vind je dat goed?")
    reason = "Er is nu geen medewerker online." if status.open_now else "De helpdesk is nu gesloten."
    return (f"{reason} We zijn er op {status.hours}. Laat je vraag en je gegevens achter. "
            "Dan nemen we contact met je op. Wil je dat?")


def metadata_of(tracker: Tracker) -> dict[str, Any]:
    """Where the conversation comes from (widget, kiosk id, page), as the channel sent it with the message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user" and event.get("metadata"):
            return event["metadata"]
    return {}


def topic_of(tracker: Tracker) -> str | None:
    """The visitor's last words that were not a button: what the agent sees as the subject in the queue."""
    for event in reversed(tracker.events):
        text = event.get("text") if event.get("event") == "user" else None
        if text and not text.startswith("/"):
            return text[:300]
    return None


class ActionVerwijsPersoon(Action):
    """"Kan ik iemand spreken?": the desks to contact, and the offer of a helpdesk agent or a call-back."""

    def name(self) -> str:
        return "action_verwijs_persoon"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        desks = await query(repository().desks_for_municipality, tracker.get_slot("gemeentecode"),
                            tracker.get_slot("sector"))
        regional = [d for d in desks if not d.is_national]
        dispatcher.utter_message(text="Wil je met een mens praten? Dat kan. Een adviseur denkt gratis met je mee.")
        if regional:
            dispatcher.utter_message(text=f"Het regioloket bij jou in de buurt:\n{desk_message(regional[0])}")
        national = await query(repository().national_desk)
        dispatcher.utter_message(text=f"Of plan een gesprek met het landelijke loket:\n{desk_message(national)}")
        status = await query(availability, _store())
        offer = CHAT if status.agents_available else CALLBACK
        dispatcher.utter_message(text=offer_text(status), buttons=YES_NO[offer])
        return [SlotSet(OFFER_SLOT, offer)]


class ActionOverdrachtJa(Action):
    """A "ja" to the offer: the queue (and the bot pauses), or the call-back form."""

    def name(self) -> str:
        return "action_overdracht_ja"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if tracker.get_slot(OFFER_SLOT) != CHAT:
            return [SlotSet(OFFER_SLOT, None), FollowupAction("terugbel_form")]
        meta = metadata_of(tracker)
        await query(_store().request, tracker.sender_id, meta.get("channel"), meta.get("kiosk_id"),
                    meta.get("page_url"), topic_of(tracker))
        dispatcher.utter_message(
            text="Je staat in de wachtrij. Een medewerker neemt het gesprek zo over. Je kunt hier gewoon typen: "
                 "de medewerker leest het. Wil je niet meer wachten? Tik dan op 'Stop met wachten'.",
            buttons=[STOP_WAITING])
        return [SlotSet(OFFER_SLOT, None), ConversationPaused()]


class ValidateTerugbelForm(FormValidationAction):
    """Name, e-mail address or phone number, the question, and consent to keep them."""

    def name(self) -> str:
        return "validate_terugbel_form"

    async def extract_terugbel_naam(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return self._typed(tracker, "terugbel_naam")

    async def extract_terugbel_contact(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return self._typed(tracker, "terugbel_contact")

    async def extract_terugbel_vraag(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return self._typed(tracker, "terugbel_vraag")

    async def extract_terugbel_toestemming(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if tracker.get_slot("requested_slot") != "terugbel_toestemming":
            return {}
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return {"terugbel_toestemming": {"affirm": "ja", "deny": "nee"}.get(intent, _text(tracker))}

    @staticmethod
    def _typed(tracker: Tracker, slot: str) -> Dict[str, Any]:
        text = _text(tracker)
        if tracker.get_slot("requested_slot") != slot or not text or text.startswith("/"):
            return {}
        return {slot: text}

    def validate_terugbel_naam(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        name = str(value).strip()
        if not 1 <= len(name) <= 100:
            dispatcher.utter_message(text="Schrijf je naam in 100 tekens of minder.")
            return {"terugbel_naam": None}
        return {"terugbel_naam": name}

    def validate_terugbel_contact(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict
                                  ) -> Dict[str, Any]:
        contact = str(value).strip()
        digits = re.sub(r"[\s().-]", "", contact)
        if EMAIL.match(contact) or PHONE_DIGITS.match(digits):
            return {"terugbel_contact": contact}
        dispatcher.utter_message(text="Dat kan ik niet gebruiken. Geef een mailadres of een nummer. "
                                      "Zo: naam@voorbeeld.nl of 06 12345678.")
        return {"terugbel_contact": None}

    def validate_terugbel_vraag(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        question = str(value).strip()
        if len(question) < 3:
            dispatcher.utter_message(text="Schrijf je vraag in een paar woorden.")
            return {"terugbel_vraag": None}
        return {"terugbel_vraag": question[:2000]}

    def validate_terugbel_toestemming(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict
                                      ) -> Dict[str, Any]:
        answer = str(value).strip().lower()
        if answer in ("ja", "nee"):
            return {"terugbel_toestemming": answer}
        dispatcher.utter_message(text="Tik op Ja of Nee.")
        return {"terugbel_toestemming": None}


def _text(tracker: Tracker) -> str:
    return (tracker.latest_message.get("text") or "").strip()


class ActionBewaarTerugbelverzoek(Action):
    """Stores the call-back request (only with consent) and says what happens next."""

    def name(self) -> str:
        return "action_bewaar_terugbelverzoek"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        clear = [SlotSet(slot, None) for slot in CALLBACK_SLOTS]
        if tracker.get_slot("terugbel_toestemming") != "ja":
            dispatcher.utter_message(text="Dan bewaar ik niets. Je kunt het landelijk loket ook zelf bereiken via "
                                          "https://www.onderwijsloket.com. Heb je nog een vraag aan mij?")
            return clear
        meta = metadata_of(tracker)
        await query(_store().add_callback, tracker.sender_id, meta.get("channel"), meta.get("kiosk_id"),
                    tracker.get_slot("terugbel_naam"), tracker.get_slot("terugbel_contact"),
                    tracker.get_slot("terugbel_vraag"), True, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
        dispatcher.utter_message(
            text=f"Dank je, {tracker.get_slot('terugbel_naam')}. Je vraag staat bij de helpdesk. Een medewerker neemt "
                 f"op een werkdag contact met je op via {tracker.get_slot('terugbel_contact')}.")
        return clear
