"""Server-side sessions of the agent console, for ``aiohttp-session``.

The cookie (``routeadvies_agent``: HttpOnly, SameSite=Strict, Path=/agent, Secure behind https) holds only a random
id; what the session holds (the agent's name, the CSRF token) stays in the table ``agent_sessions`` of the helpdesk
database (``HELPDESK_STORE_URL``). A session ends after ``AGENT_SESSION_HOURS`` (default 8) without a request;
ended rows are deleted. Logging in gives a new id (``renew``), so an id known before the login is worth nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import secrets
from typing import Any, Callable

from aiohttp import web
from aiohttp_session import AbstractStorage, Session, get_session, new_session
from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, delete, insert, select, update

from bot.stores.agent_store import store_url, utc_naive
from bot.stores.sql import engine_with_tables

COOKIE_NAME = "routeadvies_agent"
COOKIE_PATH = "/agent"
DEFAULT_IDLE_HOURS = 8
ID_BYTES = 32  # secrets.token_urlsafe(32): 43 characters, 256 random bits
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
REFRESH_AFTER = dt.timedelta(minutes=1)  # the idle deadline moves at most once a minute: not a write per request

_metadata = MetaData()
agent_sessions = Table(
    "agent_sessions",
    _metadata,
    Column("id", String(64), primary_key=True),
    Column("data", Text, nullable=False),
    Column("expires_at", DateTime, nullable=False, index=True),
)


def idle_from_env() -> dt.timedelta:
    value = os.environ.get("AGENT_SESSION_HOURS", "").strip()
    try:
        hours = float(value) if value else DEFAULT_IDLE_HOURS
    except ValueError as error:
        raise ValueError(f"AGENT_SESSION_HOURS moet een aantal uren zijn, niet {value!r}.") from error
    if hours <= 0:
        raise ValueError("AGENT_SESSION_HOURS moet meer dan 0 zijn.")
    return dt.timedelta(hours=hours)


def secure_from_env() -> bool:
    """Secure cookies when the console is reached over https (``PUBLIC_BASE_URL``)."""
    return os.environ.get("PUBLIC_BASE_URL", "").strip().lower().startswith("https")


class SqlSessionStorage(AbstractStorage):
    """``aiohttp_session`` storage that keeps the data in SQL and only a random id in the cookie."""

    def __init__(
        self,
        url: str | None = None,
        *,
        idle: dt.timedelta | None = None,
        secure: bool | None = None,
        clock: Callable[[], dt.datetime] = utc_naive,
    ) -> None:
        super().__init__(
            cookie_name=COOKIE_NAME, path=COOKIE_PATH, httponly=True, samesite="Strict",
            secure=secure_from_env() if secure is None else secure,
            max_age=None,  # a browser-session cookie; the server decides when a session ends (idle time)
        )
        self.url = url or store_url()
        self.idle = idle or idle_from_env()
        self.clock = clock
        self.engine = engine_with_tables(self.url, _metadata)

    # --- aiohttp_session.AbstractStorage --------------------------------------------------------------------
    async def load_session(self, request: web.Request) -> Session:
        key = self.load_cookie(request)
        if key is None or not ID_PATTERN.fullmatch(key):
            return Session(None, data=None, new=True)
        data = await asyncio.to_thread(self._load, key, self.clock())
        if data is None:
            return Session(None, data=None, new=True)
        return Session(key, data=data, new=False)

    async def save_session(self, request: web.Request, response: web.StreamResponse, session: Session) -> None:
        key = session.identity
        if session.empty:
            if key is not None:
                await asyncio.to_thread(self._delete, key)
            self.save_cookie(response, "")
            return
        data = self._encoder(self._get_session_data(session))
        if key is None:
            key = await asyncio.to_thread(self._insert, data, self.clock())
            session.set_new_identity(key)
        elif not await asyncio.to_thread(self._update, key, data, self.clock()):
            self.save_cookie(response, "")  # ended meanwhile (logout in another tab, expiry): not brought back
            return
        self.save_cookie(response, key)

    # --- for the console ------------------------------------------------------------------------------------
    async def renew(self, request: web.Request) -> Session:
        """Throws the request's session away and starts an empty one that gets a new id when saved (at login)."""
        old = await get_session(request)
        if old.identity is not None:
            await asyncio.to_thread(self._delete, old.identity)
        return await new_session(request)

    def purge(self, now: dt.datetime | None = None) -> int:
        """Deletes ended sessions; returns how many."""
        with self.engine.begin() as connection:
            return connection.execute(
                delete(agent_sessions).where(agent_sessions.c.expires_at <= (now or self.clock()))).rowcount

    # --- the table ------------------------------------------------------------------------------------------
    def _load(self, key: str, now: dt.datetime) -> dict[str, Any] | None:
        with self.engine.begin() as connection:
            row = connection.execute(select(agent_sessions).where(agent_sessions.c.id == key)).first()
            if row is None:
                return None
            if row.expires_at <= now:
                connection.execute(delete(agent_sessions).where(agent_sessions.c.id == key))
                return None
            if row.expires_at - now < self.idle - REFRESH_AFTER:
                connection.execute(update(agent_sessions).where(agent_sessions.c.id == key)
                                   .values(expires_at=now + self.idle))
        try:
            data = self._decoder(row.data)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def _insert(self, data: str, now: dt.datetime) -> str:
        key = secrets.token_urlsafe(ID_BYTES)
        with self.engine.begin() as connection:
            connection.execute(delete(agent_sessions).where(agent_sessions.c.expires_at <= now))
            connection.execute(insert(agent_sessions).values(id=key, data=data, expires_at=now + self.idle))
        return key

    def _update(self, key: str, data: str, now: dt.datetime) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(
                update(agent_sessions).where(agent_sessions.c.id == key, agent_sessions.c.expires_at > now)
                .values(data=data, expires_at=now + self.idle))
        return result.rowcount == 1

    def _delete(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(agent_sessions).where(agent_sessions.c.id == key))

