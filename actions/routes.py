"""Route advice: reads the routes that fit the intake profile from the knowledge store."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import faq_message
from actions.guard import answers_on_error
from actions.profile import enough_for_advice, profile_from
from actions.questions import answer_if_sure, answer_text, where_to_study
from actions.store import query, repository
from actions.wording import and_list, duration, source_line
from knowledge.recommender import InstitutionInfo, RouteAdvice
from knowledge.repository import TopicAnswer
from knowledge.text import or_list

MAX_ROUTES = 3
MAX_INSTITUTIONS = 5
NOT_SURE = "Dit is nog niet zeker."
NO_INSTITUTION = "Het regioloket vertelt je waar je kunt beginnen."
FOREIGN_DIPLOMA_TOPIC = "buitenlands-diploma"
ASK_INTAKE_FIRST = "Ik weet nog niet genoeg over je. Typ: ik wil leraar worden. Dan stel ik je een paar vragen."
DURING_INTAKE = "Dat zoek ik voor je uit zodra ik weet welke route bij je past. Eerst nog een paar vragen."
START_INTAKE_FOR_QUESTION = ("Dat zoek ik voor je uit. Eerst moet ik weten welke route bij je past. "
                             "Ik stel je een paar vragen.")
INTAKE_FORM = "intake_form"
# A question that needs the advice first, kept until the intake is done (then it is answered).
PENDING_QUESTION_SLOT = "uitgestelde_vraag"
PENDING_INSTITUTIONS = "instellingen"
PENDING_DETAILS = "details"


def no_advice_yet(dispatcher: CollectingDispatcher, tracker: Tracker, pending: str) -> List[Dict[str, Any]]:
    """Someone asks about 'the route' before there is advice: start (or go on with) the intake.

    The question is kept and answered as soon as the advice is there, so no button is a dead end.
    """
    if (tracker.active_loop or {}).get("name") == INTAKE_FORM:
        dispatcher.utter_message(text=DURING_INTAKE)
        return [SlotSet(PENDING_QUESTION_SLOT, pending)]
    dispatcher.utter_message(text=START_INTAKE_FOR_QUESTION)
    return [SlotSet(PENDING_QUESTION_SLOT, pending), FollowupAction(INTAKE_FORM)]


def route_message(rank: int, advice: RouteAdvice) -> str:
    lines = [
        f"{rank}. {advice.name} ({duration(advice.duration_months)}, {' of '.join(advice.forms)})",
        advice.summary,
    ]
    if advice.main_reason:
        lines.append(f"Waarom: {advice.main_reason}")
    lines.append(f"Je krijgt: {advice.result}. {advice.qualification_explanation}")
    if advice.requirement:
        note = "" if advice.requirement_confirmed else f" {NOT_SURE}"
        lines.append(f"Let op: {advice.requirement}{note}")
    lines.append(source_line(advice.source, advice.peildatum, advice.confirmed))
    return "\n".join(lines)


def details_message(advice: RouteAdvice) -> str:
    lines = [f"Meer over {advice.name}:", "Stappen:"]
    lines += [f"- {step.title}{_step_note(step.duration_months, step.confirmed)}" for step in advice.steps]
    if advice.ec:
        lines.append(f"Studiepunten: {advice.ec} EC.")
    lines.append(f"Kosten: {advice.costs}")
    if advice.unfunded_institutions:
        lines.append(f"Kosten bij {and_list(advice.unfunded_institutions)}: {advice.costs_unfunded}")
    if advice.funding:
        lines.append("Geld dat kan helpen: "
                     + ", ".join(f.name + ("" if f.confirmed else " (nog niet zeker)") for f in advice.funding) + ".")
    lines.append(source_line(advice.source, advice.peildatum, advice.confirmed))
    return "\n".join(lines)


def _step_note(months: int, confirmed: bool) -> str:
    parts = ([duration(months)] if months else []) + ([] if confirmed else ["nog niet zeker"])
    return f" ({', '.join(parts)})" if parts else ""


def _institution_line(institution: InstitutionInfo, show_programme: bool) -> str:
    notes = [institution.programme] if show_programme else []
    notes += list(institution.forms)
    if not institution.funded:
        notes.append("geen geld van de overheid")
    if not institution.confirmed:
        notes.append("nog niet zeker")
    extra = f" ({', '.join(notes)})" if notes else ""
    return f"- {institution.name} in {institution.city}{extra}: {institution.website}"


def institutions_message(advice: RouteAdvice) -> str:
    places = advice.institutions[:MAX_INSTITUTIONS]
    show_programme = len({i.programme for i in advice.institutions}) > 1
    lines = [f"Hier kun je {advice.name} volgen, dichtbij eerst:"]
    lines += [_institution_line(i, show_programme) for i in places]
    return "\n".join(lines)


def no_institution_message(advice: RouteAdvice) -> str:
    """For a route you do not follow at an institution: where you start instead."""
    return advice.where or f"Voor {advice.name} ga je niet naar een opleiding. {NO_INSTITUTION}"


class ActionGeefRouteadvies(Action):
    def name(self) -> str:
        return "action_geef_routeadvies"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        profile = profile_from(tracker)
        level = profile.education_level or profile.studying
        if not enough_for_advice(profile):
            dispatcher.utter_message(text=ASK_INTAKE_FIRST)
            return []
        advice = (await query(repository().recommend, profile, MAX_ROUTES)).advice
        if not advice:
            dispatcher.utter_message(text=await _no_route_text(profile.sector, level))
            return [SlotSet("geadviseerde_routes", [])]
        intro = (
            "Deze route past bij jou:" if len(advice) == 1
            else f"Deze {len(advice)} routes passen bij jou. De beste staat bovenaan."
        )
        dispatcher.utter_message(text=intro)
        for rank, item in enumerate(advice, start=1):
            dispatcher.utter_message(
                text=route_message(rank, item),
                buttons=[{"title": f"Meer over {item.name}",
                          "payload": f'/vraag_meer_info{{"route":"{item.route_id}"}}'}],
            )
        await _foreign_diploma_note(dispatcher, tracker)
        return [SlotSet("geadviseerde_routes", [a.route_id for a in advice])]


async def _no_route_text(sector: str | None, level: str | None) -> str:
    """No route is open yet: say which diploma comes first ("Na het vmbo haal je eerst mbo niveau 4 of havo")."""
    store = repository()
    level_name = await query(store.name_of, "education", level) if level else "je diploma"
    sector_name = await query(store.name_of, "sector", sector)
    first = [await query(store.name_of, "education", item) for item in await query(store.next_levels, sector, level)]
    text = f"Met {level_name} ken ik geen directe route naar het {sector_name}."
    if first:
        text += f" Je haalt dan eerst een diploma {or_list(first)}. Daarna kun je verder naar een lerarenopleiding."
    return text + " Een adviseur van het loket kijkt graag met je mee."


async def _foreign_diploma_note(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """A diploma from abroad may need recognition first: say so, with the store's answer and source."""
    if not tracker.get_slot("buitenlands_diploma"):
        return
    answer = await query(repository().faq, FOREIGN_DIPLOMA_TOPIC)
    if answer is not None:
        dispatcher.utter_message(text="Let op: je diploma komt uit het buitenland.\n" + faq_message(answer))


