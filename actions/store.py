"""The action server's single access point to the knowledge store."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from typing import Callable, TypeVar

from knowledge.repository import KnowledgeRepository

T = TypeVar("T")
logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def repository() -> KnowledgeRepository:
    """One repository (and connection pool) per process, configured by DATABASE_URL."""
    return KnowledgeRepository()


async def query(call: Callable[..., T], *args, **kwargs) -> T:
    """Run a blocking store call in a worker thread so the action server's event loop stays free."""
    return await asyncio.to_thread(call, *args, **kwargs)


def warm_up() -> bool:
    """Builds the store's indexes (places, vocabularies, questions) before the action server listens.

    Built on the first question instead, they would cost that visitor a second or two, over the action
    timeout on a busy machine. A store that is not reachable yet is no reason not to start: the first
    question then builds them. True when the indexes are ready.
    """
    started = time.perf_counter()
    try:
        repository().warm_up()
    except Exception as error:  # noqa: BLE001 - any database error: start anyway, say why
        logger.error("Knowledge store not ready at start (%s); the first question builds its indexes",
                     error.__class__.__name__)
        return False
    logger.info("Knowledge store ready in %.1f s", time.perf_counter() - started)
    return True
