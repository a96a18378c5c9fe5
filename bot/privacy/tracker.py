"""Rasa's conversations: the ``events`` table of its SQL tracker store (``TRACKER_STORE_URL``).

Rasa makes and fills the table; this only reads and deletes rows, with the table's own columns (Rasa 3.6). A
conversation is purged whole once its last event is older than the cutoff: deleting only its old events would
leave a conversation Rasa cannot replay.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Mapping

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, func, inspect, select

from bot.privacy.holder import json_ready
from bot.stores.sql import engine_for

DEFAULT_URL = "sqlite:///var/tracker.db"
CHUNK = 500  # senders per DELETE: SQLite allows a limited number of bound values in one statement

events = Table(
    "events", MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def _event(row: Any) -> dict[str, Any]:
    try:
        data = json.loads(row.data) if row.data else {}
    except ValueError:
        data = {"data": row.data}
    return json_ready({"event": row.type_name, "timestamp": row.timestamp, **data})


class TrackerEvents:
    label = "Rasa: gesprekken (tracker store)"

    def __init__(self, url: str = DEFAULT_URL) -> None:
        self.engine = engine_for(url)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> TrackerEvents:
        return cls(env.get("TRACKER_STORE_URL") or DEFAULT_URL)

    def _exists(self) -> bool:
        """Rasa makes the table at its first conversation."""
        return inspect(self.engine).has_table(events.name)

    def purge(self, cutoff: dt.datetime, dry_run: bool = False) -> int:
        if not self._exists():
            return 0
        moment = cutoff.replace(tzinfo=dt.timezone.utc).timestamp()
        stale = select(events.c.sender_id).group_by(events.c.sender_id).having(func.max(events.c.timestamp) < moment)
        removed = 0
        with self.engine.begin() as connection:
            senders = list(connection.execute(stale).scalars())
            for start in range(0, len(senders), CHUNK):
                chosen = events.c.sender_id.in_(senders[start:start + CHUNK])
                if dry_run:
                    removed += connection.execute(select(func.count()).select_from(events).where(chosen)).scalar_one()
                else:
                    removed += connection.execute(delete(events).where(chosen)).rowcount
        return removed

    def export(self, sender: str) -> list[dict[str, Any]]:
        if not self._exists():
            return []
        with self.engine.connect() as connection:
            rows = connection.execute(select(events).where(events.c.sender_id == sender).order_by(events.c.id))
            return [_event(row) for row in rows]

    def delete(self, sender: str) -> int:
        if not self._exists():
            return 0
        with self.engine.begin() as connection:
            return connection.execute(delete(events).where(events.c.sender_id == sender)).rowcount
