"""REST channel that never answers bad input with an error status or an empty reply.

Same URL and payload as Rasa's REST channel (``POST /webhooks/rest/webhook`` with
``{"sender": ..., "message": ...}``).
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import action_guard
from bot.channels.input_guard import client_metadata, conversation_id, guard

logger = logging.getLogger(__name__)

SERVER_TROUBLE = "Sorry, er ging iets mis aan onze kant. Probeer het zo nog een keer."


def _error(message: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": message}, status=status)


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                payload = request.json
            except Exception:  # sanic raises on a body that is not JSON
                payload = None
            if not isinstance(payload, dict):
                return _error('Stuur JSON zoals {"sender": "id", "message": "tekst"}.')
            sender = conversation_id(payload.get("sender"))
            if sender is None:
                return _error("Het veld 'sender' ontbreekt of is ongeldig: geef een id voor dit gesprek mee "
                              "(tekst van hoogstens 100 tekens, zonder stuurtekens).")
            guarded = guard(payload.get("message"))
            metadata = {**client_metadata(payload.get("metadata")), **guarded.metadata}
            collector = CollectingOutputChannel()
            try:
                with action_guard.turn() as failed:
                    await on_new_message(UserMessage(
                        guarded.text, collector, sender, input_channel=self.name(), metadata=metadata or None,
                    ))
                if failed:  # an action did not answer: say so, not what the bot made of its absence
                    return response.json([{"recipient_id": sender, "text": failed[0]}])
            except CancelledError:
                logger.error("Timeout while handling a message of %s", sender)
                collector.messages.append({"recipient_id": str(sender), "text": SERVER_TROUBLE})
            except Exception:
                logger.exception("Failure while handling a message of %s", sender)
                collector.messages.append({"recipient_id": str(sender), "text": SERVER_TROUBLE})
            return response.json(collector.messages)

        return webhook
