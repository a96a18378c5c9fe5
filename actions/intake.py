"""Validation of the intake form: maps free text to the store's ids and re-asks politely."""

from __future__ import annotations

import datetime as dt
from typing import Any, Awaitable, Callable, Dict, List, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.store import query, repository
from knowledge.intake_words import (
    NO_PREFERENCE,
    UNKNOWN_AGE,
    match_study_form,
    mentions_abroad,
    mentions_education,
    parse_age,
    statement_clauses,
    works_outside_education,
)

SECTOR_NEEDS_SUBJECT = "vo"
OUTSIDE_EDUCATION = "buiten-onderwijs"
TEACHER_FROM_ABROAD = "buitenlandse-bevoegdheid"
# Intents whose text may hold intake facts nobody asked for yet ("ik ben 34 en wil deeltijd ...").
FACT_INTENTS = frozenset({"wil_leraar_worden", "inform", "corrigeren"})
T = TypeVar("T")

UNKNOWN_DIPLOMA = "Dat diploma ken ik niet. Kies een van de knoppen, of typ bijvoorbeeld: havo, mbo 4 of hbo."
UNKNOWN_SECTOR = "Ik weet nog niet waar je wilt werken. Kies de basisschool, de middelbare school of het mbo."
UNKNOWN_SUBJECT = "Dat vak ken ik niet. Typ de naam van een schoolvak, bijvoorbeeld wiskunde."
UNKNOWN_PLACE = "Die plaats ken ik niet. Controleer de spelling, of geef je postcode (bijvoorbeeld 8011)."
UNKNOWN_STUDY_FORM = "Dat snap ik niet helemaal. Kies voltijd, deeltijd of werken en leren. Of typ: maakt niet uit."
UNKNOWN_AGE_ANSWER = "Typ je leeftijd in cijfers, bijvoorbeeld: 34."


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
        skip: set[str] = set()
        # Only the voortgezet onderwijs has a subject per bevoegdheid; skip the question elsewhere.
        if tracker.get_slot("sector") != SECTOR_NEEDS_SUBJECT:
            skip.add("vak")
        # Age only changes the advice where a route has an age limit for this diploma (the 21+ rule).
        level = tracker.get_slot("vooropleiding")
        if not level or not await query(repository().age_matters, level):
            skip.add("leeftijd")
        return [slot for slot in domain_slots if slot not in skip]

    # --- facts said before they were asked (custom extraction) -------------------------------
    async def extract_situatie(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return await _extract_unasked(tracker, "situatie", OUTSIDE_EDUCATION, _situation_in)

    async def extract_studievorm(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        async def find(message: str | None) -> str | None:
            return match_study_form(message)

        return await _extract_unasked(tracker, "studievorm", NO_PREFERENCE, find)

    async def extract_leeftijd(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        async def find(message: str | None) -> str | None:
            age = parse_age(message)
            return None if age is None else str(age)

        return await _extract_unasked(tracker, "leeftijd", UNKNOWN_AGE, find)

    async def validate_vooropleiding(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        level = await _match(repository().match_education, value, tracker)
        if level is None:
            await _reask(dispatcher, tracker, "vooropleiding", UNKNOWN_DIPLOMA)
            return {"vooropleiding": None}
        # "een master uit Syrië": the advice then adds what to do about a diploma from abroad.
        return {"vooropleiding": level, "buitenlands_diploma": mentions_abroad(_message(tracker))}

    async def validate_sector(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        sector = await _match(repository().match_sector, value, tracker)
        if sector is None:
            await _reask(dispatcher, tracker, "sector", UNKNOWN_SECTOR)
        return {"sector": sector}

    async def validate_vak(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        subject = await _match(repository().match_subject, value, tracker)
        if subject is None:
            await _reask(dispatcher, tracker, "vak", UNKNOWN_SUBJECT)
        return {"vak": subject}

    async def validate_woonplaats(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        match = await _match(repository().resolve_place, value, tracker)
        if match is None:
            await _reask(dispatcher, tracker, "woonplaats", UNKNOWN_PLACE)
            return {"woonplaats": None, "gemeentecode": None}
        return {"woonplaats": match.municipality_name, "gemeentecode": match.municipality_code}

    async def validate_situatie(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = _text(value)
        situation = await query(repository().match_situation, text) or await _situation_in(text)
        if situation is not None:
            return {"situatie": situation}
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
            dispatcher.utter_message(
                text="Ik noteer: je werkt nu niet in het onderwijs. Klopt dat niet? "
                "Typ dan bijvoorbeeld: ik ben onderwijsassistent."
            )
            return {"situatie": OUTSIDE_EDUCATION}
        return {"situatie": None}

    async def validate_studievorm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        form = match_study_form(_text(value))
        if form is None:
            await _reask(dispatcher, tracker, "studievorm", UNKNOWN_STUDY_FORM)
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


async def _extract_unasked(
    tracker: Tracker, slot: str, dont_know: str, find: Callable[[str | None], Awaitable[str | None]]
) -> Dict[str, Any]:
    """A fact for ``slot`` said in passing ("ik ben 34 en ..."); "weet ik niet" to its question gives ``dont_know``.

    When the slot's own question was asked, its from_text mapping reads the answer instead.
    """
    if _asked(tracker, slot):
        return {slot: dont_know} if _intent(tracker) == "weet_niet" else {}
    if _intent(tracker) not in FACT_INTENTS:
        return {}
    found = await find(_message(tracker))
    return {slot: found} if found is not None else {}


def _asked(tracker: Tracker, slot: str) -> bool:
    return tracker.get_slot("requested_slot") == slot


async def _reask(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, explanation: str) -> None:
    """Say why the answer did not fit, unless the message answered another question (then the form just asks again)."""
    if not await _about_other_facts(tracker, slot):
        dispatcher.utter_message(text=explanation)


SLOT_ENTITY = {"vooropleiding": "vooropleiding", "sector": "sector", "vak": "vak", "woonplaats": "plaats"}


async def _about_other_facts(tracker: Tracker, slot: str) -> bool:
    """The message gives another intake fact than the one asked ("Zwolle" when we asked the study form).

    Then the form keeps that fact and asks its question again, without saying the answer was wrong.
    """
    own_entity = SLOT_ENTITY.get(slot)
    if any(e.get("entity") != own_entity for e in tracker.latest_message.get("entities") or []):
        return True
    message = _message(tracker)
    if not message:
        return False
    if slot != "studievorm" and match_study_form(message):
        return True
    if slot != "leeftijd" and parse_age(message) is not None:
        return True
    return slot != "situatie" and await _situation_in(message) is not None


async def _situation_in(message: str | None) -> str | None:
    """The visitor's current situation, when a statement in the message says it (not a wish)."""
    clauses = statement_clauses(message)
    for clause in clauses:
        found = await query(repository().match_situation, clause)
        if found:
            return found
    if any(mentions_abroad(clause) and mentions_education(clause) for clause in clauses):
        return TEACHER_FROM_ABROAD
    if any(works_outside_education(clause) for clause in clauses):
        return OUTSIDE_EDUCATION
    return None


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _message(tracker: Tracker) -> str | None:
    text = tracker.latest_message.get("text")
    return None if not text or text.startswith("/") else text


async def _match(matcher: Callable[[str | None], T | None], value: Any, tracker: Tracker) -> T | None:
    """Match the extracted value; if that fails, the whole message ("nee, ik bedoel voortgezet onderwijs")."""
    found = await query(matcher, _text(value))
    message = _message(tracker)
    if found is None and message:
        found = await query(matcher, message)
    return found


def _text(value: Any) -> str | None:
    if isinstance(value, list):  # several entities of one kind: take the last one said
        value = value[-1] if value else None
    return None if value is None else str(value)
