"""The widget's WebSocket (/ws) against the real web app and bot: replies, no double messages, metadata, refusals."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest

TIMEOUT = 60


def ws_url(bot) -> str:
    return bot.web_url.replace("http://", "ws://") + "/ws"


async def _exchange(bot, hello: dict, frames: list[dict], until: int, headers: dict | None = None) -> list[dict]:
    """Opens a socket, says hello, sends the frames and collects what comes back until ``until`` replies arrived."""
    received: list[dict] = []
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(ws_url(bot), headers=headers or {}) as socket:
            await socket.send_json(hello)
            for frame in frames:
                await socket.send_json(frame)
            replies = 0
            while replies < until:
                message = await socket.receive(timeout=TIMEOUT)
                if message.type != aiohttp.WSMsgType.TEXT:
                    break
                event = json.loads(message.data)
                received.append(event)
                replies += event["type"] in ("bot", "error")
    return received


def exchange(bot, hello: dict, frames: list[dict], until: int = 1, headers: dict | None = None) -> list[dict]:
    # In a thread of its own: Playwright's sync API (the browser tests of this session) holds the main thread's loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _exchange(bot, hello, frames, until, headers)).result()


def hello(sender: str, **extra) -> dict:
    return {"type": "hello", "sender": sender, "channel": "widget", "page": "https://www.example.nl/leraar", **extra}


def bot_text(events: list[dict]) -> str:
    return " ".join(m.get("text", "") for e in events if e["type"] == "bot" for m in e["messages"])


def test_a_message_gets_an_ack_and_the_bot_reply(bot, sender):
    events = exchange(bot, hello(sender), [{"type": "message", "id": "m1", "text": "ik wil leraar worden"}])
    assert [e["type"] for e in events][:2] == ["ready", "ack"]
    assert "Wat is je hoogste diploma?" in bot_text(events)
    assert events[-1]["reply_to"] == "m1"


def test_a_message_sent_again_after_a_reconnect_reaches_the_bot_once(bot, sender):
    message = {"type": "message", "id": "m1", "text": "ik wil juf worden"}
    first = exchange(bot, hello(sender), [message])
    again = exchange(bot, hello(sender), [message])
    assert bot_text(first) == bot_text(again)
    user_texts = [e.get("text") for e in bot.events(sender) if e["event"] == "user"]
    assert user_texts.count("ik wil juf worden") == 1


def test_the_conversation_carries_channel_page_and_kiosk(bot, sender):
    kiosk = {"type": "hello", "sender": sender, "channel": "kiosk", "kiosk": "stand-12",
             "page": "https://beurs.example.nl/kiosk"}
    exchange(bot, kiosk, [{"type": "message", "id": "m1", "text": "hoi"}])
    user = next(e for e in bot.events(sender) if e["event"] == "user")
    assert user["metadata"]["channel"] == "kiosk"
    assert user["metadata"]["kiosk_id"] == "stand-12"
    assert user["metadata"]["page_url"] == "https://beurs.example.nl/kiosk"


def test_a_bad_sender_is_refused_in_dutch(bot):
    events = exchange(bot, hello("<script>"), [])
    assert events[0]["type"] == "error" and "sender" in events[0]["text"]


def test_an_empty_message_gets_a_dutch_answer_not_an_error(bot, sender):
    events = exchange(bot, hello(sender), [{"type": "message", "id": "m1", "text": "   "}])
    assert events[-1]["type"] == "bot" and bot_text(events)


def test_a_foreign_website_may_not_open_the_socket(bot, sender):
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        exchange(bot, hello(sender), [], headers={"Origin": "https://evil.example.com"})
    assert refused.value.status == 403
