"""Rasa's SQL tracker store, configured by one SQLAlchemy URL (``TRACKER_STORE_URL``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bot.stores.sqlite_tuning import use_tuned_sqlite

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class UrlSQLTrackerStore(SQLTrackerStore):
    """``url: sqlite:///var/tracker.db`` or ``url: postgresql://user:pw@host:5432/db``."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        url = make_url(host or "sqlite:///var/tracker.db")
        database = url.database
        if url.get_backend_name() == "sqlite" and database and not Path(database).is_absolute():
            path = PROJECT_ROOT / database
            path.parent.mkdir(parents=True, exist_ok=True)
            database = str(path)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query),
            **kwargs,
        )
        if self.engine.dialect.name == "postgresql":
            # After a PostgreSQL restart the pooled connections are dead: test each before use, so the next turn
            # reconnects instead of failing (Rasa's own engine does not).
            url = self.engine.url
            self.engine.dispose()
            self.engine = create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
            self.sessionmaker = sessionmaker(bind=self.engine)
        if self.engine.dialect.name == "sqlite":
            use_tuned_sqlite(self)  # WAL, pooled connections: see bot/stores/sqlite_tuning.py

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """Publishes the events of this turn to the event broker (production profile).

        Rasa finds them by reading the whole conversation back from the database and comparing it with
        ``tracker``, on every save; here they are the events the store does not hold yet, found with one count
        query (the same one ``save`` uses to decide what to write).
        """
        if self.event_broker is None:
            return
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
