"""Engine and session factory for the knowledge store, configured by ``DATABASE_URL``."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///var/knowledge.db"


def database_url(url: str | None = None) -> str:
    """The store's URL; relative SQLite paths are taken from the project root, not the cwd."""
    raw = url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    parsed = make_url(raw)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if not path.is_absolute():
            path = PROJECT_ROOT / path
        path.parent.mkdir(parents=True, exist_ok=True)
        parsed = parsed.set(database=str(path))
    return str(parsed) if parsed.password is None else parsed.render_as_string(hide_password=False)


def make_engine(url: str | None = None) -> Engine:
    resolved = database_url(url)
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        # SQLAlchemy 1.4 opens a new SQLite connection for every session (NullPool): several per message on the
        # action server. Pooled, they are opened once; SQLite still sees every committed load on the next read.
        engine = create_engine(resolved, future=True, poolclass=QueuePool, pool_size=5, max_overflow=10,
                               connect_args={"check_same_thread": False})
    else:
        engine = create_engine(resolved, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        # SQLite ignores foreign keys unless asked, and the loader relies on them.
        @event.listens_for(engine, "connect")
        def _enable_foreign_keys(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker) -> Iterator[Session]:
    """One session per request: committed on success, rolled back on error, always closed."""
    session: Session = factory()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()
