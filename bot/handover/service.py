"""The helpdesk side of a handover: what happens to a visitor's message while a person has the conversation, and what
an agent does (claim, write, hand back, close). The web layer only calls these methods.

The bot paused itself when the visitor agreed (``actions/handover.py``); Rasa still records every visitor message.
An agent's messages are recorded in the conversation too (as bot messages with the agent's name), so the tracker
keeps the whole conversation. Handing back ends the pause and lets the bot speak again, knowing a person was there.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import asdict
from typing import Any, Awaitable, Callable, Protocol

from bot.channels.input_guard import storable
from bot.stores.handover_store import (
    ACTIVE,
    CANCELLED,
    CLOSED,
    RETURNED,
    WAITING,
    Handover,
    HandoverStore,
    now,
)
from bot.web.relay import RasaRelay, RasaUnavailable

logger = logging.getLogger(__name__)

STOP_WAITING = "/overdracht_stoppen"  # the visitor's "Stop met wachten" button
PROFILE_SLOTS = {"vooropleiding": "Vooropleiding", "situatie": "Situatie", "sector": "Wil lesgeven in",
                 "vak": "Vak", "studievorm": "Studievorm", "leeftijd": "Leeftijd", "woonplaats": "Woonplaats"}
MAX_AGENT_TEXT = 2000
RECORD_WAIT_SECONDS = 5.0  # how long an agent's message waits for Rasa to record it before the console is answered


class VisitorChannel(Protocol):
    """How the helpdesk reaches a visitor's open screens (the widget's and kiosk's sockets)."""

    async def publish(self, sender: str, event: dict[str, Any]) -> int: ...


class HelpdeskConnector(Protocol):
    """Where agents work. The built-in console is one; a shared inbox or ticketing system can be another.

    Events it receives (dicts with ``type``): ``queue_changed``; ``visitor_message`` (``handover``, ``text``,
    ``at``); ``handover_ended`` (``handover``, ``status``). It acts through :class:`HandoverService`:
    ``claim``, ``agent_message``, ``hand_back``, ``close``, ``details``.
    """

    async def notify(self, event: dict[str, Any]) -> None: ...


