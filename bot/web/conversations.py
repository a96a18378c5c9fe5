"""The widget's and kiosk's live connection: a WebSocket per browser tab, relayed to Rasa message by message.

Protocol (JSON text frames):
- tab -> app: ``{"type": "hello", "sender", "channel", "page", "kiosk"}`` first, then
  ``{"type": "message", "id", "text"}`` per visitor message (``id`` unique within the conversation).
- app -> tab: ``ready``, ``ack`` (id), ``typing``, ``bot`` (``reply_to``, ``messages``), ``error`` (``reply_to``,
  ``text``; over the rate limit also ``retry_after`` in seconds, and the message may be sent again later with the
  same id), and later messages pushed without a visitor message (a helpdesk agent's).

Nothing is lost on a network drop: the tab sends again every message it got no reply to, with the same id, and
the app answers a repeated id from :class:`ReplyCache` instead of passing it to Rasa twice. Replies go to every
open connection of the conversation (:class:`Hub`), so the reply to a message sent before a reconnect reaches the
new connection.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web

from bot.channels.input_guard import storable
from bot.web.relay import UNREACHABLE, RasaRelay, RasaUnavailable

logger = logging.getLogger(__name__)

SENDER = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
MESSAGE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
KIOSK_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
CHANNELS = frozenset({"widget", "kiosk", "page"})
HELLO_TIMEOUT = 10.0
MAX_FRAME = 64 * 1024
MAX_PAGE_URL = 500
HEARTBEAT = 25.0  # seconds between pings: proxies keep the connection open, dead tabs are noticed
REPLY_TTL = 15 * 60.0
MAX_CACHED_REPLIES = 10_000


class ReplyCache:
    """The reply to each (conversation, message id), computed once; a repeated id waits for or reuses it."""

    def __init__(self, ttl: float = REPLY_TTL, size: int = MAX_CACHED_REPLIES) -> None:
        self.ttl, self.size = ttl, size
        self._replies: OrderedDict[tuple[str, str], tuple[float, asyncio.Future]] = OrderedDict()

    def __contains__(self, key: tuple[str, str]) -> bool:
        """The reply is known or on its way (a repeated id, which costs Rasa nothing)."""
        entry = self._replies.get(key)
        return entry is not None and entry[0] >= time.monotonic()

    async def once(self, key: tuple[str, str], compute: Callable[[], Awaitable[dict]]) -> dict:
        now = time.monotonic()
        while self._replies and (len(self._replies) > self.size or next(iter(self._replies.values()))[0] < now):
            self._replies.popitem(last=False)
        if key in self._replies:
            return await asyncio.shield(self._replies[key][1])
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._replies[key] = (now + self.ttl, future)
        try:
            future.set_result(await compute())
        except BaseException as error:  # the waiters of a repeated id must not hang
            self._replies.pop(key, None)
            future.set_exception(error)
            raise
        return future.result()


class Hub:
    """The open connections per conversation; one lock per conversation keeps its messages in order."""

    def __init__(self) -> None:
        self._sockets: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def join(self, sender: str, socket: web.WebSocketResponse) -> None:
        self._sockets[sender].add(socket)

    def leave(self, sender: str, socket: web.WebSocketResponse) -> None:
        sockets = self._sockets.get(sender)
        if sockets is not None:
            sockets.discard(socket)
            if not sockets:
                del self._sockets[sender]
                lock = self._locks.get(sender)
                if lock is not None and not lock.locked():
                    del self._locks[sender]

    def lock(self, sender: str) -> asyncio.Lock:
        return self._locks[sender]

    def connected(self, sender: str) -> bool:
        return bool(self._sockets.get(sender))

    async def publish(self, sender: str, event: dict[str, Any]) -> int:
        """Sends an event to every open connection of the conversation; how many got it."""
        sent = 0
        for socket in list(self._sockets.get(sender, ())):
            try:
                await socket.send_json(event)
                sent += 1
            except (ConnectionError, RuntimeError):
                self.leave(sender, socket)
        return sent


@dataclass(frozen=True)
class Visitor:
    sender: str
    channel: str
    page: str | None
    kiosk: str | None

    @property
    def metadata(self) -> dict[str, str]:
        """What the helpdesk and the statistics see of where a conversation came from."""
        data = {"channel": self.channel, "page_url": self.page, "kiosk_id": self.kiosk}
        return {key: value for key, value in data.items() if value}


def read_hello(data: Any) -> Visitor | str:
    """The visitor of a hello frame, or what is wrong with it (in Dutch)."""
    if not isinstance(data, dict) or data.get("type") != "hello":
        return "Begin met een 'hello'-bericht."
    sender, channel = data.get("sender"), data.get("channel", "widget")
    if not isinstance(sender, str) or not SENDER.match(sender):
        return "Ongeldige of ontbrekende 'sender'."
    if not isinstance(channel, str) or channel not in CHANNELS:  # a list or object is unhashable
        return "Onbekend kanaal."
    page = data.get("page")
    page = storable(page[:MAX_PAGE_URL]) if isinstance(page, str) and urlsplit(page).scheme in ("http", "https") \
        else None
    kiosk = data.get("kiosk")
    kiosk = kiosk if channel == "kiosk" and isinstance(kiosk, str) and KIOSK_ID.match(kiosk) else None
    return Visitor(sender, channel, page, kiosk)


def origin_allowed(request: web.Request, allowed: frozenset[str]) -> bool:
    """Same origin, a configured one (``ROUTEADVIES_ALLOWED_ORIGINS``), or no browser at all (no Origin header)."""
    origin = request.headers.get("Origin")
    if origin is None or origin.rstrip("/") in allowed:
        return True
    return urlsplit(origin).netloc == request.host


class ConversationSocket:
    """The ``/ws`` handler."""

    def __init__(self, relay: Callable[[], RasaRelay], allowed_origins: frozenset[str], hub: Hub | None = None,
                 helpdesk: Any = None, limiter: Any = None) -> None:
        """``helpdesk``: a :class:`bot.handover.service.HandoverService`, which takes the messages of a conversation
        that a person has (or waits for). ``limiter``: a :class:`bot.web.rate_limit.RateLimiter` (None: no limits)."""
        self.relay = relay
        self.allowed_origins = allowed_origins
        self.hub = hub or Hub()
        self.helpdesk = helpdesk
        self.limiter = limiter
        self.replies = ReplyCache()

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        if not origin_allowed(request, self.allowed_origins):
            return web.json_response({"error": "Deze website mag de chat niet gebruiken."}, status=403)
        socket = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_FRAME)
        await socket.prepare(request)
        try:
            first = await socket.receive(timeout=HELLO_TIMEOUT)
        except asyncio.TimeoutError:
            await socket.close(message=b"hello expected")
            return socket
        visitor = read_hello(_json(first.data) if first.type == WSMsgType.TEXT else None)
        if isinstance(visitor, str):
            await socket.send_json({"type": "error", "text": visitor})
            await socket.close()
            return socket
        self.hub.join(visitor.sender, socket)
        address = self.limiter.client(request) if self.limiter is not None else ""
        tasks: set[asyncio.Task] = set()
        try:
            await socket.send_json({"type": "ready"})
            async for frame in socket:
                if frame.type == WSMsgType.BINARY:
                    await socket.send_json({"type": "error", "text": "Stuur tekst (JSON), geen binaire gegevens."})
                    continue
                if frame.type != WSMsgType.TEXT:
                    continue
                data = _json(frame.data)
                if isinstance(data, dict) and data.get("type") == "message":
                    # Handled beside the loop, so that pings and the next frames are read while Rasa thinks.
                    task = asyncio.create_task(self._message(visitor, socket, data, address))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                else:
                    await socket.send_json({"type": "error", "text": "Onbekend bericht."})
        finally:
            self.hub.leave(visitor.sender, socket)
        return socket

    async def _message(self, visitor: Visitor, socket: web.WebSocketResponse, data: dict, address: str) -> None:
        message_id, text = data.get("id"), data.get("text")
        if not isinstance(message_id, str) or not MESSAGE_ID.match(message_id):
            await _send(socket, {"type": "error", "text": "Ongeldig bericht-id."})
            return
        await _send(socket, {"type": "ack", "id": message_id})
        if self.limiter is not None and (visitor.sender, message_id) not in self.replies:
            wait = await self.limiter.wait_seconds(visitor.sender, address)
            if wait is not None:  # not passed on and not remembered: the same id may come again after the wait
                self.limiter.refused("/ws", visitor.sender)
                await _send(socket, {"type": "error", "reply_to": message_id, "text": self.limiter.message,
                                     "retry_after": wait})
                return
        shown = data.get("shown")
        # A button's title goes with its payload, so that a transcript reads "Ja, verbind me door", not "/affirm".
        extra = {"button_title": shown[:200]} if isinstance(shown, str) and isinstance(text, str) \
            and text.startswith("/") else {}
        reply = await self.replies.once((visitor.sender, message_id), lambda: self._ask_rasa(visitor, text, extra))
        await self.hub.publish(visitor.sender, {**reply, "reply_to": message_id})

    async def _ask_rasa(self, visitor: Visitor, text: Any, extra: dict[str, str]) -> dict:
        async with self.hub.lock(visitor.sender):
            sent: list[tuple[int, Any]] = []

            async def send_to_bot() -> list[dict]:
                sent.append(await self.relay().send(visitor.sender, text, {**visitor.metadata, **extra}))
                return sent[-1][1] if isinstance(sent[-1][1], list) else []

            try:
                taken = await self.helpdesk.visitor_message(visitor.sender, text, send_to_bot) \
                    if self.helpdesk is not None else None
                if taken is not None:
                    return {"type": "bot", "messages": taken}
                await self.hub.publish(visitor.sender, {"type": "typing"})
                status, body = await self.relay().send(visitor.sender, text, {**visitor.metadata, **extra})
            except RasaUnavailable:
                return {"type": "error", "text": UNREACHABLE}
        if status != 200 or not isinstance(body, list):
            error = body.get("error") if isinstance(body, dict) else None
            return {"type": "error", "text": error or UNREACHABLE}
        return {"type": "bot", "messages": body}


def _json(raw: Any) -> Any:
    try:
        return json.loads(raw)
    except (TypeError, ValueError, RecursionError):  # RecursionError: JSON nested thousands of levels deep
        return None


async def _send(socket: web.WebSocketResponse, event: dict) -> None:
    try:
        await socket.send_json(event)
    except (ConnectionError, RuntimeError):
        pass  # the tab went away; it sends the message again when it is back
