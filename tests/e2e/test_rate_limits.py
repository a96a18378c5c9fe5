"""Rate limits on a real web app with small limits, in front of the session's real Rasa: per conversation and per
client address, over HTTP and on the widget's socket.

Its own web app (3 messages a minute per conversation, 5 per address), with 127.0.0.1 as trusted proxy, so that each
test is its own client by ``X-Forwarded-For`` and the tests do not share a count.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import uuid
from typing import Iterator

import aiohttp
import pytest
import requests

from bot.services import free_port, wait_until_healthy, web_app
from bot.web.rate_limit import RATE_LIMITED

PER_SESSION, PER_IP = 3, 5
_addresses = (f"198.51.100.{n}" for n in itertools.count(10))


@pytest.fixture(scope="module")
def limited(bot, tmp_path_factory) -> Iterator[str]:
    port = free_port()
    service = web_app(port, bot.rasa_url, {
        "RASA_AUTH_TOKEN": bot.token, "ADVICE_STORE_URL": bot.advice_store_url,
        "HELPDESK_STORE_URL": bot.helpdesk_store_url, "ROUTEADVIES_TRUSTED_PROXIES": "127.0.0.1",
        "RATE_LIMIT_PER_SESSION_PER_MINUTE": str(PER_SESSION), "RATE_LIMIT_PER_IP_PER_MINUTE": str(PER_IP),
        "RATE_LIMIT_STORAGE_URL": "memory://",
    })
    try:
        service.start(tmp_path_factory.mktemp("limited-web"))
        wait_until_healthy([service], timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        service.stop()


def chat(url: str, sender: str, address: str, message: str = "hoi") -> requests.Response:
    return requests.post(f"{url}/api/chat", json={"sender": sender, "message": message}, timeout=60,
                         headers={"X-Forwarded-For": address})


def test_one_conversation_over_its_limit_gets_429_in_dutch(limited):
    sender, address = f"rl-{uuid.uuid4().hex[:10]}", next(_addresses)
    assert [chat(limited, sender, address).status_code for _ in range(PER_SESSION)] == [200] * PER_SESSION
    refused = chat(limited, sender, address)
    assert refused.status_code == 429 and refused.json() == {"error": RATE_LIMITED}
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_another_conversation_from_the_same_address_still_passes(limited):
    address = next(_addresses)
    first = f"rl-{uuid.uuid4().hex[:10]}"
    for _ in range(PER_SESSION + 1):
        chat(limited, first, address)
    assert chat(limited, f"rl-{uuid.uuid4().hex[:10]}", address).status_code == 200


def test_one_address_over_its_limit_is_refused_for_every_conversation(limited):
    address = next(_addresses)
    answers = [chat(limited, f"rl-{uuid.uuid4().hex[:10]}", address).status_code for _ in range(PER_IP + 1)]
    assert answers == [200] * PER_IP + [429]
    advice = requests.post(f"{limited}/api/advice", json={"sender": "rl-advice"}, timeout=30,
                           headers={"X-Forwarded-For": address})
    assert advice.status_code == 429 and advice.json()["error"] == RATE_LIMITED
    assert chat(limited, f"rl-{uuid.uuid4().hex[:10]}", next(_addresses)).status_code == 200


async def _socket_scenario(url: str, sender: str, address: str) -> dict:
    """Messages over the limit on one socket; then, after the wait, the refused message again with its id."""
    seen: dict = {}
    async with aiohttp.ClientSession(headers={"X-Forwarded-For": address}) as session:
        async with session.ws_connect(url.replace("http://", "ws://") + "/ws") as socket:
            await socket.send_json({"type": "hello", "sender": sender, "channel": "widget"})
            assert (await socket.receive_json(timeout=30))["type"] == "ready"

            async def reply(message_id: str, text: str) -> dict:
                await socket.send_json({"type": "message", "id": message_id, "text": text})
                while True:
                    event = await socket.receive_json(timeout=60)
                    if event.get("reply_to") == message_id and event["type"] in ("bot", "error"):
                        return event

            seen["allowed"] = [(await reply(f"m{n}", "hoi"))["type"] for n in range(1, PER_SESSION + 1)]
            seen["refused"] = await reply("m4", "Ik wil leraar worden")
            seen["open"] = not socket.closed
            # Wait as asked, reading meanwhile: reading answers the server's heartbeat pings, as a browser does
            # (aiohttp's own receive timeout starts again at each ping, hence the outer one).
            loop = asyncio.get_running_loop()
            deadline = loop.time() + seen["refused"]["retry_after"] + 1
            while (left := deadline - loop.time()) > 0:
                try:
                    await asyncio.wait_for(socket.receive(), timeout=left)
                except asyncio.TimeoutError:
                    break
            seen["again"] = await reply("m4", "Ik wil leraar worden")
    return seen


def test_the_socket_refuses_in_dutch_stays_open_and_takes_the_message_again_later(bot, limited):
    sender = f"rl-ws-{uuid.uuid4().hex[:10]}"
    # Its own thread: Playwright's sync API (the browser tests) keeps an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        seen = pool.submit(asyncio.run, _socket_scenario(limited, sender, next(_addresses))).result()
    assert seen["allowed"] == ["bot"] * PER_SESSION
    assert seen["refused"]["type"] == "error" and seen["refused"]["text"] == RATE_LIMITED and seen["open"]
    assert seen["again"]["type"] == "bot" and "Wat is je hoogste diploma?" in str(seen["again"]["messages"])
    texts = [e.get("text") for e in bot.events(sender) if e["event"] == "user"]
    assert texts.count("Ik wil leraar worden") == 1  # the refused message never reached Rasa
