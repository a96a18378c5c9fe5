"""What one Rasa event tells the conversation statistics: a pure function, no storage, no message text.

The statistics count per conversation: its channel, how far the intake got, whether advice was given, how many
questions the bot did not dare to answer (it offered the national desk and a person instead) and whether the
visitor was handed over to the helpdesk. Only event types, slot names, action names and button payloads are
read: never what anybody wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The intake's questions in the order the bot asks them; "step reached" is the furthest one answered.
INTAKE_SLOTS = ("vooropleiding", "situatie", "sector", "vak", "studievorm", "woonplaats", "leeftijd")
ADVICE_SLOT = "geadviseerde_routes"
HANDOVER_ACTION = "action_overdracht_ja"
UNSURE_PAYLOAD = "/vraag_persoon"  # only the unsure answer offers this button next to the topics
KNOWN_CHANNELS = frozenset({"widget", "kiosk", "page", "rest", "socketio", "cmdline"})


@dataclass(frozen=True)
class Change:
    """What to add to a conversation's row; all fields optional."""

    channel: str | None = None
    intake_step: int = 0  # 1-based position in INTAKE_SLOTS, 0: none
    advice: bool = False
    abstained: int = 0
    handover: bool = False
    user_messages: int = 0


NO_CHANGE = Change()


def _channel(event: dict[str, Any]) -> str | None:
    metadata = event.get("metadata") if isinstance(event.get("metadata"), dict) else {}
    channel = metadata.get("channel") or event.get("input_channel")
    return channel if isinstance(channel, str) and channel in KNOWN_CHANNELS else None


def _offers_person(event: dict[str, Any]) -> bool:
    data = event.get("data") if isinstance(event.get("data"), dict) else {}
    buttons = data.get("buttons") if isinstance(data.get("buttons"), list) else []
    return any(isinstance(b, dict) and b.get("payload") == UNSURE_PAYLOAD for b in buttons)


def change_of(event: dict[str, Any]) -> Change:
    """The statistics change one serialised Rasa event makes."""
    kind = event.get("event")
    if kind == "user":
        return Change(channel=_channel(event), user_messages=1)
    if kind == "slot":
        name, value = event.get("name"), event.get("value")
        if name in INTAKE_SLOTS and value not in (None, "", []):
            return Change(intake_step=INTAKE_SLOTS.index(name) + 1)
        if name == ADVICE_SLOT and value:
            return Change(advice=True)
        if name == "overdracht_geweest" and value:
            return Change(handover=True)
        return NO_CHANGE
    if kind == "action" and event.get("name") == HANDOVER_ACTION:
        return Change(handover=True)
    if kind == "bot" and _offers_person(event):
        return Change(abstained=1)
    return NO_CHANGE
