"""Answers questions from the knowledge store at run time, or says honestly that it is not sure.

One path for every question: the action server retrieves the closest topic of the store (an FAQ
row, a route or a funding scheme, see :mod:`knowledge.questions`) and answers from it with its
source. Below the calibrated confidence it never gives a neighbouring answer: it says it is not
sure, offers the two closest topics as buttons and refers to the national desk. New FAQ rows are
found after ``python -m knowledge load``, without retraining.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.facts import profile_of, slot_events, slot_values
from actions.faq import faq_message
from actions.guard import answers_on_error
from actions.profile import profile_from
from actions.store import query, repository
from actions.wording import and_list, date, duration, source_line
from knowledge.message_reader import RETURNER, TEACHER_FROM_ABROAD, MessageFacts
from knowledge.questions import (
    QuestionMatch,
    Topic,
    asks_for_a_route,
    asks_for_own_route,
    asks_something,
    is_question,
    question_part,
)
from knowledge.recommender import RouteAdvice
from knowledge.repository import CONTEXT_ROUTES, DeskInfo, TopicAnswer
from knowledge.text import or_list

MAX_INSTITUTIONS = 5
FIRST_ROUTES = 2
TOPIC_ENTITY = "onderwerp"
# Intents that start the intake: a question in them gets the first routes for what the message tells,
# else the FAQ answer when the bot is sure, else an honest "not sure"; then the intake starts.
PERSON_BUTTON = {"title": "Praat met een adviseur", "payload": "/vraag_persoon"}
INTAKE_INTENTS = frozenset({"wil_leraar_worden", "inform"})
# Intents with their own answer when the store has nothing better.
ONE_FIRST_STEP = frozenset({TEACHER_FROM_ABROAD, RETURNER})
ENGLISH = "english"
OWN_RESPONSE = {"out_of_scope": "utter_out_of_scope", "chitchat": "utter_chitchat", "weet_niet": "utter_chitchat",
                ENGLISH: "utter_english"}
# Intents whose own answer is small talk: a real question read as one of them gets the store's answer or an
# honest "not sure", never "Ik ben een digitale assistent".
SMALL_TALK = frozenset({"chitchat", "weet_niet"})
QUESTION_BEFORE_INTAKE = ("Dat weet ik niet zeker. Ik moet eerst meer over je weten. "
                          "Daarom stel ik je een paar vragen. Het Onderwijsloket helpt je ook: {website}")
# FAQ rows about the desks; with a place named, the place's own desk is the answer.
DESK_TOPICS = frozenset({"regioloket", "onderwijsloket", "adviesgesprek"})
DESK_ACTION = "action_geef_regioloket"
PLACE_SLOTS = frozenset({"woonplaats", "gemeentecode"})
# A question with these words asks for a desk, even when it also names a programme.
DESK_WORDS = re.compile(r"loket|adviseur|advies|contact|terecht", re.IGNORECASE)
FOREIGN_DIPLOMA_TOPIC = "buitenlands-diploma"
FOREIGN_TEACHERS_EN = ("Are you a teacher with a diploma from another country? Your first step is to ask DUO to "
                       "recognise it (erkenning). Source: {source} (peildatum {peildatum}).")
ROUTES_NOT_THE_ANSWER = ("Het antwoord op je precieze vraag weet ik niet zeker. "
                         "Het Onderwijsloket helpt je verder: {website}")
FULL_ADVICE_OFFER = "Wil je een advies dat precies bij je past? Dan stel ik je een paar vragen."
WHERE = "waar"
FIND_ROUTE_BUTTON = {"title": "Zoek een route die bij mij past", "payload": "/wil_leraar_worden"}
INTAKE_FORM = "intake_form"


def topic_payload(topic: Topic) -> str:
    """The button payload that asks the bot about exactly this topic."""
    return "/vraag" + json.dumps({TOPIC_ENTITY: f"{topic.kind}:{topic.id}"})


def parse_topic(value: str | None) -> tuple[str, str] | None:
    """ "faq:kosten" -> ("faq", "kosten"); None for anything else."""
    if not value or ":" not in value:
        return None
    kind, _, topic_id = value.partition(":")
    return (kind, topic_id) if kind in ("faq", "route", "funding") and topic_id else None


def route_text(answer: TopicAnswer) -> str:
    """A route card that leads with the asked aspect (how long, what it costs, where, who may start)."""
    route = answer.route
    assert route is not None
    lines = [f"{route.name}: {route.summary}"]
    aspect_lines = {
        "duur": f"Hoe lang: {duration(route.duration_months)}" + (f", {route.ec} EC." if route.ec else ".")
                + (f" {route.duration_note}" if route.duration_note else ""),
        "kosten": f"Kosten: {route.costs}" + _funding_line(route),
        "toelating": (f"Wie mag beginnen: je hebt {or_list(answer.entry_levels)}." if answer.entry_levels
                      else ""),
        "waar": _where_line(answer),
    }
    order = [answer.aspect] if answer.aspect in aspect_lines else []
    order += [a for a in ("duur", "toelating") if a not in order]
    lines += [aspect_lines[a] for a in order if aspect_lines[a]]
    lines.append(f"Vorm: {' of '.join(route.forms)}.")
    lines.append(f"Je krijgt: {route.result}. {route.qualification_explanation}")
    lines.append(source_line(route.source, route.peildatum, route.confirmed and route.qualification_confirmed))
    return "\n".join(lines)


def _funding_line(route) -> str:
    """The schemes (with an amount) that can help anyone on the route pay for it; collegegeld itself and who pays
    are in the costs text already."""
    names = [f.name for f in route.funding if f.amount and "collegegeld" not in f.name.lower() and not f.situations]
    return f" Geld dat kan helpen: {and_list(names)}." if names else ""


def _where_line(answer: TopicAnswer) -> str:
    route = answer.route
    assert route is not None
    if not answer.institutions:
        return route.where or "Waar je kunt beginnen, vertelt het regioloket je."
    names = [f"{i.name} ({i.city})" for i in answer.institutions[:MAX_INSTITUTIONS]]
    more = len(answer.institutions) - len(names)
    tail = f" Er zijn er nog {more} meer." if more > 0 else ""
    return f"Je kunt dit volgen bij {and_list(names)}.{tail}"


def funding_text(answer: TopicAnswer) -> str:
    funding = answer.funding
    assert funding is not None
    lines = [f"{funding.name}: {funding.summary}"]
    if funding.amount:
        lines.append(f"Bedrag: {funding.amount}")
    lines.append(source_line(funding.source, funding.peildatum, funding.confirmed))
    return "\n".join(lines)


def answer_text(answer: TopicAnswer) -> str:
    """The bot's answer for one topic, always with its source and peildatum."""
    if answer.faq is not None:
        return faq_message(answer.faq)
    if answer.route is not None:
        return route_text(answer)
    return funding_text(answer)


