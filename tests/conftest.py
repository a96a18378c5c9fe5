"""Shared fixtures: a real knowledge database built from the shipped data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.db import make_engine
from knowledge.files import read_files
from knowledge.loader import load
from knowledge.repository import KnowledgeRepository


def build_knowledge_db(path: Path) -> str:
    url = f"sqlite:///{path}"
    load(make_engine(url), read_files())
    return url


@pytest.fixture(scope="session")
def knowledge_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_knowledge_db(tmp_path_factory.mktemp("knowledge") / "knowledge.db")


@pytest.fixture(scope="session")
def repository(knowledge_url: str) -> KnowledgeRepository:
    return KnowledgeRepository(make_engine(knowledge_url))
