"""The agent console's sessions (``HELPDESK_STORE_URL``): they hold an agent's name, never a visitor's data.

Only ended sessions are purged (their own idle time, ``AGENT_SESSION_HOURS``, decides, not the retention period); a
conversation has nothing here to export or delete.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Mapping

from sqlalchemy import delete, func, select

from bot.privacy.holder import utc_now
from bot.stores.session_store import agent_sessions
from bot.stores.sql import engine_with_tables, helpdesk_url


class AgentSessions:
    label = "helpdesk: verlopen inlogsessies van medewerkers"

    def __init__(self, url: str | None = None, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.engine = engine_with_tables(url or helpdesk_url(), agent_sessions.metadata)
        self.clock = clock

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> AgentSessions:
        return cls(env.get("HELPDESK_STORE_URL") or helpdesk_url())

    def purge(self, cutoff: dt.datetime, dry_run: bool = False) -> int:
        """Ignores ``cutoff``: ended sessions go, whatever their age."""
        ended = agent_sessions.c.expires_at <= self.clock()
        with self.engine.begin() as connection:
            if dry_run:
                return connection.execute(select(func.count()).select_from(agent_sessions).where(ended)).scalar_one()
            return connection.execute(delete(agent_sessions).where(ended)).rowcount

    def export(self, sender: str) -> list[dict[str, Any]]:
        return []

    def delete(self, sender: str) -> int:
        return 0
