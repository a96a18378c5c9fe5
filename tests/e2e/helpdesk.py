"""Helpers for the helpdesk tests: an agent signed in to the console's API, and a visitor on the widget's socket."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import queue
import re
import secrets
import threading
import time
from typing import Any, Callable

import aiohttp
import requests

from bot.handover.opening_hours import TIMEZONE
from bot.stores.agent_store import AgentStore
from bot.stores.handover_store import HandoverStore

ALWAYS_OPEN = "ma-zo 00:00-23:59"
TIMEOUT = 60


def new_agent(bot, name: str | None = None) -> tuple[str, str]:
    """An account in the e2e servers' helpdesk database: (name, password)."""
    name = name or f"agent{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(16)
    AgentStore(bot.helpdesk_store_url).add(name, password)
    return name, password


def helpdesk_today() -> str:
    """Today where the helpdesk works (Europe/Amsterdam): from 23:00 UTC it is already tomorrow there."""
    return dt.datetime.now(TIMEZONE).date().isoformat()


def set_hours(bot, hours: str | None, holidays: str | None = None) -> None:
    store = HandoverStore(bot.helpdesk_store_url)
    store.set_setting("hours", hours)
    store.set_setting("holidays", holidays)


class Agent:
    """An agent using the console's API with a real session and CSRF token."""

    def __init__(self, bot, name: str, password: str) -> None:
        self.base = bot.web_url
        self.name = name
        self.http = requests.Session()
        page = self.http.get(f"{self.base}/agent/login", timeout=TIMEOUT)
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        response = self.http.post(f"{self.base}/agent/login", timeout=TIMEOUT, allow_redirects=False,
                                  data={"name": name, "password": password, "csrf": token})
        assert response.status_code == 303, response.text
        self.csrf = self.http.get(f"{self.base}/agent/api/me", timeout=TIMEOUT).json()["csrf"]

    def api(self, method: str, path: str, body: Any = None) -> requests.Response:
        return self.http.request(method, f"{self.base}/agent/api{path}", json=body, timeout=TIMEOUT,
                                 headers={"X-CSRF-Token": self.csrf})

    def handover_of(self, sender: str) -> dict:
        found = [h for h in self.api("GET", "/queue").json() if h["sender"] == sender]
        assert found, f"{sender} is not in the queue"
        return found[0]


OUTBOX_POLL_SECONDS = 0.5


class Visitor:
    """A visitor with the widget's socket open in a thread of its own; every event the app sends is kept."""

    def __init__(self, bot, sender: str, channel: str = "widget", kiosk: str | None = None,
                 page: str = "https://www.example.nl/leraar-worden") -> None:
        self.url = bot.web_url.replace("http://", "ws://") + "/ws"
        self.sender, self.channel, self.kiosk, self.page = sender, channel, kiosk, page
        self.events: list[dict] = []
        self._outbox: queue.Queue = queue.Queue()
        self._count = 0
        self._ready = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self._thread.start()
        assert self._ready.wait(TIMEOUT), "the socket did not open"

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(self.url) as socket:
                await socket.send_json({"type": "hello", "sender": self.sender, "channel": self.channel,
                                        "kiosk": self.kiosk, "page": self.page})
                self._ready.set()

                async def send() -> None:
                    while True:
                        try:  # never blocks a worker thread for ever: a visitor a failed test left open must not
                            # keep pytest from exiting (it joins those threads at exit)
                            frame = await asyncio.to_thread(self._outbox.get, True, OUTBOX_POLL_SECONDS)
                        except queue.Empty:
                            continue
                        if frame is None:
                            await socket.close()
                            return
                        await socket.send_json(frame)

                sender = asyncio.create_task(send())
                async for message in socket:
                    if message.type == aiohttp.WSMsgType.TEXT:
                        self.events.append(json.loads(message.data))
                sender.cancel()

    def say(self, text: str) -> list[dict]:
        """Sends a message and waits for its reply; the bot's messages of that reply."""
        self._count += 1
        message_id = f"m{self._count}"
        self._outbox.put({"type": "message", "id": message_id, "text": text})
        reply = self.wait_for(lambda e: e.get("reply_to") == message_id and e["type"] in ("bot", "error"))
        return reply.get("messages", [])

    def wait_for(self, test: Callable[[dict], bool], timeout: float = TIMEOUT) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in list(self.events):
                if test(event):
                    return event
            time.sleep(0.1)
        raise AssertionError(f"no such event; got {self.events[-5:]}")

    def close(self) -> None:
        self._outbox.put(None)
        self._thread.join(timeout=10)


def text(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)
