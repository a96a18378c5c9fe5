"""Take-home advice pages: unguessable tokens, expiry, and old pages cleaned up."""

import datetime as dt

import pytest

from bot.stores.advice_store import AdviceStore

NOW = dt.datetime(2026, 11, 29, 12, 0)
ADVICE = {"profiel": ["havo"], "routes": [{"naam": "Pabo voltijd"}], "loket": None, "gemaakt_op": "2026-11-29"}


@pytest.fixture
def store(tmp_path) -> AdviceStore:
    return AdviceStore(f"sqlite:///{tmp_path / 'advice.db'}", ttl_days=30)


def test_a_page_is_found_by_its_token_until_it_expires(store):
    page = store.create(ADVICE, now=NOW)
    found = store.get(page.token)
    assert found.advice == ADVICE
    assert not found.expired(NOW + dt.timedelta(days=29))
    assert found.expired(NOW + dt.timedelta(days=30))


def test_tokens_are_long_and_never_repeat(store):
    tokens = {store.create(ADVICE, now=NOW).token for _ in range(50)}
    assert len(tokens) == 50 and min(map(len, tokens)) >= 20


def test_an_unknown_token_finds_nothing(store):
    assert store.get("nietbestaand-token-1234") is None


def test_pages_expired_for_longer_than_a_lifetime_are_removed(store):
    old = store.create(ADVICE, now=NOW)
    store.create(ADVICE, now=NOW + dt.timedelta(days=61))
    assert store.get(old.token) is None


def test_a_lifetime_below_one_day_is_refused(tmp_path):
    with pytest.raises(ValueError):
        AdviceStore(f"sqlite:///{tmp_path / 'advice.db'}", ttl_days=0)
