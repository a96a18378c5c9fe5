"""The action server's store: its indexes are built before the first visitor comes."""

from __future__ import annotations

import pytest

from actions import store


@pytest.fixture
def fresh_repository(monkeypatch):
    def use(url: str):
        monkeypatch.setenv("DATABASE_URL", url)
        store.repository.cache_clear()
        return store
    yield use
    store.repository.cache_clear()


def test_warming_up_builds_the_indexes_before_the_first_question(fresh_repository, knowledge_url):
    actions_store = fresh_repository(knowledge_url)
    assert actions_store.warm_up() is True
    assert actions_store.repository()._indexes is not None


def test_a_store_that_is_not_reachable_does_not_stop_the_start(fresh_repository, caplog):
    actions_store = fresh_repository("postgresql+psycopg2://nobody@127.0.0.1:1/none")
    assert actions_store.warm_up() is False
    assert "not ready at start" in caplog.text
