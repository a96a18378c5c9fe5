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
from typing import Any, Awaitable, Callable

from bot.stats.events import Change, change_of
from bot.stores.event_broker import QUEUE
from bot.stores.stats_store import StatsStore

logger = logging.getLogger(__name__)
RETRY_SECONDS = 2.0
BATCH = 200  # events per transaction at most (and the prefetch: RabbitMQ sends no more unacknowledged)
DRAIN_SECONDS = 10.0  # on stop, how long the events that have arrived may take to be stored and acknowledged


Event = tuple[str, float, Change, str]


def read(body: bytes) -> Event | None:
    """One message as (conversation, time, change, kind); None when it is not a Rasa event."""
    try:
        event: Any = json.loads(body)
    except ValueError:
        return None
    if not isinstance(event, dict) or not isinstance(event.get("sender_id"), str):
        return None
    timestamp = event.get("timestamp")
    if not isinstance(timestamp, int | float):
        return None
    # Every event moves the conversation's clock on, so a row exists from its first event.
    return event["sender_id"][:128], float(timestamp), change_of(event), str(event.get("event", ""))


def handle_all(store: StatsStore, bodies: list[bytes]) -> list[str]:
    """Stores the changes of several messages in one transaction; per message, for the counters: stored,
    skipped (counted before, or nothing to add) or unreadable."""
    events = [read(body) for body in bodies]
    added = iter(store.apply_all([event for event in events if event is not None]))
    return ["unreadable" if event is None else "stored" if next(added) else "skipped" for event in events]


def handle(store: StatsStore, body: bytes) -> str:
    return handle_all(store, [body])[0]


async def consume(url: str, store: StatsStore, stop: asyncio.Event | None = None,
                  progress: Callable[[dict[str, int]], None] | None = None, queue_name: str = QUEUE) -> dict[str, int]:
    """Consumes until ``stop`` is set; the counters at the end.

    The first connection is tried until RabbitMQ answers; after that aio-pika's robust connection reconnects by
    itself and restores the consumer when RabbitMQ comes back. Messages are stored in batches (what has arrived
    while the previous batch was written, up to ``BATCH``), one transaction each, and acknowledged together.
    """
    import aio_pika

    stop = stop or asyncio.Event()
    counts = {"stored": 0, "skipped": 0, "unreadable": 0}
    arrived: asyncio.Queue = asyncio.Queue()

    async def on_message(message: Any) -> None:
        await arrived.put(message)

    async def store_batches() -> None:
        while True:
            batch = [await arrived.get()]
            while not arrived.empty() and len(batch) < BATCH:
                batch.append(arrived.get_nowait())
            try:
                await store_batch(batch)
            finally:
                for _ in batch:
                    arrived.task_done()

    async def store_batch(batch: list[Any]) -> None:
        try:
            outcomes = await asyncio.to_thread(handle_all, store, [message.body for message in batch])
        except Exception as error:  # noqa: BLE001 - the database is away: RabbitMQ keeps them meanwhile
            logger.error("Statistics store not reachable (%s); %d events go back to the queue",
                         error.__class__.__name__, len(batch))
            await _settle(batch, ok=False)
            await _sleep_or_stop(stop, RETRY_SECONDS)
            return
        await _settle(batch, ok=True)
        for outcome in outcomes:
            counts[outcome] += 1
        if progress and sum(counts.values()) // 100 > (sum(counts.values()) - len(batch)) // 100:
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
    writer = asyncio.create_task(store_batches())
    try:
        async with connection:
            channel = await connection.channel()
            await channel.set_qos(prefetch_count=BATCH)
            queue = await channel.declare_queue(queue_name, durable=True)
            tag = await queue.consume(on_message)
            logger.info("Reading conversation events from queue %s", queue_name)
            await stop.wait()
            await _drain(queue, tag, arrived)
    finally:
        writer.cancel()
    return counts


async def _drain(queue: Any, tag: str, arrived: asyncio.Queue) -> None:
    """Stops the deliveries and lets the writer store and acknowledge what has arrived, so that a consumer that is
    told to stop leaves no delivered event unacknowledged (it would come again, to the next consumer)."""
    await _quietly(queue.cancel(tag))
    try:
        await asyncio.wait_for(arrived.join(), timeout=DRAIN_SECONDS)
    except asyncio.TimeoutError:
        logger.warning("Stopped with %d events not stored; RabbitMQ delivers them again", arrived.qsize())


async def _settle(batch: list[Any], ok: bool) -> None:
    """Acknowledges a stored batch, or gives it back; a message of a channel that has gone (RabbitMQ restarted)
    cannot be settled and comes again by itself, and is then counted once."""
    if ok:  # one acknowledgement for the batch: its messages came in this order
        await _quietly(batch[-1].ack(multiple=True))
        return
    for message in batch:  # each on its own, so that one of a gone channel does not keep the others
        await _quietly(message.nack(requeue=True))


async def _quietly(settling: Awaitable[Any]) -> None:
    try:
        await settling
    except Exception as error:  # noqa: BLE001 - aio-pika raises several kinds for a closed channel
        logger.warning("Event not settled (%s); RabbitMQ delivers it again", error.__class__.__name__)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except asyncio.TimeoutError:
        pass
