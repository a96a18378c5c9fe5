"""Load benchmark client: concurrent simulated visitors doing whole intake conversations against a running assistant.

Asyncio on aiohttp (already a dependency; Locust would pull gevent and flask next to Rasa's pins). Loopback only,
bounded in time (``duration_s``) and in count (``max_messages``). Prints figures and asserts nothing.

Channels: ``ws`` (the widget's WebSocket ``/ws`` of the web app), ``rest`` (the web app's ``POST /api/chat``) and
``rasa`` (Rasa's own ``/webhooks/rest/webhook``, without the web app).

``python -m bench.load --url http://127.0.0.1:8000 --visitors 100 --think 2.5 7.5 --duration 60 --channel ws``
``python -m bench.load --rasa-rest http://127.0.0.1:5005 --visitors 20 --think 0 0 --duration 30``
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import statistics
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiohttp

from bench.visitors import Visitor, random_script
from bot.web.relay import UNREACHABLE

MESSAGE_TIMEOUT_S = 10.0
DEFAULT_MAX_MESSAGES = 100_000
CHANNELS = ("ws", "rest", "rasa")


@dataclass
class LoadFigures:
    """What one load run measured: answered messages, their latencies, and everything that went wrong."""

    label: str
    channel: str
    visitors: int
    think_s: tuple[float, float]
    elapsed_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)  # kind -> count (429s are not in here)
    rate_limited: int = 0
    conversations: int = 0  # conversations that ended (the visitor left or the run ended)
    advice_reached: int = 0  # of those, how many got their route advice
    loadavg_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    loadavg_after: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def messages(self) -> int:
        return len(self.latencies_ms)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def messages_per_s(self) -> float:
        return self.messages / self.elapsed_s if self.elapsed_s else 0.0

    def percentile_ms(self, share: float) -> float:
        return percentile(self.latencies_ms, share)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label, "channel": self.channel, "visitors": self.visitors, "think_s": list(self.think_s),
            "elapsed_s": round(self.elapsed_s, 2), "messages": self.messages,
            "messages_per_s": round(self.messages_per_s, 2), "median_ms": round(self.median_ms, 1),
            "p95_ms": round(self.percentile_ms(0.95), 1), "p99_ms": round(self.percentile_ms(0.99), 1),
            "errors": self.error_count, "error_kinds": dict(self.errors), "rate_limited": self.rate_limited,
            "conversations": self.conversations, "advice_reached": self.advice_reached,
            "loadavg_before": list(self.loadavg_before), "loadavg_after": list(self.loadavg_after),
        }

    def line(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items())) or "none"
        return (f"{self.label:<34} {self.channel:<4} {self.visitors:>4} visitors: {self.messages_per_s:6.1f} msg/s, "
                f"median {self.median_ms:6.0f} ms, p95 {self.percentile_ms(0.95):6.0f} ms, "
                f"p99 {self.percentile_ms(0.99):6.0f} ms, errors {self.error_count} ({kinds}), "
                f"429s {self.rate_limited}, {self.messages} messages, advice {self.advice_reached}/"
                f"{self.conversations} conversations; load {_load(self.loadavg_before)} -> "
                f"{_load(self.loadavg_after)}")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _load(values: tuple[float, float, float]) -> str:
    return "/".join(f"{v:.2f}" for v in values)


class Failed(Exception):
    """A message that got no proper answer; ``kind`` is what the figures count it as."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class RateLimited(Exception):
    pass


class Conversation(Protocol):
    async def send(self, text: str) -> list[dict]: ...

    async def close(self) -> None: ...