def first_routes_text(advice: list[RouteAdvice], subject: str | None = None) -> str:
    """A short first answer from what one message said; the intake then asks the rest."""
    lines = [f"Kort antwoord, met wat je nu vertelt{f' (vak: {subject})' if subject else ''}:"]
    for item in advice:
        lines.append(f"- {item.name} ({duration(item.duration_months)}). {item.summary}")
        lines.append(f"  {item.main_reason} Je krijgt: {item.result}.")
        lines.append(f"  {source_line(item.source, item.peildatum, item.confirmed)}")
    return "\n".join(lines)


def unsure_text(national: DeskInfo) -> str:
    return ("Dat weet ik niet zeker. Ik wil je geen verkeerd antwoord geven. "
            f"Het Onderwijsloket weet het wel: {national.website}\n"
            "Gaat je vraag misschien over een van deze onderwerpen?")


def unsure_buttons(match: QuestionMatch) -> list[dict[str, str]]:
    """The two closest topics, the intake, and a person (the helpdesk, or a call-back outside its hours)."""
    buttons = [{"title": topic.title, "payload": topic_payload(topic)} for topic in match.alternatives(2)]
    return [*buttons, FIND_ROUTE_BUTTON, PERSON_BUTTON]


class ActionBeantwoordVraag(Action):
    def name(self) -> str:
        return "action_beantwoord_vraag"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        chosen = parse_topic(next(tracker.get_latest_entity_values(TOPIC_ENTITY), None))
        if chosen is not None:  # a button of an earlier "not sure" answer
            topic = await query(repository().topic, *chosen)
            if topic is not None and await answer_topic(dispatcher, tracker, topic, None):
                return []
        text = tracker.latest_message.get("text") or ""
        asked = is_question(text)
        in_intake = (tracker.active_loop or {}).get("name") == INTAKE_FORM
        if intent in OWN_RESPONSE and not asked:
            told = await query(repository().read_message, text)
            if in_intake and slot_values(told):
                return slot_events(told)  # "Kapelle, bij Goes" in the intake is a fact, never out of scope
            await self._own_response(dispatcher, tracker, intent, told)
            return slot_events(told)
        if (intent in INTAKE_INTENTS or in_intake) and not asked:
            # "ik wil leraar worden" or "op de fiets" as an intake answer: nothing was asked;
            # the intake starts or its validation says what it needs.
            return []
        told = await query(repository().read_message, text)
        if not asked and not in_intake and told.place and set(slot_values(told)) <= PLACE_SLOTS:
            return _desk_for_place(told)  # "Gorinchem" after the advice: the desk there, never "not sure"
        match = await query(repository().match_question, text, context=earlier_messages(tracker),
                         routes=await context_routes(tracker))
        where = await where_to_study(text, told) if asked and not in_intake and await _only_where(text, told) else None
        if where is not None:  # "pabo in de buurt van Eindhoven?", "ad pep in Zwolle?": where that route is followed
            dispatcher.utter_message(text=answer_text(where), buttons=[FIND_ROUTE_BUTTON])
            return []
        desk_for_place = _desk_question_with_place(match, text, told) if asked and not in_intake else []
        if desk_for_place:  # "Is er een regioloket in Middelburg?": that place's desk, from the regional data
            return desk_for_place
        if intent in INTAKE_INTENTS:
            await before_intake(dispatcher, tracker, told, match)
            return []  # the intake asks the rest and reads the facts of this message itself
        if intent in OWN_RESPONSE:
            if intent in SMALL_TALK and asks_something(text):
                await self._answer_or_abstain(dispatcher, tracker, text, match, told)
            elif not await answer_match(dispatcher, tracker, match):
                await self._own_response(dispatcher, tracker, intent, told)
            elif intent == ENGLISH:  # the answer is in Dutch: say where to get help in English too
                dispatcher.utter_message(response=OWN_RESPONSE[ENGLISH])
        else:
            await self._answer_or_abstain(dispatcher, tracker, text, match, told)
        return slot_events(told)

    async def _own_response(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, intent: str, told: MessageFacts
    ) -> None:
        """Small talk, out of scope or English. "I am a teacher from Ukraine, I live in Lelystad" still tells who
        they are: the routes that fit come first, in Dutch, then the pointer in English."""
        if intent == ENGLISH:
            await first_routes(dispatcher, told)
        dispatcher.utter_message(response=OWN_RESPONSE[intent])
        if intent == ENGLISH:
            await foreign_teachers_in_english(dispatcher, tracker)

    async def _answer_or_abstain(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, text: str, match: QuestionMatch, told: MessageFacts
    ) -> None:
        """The store's answer when sure; else the routes for what the visitor told ("Ik ben juf in groep 7 en
        wil wiskunde geven op het vmbo. Welke bevoegdheid heb ik nodig?"); else "not sure" with two topics."""
        if asks_for_own_route(text) and await first_routes(dispatcher, told):
            # "Ik ben juf en wil wiskunde geven op het vmbo. Welke bevoegdheid heb ik nodig?": their way in
            dispatcher.utter_message(text=FULL_ADVICE_OFFER, buttons=[FIND_ROUTE_BUTTON])
            return
        if await answer_match(dispatcher, tracker, match):
            return
        where = await where_to_study(text, told) if match.aspect == WHERE else None
        if where is not None:
            dispatcher.utter_message(text=answer_text(where))
            return
        if await first_routes(dispatcher, told):
            # The routes fit the person; the question itself may ask more than they tell.
            national = await query(repository().national_desk)
            dispatcher.utter_message(text=ROUTES_NOT_THE_ANSWER.format(website=national.website))
            dispatcher.utter_message(text=FULL_ADVICE_OFFER, buttons=[FIND_ROUTE_BUTTON])
            return
        national = await query(repository().national_desk)
        dispatcher.utter_message(text=unsure_text(national), buttons=unsure_buttons(match))


