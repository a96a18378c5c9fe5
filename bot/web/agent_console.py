"""The built-in agent console at /agent/: the queue, a conversation's transcript and profile, the live chat, hand
back and close, and the call-back requests. Sign-in, sessions and CSRF are :mod:`bot.web.agent_auth`'s; every
route here is behind them. The handlers only translate HTTP to :class:`bot.handover.service.HandoverService`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from typing import Any, Awaitable, Callable

from aiohttp import WSMsgType, web

from bot.handover.service import HandoverError, HandoverService
from bot.web.advice import render
from bot.web.agent_auth import csrf_token, current_agent
from bot.web.bodies import read_json

logger = logging.getLogger(__name__)


class AgentHub:
    """The console's live connections; the built-in :class:`~bot.handover.service.HelpdeskConnector`."""

    def __init__(self) -> None:
        self.sockets: set[web.WebSocketResponse] = set()

    async def notify(self, event: dict[str, Any]) -> None:
        for socket in list(self.sockets):
            try:
                await socket.send_json(event)
            except (ConnectionError, RuntimeError):
                self.sockets.discard(socket)


MAX_ID = 2**63 - 1  # the largest number the databases keep; a larger one is no handover either


def _id(request: web.Request) -> int:
    """The number in the path: ASCII digits only (``int()`` would also take "１", "٣", "-1" and "1_0")."""
    raw = request.match_info["id"]
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 19 else -1
    if not 0 <= number <= MAX_ID:
        raise web.HTTPNotFound(text=json.dumps({"error": "Onbekend nummer."}), content_type="application/json")
    return number


async def _body(request: web.Request) -> dict[str, Any]:
    data = await read_json(request)
    return data if isinstance(data, dict) else {}


def _answers_errors(handler: Callable[..., Awaitable[web.StreamResponse]]):
    """A handover action that cannot be done is answered with its Dutch reason and status, as JSON."""
    @functools.wraps(handler)
    async def wrapped(self, request: web.Request) -> web.StreamResponse:
        try:
            return await handler(self, request)
        except HandoverError as error:
            return web.json_response({"error": str(error)}, status=error.status)
    return wrapped


OK = {"ok": True}


class AgentConsole:
    def __init__(self, service: HandoverService, hub: AgentHub) -> None:
        """Every request here is signed in; the sign-in guard marks its agent as online (``AgentStore.touch``), so
        the console's polling is what keeps an agent available for the bot's offer."""
        self.service = service
        self.hub = hub

    def routes(self) -> list[web.AbstractRouteDef]:
        return [
            web.get("/agent/", self.page),
            web.get("/agent/api/me", self.me),
            web.get("/agent/api/queue", self.queue),
            web.get("/agent/api/handovers/{id}", self.details),
            web.post("/agent/api/handovers/{id}/claim", self.claim),
            web.post("/agent/api/handovers/{id}/messages", self.message),
            web.post("/agent/api/handovers/{id}/handback", self.hand_back),
            web.post("/agent/api/handovers/{id}/close", self.close),
            web.get("/agent/api/callbacks", self.callbacks),
            web.post("/agent/api/callbacks/{id}/done", self.callback_done),
            web.get("/agent/ws", self.socket),
        ]

    async def page(self, request: web.Request) -> web.Response:
        agent = await current_agent(request)
        html = render("agent.html", agent=agent, csrf=await csrf_token(request))
        return web.Response(text=html, content_type="text/html")

    async def me(self, request: web.Request) -> web.Response:
        return web.json_response({"name": await current_agent(request), "csrf": await csrf_token(request)})

    async def queue(self, request: web.Request) -> web.Response:
        await current_agent(request)
        return web.json_response(await self.service.queue())

    @_answers_errors
    async def details(self, request: web.Request) -> web.Response:
        await current_agent(request)
        return web.json_response(await self.service.details(_id(request)))

    @_answers_errors
    async def claim(self, request: web.Request) -> web.Response:
        await self.service.claim(_id(request), await current_agent(request))
        return web.json_response(OK)

    @_answers_errors
    async def message(self, request: web.Request) -> web.Response:
        agent = await current_agent(request)
        text = (await _body(request)).get("text")
        sent = await self.service.agent_message(_id(request), agent, text if isinstance(text, str) else "")
        return web.json_response(sent, status=201)

    @_answers_errors
    async def hand_back(self, request: web.Request) -> web.Response:
        await self.service.hand_back(_id(request), await current_agent(request))
        return web.json_response(OK)

    @_answers_errors
    async def close(self, request: web.Request) -> web.Response:
        agent = await current_agent(request)
        reason = (await _body(request)).get("reason")
        await self.service.close(_id(request), agent, reason if isinstance(reason, str) else "")
        return web.json_response(OK)

    async def callbacks(self, request: web.Request) -> web.Response:
        await current_agent(request)
        return web.json_response(await self.service.callbacks())

    @_answers_errors
    async def callback_done(self, request: web.Request) -> web.Response:
        await self.service.callback_done(_id(request), await current_agent(request))
        return web.json_response(OK)

    async def socket(self, request: web.Request) -> web.StreamResponse:
        """Live events for the console (visitor messages, queue changes); the console sends nothing but pings."""
        await current_agent(request)
        socket = web.WebSocketResponse(heartbeat=25.0)
        await socket.prepare(request)
        self.hub.sockets.add(socket)
        try:
            async for frame in socket:
                if frame.type == WSMsgType.ERROR:
                    break
        except asyncio.CancelledError:
            pass
        finally:
            self.hub.sockets.discard(socket)
        return socket
