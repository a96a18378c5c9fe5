"""The helpdesk's queue: handovers to a person (waiting, claimed, handed back, closed), the messages of agents and
visitors during a handover, and call-back requests left outside opening hours.

One SQLAlchemy URL (``HELPDESK_STORE_URL``, SQLite ``var/helpdesk.db`` by default, PostgreSQL in production) shared
by the action server (which puts visitors in the queue and stores call-back requests) and the web app (the agent
console): a restart of either loses nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)

from bot.stores.sql import engine_with_tables, helpdesk_url

WAITING, ACTIVE, RETURNED, CLOSED, CANCELLED = "waiting", "active", "returned", "closed", "cancelled"
OPEN_STATES = (WAITING, ACTIVE)

_metadata = MetaData()
handovers = Table(
    "handovers", _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sender", String(100), nullable=False, index=True),
    Column("channel", String(20)),
    Column("kiosk_id", String(40)),
    Column("page_url", String(500)),
    Column("topic", String(300)),
    Column("status", String(12), nullable=False, index=True),
    Column("requested_at", DateTime, nullable=False),
    Column("claimed_by", String(40)),
    Column("claimed_at", DateTime),
    Column("ended_at", DateTime),
    Column("end_reason", String(300)),
)
handover_messages = Table(
    "handover_messages", _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("handover_id", Integer, ForeignKey("handovers.id"), nullable=False, index=True),
    Column("author", String(10), nullable=False),  # visitor | agent | system
    Column("agent", String(40)),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)
settings = Table(
    "helpdesk_settings", _metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)
callbacks = Table(
    "callbacks", _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sender", String(100), nullable=False),
    Column("channel", String(20)),
    Column("kiosk_id", String(40)),
    Column("name", String(100), nullable=False),
    Column("contact", String(200), nullable=False),
    Column("question", Text, nullable=False),
    Column("consent", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("done_at", DateTime),
    Column("done_by", String(40)),
)


@dataclass(frozen=True)
class Handover:
    id: int
    sender: str
    channel: str | None
    kiosk_id: str | None
    page_url: str | None
    topic: str | None
    status: str
    requested_at: dt.datetime
    claimed_by: str | None
    claimed_at: dt.datetime | None
    ended_at: dt.datetime | None
    end_reason: str | None


@dataclass(frozen=True)
class HandoverMessage:
    id: int
    handover_id: int
    author: str
    agent: str | None
    text: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Callback:
    id: int
    sender: str
    channel: str | None
    kiosk_id: str | None
    name: str
    contact: str
    question: str
    consent: bool
    created_at: dt.datetime
    done_at: dt.datetime | None
    done_by: str | None


def now() -> dt.datetime:
    """UTC without tzinfo: SQLite and PostgreSQL store the same value."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class HandoverStore:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or helpdesk_url()
        self.engine = engine_with_tables(self.url, _metadata)

    # --- the operator's settings (opening hours, holidays) ----------------------------------------
    def setting(self, name: str) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(select(settings.c.value).where(settings.c.name == name)).scalar_one_or_none()

    def set_setting(self, name: str, value: str | None) -> None:
        """Sets a setting; ``None`` removes it (the environment's value applies again)."""
        with self.engine.begin() as connection:
            connection.execute(settings.delete().where(settings.c.name == name))
            if value is not None:
                connection.execute(insert(settings).values(name=name, value=value))

    # --- the queue ------------------------------------------------------------------------------
    def request(self, sender: str, channel: str | None, kiosk_id: str | None, page_url: str | None,
                topic: str | None, when: dt.datetime | None = None) -> Handover:
        """Puts a conversation in the queue; a conversation already waiting or with an agent keeps its place."""
        existing = self.open_for(sender)
        if existing is not None:
            return existing
        with self.engine.begin() as connection:
            new_id = connection.execute(insert(handovers).values(
                sender=sender, channel=channel, kiosk_id=kiosk_id, page_url=(page_url or None) and page_url[:500],
                topic=(topic or None) and topic[:300], status=WAITING, requested_at=when or now(),
            )).inserted_primary_key[0]
        return self.get(new_id)

    def get(self, handover_id: int) -> Handover | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(handovers).where(handovers.c.id == handover_id)).first()
        return Handover(**row._mapping) if row else None

    def open_for(self, sender: str) -> Handover | None:
        """The conversation's handover that is waiting or with an agent, if any."""
        with self.engine.connect() as connection:
            row = connection.execute(select(handovers).where(
                handovers.c.sender == sender, handovers.c.status.in_(OPEN_STATES),
            ).order_by(handovers.c.id.desc())).first()
        return Handover(**row._mapping) if row else None

    def queue(self) -> list[Handover]:
        """Waiting and claimed handovers, the longest waiting first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(handovers).where(handovers.c.status.in_(OPEN_STATES))
                                      .order_by(handovers.c.requested_at, handovers.c.id)).all()
        return [Handover(**row._mapping) for row in rows]

    def waiting_count(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(handovers)
                                      .where(handovers.c.status == WAITING)).scalar_one()

    def claim(self, handover_id: int, agent: str, when: dt.datetime | None = None) -> bool:
        """Gives a waiting handover to one agent: one atomic UPDATE, so of two agents at the same moment one wins."""
        with self.engine.begin() as connection:
            result = connection.execute(update(handovers).where(
                handovers.c.id == handover_id, handovers.c.status == WAITING,
            ).values(status=ACTIVE, claimed_by=agent, claimed_at=when or now()))
        return result.rowcount == 1

    def end(self, handover_id: int, status: str, reason: str | None = None, agent: str | None = None,
            when: dt.datetime | None = None) -> bool:
        """Ends an open handover (handed back, closed, or cancelled by the visitor); with ``agent``, only that
        agent's claimed one."""
        condition = [handovers.c.id == handover_id, handovers.c.status.in_(OPEN_STATES)]
        if agent is not None:
            condition += [handovers.c.claimed_by == agent, handovers.c.status == ACTIVE]
        with self.engine.begin() as connection:
            result = connection.execute(update(handovers).where(*condition).values(
                status=status, ended_at=when or now(), end_reason=(reason or None) and reason[:300]))
        return result.rowcount == 1

    # --- messages during a handover -------------------------------------------------------------
    def add_message(self, handover_id: int, author: str, text: str, agent: str | None = None,
                    when: dt.datetime | None = None) -> HandoverMessage:
        with self.engine.begin() as connection:
            new_id = connection.execute(insert(handover_messages).values(
                handover_id=handover_id, author=author, agent=agent, text=text, created_at=when or now(),
            )).inserted_primary_key[0]
            row = connection.execute(select(handover_messages).where(handover_messages.c.id == new_id)).one()
        return HandoverMessage(**row._mapping)

    def messages(self, handover_id: int) -> list[HandoverMessage]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(handover_messages).where(handover_messages.c.handover_id == handover_id)
                                      .order_by(handover_messages.c.id)).all()
        return [HandoverMessage(**row._mapping) for row in rows]

    # --- call-back requests ---------------------------------------------------------------------
    def add_callback(self, sender: str, channel: str | None, kiosk_id: str | None, name: str, contact: str,
                     question: str, consent: bool, when: dt.datetime | None = None) -> Callback:
        with self.engine.begin() as connection:
            new_id = connection.execute(insert(callbacks).values(
                sender=sender, channel=channel, kiosk_id=kiosk_id, name=name[:100], contact=contact[:200],
                question=question, consent=consent, created_at=when or now(),
            )).inserted_primary_key[0]
        return self.callback(new_id)

    def callback(self, callback_id: int) -> Callback | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(callbacks).where(callbacks.c.id == callback_id)).first()
        return Callback(**row._mapping) if row else None

    def callbacks(self, include_done: bool = False) -> list[Callback]:
        query = select(callbacks).order_by(callbacks.c.created_at, callbacks.c.id)
        if not include_done:
            query = query.where(callbacks.c.done_at.is_(None))
        with self.engine.connect() as connection:
            return [Callback(**row._mapping) for row in connection.execute(query).all()]

    def mark_callback_done(self, callback_id: int, agent: str, when: dt.datetime | None = None) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(update(callbacks).where(
                callbacks.c.id == callback_id, callbacks.c.done_at.is_(None),
            ).values(done_at=when or now(), done_by=agent))
        return result.rowcount == 1
