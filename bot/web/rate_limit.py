"""Rate limits on the public channels: per conversation (sender id) and per client address, per minute.

Counted with the ``limits`` package: a one-minute window per key from its first message (a fixed window: cheap, a
counter per key, also in Redis). Settings (environment):

- ``RATE_LIMIT_PER_SESSION_PER_MINUTE`` (30): messages of one conversation;
- ``RATE_LIMIT_PER_IP_PER_MINUTE`` (300): requests from one address (IPv6: one /64), all channels together;
- ``RATE_LIMIT_STORAGE_URL`` (``memory://``, this process only; ``redis://host:port/db`` shares the counts
  between several web app processes).

Counted: ``POST /api/chat`` and ``POST /api/advice`` (the middleware below) and each message on the ``/ws`` socket
(:class:`bot.web.conversations.ConversationSocket`). A refused message is not counted, so it can be sent again
after the wait. When the shared storage cannot be reached, messages pass (a warning is logged): the chat must not
stop because the counter did.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import time
from dataclasses import dataclass, field
from typing import Mapping

from aiohttp import web
from limits import RateLimitItemPerMinute
from limits.errors import ConfigurationError
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from bot.exposure import ExposureError
from bot.web.bodies import read_json
from bot.web.client_address import Network, client_address, limit_key, trusted_proxies
from bot.web.conversations import SENDER

RATE_LIMITED = "Je stuurt veel berichten kort na elkaar. Wacht even en probeer het over een minuut opnieuw."
DEFAULT_PER_SESSION, DEFAULT_PER_IP, DEFAULT_STORAGE = 30, 300, "memory://"
LIMITED_PATHS = frozenset({"/api/chat", "/api/advice"})
NAMESPACE = "routeadvies"
logger = logging.getLogger(__name__)


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ExposureError(f"{name} moet een heel getal van minstens 1 zijn, niet {value!r}")
    return int(value)


@dataclass(frozen=True)
class RateLimitSettings:
    per_session: int = DEFAULT_PER_SESSION
    per_ip: int = DEFAULT_PER_IP
    storage_url: str = DEFAULT_STORAGE
    proxies: tuple[Network, ...] = field(default_factory=tuple)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> RateLimitSettings:
        return cls(
            per_session=_positive_int(env, "RATE_LIMIT_PER_SESSION_PER_MINUTE", DEFAULT_PER_SESSION),
            per_ip=_positive_int(env, "RATE_LIMIT_PER_IP_PER_MINUTE", DEFAULT_PER_IP),
            storage_url=env.get("RATE_LIMIT_STORAGE_URL", "").strip() or DEFAULT_STORAGE,
            proxies=trusted_proxies(env),
        )


class RateLimiter:
    def __init__(self, settings: RateLimitSettings) -> None:
        try:
            storage = storage_from_string(settings.storage_url)
        except ConfigurationError as error:
            raise ExposureError(f"RATE_LIMIT_STORAGE_URL: {error}") from error
        self.settings = settings
        self.storage = storage  # the strategy holds only a weak reference
        self.limiter = FixedWindowRateLimiter(storage)
        self.session_limit = RateLimitItemPerMinute(settings.per_session, namespace=NAMESPACE)
        self.ip_limit = RateLimitItemPerMinute(settings.per_ip, namespace=NAMESPACE)
        # The memory storage answers at once; a network storage must not hold up the event loop.
        self._in_thread = not settings.storage_url.startswith("memory://")
        self._warned_at = self._refusal_logged_at = 0.0
        self._refusals = 0
        self.message = RATE_LIMITED

    def client(self, request: web.Request) -> str:
        return client_address(request.remote, request.headers.get("X-Forwarded-For"), self.settings.proxies)

    async def wait_seconds(self, sender: str | None, address: str) -> int | None:
        """Counts one message of ``sender`` from ``address``; None when it may pass, else the seconds to wait."""
        if self._in_thread:
            return await asyncio.to_thread(self._check, sender, address)
        return self._check(sender, address)

    def refused(self, channel: str, sender: str | None) -> None:
        """Logs a refusal; at most one line a minute, so that a flood does not flood the log too."""
        self._refusals += 1
        if time.monotonic() - self._refusal_logged_at >= 60:
            self._refusal_logged_at = time.monotonic()
            logger.warning("Rate limit: %d message(s) refused in the last minute, the latest on %s for "
                           "conversation %s", self._refusals, channel, sender or "(none)")
            self._refusals = 0

    def _check(self, sender: str | None, address: str) -> int | None:
        limits = [(self.ip_limit, ("ip", limit_key(address)))]
        if sender and SENDER.match(sender):
            limits.append((self.session_limit, ("session", sender)))
        try:
            # First look, then count: a refused message costs nothing, so the visitor can send it again later.
            full = [(item, key) for item, key in limits if not self.limiter.test(item, *key)]
            if not full:
                full = [(item, key) for item, key in limits if not self.limiter.hit(item, *key)]
            if not full:
                return None
            reset = max(self.limiter.get_window_stats(item, *key)[0] for item, key in full)
        except Exception:  # the shared storage is down: let the message pass rather than stop every chat
            if time.monotonic() - self._warned_at > 60:
                self._warned_at = time.monotonic()
                logger.warning("Rate limit storage unreachable; messages pass uncounted", exc_info=True)
            return None
        return max(1, math.ceil(reset - time.time()))


def too_many(wait: int) -> web.Response:
    return web.json_response({"error": RATE_LIMITED}, status=429, headers={"Retry-After": str(wait)})


def rate_limits(limiter: RateLimiter):
    """Middleware: ``POST /api/chat`` and ``/api/advice`` answer 429 (Dutch JSON, ``Retry-After``) over a limit."""

    @web.middleware
    async def middleware(request: web.Request, handler):
        if request.method != "POST" or request.path not in LIMITED_PATHS:
            return await handler(request)
        payload = await read_json(request)  # the body is kept by aiohttp: the handler reads it again
        sender = payload.get("sender") if isinstance(payload, dict) else None
        sender = sender if isinstance(sender, str) and SENDER.match(sender) else None
        wait = await limiter.wait_seconds(sender, limiter.client(request))
        if wait is not None:
            limiter.refused(request.path, sender)
            return too_many(wait)
        return await handler(request)

    return middleware
