"""SQLite as the embedded profile's tracker store, made cheap per turn (production uses PostgreSQL).

Rasa's SQL tracker store reads and writes the conversation on the server's event loop, twice per turn. With
SQLAlchemy 1.4's defaults for a SQLite file every read and write opens a new connection, and every commit waits for
the disk (rollback journal, ``synchronous=FULL``): while it waits, no other visitor's turn runs. Here:

- write-ahead log (``journal_mode=WAL``): a commit appends to the log; readers do not block the writer;
- ``synchronous=NORMAL``: in WAL mode the database stays consistent; a power cut (not a crash of a process) may
  lose the last turns written before it;
- connections are kept in a pool instead of opened per read and write.

The web app's own SQLite stores (helpdesk, agents, advice pages: :mod:`bot.stores.sql`) use the same pragmas.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def tuned_engine(url: str | URL) -> Engine:
    engine = create_engine(url, poolclass=QueuePool, pool_size=5, max_overflow=10,
                           connect_args={"check_same_thread": False})
    event.listen(engine, "connect", sqlite_pragmas)
    return engine


def use_tuned_sqlite(store: Any) -> None:
    """Gives a Rasa ``SQLTrackerStore`` on SQLite the tuned engine (and a session factory bound to it)."""
    url = store.engine.url
    store.engine.dispose()
    store.engine = tuned_engine(url)
    store.sessionmaker = sessionmaker(bind=store.engine)
