"""Pushes between web app processes: an agent on one web app reaches a visitor whose socket is on another.

With ``FANOUT_URL=redis://host:6379/3`` (the cluster sets it) every push to a visitor and every notification to
the helpdesk consoles goes through Redis pub/sub; each web app delivers what it hears to its own sockets. A web app
also hears its own pushes, so nothing is delivered twice. When Redis cannot be reached, a push is delivered to this
process's own sockets (which reaches everyone on a single web app) and the failure is logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from typing import Any, AsyncIterator

from aiohttp import web

from bot.web.agent_console import AgentHub
from bot.web.conversations import Hub

logger = logging.getLogger(__name__)

VISITORS, AGENTS = "routeadvies:visitors", "routeadvies:agents"
RETRY_SECONDS = 1.0


class RedisFanout:
    def __init__(self, url: str, visitors: Hub, agents: AgentHub) -> None:
        import redis.asyncio as redis

        self.url = url
        self.redis = redis.from_url(url)
        self.local_visitors, self.local_agents = visitors, agents
        self.visitors, self.agents = _Visitors(self), _Agents(self)

    async def publish(self, channel: str, message: dict[str, Any]) -> bool:
        try:
            await self.redis.publish(channel, json.dumps(message))
            return True
        except Exception as error:  # noqa: BLE001 - Redis away: deliver what this process can
            logger.error("Redis fan-out at %s failed (%s): delivered to this web app's sockets only",
                         self.url.split("@")[-1], error.__class__.__name__)
            return False

    async def deliver(self, channel: str, message: dict[str, Any]) -> None:
        if channel == VISITORS:
            await self.local_visitors.publish(message["sender"], message["event"])
        elif channel == AGENTS:
            await self.local_agents.notify(message["event"])

    async def listen(self) -> None:
        """Delivers what the other web apps publish, reconnecting whenever Redis goes away."""
        while True:
            pubsub = self.redis.pubsub()
            try:
                await pubsub.subscribe(VISITORS, AGENTS)
                async for item in pubsub.listen():
                    if item.get("type") != "message":
                        continue
                    channel = item["channel"].decode() if isinstance(item["channel"], bytes) else item["channel"]
                    try:
                        await self.deliver(channel, json.loads(item["data"]))
                    except (ValueError, KeyError, TypeError):
                        logger.warning("Ignored an unreadable fan-out message on %s", channel)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - reconnect on any connection trouble
                logger.error("Redis fan-out subscription lost (%s); reconnecting", error.__class__.__name__)
                await asyncio.sleep(RETRY_SECONDS)
            finally:
                try:
                    await pubsub.close()
                except Exception:  # noqa: BLE001 - closing a broken connection may fail too
                    pass

    async def running(self, _app: web.Application) -> AsyncIterator[None]:
        """aiohttp cleanup context: listens while the app runs."""
        task = asyncio.get_running_loop().create_task(self.listen())
        yield
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await self.redis.close()


class _Visitors:
    """The :class:`~bot.handover.service.VisitorChannel` over Redis."""

    def __init__(self, fanout: RedisFanout) -> None:
        self.fanout = fanout

    async def publish(self, sender: str, event: dict[str, Any]) -> int:
        if await self.fanout.publish(VISITORS, {"sender": sender, "event": event}):
            return 1
        return await self.fanout.local_visitors.publish(sender, event)


class _Agents:
    """The console connector over Redis: every web app's consoles hear every notification."""

    def __init__(self, fanout: RedisFanout) -> None:
        self.fanout = fanout

    async def notify(self, event: dict[str, Any]) -> None:
        if not await self.fanout.publish(AGENTS, {"event": event}):
            await self.fanout.local_agents.notify(event)


def fanout_from_env(visitors: Hub, agents: AgentHub) -> RedisFanout | None:
    url = os.environ.get("FANOUT_URL", "").strip()
    return RedisFanout(url, visitors, agents) if url else None