async def foreign_teachers_in_english(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Who writes in English is often a teacher from abroad: their first step (DUO's recognition), from the store;
    once per conversation."""
    said = FOREIGN_TEACHERS_EN.split("?")[0]
    if any(event.get("event") == "bot" and (event.get("text") or "").startswith(said) for event in tracker.events):
        return
    row = await query(repository().faq, FOREIGN_DIPLOMA_TOPIC)
    if row is not None:
        dispatcher.utter_message(text=FOREIGN_TEACHERS_EN.format(source=row.source, peildatum=date(row.peildatum)))


async def before_intake(
    dispatcher: CollectingDispatcher, tracker: Tracker, facts: MessageFacts, match: QuestionMatch
) -> None:
    """ "Ik heb een master wiskunde uit Syrië. Hoe kan ik hier docent worden?": the routes for what the
    message tells come first (a general FAQ text would miss the person); then the FAQ, else honestly
    "not sure"."""
    text = tracker.latest_message.get("text") or ""
    if not asks_for_a_route(text) and await answer_match(dispatcher, tracker, match):
        return  # "ik ben eerstegraads docent, mag ik ook in het mbo lesgeven?": a fact, not a way in
    if not await first_routes(dispatcher, facts) and not await answer_match(dispatcher, tracker, match):
        national = await query(repository().national_desk)
        dispatcher.utter_message(text=QUESTION_BEFORE_INTAKE.format(website=national.website))


async def first_routes(dispatcher: CollectingDispatcher, facts: MessageFacts) -> bool:
    """The best routes for what the message tells; False when it tells too little for that."""
    profile = profile_of(facts)
    who = profile.education_level or profile.studying or profile.situation
    where = profile.sector or profile.target_level
    # A teacher from abroad or a returner has one first step wherever they want to teach: DUO's recognition,
    # or applying with the bevoegdheid they have.
    if not who or not (where or profile.situation in ONE_FIRST_STEP):
        return False
    advice = (await query(repository().recommend, profile, FIRST_ROUTES if where else 1)).advice
    if not (profile.education_level or profile.studying):
        # Without a diploma only the routes made for their situation are sure to be open ("ik ben
        # onderwijsassistent": not the verkorte pabo, which needs an hbo-diploma).
        advice = [item for item in advice if item.for_situation]
    if advice:
        subject = await query(repository().name_of, "subject", profile.subject) if profile.subject else None
        dispatcher.utter_message(text=first_routes_text(advice, subject))
    return bool(advice)


async def answer_before_intake(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """What the vraag action does for a first message that starts the intake: a question in it is answered
    (routes for what it tells, the store's answer, or honestly "not sure"); a plain statement gets nothing."""
    text = tracker.latest_message.get("text") or ""
    if not is_question(text):
        return
    match = await query(repository().match_question, text, context=earlier_messages(tracker),
                         routes=await context_routes(tracker))
    told = await query(repository().read_message, text)
    await before_intake(dispatcher, tracker, told, match)


async def where_to_study(text: str, facts: MessageFacts | None = None) -> TopicAnswer | None:
    """ "Pabo in de buurt van Zwolle?", "welke hogescholen hebben een lerarenopleiding biologie?": the route the
    question names, with its institutions for the subject and place said; None when it names no route.
    ``facts``: the message as the reader read it, when the caller has it already."""
    repo = repository()
    facts = facts or await query(repo.read_message, text)
    # The place is not what the question is about: without it the route's name stands out.
    about = re.sub(re.escape(facts.place.matched), " ", text, flags=re.IGNORECASE) if facts.place else text
    match = await query(repo.match_question, about)
    topic = match.chosen_for(WHERE) if match.confident else None
    if topic is not None and topic.kind == "faq":
        return None  # "vrijeschool pabo, waar kan je die volgen?": a topic of its own, whose answer says where
    if topic is None or topic.kind != "route":
        named = await query(repo.route_named, about)
        topic = await query(repo.topic, "route", named) if named else None
    if topic is None:
        return None
    return await query(repo.topic_answer, topic, WHERE, profile_of(facts))


async def _only_where(text: str, facts: MessageFacts) -> bool:
    """A question that names a route and a place, says nothing about the visitor and asks for no desk
    ("ad pep in Zwolle?")."""
    who = facts.diploma or facts.studying or facts.situation
    if not facts.place or who or DESK_WORDS.search(text):
        return False
    route_id = await query(repository().route_named, text)
    # "is er een wachtlijst voor de pabo bij Saxion in Deventer?" asks more than where: not the route card
    return bool(route_id) and await query(repository().asks_only_where, text, route_id, facts.place)


def _desk_question_with_place(match: QuestionMatch, text: str, told: MessageFacts) -> List[Dict[str, Any]]:
    """A question about the desks that names a place is answered by the regional desk action for that place
    ("Is er een regioloket in Middelburg?", "bij wie kan ik terecht in Rotterdam als ik leraar wil worden")."""
    asks_for_a_desk = bool(DESK_WORDS.search(question_part(text)))
    about_desks = match.best is not None and match.best.topic.id in DESK_TOPICS
    if not about_desks and not asks_for_a_desk:
        return []
    if told.situation in ONE_FIRST_STEP and not asks_for_a_desk:
        return []  # "Ik was leraar in Engeland, woon in Den Haag. Kan ik hier lesgeven?": their first step, not a desk
    return _desk_for_place(told) if told.place is not None else []


def _desk_for_place(told: MessageFacts) -> List[Dict[str, Any]]:
    """The place becomes the visitor's place, and the regional desk action answers for it."""
    place = told.place
    return [SlotSet("woonplaats", place.municipality_name), SlotSet("gemeentecode", place.municipality_code),
            FollowupAction(DESK_ACTION)]


async def answer_if_sure(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """Answer from the store when the retrieval is confident; say nothing otherwise."""
    match = await query(repository().match_question, text, context=earlier_messages(tracker),
                         routes=await context_routes(tracker))
    return await answer_match(dispatcher, tracker, match)


async def context_routes(tracker: Tracker) -> list[str]:
    """The routes a question that points back ("kan die opleiding ook 's avonds?") is most likely about: the ones
    advised already, else the ones that fit what the visitor told so far (none when that is too little)."""
    advised = tracker.get_slot("geadviseerde_routes") or []
    if advised:
        return list(advised)
    profile = profile_from(tracker)
    if not (profile.education_level or profile.studying or profile.situation) or not (
            profile.sector or profile.target_level):
        return []
    advice = await query(repository().recommend, profile, CONTEXT_ROUTES)
    return [item.route_id for item in advice.advice]


def earlier_messages(tracker: Tracker) -> str | None:
    """What the visitor wrote before this message (typed text, not buttons), for questions that point back: the
    whole conversation, since the last message is often a short intake answer ("werken en leren")."""
    texts = [event.get("text") or "" for event in tracker.events if event.get("event") == "user"]
    typed = [text for text in texts[:-1] if text and not text.startswith("/")]
    return " . ".join(typed) if typed else None


async def answer_match(dispatcher: CollectingDispatcher, tracker: Tracker, match: QuestionMatch) -> bool:
    return match.confident and await answer_topic(dispatcher, tracker, match.chosen, match.aspect)


async def answer_topic(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic | None,
                       aspect: str | None) -> bool:
    if topic is None:
        return False
    answer = await query(repository().topic_answer, topic, aspect, profile_from(tracker))
    if answer is None:
        return False
    # Outside the intake and before any advice: offer to find the route that fits.
    offer = not tracker.active_loop and not tracker.get_slot("geadviseerde_routes")
    dispatcher.utter_message(text=answer_text(answer), buttons=[FIND_ROUTE_BUTTON] if offer else [])
    return True
