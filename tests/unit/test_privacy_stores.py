"""Purge, export and delete per store that holds personal data: Rasa's tracker, the helpdesk, the advice pages and
the agent sessions; on SQLite, and all of them once on PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from typing import Iterator

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from bot.privacy.advice import AdvicePagesData
from bot.privacy.agent_sessions import AgentSessions
from bot.privacy.helpdesk import HelpdeskRecords
from bot.privacy.registry import HOLDERS, cutoff, holders, retention_days
from bot.privacy.tracker import TrackerEvents
from bot.stores.advice_store import AdviceStore
from bot.stores.handover_store import CLOSED, HandoverStore
from bot.stores.session_store import agent_sessions
from bot.stores.sql import engine_for
from bot.stores.tracker_store import UrlSQLTrackerStore

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
DOMAIN = Domain.from_yaml('version: "3.1"\nslots:\n  terugbel_naam:\n    type: text\n    mappings: []\n')
NOW = dt.datetime(2026, 11, 29, 12, 0)
OLD = NOW - dt.timedelta(days=120)
CUTOFF = NOW - dt.timedelta(days=90)
ADVICE = {"profiel": ["havo", "34 jaar"], "routes": [{"naam": "Pabo voltijd"}], "loket": None}


def save_conversation(url: str, sender: str, when: dt.datetime) -> None:
    moment = when.replace(tzinfo=dt.timezone.utc).timestamp()
    tracker = DialogueStateTracker.from_events(sender, [
        UserUttered("Ik ben Sanne de Vries", timestamp=moment), SlotSet("terugbel_naam", "Sanne", timestamp=moment)])
    asyncio.run(UrlSQLTrackerStore(domain=DOMAIN, host=url).save(tracker))


# --- Rasa's tracker store -------------------------------------------------------------------------------------
@pytest.fixture
def tracker_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}"


def test_tracker_export_has_the_whole_conversation(tracker_url):
    save_conversation(tracker_url, "w-1", NOW)
    exported = TrackerEvents(tracker_url).export("w-1")
    assert [e["event"] for e in exported] == ["user", "slot"] and exported[0]["text"] == "Ik ben Sanne de Vries"


def test_tracker_delete_removes_one_conversation_only(tracker_url):
    save_conversation(tracker_url, "w-1", NOW)
    save_conversation(tracker_url, "w-2", NOW)
    assert TrackerEvents(tracker_url).delete("w-1") == 2
    assert TrackerEvents(tracker_url).export("w-1") == [] and len(TrackerEvents(tracker_url).export("w-2")) == 2


def test_tracker_purge_removes_conversations_whose_last_message_is_old(tracker_url):
    save_conversation(tracker_url, "old", OLD)
    save_conversation(tracker_url, "recent", NOW)
    holder = TrackerEvents(tracker_url)
    assert holder.purge(CUTOFF, dry_run=True) == 2 and len(holder.export("old")) == 2
    assert holder.purge(CUTOFF) == 2
    assert holder.export("old") == [] and len(holder.export("recent")) == 2


def test_a_tracker_store_without_conversations_yet_has_nothing(tracker_url):
    holder = TrackerEvents(tracker_url)
    assert holder.export("w-1") == [] and holder.delete("w-1") == 0 and holder.purge(CUTOFF) == 0


# --- the helpdesk ---------------------------------------------------------------------------------------------
@pytest.fixture
def helpdesk_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'helpdesk.db'}"


def fill_helpdesk(url: str, sender: str, when: dt.datetime) -> None:
    store = HandoverStore(url)
    handover = store.request(sender, "widget", None, "https://www.example.nl", "mag ik naar de pabo?", when)
    store.add_message(handover.id, "visitor", "Ik ben Sanne", when=when)
    store.end(handover.id, CLOSED, "klaar", when=when)
    store.add_callback(sender, "widget", None, "Sanne de Vries", "sanne@example.nl", "Bel me", True, when)


def test_helpdesk_export_has_handovers_messages_and_call_back_requests(helpdesk_url):
    fill_helpdesk(helpdesk_url, "w-1", NOW)
    exported = HelpdeskRecords(helpdesk_url).export("w-1")
    assert [r["soort"] for r in exported] == ["overdracht", "terugbelverzoek"]
    assert exported[0]["berichten"][0]["text"] == "Ik ben Sanne" and exported[1]["contact"] == "sanne@example.nl"


def test_helpdesk_delete_removes_one_conversation_only(helpdesk_url):
    fill_helpdesk(helpdesk_url, "w-1", NOW)
    fill_helpdesk(helpdesk_url, "w-2", NOW)
    assert HelpdeskRecords(helpdesk_url).delete("w-1") == 3
    assert HelpdeskRecords(helpdesk_url).export("w-1") == [] and len(HelpdeskRecords(helpdesk_url).export("w-2")) == 2


def test_helpdesk_purge_removes_what_ended_before_the_cutoff(helpdesk_url):
    fill_helpdesk(helpdesk_url, "old", OLD)
    fill_helpdesk(helpdesk_url, "recent", NOW)
    HandoverStore(helpdesk_url).request("still-waiting", "widget", None, None, "vraag", NOW)
    holder = HelpdeskRecords(helpdesk_url)
    assert holder.purge(CUTOFF, dry_run=True) == 3 and holder.export("old")
    assert holder.purge(CUTOFF) == 3
    assert holder.export("old") == [] and len(holder.export("recent")) == 2 and holder.export("still-waiting")


# --- advice pages ---------------------------------------------------------------------------------------------
@pytest.fixture
def advice_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'advice.db'}"


def test_advice_pages_are_exported_and_deleted_by_conversation(advice_url):
    store = AdviceStore(advice_url, ttl_days=30)
    mine = store.create(ADVICE, NOW, sender="w-1")
    other = store.create(ADVICE, NOW, sender="w-2")
    holder = AdvicePagesData(advice_url, 30, clock=lambda: NOW)
    assert [page["token"] for page in holder.export("w-1")] == [mine.token]
    assert holder.export("w-1")[0]["advice"] == ADVICE
    assert holder.delete("w-1") == 1 and store.get(mine.token) is None and store.get(other.token) is not None


def test_expired_advice_is_wiped_but_its_link_still_says_expired(advice_url):
    store = AdviceStore(advice_url, ttl_days=30)
    current = store.create(ADVICE, NOW, sender="w-3")  # made first: making a page removes long-expired ones
    expired = store.create(ADVICE, NOW - dt.timedelta(days=31), sender="w-1")
    gone = store.create(ADVICE, NOW - dt.timedelta(days=61), sender="w-2")
    holder = AdvicePagesData(advice_url, 30, clock=lambda: NOW)
    assert holder.purge(CUTOFF, dry_run=True) == 2
    assert holder.purge(CUTOFF) == 2 and holder.purge(CUTOFF) == 0
    wiped = store.get(expired.token)
    assert wiped.advice == {} and wiped.expired(NOW) and holder.export("w-1") == []
    assert store.get(gone.token) is None and store.get(current.token).advice == ADVICE


def test_an_advice_table_made_before_the_conversation_column_gets_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'old-advice.db'}"
    with create_engine(url).begin() as connection:
        connection.execute(text("CREATE TABLE advice_pages (token VARCHAR(64) PRIMARY KEY, created_at DATETIME "
                                "NOT NULL, expires_at DATETIME NOT NULL, advice TEXT NOT NULL)"))
    AdviceStore(url).create(ADVICE, NOW, sender="w-1")
    assert len(AdvicePagesData(url, clock=lambda: NOW).export("w-1")) == 1


# --- agent sessions -------------------------------------------------------------------------------------------
def test_only_ended_agent_sessions_are_purged_and_no_visitor_data_is_there(helpdesk_url):
    holder = AgentSessions(helpdesk_url, clock=lambda: NOW)
    with holder.engine.begin() as connection:
        connection.execute(insert(agent_sessions), [
            {"id": "a" * 43, "data": "{}", "expires_at": NOW - dt.timedelta(minutes=1)},
            {"id": "b" * 43, "data": "{}", "expires_at": NOW + dt.timedelta(hours=1)}])
    assert holder.purge(NOW, dry_run=True) == 1 and holder.purge(NOW) == 1 and holder.purge(NOW) == 0
    assert holder.export("w-1") == [] and holder.delete("w-1") == 0


# --- the registry ---------------------------------------------------------------------------------------------
def test_the_registry_knows_every_store_from_the_environment(tmp_path):
    env = {"TRACKER_STORE_URL": f"sqlite:///{tmp_path / 't.db'}",
           "HELPDESK_STORE_URL": f"sqlite:///{tmp_path / 'h.db'}", "ADVICE_STORE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    found = [type(h) for h in holders(env)]
    assert found[:4] == [TrackerEvents, HelpdeskRecords, AdvicePagesData, AgentSessions] and len(found) == len(HOLDERS)


def test_the_retention_period_comes_from_the_environment():
    assert retention_days({}) == 90 and retention_days({"RETENTION_DAYS": "30"}) == 30
    assert cutoff(30, NOW) == NOW - dt.timedelta(days=30)
    with pytest.raises(ValueError, match="RETENTION_DAYS"):
        retention_days({"RETENTION_DAYS": "nul"})


# --- PostgreSQL -----------------------------------------------------------------------------------------------
@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A database of its own, made for the test and dropped after it."""
    name = f"routeadvies_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        engine_for(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_every_store_exports_deletes_and_purges_on_postgresql(postgres_url):
    save_conversation(postgres_url, "w-1", NOW)
    save_conversation(postgres_url, "old", OLD)
    fill_helpdesk(postgres_url, "w-1", NOW)
    fill_helpdesk(postgres_url, "old", OLD)
    AdviceStore(postgres_url).create(ADVICE, NOW, sender="w-1")
    stores = [TrackerEvents(postgres_url), HelpdeskRecords(postgres_url),
              AdvicePagesData(postgres_url, clock=lambda: NOW), AgentSessions(postgres_url, clock=lambda: NOW)]
    assert [len(store.export("w-1")) for store in stores] == [2, 2, 1, 0]
    assert [store.purge(CUTOFF) for store in stores] == [2, 3, 0, 0]
    assert [store.delete("w-1") for store in stores] == [2, 3, 1, 0]
    assert [store.export("w-1") for store in stores] == [[], [], [], []]
