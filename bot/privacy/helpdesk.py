"""The helpdesk's records of a conversation: handovers to a person, the messages during them, and call-back requests
(name, e-mail address or phone number, question). One database, ``HELPDESK_STORE_URL``.

Purged: handovers that ended before the cutoff (or were asked for before it and never ended) with their messages,
and call-back requests made before it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from bot.privacy.holder import json_ready
from bot.stores.handover_store import HandoverStore, callbacks, handover_messages, handovers
from bot.stores.sql import helpdesk_url


def _count(connection: Connection, table, condition: ColumnElement) -> int:
    return connection.execute(select(func.count()).select_from(table).where(condition)).scalar_one()


class HelpdeskRecords:
    label = "helpdesk: overdrachten, berichten en terugbelverzoeken"

    def __init__(self, url: str | None = None) -> None:
        self.engine = HandoverStore(url).engine  # the store's engine, with its tables made

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> HelpdeskRecords:
        return cls(env.get("HELPDESK_STORE_URL") or helpdesk_url())

    def _remove(self, chosen_handovers: ColumnElement, chosen_callbacks: ColumnElement, dry_run: bool) -> int:
        """The handovers and call-backs chosen, and the handovers' messages; one transaction."""
        ids = select(handovers.c.id).where(chosen_handovers).scalar_subquery()
        messages = handover_messages.c.handover_id.in_(ids)
        with self.engine.begin() as connection:
            if dry_run:
                return sum(_count(connection, table, condition) for table, condition in
                           ((handover_messages, messages), (handovers, chosen_handovers),
                            (callbacks, chosen_callbacks)))
            removed = connection.execute(delete(handover_messages).where(messages)).rowcount
            removed += connection.execute(delete(handovers).where(chosen_handovers)).rowcount
            return removed + connection.execute(delete(callbacks).where(chosen_callbacks)).rowcount

    def purge(self, cutoff: dt.datetime, dry_run: bool = False) -> int:
        old = or_(handovers.c.ended_at < cutoff,
                  and_(handovers.c.ended_at.is_(None), handovers.c.requested_at < cutoff))
        return self._remove(old, callbacks.c.created_at < cutoff, dry_run)

    def export(self, sender: str) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            found = connection.execute(select(handovers).where(handovers.c.sender == sender)
                                       .order_by(handovers.c.id)).all()
            records = []
            for handover in found:
                messages = connection.execute(select(handover_messages)
                                              .where(handover_messages.c.handover_id == handover.id)
                                              .order_by(handover_messages.c.id)).all()
                records.append({"soort": "overdracht", **json_ready(handover._mapping),
                                "berichten": [json_ready(m._mapping) for m in messages]})
            requests = connection.execute(select(callbacks).where(callbacks.c.sender == sender)
                                          .order_by(callbacks.c.id)).all()
        return records + [{"soort": "terugbelverzoek", **json_ready(row._mapping)} for row in requests]

    def delete(self, sender: str) -> int:
        return self._remove(handovers.c.sender == sender, callbacks.c.sender == sender, dry_run=False)
