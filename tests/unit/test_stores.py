"""Tracker and lock stores picked by URL: SQLite and in-memory by default, PostgreSQL and Redis in production."""

import json
import os
import uuid

import pytest
from rasa.core.brokers.sql import SQLEventBroker
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import text

from bot.stores.lock_store import UrlLockStore
from bot.stores.tracker_store import UrlSQLTrackerStore

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
DOMAIN = Domain.from_yaml('version: "3.1"\nslots:\n  woonplaats:\n    type: text\n    mappings: []\n')


async def round_trip(store: UrlSQLTrackerStore, sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("hoi"), SlotSet("woonplaats", "Zwolle")])
    await store.save(tracker)
    return await store.retrieve(sender)


@pytest.mark.asyncio
async def test_sqlite_tracker_store_keeps_conversation(tmp_path):
    store = UrlSQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    restored = await round_trip(store, "sqlite-user")
    assert restored.get_slot("woonplaats") == "Zwolle"


@pytest.mark.asyncio
async def test_postgres_tracker_store_keeps_conversation():
    store = UrlSQLTrackerStore(domain=DOMAIN, host=POSTGRES_URL)
    sender = f"pg-user-{uuid.uuid4().hex}"
    restored = await round_trip(store, sender)
    assert restored.get_slot("woonplaats") == "Zwolle"
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender})


@pytest.mark.asyncio
async def test_each_saved_event_goes_to_the_event_broker_once_in_order(tmp_path):
    broker = SQLEventBroker(db=str(tmp_path / "broker.db"))
    store = UrlSQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}", event_broker=broker)
    tracker = DialogueStateTracker.from_events("streamed", [UserUttered("hoi")])
    await store.save(tracker)
    tracker = await store.retrieve("streamed")
    tracker.update(SlotSet("woonplaats", "Zwolle"))
    tracker.update(UserUttered("havo"))
    await store.save(tracker)
    with broker.session_scope() as session:
        published = [json.loads(row.data) for row in session.query(broker.SQLBrokerEvent).order_by("id")]
    assert [(e["event"], e.get("text") or e.get("value")) for e in published] == [
        ("user", "hoi"), ("slot", "Zwolle"), ("user", "havo")]
    assert {e["sender_id"] for e in published} == {"streamed"}


def test_default_lock_store_is_in_memory():
    assert isinstance(UrlLockStore(EndpointConfig(url="memory://")).inner, InMemoryLockStore)


def test_redis_lock_store_issues_and_releases_tickets():
    store = UrlLockStore(EndpointConfig(url=REDIS_URL))
    assert isinstance(store.inner, RedisLockStore)
    conversation = f"lock-test-{os.getpid()}"
    ticket = store.issue_ticket(conversation)
    assert store.get_lock(conversation).is_someone_waiting()
    store.finish_serving(conversation, ticket)
    store.delete_lock(conversation)
    assert store.get_lock(conversation) is None


def test_unknown_lock_store_scheme_is_a_clear_error():
    with pytest.raises(ValueError, match="LOCK_STORE_URL"):
        UrlLockStore(EndpointConfig(url="mysql://x"))
