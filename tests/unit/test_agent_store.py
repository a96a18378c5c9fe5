"""Helpdesk agent accounts: argon2 hashes, lockout after wrong passwords, equal treatment of unknown names, presence."""

import datetime as dt
import threading
import time

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from bot.stores.agent_store import WRONG_CREDENTIALS, AgentStore, agents

NOW = dt.datetime(2026, 11, 30, 12, 0)  # naive UTC: 13:00 in Amsterdam
PASSWORD = "paarden-eten-graag-hooi"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # real argon2, cheaper for the tests


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'helpdesk.db'}"


@pytest.fixture
def store(url) -> AgentStore:
    store = AgentStore(url, lockout_attempts=5, lockout_minutes=15, hasher=FAST)
    store.add("anna", PASSWORD, now=NOW)
    return store


def stored_hash(store: AgentStore, name: str) -> str:
    with store.engine.connect() as connection:
        return connection.execute(select(agents.c.password_hash).where(agents.c.name == name)).scalar_one()


def fail(store: AgentStore, times: int, now: dt.datetime = NOW) -> None:
    for _ in range(times):
        assert not store.verify("anna", "fout-wachtwoord-123", now=now).ok


def test_the_stored_hash_is_argon2_and_not_the_password(store):
    password_hash = stored_hash(store, "anna")
    assert password_hash.startswith("$argon2id$") and PASSWORD not in password_hash


def test_the_right_password_logs_in(store):
    assert store.verify("anna", PASSWORD, now=NOW).ok


def test_a_wrong_password_is_refused_with_a_dutch_reason(store):
    result = store.verify("anna", "paarden-eten-graag-gras", now=NOW)
    assert not result.ok and result.locked_until is None and result.reason == WRONG_CREDENTIALS


def test_names_are_not_case_sensitive(store):
    assert store.verify(" Anna", PASSWORD, now=NOW).ok


def test_four_wrong_passwords_do_not_lock_yet(store):
    fail(store, 3)
    result = store.verify("anna", "nog-een-fout-wachtwoord", now=NOW)
    assert result.locked_until is None and result.reason == WRONG_CREDENTIALS


def test_the_fifth_wrong_password_locks(store):
    fail(store, 4)
    result = store.verify("anna", "nog-een-fout-wachtwoord", now=NOW)
    assert not result.ok and result.locked_until == NOW + dt.timedelta(minutes=15)
    assert result.reason == "Je account is tijdelijk geblokkeerd tot 13:15."


def test_a_locked_account_refuses_the_right_password(store):
    fail(store, 5)
    result = store.verify("anna", PASSWORD, now=NOW + dt.timedelta(minutes=14))
    assert not result.ok and result.locked_until == NOW + dt.timedelta(minutes=15)


def test_the_right_password_works_again_when_the_lock_has_ended(store):
    fail(store, 5)
    assert store.verify("anna", PASSWORD, now=NOW + dt.timedelta(minutes=15)).ok


def test_unlock_lifts_the_lock_at_once(store):
    fail(store, 5)
    assert store.unlock("anna")
    assert store.verify("anna", PASSWORD, now=NOW).ok


def test_the_right_password_resets_the_count_of_wrong_ones(store):
    fail(store, 4)
    assert store.verify("anna", PASSWORD, now=NOW).ok
    fail(store, 4)
    assert store.verify("anna", PASSWORD, now=NOW).ok


def test_wrong_passwords_at_the_same_moment_are_all_counted(url):
    store = AgentStore(url, lockout_attempts=100, hasher=FAST)
    store.add("anna", PASSWORD)
    threads = [threading.Thread(target=store.verify, args=("anna", f"fout-wachtwoord-{i}")) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with store.engine.connect() as connection:
        assert connection.execute(select(agents.c.failed_attempts)).scalar_one() == 8


def test_the_lockout_comes_from_the_environment(url, monkeypatch):
    monkeypatch.setenv("AGENT_LOCKOUT_ATTEMPTS", "3")
    monkeypatch.setenv("AGENT_LOCKOUT_MINUTES", "30")
    store = AgentStore(url, hasher=FAST)
    store.add("anna", PASSWORD)
    fail(store, 2)
    assert store.verify("anna", "fout-wachtwoord-123", now=NOW).locked_until == NOW + dt.timedelta(minutes=30)


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(store):
    unknown = store.verify("bestaat-niet", PASSWORD, now=NOW)
    wrong = store.verify("anna", "paarden-eten-graag-gras", now=NOW)
    assert (unknown.ok, unknown.locked_until, unknown.reason) == (wrong.ok, wrong.locked_until, wrong.reason)


def test_an_unknown_name_costs_as_much_hashing_time_as_a_known_one(url):
    store = AgentStore(url)  # the real parameters: a verification takes a noticeable time
    store.add("anna", PASSWORD)
    store.verify("bestaat-niet", PASSWORD)  # the dummy hash is made once per process

    def seconds(name: str) -> float:
        start = time.perf_counter()
        store.verify(name, "fout-wachtwoord-123")
        return time.perf_counter() - start

    known, unknown = seconds("anna"), seconds("bestaat-niet")
    assert unknown > 0.25 * known and known > 0.25 * unknown


@pytest.mark.parametrize("name", ["a", "x" * 41, "jan de vries", "anna!", "ánna", "an\nna", ""])
def test_an_invalid_name_is_refused(store, name):
    with pytest.raises(ValueError, match="2 tot 40 tekens"):
        store.add(name, PASSWORD)


def test_a_name_is_stored_in_lower_case(store):
    assert store.add("Jan.de-Vries_2", PASSWORD) == "jan.de-vries_2"
    assert "jan.de-vries_2" in store.names()


def test_a_password_shorter_than_twelve_characters_is_refused(store):
    with pytest.raises(ValueError, match="minstens 12 tekens"):
        store.add("bram", "elf-tekens!")


def test_an_existing_name_is_refused(store):
    with pytest.raises(ValueError, match="al een account"):
        store.add("ANNA", "een-ander-wachtwoord")


def test_remove_deletes_the_account(store):
    assert store.remove("anna") and store.names() == [] and not store.remove("anna")
    assert store.verify("anna", PASSWORD, now=NOW).reason == WRONG_CREDENTIALS


def test_online_lists_the_agents_active_in_the_last_two_minutes(store):
    store.add("bram", PASSWORD)
    store.add("carla", PASSWORD)
    store.touch("anna", NOW - dt.timedelta(seconds=30))
    store.touch("bram", NOW - dt.timedelta(minutes=5))
    assert store.online(NOW) == ["anna"]
    assert store.online(NOW, within=dt.timedelta(minutes=10)) == ["anna", "bram"]


def test_touch_tells_when_the_account_is_gone(store):
    assert store.touch("anna", NOW)
    assert not store.touch("bestaat-niet", NOW)


def test_an_outdated_hash_is_replaced_at_the_next_login(store, url):
    old = stored_hash(store, "anna")
    stronger = AgentStore(url, hasher=PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    assert stronger.verify("anna", PASSWORD, now=NOW).ok
    new = stored_hash(store, "anna")
    assert new != old and "t=2" in new and stronger.verify("anna", PASSWORD, now=NOW).ok
