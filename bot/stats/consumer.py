"""Reads Rasa's events from RabbitMQ into the conversation statistics (``python -m bot stats consume``).

The queue is durable and every message is acknowledged only after its change is stored, so a consumer that
stops (or a RabbitMQ that restarts) loses nothing: the events wait in the queue and are counted when it is back.
An event the store has counted already (same conversation, time and type) is acknowledged and skipped, so a
message delivered twice, or late, is counted once.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Callable

from bot.stats.events import change_of
from bot.stores.event_broker import QUEUE
from bot.stores.stats_store import StatsStore

logger = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


def handle(store: StatsStore, body: bytes) -> str:
    """Stores one message's change; what happened, for the counters: stored, skipped or unreadable."""
    try:
        event: Any = json.loads(body)
    except ValueError:
        return "unreadable"
    if not isinstance(event, dict) or not isinstance(event.get("sender_id"), str):
        return "unreadable"
    timestamp = event.get("timestamp")
    if not isinstance(timestamp, int | float):
        return "unreadable"
    # Every event moves the conversation's clock on, so a row exists from its first event.
    return "stored" if store.apply(event["sender_id"][:128], float(timestamp), change_of(event),
                                  str(event.get("event", ""))) else "skipped"


async def consume(url: str, store: StatsStore, stop: asyncio.Event | None = None,
                  progress: Callable[[dict[str, int]], None] | None = None) -> dict[str, int]:
    """Consumes until ``stop`` is set; the counters at the end.

    The first connection is tried until RabbitMQ answers; after that aio-pika's robust connection reconnects by
    itself and restores the consumer when RabbitMQ comes back.
    """
    import aio_pika

    stop = stop or asyncio.Event()
    counts = {"stored": 0, "skipped": 0, "unreadable": 0}

    async def on_message(message: Any) -> None:
        async with message.process(requeue=True):
            outcome = await asyncio.to_thread(handle, store, message.body)
        counts[outcome] += 1
        if progress and sum(counts.values()) % 100 == 0:
            progress(dict(counts))

    while not stop.is_set():
        try:
            connection = await aio_pika.connect_robust(url)
            break
        except Exception as error:  # noqa: BLE001 - not up yet: wait and try again
            logger.error("RabbitMQ not reachable (%s); trying again in %.0f s", error.__class__.__name__,
                         RETRY_SECONDS)
            await _sleep_or_stop(stop, RETRY_SECONDS)
    else:
        return counts
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=100)
        queue = await channel.declare_queue(QUEUE, durable=True)
        await queue.consume(on_message)
        logger.info("Reading conversation events from queue %s", QUEUE)
        await stop.wait()
    return counts


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except asyncio.TimeoutError:
        pass
