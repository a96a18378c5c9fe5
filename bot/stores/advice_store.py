"""Take-home advice pages: the advice of one conversation under a random token, for a limited time.

A kiosk shows the token as a QR code; the widget uses it to print or download the advice. A page shows no
more than the advice itself (profile in short, routes, desk, sources): no conversation id, no transcript. The row
keeps the conversation id (never shown) so that a visitor's request to see or delete their data finds the page
(:mod:`bot.privacy`).
Configured by one SQLAlchemy URL (``ADVICE_STORE_URL``, SQLite by default, PostgreSQL in production) and a
lifetime in days (``ADVICE_TTL_DAYS``, default 30).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, delete, insert, inspect, select, text
from sqlalchemy.engine import Engine

from bot.stores.sql import engine_with_tables

DEFAULT_URL = "sqlite:///var/advice.db"
DEFAULT_TTL_DAYS = 30
TOKEN_BYTES = 16  # 128 random bits: a link cannot be guessed

_metadata = MetaData()
advice_pages = Table(
    "advice_pages",
    _metadata,
    Column("token", String(64), primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False, index=True),
    Column("advice", Text, nullable=False),
    Column("sender", String(100), index=True),
)


@functools.cache
def _with_sender_column(url: str) -> Engine:
    """The engine, with the ``sender`` column added to a table made before it existed (once per process)."""
    engine = engine_with_tables(url, _metadata)
    if "sender" not in {column["name"] for column in inspect(engine).get_columns(advice_pages.name)}:
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE advice_pages ADD COLUMN sender VARCHAR(100)"))
            connection.execute(text("CREATE INDEX IF NOT EXISTS ix_advice_pages_sender ON advice_pages (sender)"))
    return engine


@dataclass(frozen=True)
class AdvicePage:
    token: str
    advice: dict[str, Any]
    created_at: dt.datetime
    expires_at: dt.datetime

    def expired(self, now: dt.datetime) -> bool:
        return now >= self.expires_at


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class AdviceStore:
    """Stores advice under unguessable tokens; an expired page is kept a while so that its link can say so."""

    def __init__(self, url: str = DEFAULT_URL, ttl_days: int = DEFAULT_TTL_DAYS) -> None:
        if ttl_days < 1:
            raise ValueError("ADVICE_TTL_DAYS moet minstens 1 zijn")
        self.ttl = dt.timedelta(days=ttl_days)
        self.engine = _with_sender_column(url)

    def create(self, advice: dict[str, Any], now: dt.datetime | None = None, sender: str | None = None) -> AdvicePage:
        """A new page; ``sender`` is the conversation it came from (kept for privacy requests, never shown)."""
        now = now or _now()
        page = AdvicePage(secrets.token_urlsafe(TOKEN_BYTES), advice, now, now + self.ttl)
        with self.engine.begin() as connection:
            # Pages expired for longer than a lifetime are gone for good: the store does not grow without bound.
            connection.execute(delete(advice_pages).where(advice_pages.c.expires_at < now - self.ttl))
            connection.execute(insert(advice_pages).values(
                token=page.token, created_at=page.created_at, expires_at=page.expires_at,
                advice=json.dumps(advice, ensure_ascii=False), sender=sender))
        return page

    def get(self, token: str) -> AdvicePage | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(advice_pages).where(advice_pages.c.token == token)).first()
        if row is None:
            return None
        return AdvicePage(row.token, json.loads(row.advice), row.created_at, row.expires_at)

    def expire(self, token: str, when: dt.datetime) -> None:
        """Sets when a page expires (operators who withdraw a link; tests of the expired page)."""
        with self.engine.begin() as connection:
            connection.execute(advice_pages.update().where(advice_pages.c.token == token).values(expires_at=when))