class RestConversation:
    """One visitor through a JSON endpoint: the web app's ``/api/chat`` or Rasa's REST webhook."""

    def __init__(self, client: aiohttp.ClientSession, url: str, sender: str) -> None:
        self.client, self.url, self.sender = client, url, sender

    async def send(self, text: str) -> list[dict]:
        try:
            async with self.client.post(self.url, json={"sender": self.sender, "message": text},
                                        timeout=aiohttp.ClientTimeout(total=MESSAGE_TIMEOUT_S)) as response:
                if response.status == 429:
                    raise RateLimited()
                if response.status != 200:
                    raise Failed(f"http {response.status}")
                body = await response.json(content_type=None)
        except asyncio.TimeoutError as error:
            raise Failed("timeout") from error
        except (aiohttp.ClientError, ValueError) as error:
            raise Failed(type(error).__name__) from error
        if not isinstance(body, list):
            raise Failed("not a list of replies")
        if any(UNREACHABLE in (r.get("text") or "") for r in body):
            raise Failed("rasa unreachable")
        return body

    async def close(self) -> None:
        return None


class SocketConversation:
    """One visitor through the widget's WebSocket: hello, then message frames answered by ``bot`` frames."""

    def __init__(self, client: aiohttp.ClientSession, url: str, sender: str) -> None:
        self.client, self.url, self.sender = client, url, sender
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.ids = itertools.count(1)

    async def _open(self) -> aiohttp.ClientWebSocketResponse:
        try:
            socket = await self.client.ws_connect(self.url, timeout=MESSAGE_TIMEOUT_S, heartbeat=None)
            await socket.send_json({"type": "hello", "sender": self.sender, "channel": "widget",
                                    "page": "http://127.0.0.1/bench"})
            ready = await socket.receive_json(timeout=MESSAGE_TIMEOUT_S)
        except asyncio.TimeoutError as error:
            raise Failed("timeout") from error
        except aiohttp.WSServerHandshakeError as error:
            if error.status == 429:
                raise RateLimited() from error
            raise Failed(f"http {error.status}") from error
        except (aiohttp.ClientError, ValueError, TypeError) as error:
            raise Failed(type(error).__name__) from error
        if ready.get("type") != "ready":
            raise RateLimited() if _rate_limited(ready) else Failed("no ready frame")
        return socket

    async def send(self, text: str) -> list[dict]:
        if self.socket is None or self.socket.closed:
            self.socket = await self._open()
        message_id = f"m{next(self.ids)}"
        await self.socket.send_json({"type": "message", "id": message_id, "text": text})
        deadline = time.monotonic() + MESSAGE_TIMEOUT_S
        while True:
            try:
                frame = await self.socket.receive(timeout=max(0.01, deadline - time.monotonic()))
            except asyncio.TimeoutError as error:
                await self.close()  # a late reply must not be taken for the next message's
                raise Failed("timeout") from error
            if frame.type != aiohttp.WSMsgType.TEXT:
                await self.close()
                raise Failed("socket closed")
            data = json.loads(frame.data)
            kind = data.get("type")
            if kind == "error" and data.get("reply_to") in (message_id, None):
                raise RateLimited() if _rate_limited(data) else Failed(
                    "rasa unreachable" if data.get("text") == UNREACHABLE else "error frame")
            if kind == "bot" and data.get("reply_to") == message_id:
                return data.get("messages") or []

    async def close(self) -> None:
        if self.socket is not None and not self.socket.closed:
            await self.socket.close()
        self.socket = None


def _rate_limited(frame: dict) -> bool:
    """An error frame of the web app's rate limit (bot/web/rate_limit.py: it says when to send again)."""
    return "retry_after" in frame


def endpoint(base_url: str, channel: str) -> str:
    base = base_url.rstrip("/")
    if channel == "ws":
        parts = urlsplit(base)
        return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}/ws"
    if channel == "rest":
        return f"{base}/api/chat"
    if channel == "rasa":
        return f"{base}/webhooks/rest/webhook"
    raise ValueError(f"unknown channel {channel!r}: use one of {', '.join(CHANNELS)}")


