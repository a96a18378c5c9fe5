"""Route advice: reads the routes that fit the intake profile from the knowledge store."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.store import query, repository
from actions.wording import duration, source_line
from knowledge.recommender import Profile, RouteAdvice

MAX_ROUTES = 3


def route_message(rank: int, advice: RouteAdvice) -> str:
    lines = [
        f"{rank}. {advice.name} ({duration(advice.duration_months)}, {' of '.join(advice.forms)})",
        advice.summary,
        *advice.why,
    ]
    if advice.requirement:
        lines.append(f"Let op: {advice.requirement}")
    lines.append(f"Kosten: {advice.costs}")
    lines.append(source_line(advice.source, advice.peildatum, advice.confirmed))
    return "\n".join(lines)


class ActionGeefRouteadvies(Action):
    def name(self) -> str:
        return "action_geef_routeadvies"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        level, sector = tracker.get_slot("vooropleiding"), tracker.get_slot("sector")
        if not level or not sector:
            dispatcher.utter_message(
                text="Ik weet nog niet genoeg over je. Typ: ik wil leraar worden. Dan stel ik je een paar vragen."
            )
            return []
        profile = Profile(education_level=level, sector=sector, subject=tracker.get_slot("vak"))
        advice = (await query(repository().recommend, profile, MAX_ROUTES)).advice
        if not advice:
            level_name = await query(repository().name_of, "education", level)
            sector_name = await query(repository().name_of, "sector", sector)
            dispatcher.utter_message(
                text=f"Met {level_name} ken ik geen directe route naar het {sector_name}. "
                "Er zijn soms wel andere wegen. Een adviseur van het loket kijkt graag met je mee."
            )
            return []
        intro = (
            "Deze route past bij jou:" if len(advice) == 1
            else f"Deze {len(advice)} routes passen bij jou. De beste staat bovenaan."
        )
        dispatcher.utter_message(text=intro)
        for rank, item in enumerate(advice, start=1):
            dispatcher.utter_message(text=route_message(rank, item))
        return []
