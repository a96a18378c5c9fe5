"""Validation of the intake form: maps free text to the store's ids and re-asks politely."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Dict, List, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.facts import STUDYING_SLOT, TARGET_SLOT, slot_values
from actions.guard import answers_on_error
from actions.questions import ONE_FIRST_STEP, PERSON_BUTTON, answer_if_sure
from actions.store import query, repository
from knowledge.intake_words import (
    NO_PLACE,
    NO_PREFERENCE,
    UNKNOWN_AGE,
    match_study_form,
    mentions_abroad,
    mentions_education,
    parse_age,
    statement_clauses,
)
from knowledge.message_reader import GENERIC_SITUATIONS, QUALIFIED_SITUATIONS, target_fits_sector
from knowledge.questions import asks_something, is_question

SECTOR_NEEDS_SUBJECT = "vo"
OUTSIDE_EDUCATION = "buiten-onderwijs"
T = TypeVar("T")

UNKNOWN_DIPLOMA = "Dat diploma ken ik niet. Kies een van de knoppen, of typ bijvoorbeeld: havo, mbo 4 of hbo."
UNKNOWN_SECTOR = "Ik weet nog niet waar je wilt werken. Kies de basisschool, de middelbare school of het mbo."
UNKNOWN_SUBJECT = "Dat vak ken ik niet. Typ de naam van een schoolvak, bijvoorbeeld wiskunde."
UNKNOWN_PLACE = "Die plaats ken ik niet. Controleer de spelling, of geef je postcode (bijvoorbeeld 8011)."
UNKNOWN_STUDY_FORM = "Dat snap ik niet helemaal. Kies voltijd, deeltijd of werken en leren. Of typ: maakt niet uit."
UNKNOWN_AGE_ANSWER = "Typ je leeftijd in cijfers, bijvoorbeeld: 34."
UNSURE_IN_INTAKE = ("Je vraag: dat weet ik niet zeker. Het Onderwijsloket weet het wel: {website} "
                    "Ik ga nu eerst verder met mijn vragen.")
OUTSIDE_NOTED = ("Ik noteer: je werkt nu niet in het onderwijs. Klopt dat niet? "
                 "Typ dan bijvoorbeeld: ik ben onderwijsassistent.")
STUCK = "Het lukt me nog niet om je antwoord te begrijpen. Kies een knop. Of praat met een adviseur, dat kan ook."
NOTED_STILL_ASKING = ("Dank je, dat heb ik genoteerd. Ik heb nog één antwoord nodig. "
                      "Kies een knop, of praat met een adviseur.")
QUESTION_INTENT = "vraag"
QUESTION_ACTION = "action_beantwoord_vraag"
# "weet ik niet" to these questions is an answer: no preference, age unknown.
# What "weet ik niet" answers: the two questions that only refine the advice (asked twice without an answer, the
# intake moves on with these too), and the place, which a visitor may keep to themselves only by saying so.
DONT_KNOW = {"studievorm": NO_PREFERENCE, "leeftijd": UNKNOWN_AGE}
SAID_DONT_KNOW = {**DONT_KNOW, "woonplaats": NO_PLACE}
# Keeping one's place to oneself: the button, or words that say so ("zeg ik liever niet", "sla maar over").
_DECLINES = re.compile(r"^/weet_niet$|liever niet|wil ik niet|zeg ik niet|vertel ik niet|overslaan|sla\b.*\bover\b")


def declines(text: str | None) -> bool:
    return bool(_DECLINES.search((text or "").strip().lower()))
# Entities of button payloads ("/inform{\"vooropleiding\":\"havo\"}") and their slots.
ENTITY_SLOT = {"vooropleiding": "vooropleiding", "sector": "sector", "vak": "vak", "plaats": "woonplaats",
               "situatie": "situatie", "studievorm": "studievorm", "leeftijd": "leeftijd"}
# Slots filled together from one fact: the place and its municipality code.
SAME_FACT = {"woonplaats": ("gemeentecode",)}
# Messages that are no answer to an intake question: rules answer them, then the form asks again.
NOT_AN_ANSWER = frozenset({"stoppen", "goodbye", "english", "leeg_bericht", "te_lang_bericht", "geen_woorden",
                           "greet", "vraag_persoon", "vraag_meer_info", "vraag_instellingen", "chitchat",
                           "out_of_scope", "vraag_loket", "thank"})


class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        if _is_question_turn(tracker):
            # action_beantwoord_vraag answered it; a question is no answer to the intake's question. The form goes on
            # with this form's next question (left to Rasa, it would ask the domain's first empty slot, even one
            # this visitor is never asked, such as a teacher's diploma).
            next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
            return [next_slot] if next_slot else []
        message = _message(tracker)
        if message and is_question(message) and _answering_the_form(tracker):
            # "ben ik niet te oud? ik ben 56": the fact goes into the intake, the question gets its answer.
            if not await answer_if_sure(dispatcher, tracker, message) and asks_something(message):
                national = await query(repository().national_desk)
                dispatcher.utter_message(text=UNSURE_IN_INTAKE.format(website=national.website))
        extracted = _keep_qualification(tracker, await self.get_extraction_events(dispatcher, tracker, domain))
        # The raw text kept for an asked slot is only for its validation to explain; a slot this visitor is not
        # asked (Rasa does not validate it) never keeps it ("apeldoorn" is no diploma).
        # Only the asked slot ever gets the raw text: "havo" read as a diploma while the study form was asked is a fact.
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        asked = tracker.get_slot("requested_slot")
        extracted = [e for e in extracted
                     if e["name"] in required or e["name"] != asked or e.get("value") != message]
        tracker.add_slots(extracted)
        validated = await self._extract_validation_events(dispatcher, tracker, domain)
        # Facts outside the form's questions (what they study now, where they want to teach) are kept as read.
        names = {event["name"] for event in validated if event.get("event") == "slot"}
        events = [event for event in extracted if event["name"] not in names] + validated
        return events + _target_out_of_sector(tracker, events)

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        skip: set[str] = set()
        # A pupil or student ("ik zit in 6 vwo") is not asked for a diploma they do not have yet.
        if tracker.get_slot(STUDYING_SLOT) and not tracker.get_slot("vooropleiding"):
            skip.add("vooropleiding")
        # A teacher (here or abroad) has a bevoegdheid; the advice follows from it, not from their diploma. A teacher
        # from abroad starts with DUO's recognition, a returner with applying: how they would like to study does not
        # change that first step.
        situation = tracker.get_slot("situatie")
        if situation in QUALIFIED_SITUATIONS:
            skip.add("vooropleiding")
        if situation in ONE_FIRST_STEP:
            skip.add("studievorm")
        # Only the voortgezet onderwijs has a subject per bevoegdheid; skip the question elsewhere.
        if tracker.get_slot("sector") != SECTOR_NEEDS_SUBJECT:
            skip.add("vak")
        # Age only changes the advice where a route has an age limit for the diploma they have (the 21+ rule); a
        # pupil or student meets no such limit with the diploma they are still studying for.
        level = tracker.get_slot("vooropleiding")
        if not level or not await query(repository().age_matters, level):
            skip.add("leeftijd")
        return [slot for slot in domain_slots if slot not in skip]

    # --- one reading of each message (custom extraction for every intake slot) ---------------
    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        """The intake facts of this turn, read once by the store's message reader (or a button's entities)."""
        return [SlotSet(slot, value) for slot, value in (await _facts_of_turn(tracker)).items()]

    async def validate_vooropleiding(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        level = await _match(repository().match_education, value)
        if level is None:
            await _reask(dispatcher, tracker, "vooropleiding", UNKNOWN_DIPLOMA)
            return {"vooropleiding": None}
        # "een master uit Syrië": the advice then adds what to do about a diploma from abroad.
        return {"vooropleiding": level, "buitenlands_diploma": mentions_abroad(_message(tracker))}

    async def validate_sector(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        sector = await _match(repository().match_sector, value)
        if sector is None:
            await _reask(dispatcher, tracker, "sector", UNKNOWN_SECTOR)
        return {"sector": sector}

    async def validate_vak(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        subject = await _match(repository().match_subject, value)
        if subject is None:
            await _reask(dispatcher, tracker, "vak", UNKNOWN_SUBJECT)
        return {"vak": subject}

    async def validate_woonplaats(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if value == NO_PLACE:  # "zeg ik liever niet": no place is needed for an advice, only for a regional desk
            return {"woonplaats": NO_PLACE, "gemeentecode": None}
        # "middelbare school" when the place was asked answers another question: it is no misspelt village.
        other_answer = value == _message(tracker) and await _about_other_facts(tracker, "woonplaats")
        match = None if other_answer else await _match(repository().resolve_place, value)
        if match is None:
            await _reask(dispatcher, tracker, "woonplaats", UNKNOWN_PLACE)
            return {"woonplaats": None, "gemeentecode": None}
        return {"woonplaats": match.municipality_name, "gemeentecode": match.municipality_code}

    async def validate_situatie(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = _text(value)
        situation = await query(repository().match_situation, text)
        if situation is not None:
            return {"situatie": situation}
        if _times_asked(tracker, "situatie") >= 2:
            # Asked twice without an answer that fits: go on as someone outside education, and say so.
            dispatcher.utter_message(text=OUTSIDE_NOTED)
            return {"situatie": OUTSIDE_EDUCATION}
        if await _about_other_facts(tracker, "situatie"):
            return {"situatie": None}  # "Zwolle" while we asked about work: keep the place, ask again
        if mentions_education(" . ".join(statement_clauses(text))):
            dispatcher.utter_message(
                text="Je werkt dus al in het onderwijs. Wat doe je daar precies? Kies een knop, "
                "of typ bijvoorbeeld: ik ben tweedegraads leraar."
            )
            return {"situatie": None}
        if _asked(tracker, "situatie"):
            # The buttons cover every situation inside education; any other answer means outside it.
            dispatcher.utter_message(text=OUTSIDE_NOTED)
            return {"situatie": OUTSIDE_EDUCATION}
        return {"situatie": None}

    async def validate_studievorm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        form = match_study_form(_text(value))
        if form is None and not await _about_other_facts(tracker, "studievorm"):
            await _reask(dispatcher, tracker, "studievorm", UNKNOWN_STUDY_FORM)  # "frans" says the subject: no miss
        return {"studievorm": form}

    async def validate_leeftijd(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if _text(value) == UNKNOWN_AGE:
            return {"leeftijd": UNKNOWN_AGE}
        age = parse_age(_text(value), asked=True, this_year=dt.date.today().year)
        if age is None:
            await _reask(dispatcher, tracker, "leeftijd", UNKNOWN_AGE_ANSWER)
            return {"leeftijd": None}
        return {"leeftijd": str(age)}


async def _facts_of_turn(tracker: Tracker) -> Dict[str, Any]:
    """What this message says for the intake: one path for every slot.

    A button's payload gives its entities; free text goes through the store's message reader,
    which tells what the visitor has from what they study and what they want. The asked slot
    gets the raw text when the reader found nothing for it, so its validation can explain.
    """
    asked = tracker.get_slot("requested_slot")
    intent = _intent(tracker)
    if intent == "weet_niet":
        if asked == "woonplaats" and not declines(tracker.latest_message.get("text")):
            return {}  # "geen idee" or "maakt niet uit" is no refusal to say where one lives: asked again
        return {asked: SAID_DONT_KNOW[asked]} if asked in SAID_DONT_KNOW else {}
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):
        return {ENTITY_SLOT.get(e["entity"], e["entity"]): e.get("value")
                for e in tracker.latest_message.get("entities") or [] if e.get("entity") in ENTITY_SLOT}
    if intent in NOT_AN_ANSWER or not text.strip():
        return {}
    facts = await query(repository().read_message, text)
    values = slot_values(facts)
    if asked and asked not in values and not (asked == "vooropleiding" and facts.studying):
        # A question that only refines the advice, asked twice without an answer: no preference, move on.
        values[asked] = DONT_KNOW[asked] if asked in DONT_KNOW and _times_asked(tracker, asked) >= 2 else text
    return values


def _target_out_of_sector(tracker: Tracker, events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """ "middelbare school" after a pabo student's "basisschool": the new sector wins, and where they wanted to
    teach before (groep 1-8) no longer holds, so the recommender never gets vo with a po target."""
    told = {event["name"]: event.get("value") for event in events if event.get("event") == "slot"}
    if "sector" not in told or TARGET_SLOT in told:
        return []
    target = tracker.get_slot(TARGET_SLOT)
    if target is None or target_fits_sector(target, told["sector"]):
        return []
    return [SlotSet(TARGET_SLOT, None)]


def _times_asked(tracker: Tracker, slot: str) -> int:
    """How often the form asked this slot since it was last activated."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") is None:
            break
        # The form asks with the response utter_ask_<slot>; Rasa logs it as a bot message with that name.
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == f"utter_ask_{slot}":
            count += 1
    return count


