"""The web app's one way to the Rasa server: a visitor's message in, the bot's replies out; and the last route
advice of a conversation, read from its tracker with the API token."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

UNREACHABLE = "De assistent is nu even niet bereikbaar. Probeer het over een paar minuten opnieuw."


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timeout, or an answer that is not JSON)."""


class RasaRelay:
    def __init__(self, client: aiohttp.ClientSession, rasa_url: str, token: str) -> None:
        self.client = client
        self.rasa_url = rasa_url.rstrip("/")
        self.token = token

    async def send(self, sender: str, message: Any, metadata: dict[str, Any] | None = None) -> tuple[int, Any]:
        """Passes one message to Rasa's REST channel; (status, body) as Rasa gave them."""
        url = f"{self.rasa_url}/webhooks/rest/webhook"
        payload: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            payload["metadata"] = metadata
        try:
            async with self.client.post(url, json=payload) as response:
                return response.status, await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            logger.exception("Rasa unreachable at %s", url)
            raise RasaUnavailable(str(error)) from error

    async def ready(self) -> bool:
        try:
            async with self.client.get(f"{self.rasa_url}/status", params={"token": self.token}) as response:
                if response.status != 200:
                    logger.warning("Rasa /status answered %s", response.status)
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            logger.warning("Rasa unreachable at %s", self.rasa_url)
            return False

    async def last_custom(self, sender: str, kind: str) -> dict[str, Any] | None:
        """The last ``custom`` payload of type ``kind`` that the bot sent in this conversation, or None."""
        url = f"{self.rasa_url}/conversations/{sender}/tracker"
        try:
            async with self.client.get(url, params={"token": self.token, "include_events": "ALL"}) as response:
                if response.status != 200:
                    logger.warning("Rasa tracker of %s answered %s", sender, response.status)
                    return None
                tracker = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise RasaUnavailable(str(error)) from error
        for event in reversed(tracker.get("events") or []):
            custom = (event.get("data") or {}).get("custom") if event.get("event") == "bot" else None
            if isinstance(custom, dict) and custom.get("type") == kind:
                return custom
        return None

    async def _api(self, method: str, path: str, body: Any = None) -> Any:
        url = f"{self.rasa_url}{path}"
        try:
            async with self.client.request(method, url, params={"token": self.token}, json=body) as response:
                if response.status >= 300:
                    logger.warning("Rasa %s %s answered %s", method, path, response.status)
                    raise RasaUnavailable(f"{method} {path}: {response.status}")
                return await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise RasaUnavailable(str(error)) from error

    async def tracker(self, sender: str) -> dict[str, Any]:
        return await self._api("GET", f"/conversations/{sender}/tracker")

    async def append_events(self, sender: str, events: list[dict[str, Any]]) -> None:
        """Adds events to a conversation (a pause ends, an agent's message is recorded) without running the bot."""
        await self._api("POST", f"/conversations/{sender}/tracker/events", events)

    async def trigger_intent(self, sender: str, intent: str) -> list[dict[str, Any]]:
        """Runs the bot on an intent the visitor did not type (the helpdesk handing back); the bot's replies."""
        body = await self._api("POST", f"/conversations/{sender}/trigger_intent", {"name": intent, "entities": {}})
        return body.get("messages") or [] if isinstance(body, dict) else []