class HandoverError(Exception):
    """An agent action that cannot be done; the message says why, in Dutch."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def handover_json(handover: Handover, moment: dt.datetime | None = None) -> dict[str, Any]:
    data = asdict(handover)
    for key, value in data.items():
        if isinstance(value, dt.datetime):
            data[key] = value.isoformat() + "Z"
    data["waiting_seconds"] = int(((moment or now()) - handover.requested_at).total_seconds())
    return data


class HandoverService:
    def __init__(self, store: HandoverStore, relay: Callable[[], RasaRelay], visitors: VisitorChannel,
                 connectors: list[HelpdeskConnector] | None = None) -> None:
        self.store = store
        self.relay = relay
        self.visitors = visitors
        self.connectors = connectors or []
        self._recording: set[asyncio.Task] = set()  # agent messages still on their way into the tracker

    async def _db(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(function, *args)

    async def notify_agents(self, event: dict[str, Any]) -> None:
        """Tells every helpdesk connector (the consoles); a failing one is logged, not raised."""
        for connector in self.connectors:
            try:
                await connector.notify(event)
            except Exception:  # one broken connector must not stop the visitor's conversation
                logger.exception("Helpdesk connector %s failed on %s", connector, event.get("type"))

    # --- the visitor's side -------------------------------------------------------------------------
    async def visitor_message(self, sender: str, text: Any,
                              send_to_bot: Callable[[], Awaitable[Any]]) -> list[dict] | None:
        """A visitor's message during a handover: recorded (Rasa, paused, stays silent) and passed to the agent.
        ``None`` when the conversation has no handover: the bot answers as usual."""
        handover = await self._db(self.store.open_for, sender)
        if handover is None:
            return None
        if text == STOP_WAITING:
            try:
                return await self._end(handover, CANCELLED, "De bezoeker stopte met wachten.", "overdracht_gestopt")
            except HandoverError:  # the agent ended it at the same moment: the bot speaks again already
                return []
        await send_to_bot()  # recorded in the conversation; the bot is paused and answers nothing
        if isinstance(text, str) and text.strip():
            message = await self._db(self.store.add_message, handover.id, "visitor",
                                     storable(text).strip()[:MAX_AGENT_TEXT])
            await self.notify_agents({"type": "visitor_message", "handover": handover.id, "text": message.text,
                                "at": message.created_at.isoformat() + "Z"})
        return []

    # --- the agent's side ---------------------------------------------------------------------------
    async def queue(self) -> list[dict[str, Any]]:
        moment = now()
        return [handover_json(h, moment) for h in await self._db(self.store.queue)]

    async def claim(self, handover_id: int, agent: str) -> Handover:
        if not await self._db(self.store.claim, handover_id, agent):
            current = await self._db(self.store.get, handover_id)
            if current is None:
                raise HandoverError("Dit gesprek bestaat niet.", 404)
            raise HandoverError("Een collega heeft dit gesprek al overgenomen." if current.status == ACTIVE
                                else "Dit gesprek wacht niet meer.")
        handover = await self._db(self.store.get, handover_id)
        text = f"Een medewerker van het landelijk loket neemt het gesprek over: {agent}."
        await self._db(self.store.add_message, handover_id, "system", text, agent)
        await self.visitors.publish(handover.sender, {"type": "agent", "event": "joined", "name": agent,
                                                      "text": text})
        await self.notify_agents({"type": "queue_changed"})
        return handover

    async def _own(self, handover_id: int, agent: str) -> Handover:
        handover = await self._db(self.store.get, handover_id)
        if handover is None:
            raise HandoverError("Dit gesprek bestaat niet.", 404)
        if handover.status != ACTIVE or handover.claimed_by != agent:
            raise HandoverError("Je hebt dit gesprek niet (meer) overgenomen.", 403)
        return handover

    async def agent_message(self, handover_id: int, agent: str, text: str) -> dict[str, Any]:
        handover = await self._own(handover_id, agent)
        text = storable(text or "").strip()[:MAX_AGENT_TEXT]
        if not text:
            raise HandoverError("Een leeg bericht stuur ik niet.", 400)
        message = await self._db(self.store.add_message, handover_id, "agent", text, agent)
        await self.visitors.publish(handover.sender, {"type": "agent", "event": "message", "name": agent,
                                                      "text": text})
        # Neither the visitor nor the agent waits for a slow Rasa: past the wait the tracker gets the message a
        # little later (Rasa serves a conversation's requests in the order they came, so the order holds).
        recording = asyncio.create_task(self._record_agent_message(handover, text, agent))
        self._recording.add(recording)
        recording.add_done_callback(self._recording.discard)
        await asyncio.wait({recording}, timeout=RECORD_WAIT_SECONDS)
        return {"id": message.id, "at": message.created_at.isoformat() + "Z"}

    async def _record_agent_message(self, handover: Handover, text: str, agent: str) -> None:
        """The conversation's own record: the tracker keeps what the agent said, with the agent's name."""
        try:
            await self.relay().append_events(handover.sender, [
                {"event": "bot", "text": text, "metadata": {"agent": agent}, "timestamp": None}])
        except RasaUnavailable:
            logger.warning("Agent message of handover %s not recorded in Rasa", handover.id)

    async def hand_back(self, handover_id: int, agent: str) -> None:
        handover = await self._own(handover_id, agent)
        await self._end(handover, RETURNED, "Teruggegeven aan de assistent.", "overdracht_terug", agent)

    async def close(self, handover_id: int, agent: str, reason: str) -> None:
        handover = await self._own(handover_id, agent)
        await self._end(handover, CLOSED, storable(reason or "Afgesloten").strip()[:300], "overdracht_gesloten", agent)

    async def _end(self, handover: Handover, status: str, reason: str, intent: str,
                   agent: str | None = None) -> list[dict]:
        """Ends the handover, lets the bot speak again (knowing a person was there) and sends its words."""
        if not await self._db(self.store.end, handover.id, status, reason, agent):
            raise HandoverError("Dit gesprek is al afgesloten.")
        events: list[dict[str, Any]] = [{"event": "resume"}]
        if status != CANCELLED or handover.status != WAITING:
            events.append({"event": "slot", "name": "overdracht_geweest", "value": True})
        # The pause stopped the bot before it listened; the bot's rules expect it to be listening when the
        # helpdesk's intent comes in.
        events.append({"event": "action", "name": "action_listen"})
        relay = self.relay()
        await relay.append_events(handover.sender, events)
        messages = await relay.trigger_intent(handover.sender, intent)
        if status != CANCELLED:
            await self.visitors.publish(handover.sender, {"type": "bot", "messages": messages})
        await self.notify_agents({"type": "handover_ended", "handover": handover.id, "status": status})
        return messages

    async def details(self, handover_id: int) -> dict[str, Any]:
        """What the agent sees: the handover, the profile from the intake, the advice, and the whole conversation."""
        handover = await self._db(self.store.get, handover_id)
        if handover is None:
            raise HandoverError("Dit gesprek bestaat niet.", 404)
        try:
            tracker = await self.relay().tracker(handover.sender)
        except RasaUnavailable:
            tracker = {"slots": {}, "events": []}
        slots = tracker.get("slots") or {}
        profile = {label: slots.get(slot) for slot, label in PROFILE_SLOTS.items() if slots.get(slot)}
        transcript = []
        for event in tracker.get("events") or []:
            if event.get("event") in ("user", "bot") and event.get("text"):
                metadata = event.get("metadata") or {}
                agent = metadata.get("agent")
                author = "agent" if agent else ("visitor" if event["event"] == "user" else "bot")
                shown = metadata.get("button_title") if author == "visitor" else None
                at = dt.datetime.fromtimestamp(event.get("timestamp") or 0, dt.timezone.utc)
                transcript.append({"author": author, "agent": agent, "text": shown or event["text"],
                                   "at": at.replace(tzinfo=None).isoformat() + "Z"})
        return {"handover": handover_json(handover), "profile": profile,
                "advice": slots.get("routeadvies_samenvatting"), "transcript": transcript}

    # --- call-back requests -------------------------------------------------------------------------
    async def callbacks(self) -> list[dict[str, Any]]:
        rows = await self._db(self.store.callbacks)
        return [{**asdict(c), "created_at": c.created_at.isoformat() + "Z", "done_at": None} for c in rows]

    async def callback_done(self, callback_id: int, agent: str) -> None:
        if not await self._db(self.store.mark_callback_done, callback_id, agent):
            raise HandoverError("Dit terugbelverzoek is al afgehandeld of bestaat niet.")
