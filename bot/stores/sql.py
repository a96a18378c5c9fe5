"""One SQLAlchemy engine per database URL for the web app's own stores (advice pages, helpdesk, agents, sessions).

A relative SQLite path is relative to the project root, not to the working directory. ``sqlite://`` and
``sqlite:///:memory:`` are one in-memory database for the whole process (every thread), e.g. for tests.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlalchemy.pool import StaticPool

from bot.stores.sqlite_tuning import sqlite_pragmas

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HELPDESK_URL_ENV = "HELPDESK_STORE_URL"
HELPDESK_DEFAULT_URL = "sqlite:///var/helpdesk.db"


def helpdesk_url() -> str:
    """The helpdesk database: ``HELPDESK_STORE_URL``, else SQLite ``var/helpdesk.db`` in the project."""
    return os.environ.get(HELPDESK_URL_ENV) or HELPDESK_DEFAULT_URL


@functools.cache
def engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        return create_engine(parsed, future=True, poolclass=StaticPool, connect_args={"check_same_thread": False})
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database).is_absolute():
        path = PROJECT_ROOT / parsed.database
        path.parent.mkdir(parents=True, exist_ok=True)
        parsed = parsed.set(database=str(path))
    engine = create_engine(parsed, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        # The web app and the action server write here on every handover message: in WAL mode a commit does not
        # wait for the disk each time, and readers never block the writer (see bot/stores/sqlite_tuning.py).
        event.listen(engine, "connect", sqlite_pragmas)
    return engine


@functools.cache
def engine_with_tables(url: str, metadata: MetaData) -> Engine:
    """The URL's shared engine with a store's tables made, once per process (not on every store object: the action
    server makes one per message)."""
    engine = engine_for(url)
    try:
        metadata.create_all(engine)
    except (IntegrityError, ProgrammingError):
        # Several processes started at once (a cluster) raced to create the same table on PostgreSQL: one won.
        metadata.create_all(engine)
    return engine
