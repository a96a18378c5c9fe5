"""A safety net for every action: an error inside an action still gets the visitor a clear Dutch answer.

Without it Rasa sends nothing back when an action fails, and the visitor is left waiting. The error is logged with
its traceback, the conversation id and the intent of the message that caused it, so it can be found and fixed; not
with the visitor's words, which may hold a name or a phone number (the conversation id leads to them).
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Awaitable, Callable, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger(__name__)

# The store may be what failed, so this text names the national desk itself.
SOMETHING_WENT_WRONG = ("Sorry, er ging bij mij iets mis. Probeer het nog eens. Lukt het niet? "
                        "Het Onderwijsloket helpt je verder: https://www.onderwijsloket.com/")

Run = Callable[[Any, CollectingDispatcher, Tracker, Dict[str, Any]], Awaitable[List[Dict[str, Any]]]]


def answers_on_error(run: Run) -> Run:
    """Wraps an action's ``run``: on an error, log it and say :data:`SOMETHING_WENT_WRONG` instead of nothing."""

    @functools.wraps(run)
    async def guarded(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        try:
            return await run(self, dispatcher, tracker, domain)
        except Exception:
            intent = (tracker.latest_message.get("intent") or {}).get("name")
            log.exception("Action %s failed in conversation %s (intent %s)", self.name(), tracker.sender_id, intent)
            dispatcher.utter_message(text=SOMETHING_WENT_WRONG)
            return []

    return guarded
