"""Answers to common questions, read from the knowledge store with their source."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.store import query, repository
from actions.wording import source_line
from knowledge.repository import FaqInfo

FAQ_INTENT_PREFIX = "faq_"


def faq_message(answer: FaqInfo) -> str:
    return f"{answer.answer}\n{source_line(answer.source, answer.peildatum, answer.confirmed)}"


def topic_of(intent: str | None) -> str | None:
    """faq_verschil_graden -> verschil-graden; None for other intents."""
    if not intent or not intent.startswith(FAQ_INTENT_PREFIX):
        return None
    return intent.removeprefix(FAQ_INTENT_PREFIX).replace("_", "-")


class ActionBeantwoordFaq(Action):
    def name(self) -> str:
        return "action_beantwoord_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        topic = topic_of((tracker.latest_message.get("intent") or {}).get("name"))
        answer = await query(repository().faq, topic) if topic else None
        if answer is None:
            national = await query(repository().national_desk)
            dispatcher.utter_message(
                text=f"Daar heb ik nog geen goed antwoord op. Het Onderwijsloket helpt je graag: {national.website}"
            )
            return []
        dispatcher.utter_message(text=faq_message(answer))
        return []
