"""The widget socket's pure parts: the hello frame, the reply cache that answers a repeated message once."""

import asyncio

import pytest

from bot.web.conversations import ReplyCache, read_hello


def test_a_hello_gives_the_visitor_and_its_metadata():
    visitor = read_hello({"type": "hello", "sender": "kiosk-abc", "channel": "kiosk", "kiosk": "stand-12",
                          "page": "https://beurs.example.nl/kiosk"})
    assert visitor.metadata == {"channel": "kiosk", "page_url": "https://beurs.example.nl/kiosk",
                                "kiosk_id": "stand-12"}


@pytest.mark.parametrize("hello", [
    {"type": "hello", "sender": "<x>"},
    {"type": "hello", "sender": "ok-1", "channel": "fax"},
    {"type": "hello", "sender": "ok-1", "channel": ["widget"]},  # unhashable: it once closed the socket with 1006
    {"type": "message", "sender": "ok-1"},
    "hello",
])
def test_a_bad_hello_is_answered_in_dutch(hello):
    assert isinstance(read_hello(hello), str)


def test_a_page_address_that_is_no_web_address_is_dropped():
    visitor = read_hello({"type": "hello", "sender": "w-1", "page": "javascript:alert(1)"})
    assert visitor.page is None


def test_a_kiosk_id_only_counts_on_the_kiosk_channel():
    assert read_hello({"type": "hello", "sender": "w-1", "kiosk": "stand-12"}).kiosk is None


def test_a_repeated_message_is_computed_once():
    calls = []

    async def compute():
        calls.append(1)
        await asyncio.sleep(0.01)
        return {"type": "bot", "messages": [{"text": "hoi"}]}

    async def run():
        cache = ReplyCache()
        return await asyncio.gather(cache.once(("s", "m1"), compute), cache.once(("s", "m1"), compute))

    first, second = asyncio.run(run())
    assert first == second and len(calls) == 1


def test_a_failed_computation_is_tried_again_next_time():
    attempts = []

    async def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("rasa weg")
        return {"type": "bot", "messages": []}

    async def run():
        cache = ReplyCache()
        with pytest.raises(RuntimeError):
            await cache.once(("s", "m1"), flaky)
        return await cache.once(("s", "m1"), flaky)

    assert asyncio.run(run())["type"] == "bot" and len(attempts) == 2
