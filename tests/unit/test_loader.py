"""Building the store: idempotent, on SQLite and on PostgreSQL."""

import os
import uuid

import pytest
from sqlalchemy import create_engine, func, select, text

from knowledge.db import make_engine
from knowledge.files import read_files
from knowledge.loader import load
from knowledge.models import Route
from knowledge.recommender import Profile
from knowledge.regions_import import import_regions
from knowledge.repository import KnowledgeRepository

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def route_count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Route)).scalar_one()


def test_schema_change_is_rebuilt_on_load(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE routes (id VARCHAR PRIMARY KEY, name VARCHAR)"))
    load(engine, read_files())
    assert route_count(engine) > 0


def test_loading_twice_gives_the_same_store(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    first = load(engine, read_files())
    second = load(engine, read_files())
    assert first.counts == second.counts
    assert route_count(engine) == first.counts["routes"]


@pytest.fixture
def postgres_url():
    """A fresh database on the machine's PostgreSQL service, dropped afterwards."""
    name = f"routeadvies_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_store_loads_and_answers_on_postgresql(postgres_url, regions_dir):
    engine = make_engine(postgres_url)
    load(engine, read_files())
    load(engine, read_files())
    import_regions(engine, regions_dir)
    repository = KnowledgeRepository(engine)
    assert repository.recommend(Profile(education_level="havo", sector="po")).advice[0].route_id == "pabo-voltijd"
    assert repository.desks_for_place("Zwole", "po").desks[0].name == "Hatseklas"
    assert repository.resolve_place("8011 AB").municipality_code == "GM0193"
    engine.dispose()
