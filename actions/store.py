"""The action server's single access point to the knowledge store."""

from __future__ import annotations

import asyncio
import functools
from typing import Callable, TypeVar

from knowledge.repository import KnowledgeRepository

T = TypeVar("T")


@functools.lru_cache(maxsize=1)
def repository() -> KnowledgeRepository:
    """One repository (and connection pool) per process, configured by DATABASE_URL."""
    return KnowledgeRepository()


async def query(call: Callable[..., T], *args, **kwargs) -> T:
    """Run a blocking store call in a worker thread so the action server's event loop stays free."""
    return await asyncio.to_thread(call, *args, **kwargs)
