"""Conversation statistics: one row per conversation, fed by the event broker (see :mod:`bot.stats.consumer`).

A row holds no message text: the channel, the furthest intake step, whether advice was given, how many questions
the bot left to a person, whether it was handed over, and times. The conversation id links a row to the tracker
for as long as the tracker is kept; :meth:`StatsStore.purge` forgets that link after the retention period, so the
counts stay and nothing points to a person any more.

Configured by ``STATS_STORE_URL`` (SQLite ``var/stats.db`` by default, PostgreSQL in production).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    func,
    select,
    update,
)
from sqlalchemy import delete as sql_delete
from sqlalchemy.engine import Connection

from bot.stats.events import INTAKE_SLOTS, NO_CHANGE, Change
from bot.stores.sql import engine_with_tables

DEFAULT_URL = "sqlite:///var/stats.db"

_metadata = MetaData()
conversation_stats = Table(
    "conversation_stats",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation", String(128), unique=True, nullable=True),  # NULL once anonymised
    Column("channel", String(20), nullable=True),
    Column("started_at", DateTime, nullable=False, index=True),
    Column("intake_step", Integer, nullable=False, default=0),
    Column("advice", Boolean, nullable=False, default=False),
    Column("abstained", Integer, nullable=False, default=0),
    Column("handover", Boolean, nullable=False, default=False),
    Column("user_messages", Integer, nullable=False, default=0),
)
# Which events were counted: a message delivered twice, or late after a RabbitMQ outage (the buffered events
# then arrive after newer ones), is counted exactly once. No content, only the event's time and type.
counted_events = Table(
    "conversation_stats_events",
    _metadata,
    Column("conversation", String(128), primary_key=True),
    Column("ts", Float, primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("counted_at", DateTime, nullable=False, index=True),
)


def stats_url() -> str:
    return os.environ.get("STATS_STORE_URL") or DEFAULT_URL


@dataclass(frozen=True)
class Summary:
    conversations: int
    per_channel: dict[str, int]
    per_intake_step: dict[str, int]
    advice: int
    abstained: int
    handovers: int


class StatsStore:
    def __init__(self, url: str | None = None, remembered: int = 100_000) -> None:
        self.engine = engine_with_tables(url or stats_url(), _metadata)
        # Conversations known to have a row. Most events change nothing (a bot message, an action): for those
        # the store only has to make sure the row exists, which this process knows without asking the database.
        self._has_row: OrderedDict[str, None] = OrderedDict()
        self._remembered = remembered

    def apply(self, conversation: str, timestamp: float, change: Change, kind: str = "") -> bool:
        """Adds one event's change; False when this event was counted before or adds nothing to a known row."""
        return self.apply_all([(conversation, timestamp, change, kind)])[0]

    def apply_all(self, events: list[tuple[str, float, Change, str]]) -> list[bool]:
        """Adds the changes of several events (conversation, time, change, kind) in one transaction; per event
        whether it added something."""
        added: list[bool] = []
        with self.engine.begin() as db:
            for conversation, timestamp, change, kind in events:
                if change == NO_CHANGE and conversation in self._has_row:
                    added.append(False)
                else:
                    added.append(self._apply(db, conversation, timestamp, change, kind))
        for conversation, *_ in events:  # only once committed: a rolled-back row is not known
            self._has_row[conversation] = None
            self._has_row.move_to_end(conversation)
        while len(self._has_row) > self._remembered:
            self._has_row.popitem(last=False)
        return added

    @staticmethod
    def _apply(db: Connection, conversation: str, timestamp: float, change: Change, kind: str) -> bool:
        moment = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).replace(tzinfo=None)
        key = {"conversation": conversation, "ts": timestamp, "kind": kind[:40]}
        seen = db.execute(select(counted_events.c.ts).where(*(counted_events.c[k] == v for k, v in key.items())))
        if seen.first() is not None:
            return False
        db.execute(counted_events.insert().values(**key, counted_at=dt.datetime.utcnow()))
        row = db.execute(
            select(conversation_stats).where(conversation_stats.c.conversation == conversation)
            .with_for_update()
        ).mappings().first()
        if row is None:
            db.execute(conversation_stats.insert().values(
                conversation=conversation, channel=change.channel, started_at=moment,
                intake_step=change.intake_step, advice=change.advice, abstained=change.abstained,
                handover=change.handover, user_messages=change.user_messages,
            ))
            return True
        db.execute(update(conversation_stats).where(conversation_stats.c.id == row["id"]).values(
            channel=row["channel"] or change.channel,
            started_at=min(row["started_at"], moment),
            intake_step=max(row["intake_step"], change.intake_step),
            advice=row["advice"] or change.advice,
            abstained=row["abstained"] + change.abstained,
            handover=row["handover"] or change.handover,
            user_messages=row["user_messages"] + change.user_messages,
        ))
        return True

    def summary(self, since: dt.datetime | None = None) -> Summary:
        table = conversation_stats
        where = [table.c.started_at >= since] if since else []
        with self.engine.connect() as db:
            total = db.scalar(select(func.count()).select_from(table).where(*where)) or 0
            channels = db.execute(select(table.c.channel, func.count()).where(*where).group_by(table.c.channel))
            steps = db.execute(select(table.c.intake_step, func.count()).where(*where).group_by(table.c.intake_step))
            advice = db.scalar(select(func.count()).select_from(table).where(table.c.advice.is_(True), *where))
            abstained = db.scalar(select(func.coalesce(func.sum(table.c.abstained), 0)).where(*where))
            handovers = db.scalar(select(func.count()).select_from(table).where(table.c.handover.is_(True), *where))
            return Summary(
                conversations=total,
                per_channel={channel or "onbekend": count for channel, count in channels},
                per_intake_step={step_name(step): count for step, count in sorted(steps, key=lambda r: r[0])},
                advice=advice or 0, abstained=int(abstained or 0), handovers=handovers or 0,
            )

    # --- personal data (see bot.privacy): the conversation id is the only link to a person ----------------------

    def purge(self, cutoff: dt.datetime) -> int:
        """Forgets the conversation id of rows that started before ``cutoff``; the counts stay."""
        self._has_row.clear()
        with self.engine.begin() as db:
            db.execute(sql_delete(counted_events).where(counted_events.c.counted_at < cutoff))
            result = db.execute(update(conversation_stats).where(
                conversation_stats.c.started_at < cutoff, conversation_stats.c.conversation.is_not(None),
            ).values(conversation=None))
            return result.rowcount or 0

    def export(self, conversation: str) -> list[dict[str, Any]]:
        with self.engine.connect() as db:
            rows = db.execute(select(conversation_stats).where(conversation_stats.c.conversation == conversation))
            return [{**row, "started_at": row["started_at"].isoformat()} for row in rows.mappings()]

    def delete(self, conversation: str) -> int:
        self._has_row.pop(conversation, None)
        with self.engine.begin() as db:
            db.execute(sql_delete(counted_events).where(counted_events.c.conversation == conversation))
            return db.execute(sql_delete(conversation_stats).where(
                conversation_stats.c.conversation == conversation)).rowcount or 0


def step_name(step: int) -> str:
    return "geen" if step <= 0 else INTAKE_SLOTS[min(step, len(INTAKE_SLOTS)) - 1]
