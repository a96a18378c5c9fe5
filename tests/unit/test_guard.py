"""The safety net of the actions: an error still gets the visitor an answer."""

from __future__ import annotations

import asyncio

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.guard import SOMETHING_WENT_WRONG, answers_on_error


class FailingAction(Action):
    def name(self) -> str:
        return "action_that_fails"

    @answers_on_error
    async def run(self, dispatcher, tracker, domain):
        raise IndexError("list index out of range")


def _tracker(text: str) -> Tracker:
    return Tracker("visitor", {}, {"text": text}, [], False, None, {}, "action_listen")


def test_an_action_that_fails_says_so_in_dutch_instead_of_nothing():
    dispatcher = CollectingDispatcher()
    events = asyncio.run(FailingAction().run(dispatcher, _tracker("wat zijn mijn opties?"), {}))
    assert events == [] and [m["text"] for m in dispatcher.messages] == [SOMETHING_WENT_WRONG]


def test_an_action_that_fails_is_logged_with_the_conversation_not_the_visitors_words(caplog):
    asyncio.run(FailingAction().run(CollectingDispatcher(), _tracker("ik ben Sanne, bel 0612345678"), {}))
    assert "action_that_fails" in caplog.text and "conversation visitor" in caplog.text
    assert "Sanne" not in caplog.text and "0612345678" not in caplog.text
