"""Rasa's RabbitMQ event broker, configured by one URL and never in the way of a conversation.

``EVENT_BROKER_URL=amqp://user:password@host:5672/vhost`` (production profile, ``endpoints.production.yml``).

Rasa's own :class:`PikaEventBroker` blocks the server's start for up to 100 s while RabbitMQ is down, and then
runs without a broker for the rest of its life; events published before the first connection are dropped. This
subclass connects in the background (retrying for as long as the server runs) and keeps every event in memory
until it can be published, up to ``EVENT_BROKER_BUFFER`` events (oldest dropped first, with a warning), so
conversations go on while RabbitMQ is away and the statistics catch up when it is back.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import deque
from typing import Any
from urllib.parse import unquote, urlsplit

from rasa.core.brokers.pika import PikaEventBroker
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

QUEUE = os.environ.get("EVENT_BROKER_QUEUE") or "routeadvies_events"
DEFAULT_BUFFER = 100_000
RETRY_SECONDS = 2.0


def broker_settings(url: str) -> dict[str, Any]:
    """Host, port, user and password of an ``amqp://`` URL, as Rasa's broker takes them."""
    parts = urlsplit(url)
    if parts.scheme not in ("amqp", "amqps") or not parts.hostname:
        raise ValueError(f"EVENT_BROKER_URL {url!r}: gebruik amqp://gebruiker:wachtwoord@host:5672/")
    return {
        "host": f"{parts.scheme}://{parts.hostname}{parts.path if parts.path not in ('', '/') else ''}",
        "port": parts.port or 5672,
        "username": unquote(parts.username or "guest"),
        "password": unquote(parts.password or "guest"),
    }


class UrlPikaEventBroker(PikaEventBroker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = int(os.environ.get("EVENT_BROKER_BUFFER") or DEFAULT_BUFFER)
        self._unpublished_events = deque(maxlen=limit)
        self._connecting: asyncio.Task | None = None

    @classmethod
    async def from_endpoint_config(cls, broker_config: EndpointConfig | None,
                                   event_loop: asyncio.AbstractEventLoop | None = None) -> UrlPikaEventBroker | None:
        if broker_config is None or not broker_config.url:
            return None
        options = {key: value for key, value in broker_config.kwargs.items() if key != "type"}
        options.setdefault("queues", [QUEUE])
        broker = cls(**broker_settings(broker_config.url), **options, event_loop=event_loop,
                     retry_delay_in_seconds=RETRY_SECONDS, connection_attempts=1)
        broker._connecting = asyncio.get_running_loop().create_task(broker._connect_until_up())
        return broker

    async def _connect_until_up(self) -> None:
        attempt = 0
        while True:
            try:
                await self.connect()
                self._publish_unpublished_messages()
                return
            except Exception as error:  # noqa: BLE001 - RabbitMQ raises many kinds while it is not up
                attempt += 1
                if attempt == 1 or attempt % 30 == 0:
                    logger.error("RabbitMQ at %s not reachable (%s); conversations go on, %d events kept until it "
                                 "is back", self.host, error.__class__.__name__, len(self._unpublished_events))
                await asyncio.sleep(RETRY_SECONDS)

    async def _publish(self, event: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        if self._exchange is None:  # not connected yet: keep it (Rasa's broker would drop it)
            self._keep(event)
            return
        try:
            await self._exchange.publish(self._message(event, headers), "")
        except Exception as error:  # noqa: BLE001 - aio-pika raises many kinds while RabbitMQ goes away
            # Rasa's own broker logs the failed event here, and an event holds what the visitor typed; this log
            # names only its kind. The robust connection publishes what was kept once it has reconnected.
            logger.error("RabbitMQ did not take a %r event (%s); kept until RabbitMQ is back",
                         event.get("event"), error.__class__.__name__)
            self._keep(event)

    def _keep(self, event: dict[str, Any]) -> None:
        if len(self._unpublished_events) == self._unpublished_events.maxlen:
            logger.warning("Event buffer full (%d): the oldest event is dropped from the statistics",
                           self._unpublished_events.maxlen)
        self._unpublished_events.append(event)

    def is_ready(self) -> bool:
        return True  # the server may serve while RabbitMQ is away

    async def close(self) -> None:
        if self._connecting and not self._connecting.done():
            self._connecting.cancel()
        await super().close()