async def _chosen_advice(tracker: Tracker) -> RouteAdvice | None:
    """The route the visitor asks about: the button's route, else the best advised one."""
    advised = tracker.get_slot("geadviseerde_routes") or []
    route_id = next(tracker.get_latest_entity_values("route"), None) or (advised[0] if advised else None)
    if not route_id:
        return None
    return await query(repository().advice_for_route, profile_from(tracker), route_id)


class ActionGeefRouteDetails(Action):
    def name(self) -> str:
        return "action_geef_route_details"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        advice = await _chosen_advice(tracker)
        if advice is None:
            return no_advice_yet(dispatcher, tracker, PENDING_DETAILS)
        _say_details(dispatcher, advice)
        return []


class ActionGeefInstellingen(Action):
    def name(self) -> str:
        return "action_geef_instellingen"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        advice = await _chosen_advice(tracker)
        if advice is not None:
            _say_institutions(dispatcher, advice)
            return []
        named = await _route_named_in(tracker)
        if named is not None:  # "waar kan je de ALO doen?": that route's institutions, near the place named
            dispatcher.utter_message(text=answer_text(named))
            return []
        text = tracker.latest_message.get("text") or ""
        if text and not text.startswith("/") and await answer_if_sure(dispatcher, tracker, text):
            return []  # "waar kan ik de master Educational Needs volgen?": a topic whose answer names the places
        return no_advice_yet(dispatcher, tracker, PENDING_INSTITUTIONS)


async def _route_named_in(tracker: Tracker) -> TopicAnswer | None:
    """The route a "where can I study ..." message names, with its institutions for the subject and place said."""
    text = tracker.latest_message.get("text") or ""
    if not text or text.startswith("/"):
        return None
    return await where_to_study(text)


def _say_details(dispatcher: CollectingDispatcher, advice: RouteAdvice) -> None:
    dispatcher.utter_message(text=details_message(advice))
    if advice.institutions:
        dispatcher.utter_message(text=institutions_message(advice))
    elif advice.where:
        dispatcher.utter_message(text=advice.where)


def _say_institutions(dispatcher: CollectingDispatcher, advice: RouteAdvice) -> None:
    if advice.institutions:
        dispatcher.utter_message(text=institutions_message(advice))
    else:
        dispatcher.utter_message(text=no_institution_message(advice))


class ActionBeantwoordUitgesteldeVraag(Action):
    """After the advice: answer the question that had to wait for it ("Waar kan ik studeren?")."""

    def name(self) -> str:
        return "action_beantwoord_uitgestelde_vraag"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        pending = tracker.get_slot(PENDING_QUESTION_SLOT)
        if not pending:
            return []
        advice = await _chosen_advice(tracker)
        if advice is not None:
            (_say_institutions if pending == PENDING_INSTITUTIONS else _say_details)(dispatcher, advice)
        return [SlotSet(PENDING_QUESTION_SLOT, None)]
