"""Every store that holds personal data, configured from the environment, and how long conversations are kept.

A new store joins with one line in :data:`HOLDERS`: a function from the environment to its holder (see
:class:`bot.privacy.holder.PersonalDataHolder`), usually the holder's ``from_env``.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Callable, Mapping

from bot.privacy.advice import AdvicePagesData
from bot.privacy.agent_sessions import AgentSessions
from bot.privacy.helpdesk import HelpdeskRecords
from bot.privacy.holder import PersonalDataHolder, utc_now
from bot.privacy.statistics import ConversationStatistics
from bot.privacy.tracker import TrackerEvents

DEFAULT_RETENTION_DAYS = 90

HOLDERS: list[Callable[[Mapping[str, str]], PersonalDataHolder]] = [
    TrackerEvents.from_env,
    HelpdeskRecords.from_env,
    AdvicePagesData.from_env,
    AgentSessions.from_env,
    ConversationStatistics.from_env,
]


def holders(env: Mapping[str, str] = os.environ) -> list[PersonalDataHolder]:
    return [make(env) for make in HOLDERS]


def retention_days(env: Mapping[str, str] = os.environ) -> int:
    """``RETENTION_DAYS``: how many days after its last message a conversation is kept (default 90)."""
    value = env.get("RETENTION_DAYS", "").strip()
    if not value:
        return DEFAULT_RETENTION_DAYS
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"RETENTION_DAYS moet een heel getal van minstens 1 zijn, niet {value!r}.")
    return int(value)


def cutoff(days: int, now: dt.datetime | None = None) -> dt.datetime:
    """The moment before which records are purged (naive UTC)."""
    return (now or utc_now()) - dt.timedelta(days=days)
