"""Conversation statistics: what an event adds, counted once, without any message text."""

from __future__ import annotations

import datetime as dt

from bot.stats.consumer import handle
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
