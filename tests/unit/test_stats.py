"""Conversation statistics: what an event adds, counted once, without any message text."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import uuid

import pytest

from bot.stats.consumer import consume, handle
from bot.stats.events import change_of
from bot.stores.stats_store import StatsStore


def _store(tmp_path) -> StatsStore:
    return StatsStore(f"sqlite:///{tmp_path / 'stats.db'}")


def test_a_user_message_counts_with_its_channel_from_the_metadata():
    change = change_of({"event": "user", "text": "hoi", "input_channel": "rest", "metadata": {"channel": "kiosk"}})
    assert change.user_messages == 1 and change.channel == "kiosk"


def test_an_intake_slot_is_the_step_reached():
    assert change_of({"event": "slot", "name": "sector", "value": "po"}).intake_step == 3


def test_advice_counts_only_when_routes_were_given():
    assert change_of({"event": "slot", "name": "geadviseerde_routes", "value": ["pabo-voltijd"]}).advice
    assert not change_of({"event": "slot", "name": "geadviseerde_routes", "value": []}).advice


def test_an_unsure_answer_counts_as_abstained():
    event = {"event": "bot", "text": "Dat weet ik niet zeker", "data": {"buttons": [{"payload": "/vraag_persoon"}]}}
    assert change_of(event).abstained == 1


def test_the_same_event_delivered_twice_is_counted_once(tmp_path):
    store = _store(tmp_path)
    body = b'{"event": "user", "sender_id": "c1", "timestamp": 1700000000.5, "text": "hoi"}'
    assert [handle(store, body), handle(store, body)] == ["stored", "skipped"]
    assert store.export("c1")[0]["user_messages"] == 1


def test_late_events_after_an_outage_still_count(tmp_path):
    store = _store(tmp_path)
    for ts in (3.0, 1.0, 2.0):  # a buffer flushed after newer events
        handle(store, f'{{"event": "user", "sender_id": "c1", "timestamp": 170000000{ts}}}'.encode())
    assert store.export("c1")[0]["user_messages"] == 3


def test_unreadable_messages_are_reported_not_stored(tmp_path):
    store = _store(tmp_path)
    assert handle(store, b"not json") == "unreadable"
    assert handle(store, b'{"event": "user"}') == "unreadable"
    assert store.summary().conversations == 0


def test_the_statistics_hold_no_message_text(tmp_path):
    store = _store(tmp_path)
    handle(store, b'{"event": "user", "sender_id": "c1", "timestamp": 1.0, "text": "Jan Jansen 0612345678"}')
    assert "Jansen" not in repr(store.export("c1"))


def test_purge_forgets_the_conversation_but_keeps_the_counts(tmp_path):
    store = _store(tmp_path)
    handle(store, b'{"event": "user", "sender_id": "c1", "timestamp": 1000.0}')
    assert store.purge(dt.datetime(2000, 1, 1)) == 1
    assert store.export("c1") == [] and store.summary().conversations == 1


def test_an_event_that_changes_nothing_still_makes_the_conversations_row(tmp_path):
    store = _store(tmp_path)
    handle(store, b'{"event": "action", "name": "action_listen", "sender_id": "c1", "timestamp": 1.0}')
    assert store.export("c1")[0]["user_messages"] == 0


def test_events_that_change_nothing_on_a_known_row_are_not_written(tmp_path):
    store = _store(tmp_path)
    handle(store, b'{"event": "user", "sender_id": "c1", "timestamp": 1.0}')
    action = b'{"event": "action", "name": "action_listen", "sender_id": "c1", "timestamp": 2.0}'
    assert handle(store, action) == "skipped"
    assert handle(store, b'{"event": "user", "sender_id": "c1", "timestamp": 3.0}') == "stored"
    assert store.export("c1")[0]["user_messages"] == 2


def test_after_a_deletion_the_next_event_of_the_conversation_starts_a_new_row(tmp_path):
    store = _store(tmp_path)
    handle(store, b'{"event": "user", "sender_id": "c1", "timestamp": 1.0}')
    store.delete("c1")
    handle(store, b'{"event": "action", "name": "action_listen", "sender_id": "c1", "timestamp": 2.0}')
    assert [row["user_messages"] for row in store.export("c1")] == [0]  # the store's memory of the row went too


AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


@pytest.mark.asyncio
async def test_the_consumer_counts_what_rabbitmq_delivers_in_batches(tmp_path):
    import aio_pika

    store, queue = _store(tmp_path), f"test_stats_{uuid.uuid4().hex[:8]}"
    connection = await aio_pika.connect_robust(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        await channel.declare_queue(queue, durable=True)
        # more than one batch; every fifth a user message (the last one too), the rest change nothing
        for n in range(250):
            event = {"event": "user" if n % 5 == 4 else "action", "name": "action_listen",
                     "sender_id": f"c{n % 2}", "timestamp": 1000.0 + n}
            await channel.default_exchange.publish(aio_pika.Message(json.dumps(event).encode()), routing_key=queue)
        stop = asyncio.Event()
        consumer = asyncio.create_task(consume(AMQP_URL, store, stop, queue_name=queue))
        for _ in range(100):
            rows = store.export("c0") + store.export("c1")
            if sum(row["user_messages"] for row in rows) == 50:
                break
            await asyncio.sleep(0.1)
        stop.set()
        counts = await consumer
        left = await channel.declare_queue(queue, durable=True)
        assert left.declaration_result.message_count == 0  # every message acknowledged
        await left.delete()
    assert sum(row["user_messages"] for row in rows) == 50
    assert counts["stored"] + counts["skipped"] == 250
