"""Whether a visitor can talk to a person now: opening hours, agents online, the queue and the likely wait."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from bot.handover.opening_hours import DEFAULT_HOURS, OpeningHours
from bot.stores.agent_store import AgentStore
from bot.stores.handover_store import HandoverStore

MINUTES_PER_VISITOR = 5  # a rough average of one conversation with an agent, for the wait the visitor is told
ONLINE_WITHIN = dt.timedelta(minutes=2)  # the agent console says it is there every 30 seconds


@dataclass(frozen=True)
class HelpdeskAvailability:
    open_now: bool
    agents_online: int
    waiting: int
    hours: str

    @property
    def agents_available(self) -> bool:
        return self.open_now and self.agents_online > 0

    @property
    def expected_wait_minutes(self) -> int:
        per_visitor = int(os.environ.get("HELPDESK_MINUTES_PER_VISITOR") or MINUTES_PER_VISITOR)
        return max(1, round(self.waiting * per_visitor / max(1, self.agents_online)))


def opening_hours(store: HandoverStore) -> OpeningHours:
    """The hours the operator set (``python -m bot helpdesk hours ...``, no restart needed), else the environment's
    (``HELPDESK_HOURS``, ``HELPDESK_HOLIDAYS``), else Monday to Friday 9:00-17:00."""
    hours = store.setting("hours") or os.environ.get("HELPDESK_HOURS") or DEFAULT_HOURS
    holidays = store.setting("holidays")
    return OpeningHours.parse(hours, os.environ.get("HELPDESK_HOLIDAYS", "") if holidays is None else holidays)


def availability(store: HandoverStore, now: dt.datetime | None = None) -> HelpdeskAvailability:
    moment = now or dt.datetime.now(dt.timezone.utc)
    hours = opening_hours(store)
    agents = AgentStore(store.url).online(moment.replace(tzinfo=None), within=ONLINE_WITHIN)
    return HelpdeskAvailability(hours.is_open(moment), len(agents), store.waiting_count(), hours.describe())
