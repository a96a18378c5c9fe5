"""Shared fixtures: real knowledge databases built from the shipped data files (and the regional data)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.cli import REGIONS_ENV
from knowledge.db import make_engine
from knowledge.files import read_files
from knowledge.loader import load
from knowledge.regions_import import import_regions
from knowledge.repository import KnowledgeRepository


def build_knowledge_db(path: Path, regions: Path | None = None) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    load(engine, read_files())
    if regions is not None:
        import_regions(engine, regions)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def knowledge_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_knowledge_db(tmp_path_factory.mktemp("knowledge") / "knowledge.db")


@pytest.fixture(scope="session")
def repository(knowledge_url: str) -> KnowledgeRepository:
    """The store as shipped: baseline geography, no imported regions."""
    return KnowledgeRepository(make_engine(knowledge_url))


@pytest.fixture(scope="session")
def regions_dir() -> Path:
    """The official regional data set, from $ROUTEADVIES_REGIONS_DIR (set by .ci/run)."""
    value = os.environ.get(REGIONS_ENV)
    if not value:
        message = f"{REGIONS_ENV} is not set: point it at the regional data directory"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Path(value)


@pytest.fixture(scope="session")
def regions_repository(tmp_path_factory: pytest.TempPathFactory, regions_dir: Path) -> KnowledgeRepository:
    """The store with the official regional data imported."""
    url = build_knowledge_db(tmp_path_factory.mktemp("regions") / "knowledge.db", regions_dir)
    return KnowledgeRepository(make_engine(url))