def _check_loopback(base_url: str) -> None:
    host = urlsplit(base_url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("127."):
        raise ValueError(f"the load benchmark only runs against loopback, not {host!r}")


async def run_load(
    base_url: str,
    *,
    visitors: int,
    think_s: tuple[float, float] = (2.5, 7.5),
    duration_s: float = 60.0,
    channel: str = "rest",
    max_messages: int | None = None,
    label: str = "",
    seed: int = 1,
) -> LoadFigures:
    """``visitors`` simulated people, each doing one whole conversation after another, waiting a uniform
    ``think_s`` between reading a reply and sending the next message, until ``duration_s`` or ``max_messages``.

    Latencies are of answered messages; errors (non-200, Rasa unreachable, error frames, timeouts) and 429s are
    counted apart. ``channel``: ws | rest | rasa (``base_url`` is Rasa's for ``rasa``).
    """
    _check_loopback(base_url)
    url = endpoint(base_url, channel)
    figures = LoadFigures(label or channel, channel, visitors, think_s, loadavg_before=os.getloadavg())
    cap = max_messages or DEFAULT_MAX_MESSAGES
    sent = itertools.count()
    rng = random.Random(seed)
    started = time.monotonic()
    stop_at = started + duration_s
    last_done = [started]

    def more() -> bool:
        return time.monotonic() < stop_at

    async def think(low: float, high: float) -> None:
        pause = rng.uniform(low, high)
        if pause > 0:
            await asyncio.sleep(min(pause, max(0.0, stop_at - time.monotonic())))

    async def visitor(number: int, client: aiohttp.ClientSession) -> None:
        await think(0, think_s[1])  # arrivals spread over one think time, not all in the first millisecond
        while more():
            person = Visitor(random_script(rng))
            sender = f"load-{number}-{uuid.uuid4().hex[:10]}"
            conversation: Conversation = (SocketConversation if channel == "ws" else RestConversation)(
                client, url, sender)
            try:
                text = person.next_message(None)
                while more() and text is not None:
                    if next(sent) >= cap:
                        return
                    began = time.monotonic()
                    try:
                        replies = await conversation.send(text)
                    except RateLimited:
                        figures.rate_limited += 1  # the same message again after a pause
                        await think(*think_s)
                        continue
                    except Failed as failure:
                        figures.errors[failure.kind] += 1
                        break  # a visitor whose message got lost starts over, as with a reloaded page
                    else:
                        figures.latencies_ms.append((time.monotonic() - began) * 1000)
                        last_done[0] = time.monotonic()
                    text = person.next_message(replies)
                    if text is not None:
                        await think(*think_s)
            finally:
                figures.conversations += 1
                figures.advice_reached += person.advice
                await conversation.close()

    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as client:
        await asyncio.gather(*(visitor(n, client) for n in range(visitors)))
    figures.elapsed_s = max(last_done[0], min(time.monotonic(), stop_at)) - started
    figures.loadavg_after = os.getloadavg()
    return figures


def run(base_url: str, **kwargs: Any) -> LoadFigures:
    """:func:`run_load` from synchronous code (uvloop when it is there, for a lighter client)."""
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # the standard loop measures the same, with a slightly heavier client
        pass
    return asyncio.run(run_load(base_url, **kwargs))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="the web app, e.g. http://127.0.0.1:8000")
    parser.add_argument("--rasa-rest", metavar="URL", help="Rasa's server instead: its REST webhook, no web app")
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--think", type=float, nargs=2, default=(2.5, 7.5), metavar=("LOW", "HIGH"),
                        help="seconds between a reply and the next message, uniform")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--channel", choices=("ws", "rest"), default="ws")
    parser.add_argument("--max-messages", type=int, default=None)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    if bool(args.url) == bool(args.rasa_rest):
        parser.error("give --url (the web app) or --rasa-rest (Rasa's server)")
    channel = "rasa" if args.rasa_rest else args.channel
    figures = run(args.url or args.rasa_rest, visitors=args.visitors, think_s=tuple(args.think),
                  duration_s=args.duration, channel=channel, max_messages=args.max_messages)
    print(figures.line())
    if args.json:
        print(json.dumps(figures.as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