def _answering_the_form(tracker: Tracker) -> bool:
    """The message came in while the form was asking, and no rule answered its question already.

    On activation Rasa validates with no active loop yet: the rule that started the intake answered then.
    """
    return bool(tracker.active_loop) and tracker.latest_action_name != QUESTION_ACTION


def _keep_qualification(tracker: Tracker, events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """A teacher with a bevoegdheid who adds "ik werk nu in de kinderopvang" stays a teacher for the advice."""
    if tracker.get_slot("situatie") not in QUALIFIED_SITUATIONS:
        return events
    return [e for e in events if not (e.get("name") == "situatie" and e.get("value") in GENERIC_SITUATIONS)]


def _is_question_turn(tracker: Tracker) -> bool:
    """The visitor asked something in the middle of the intake ("wat kost dat eigenlijk?")."""
    return _intent(tracker) == QUESTION_INTENT and is_question(tracker.latest_message.get("text"))


def _asked(tracker: Tracker, slot: str) -> bool:
    return tracker.get_slot("requested_slot") == slot


async def _reask(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, explanation: str) -> None:
    """Say why the answer did not fit, unless the message answered another question (then the form just asks again).

    Asked twice already without an answer that fits: offer a person, so that nobody stays stuck in a loop.
    """
    other_facts = await _about_other_facts(tracker, slot)
    if _times_asked(tracker, slot) >= 2:
        # An answer to another question is progress, not a misunderstanding; a person is offered either way.
        dispatcher.utter_message(text=NOTED_STILL_ASKING if other_facts else STUCK, buttons=[PERSON_BUTTON])
    elif not other_facts:
        dispatcher.utter_message(text=explanation)


async def _about_other_facts(tracker: Tracker, slot: str) -> bool:
    """The message gives another intake fact than the one asked ("Zwolle" when we asked the study form).

    Then the form keeps that fact and asks its question again, without saying the answer was wrong.
    """
    message = _message(tracker)
    if not message:
        return False
    facts = await query(repository().read_message, message)
    same_fact = {slot, *SAME_FACT.get(slot, ())}
    return any(other not in same_fact for other in slot_values(facts))


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _message(tracker: Tracker) -> str | None:
    text = tracker.latest_message.get("text")
    return None if not text or text.startswith("/") else text


async def _match(matcher: Callable[[str | None], T | None], value: Any) -> T | None:
    """The store's id for a value the reader or a button gave, or for the raw answer to the asked question."""
    return await query(matcher, _text(value))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
