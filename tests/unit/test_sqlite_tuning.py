"""The embedded SQLite stores: the tracker store writes ahead (WAL) with pooled connections and keeps every event;
the knowledge store keeps its connections and still sees a new load."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text
from sqlalchemy.pool import QueuePool

from bot.stores.tracker_store import UrlSQLTrackerStore
from knowledge.db import make_engine

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
slots:
  vak:
    type: text
    mappings: [{type: custom}]
""")


def test_tracker_store_writes_ahead_and_keeps_every_event(tmp_path: Path) -> None:
    store = UrlSQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    assert isinstance(store.engine.pool, QueuePool)
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL

    tracker = DialogueStateTracker("bezoeker-1", DOMAIN.slots)
    tracker.update(UserUttered("hoi", {"name": "greet", "confidence": 1.0}))
    tracker.update(ActionExecuted("utter_greet"))
    asyncio.run(store.save(tracker))
    again = asyncio.run(store.retrieve("bezoeker-1"))
    again.update(SlotSet("vak", "wiskunde"))
    asyncio.run(store.save(again))  # only the new event is added

    stored = asyncio.run(UrlSQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
                         .retrieve("bezoeker-1"))
    assert [e.as_dict()["event"] for e in stored.events] == ["user", "action", "slot"]
    assert stored.get_slot("vak") == "wiskunde"


def test_knowledge_store_keeps_connections_and_sees_a_new_load(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    reader, writer = make_engine(url), make_engine(url)
    assert isinstance(reader.pool, QueuePool)
    with writer.begin() as connection:
        connection.execute(text("CREATE TABLE versie (waarde TEXT)"))
        connection.execute(text("INSERT INTO versie VALUES ('een')"))
    with reader.connect() as connection:
        assert connection.execute(text("SELECT waarde FROM versie")).scalar() == "een"
    with writer.begin() as connection:
        connection.execute(text("UPDATE versie SET waarde = 'twee'"))
    with reader.connect() as connection:  # the same pooled connection, a new read
        assert connection.execute(text("SELECT waarde FROM versie")).scalar() == "twee"
    assert reader.pool.checkedin() == 1
