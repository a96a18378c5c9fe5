"""Rate limits of the web app: per conversation and per client address, the client address behind a trusted proxy,
and the counts shared through Redis between web app processes."""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.exposure import ExposureError
from bot.web.app import Settings, create_app
from bot.web.client_address import client_address, limit_key, trusted_proxies
from bot.web.rate_limit import RATE_LIMITED, RateLimiter, RateLimitSettings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
PROXY = trusted_proxies({"ROUTEADVIES_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"})


def test_without_trusted_proxies_the_peer_is_the_client():
    assert client_address("203.0.113.9", "198.51.100.1", ()) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_forwarded_client_counts():
    assert client_address("127.0.0.1", "198.51.100.1", PROXY) == "198.51.100.1"


def test_a_forged_hop_left_of_the_real_client_is_not_believed():
    assert client_address("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.1.2.3", PROXY) == "198.51.100.1"


def test_an_untrusted_peer_cannot_choose_its_address():
    assert client_address("203.0.113.9", "198.51.100.1", PROXY) == "203.0.113.9"


def test_an_ipv6_client_is_counted_per_64_network():
    assert limit_key("2001:db8:1:2:aaaa::1") == limit_key("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64"


def test_a_wrong_proxy_setting_is_a_clear_error():
    with pytest.raises(ExposureError, match="ROUTEADVIES_TRUSTED_PROXIES"):
        trusted_proxies({"ROUTEADVIES_TRUSTED_PROXIES": "de load balancer"})


def test_settings_come_from_the_environment():
    read = RateLimitSettings.from_env({"RATE_LIMIT_PER_SESSION_PER_MINUTE": "5", "RATE_LIMIT_PER_IP_PER_MINUTE": "50",
                                       "RATE_LIMIT_STORAGE_URL": "memory://"})
    assert (read.per_session, read.per_ip, read.storage_url) == (5, 50, "memory://")
    assert RateLimitSettings.from_env({}) == RateLimitSettings(30, 300, "memory://")


def test_a_limit_of_zero_is_refused():
    with pytest.raises(ExposureError, match="RATE_LIMIT_PER_SESSION_PER_MINUTE"):
        RateLimitSettings.from_env({"RATE_LIMIT_PER_SESSION_PER_MINUTE": "0"})


def wait_seconds(limiter: RateLimiter, sender: str | None, address: str) -> int | None:
    return asyncio.run(limiter.wait_seconds(sender, address))


def test_one_conversation_is_refused_over_its_limit_and_another_is_not():
    limiter = RateLimiter(RateLimitSettings(per_session=3, per_ip=100))
    assert [wait_seconds(limiter, "a", "198.51.100.1") for _ in range(3)] == [None] * 3
    assert 1 <= wait_seconds(limiter, "a", "198.51.100.1") <= 60
    assert wait_seconds(limiter, "b", "198.51.100.1") is None


def test_one_address_is_refused_over_its_limit_whatever_the_conversation():
    limiter = RateLimiter(RateLimitSettings(per_session=100, per_ip=3))
    assert [wait_seconds(limiter, f"s{i}", "198.51.100.1") for i in range(3)] == [None] * 3
    assert wait_seconds(limiter, "s9", "198.51.100.1") is not None
    assert wait_seconds(limiter, "s9", "198.51.100.2") is None


def test_a_refused_message_is_not_counted():
    limiter = RateLimiter(RateLimitSettings(per_session=2, per_ip=3))
    wait_seconds(limiter, "a", "198.51.100.1")
    wait_seconds(limiter, "a", "198.51.100.1")
    assert wait_seconds(limiter, "a", "198.51.100.1") is not None  # refused: the address's count stays 2
    assert wait_seconds(limiter, "b", "198.51.100.1") is None


def test_two_web_apps_share_the_counts_in_redis():
    settings = RateLimitSettings(per_session=2, per_ip=100, storage_url=REDIS_URL)
    first, second = RateLimiter(settings), RateLimiter(settings)
    sender = f"redis-{uuid.uuid4().hex}"
    assert wait_seconds(first, sender, "198.51.100.7") is None
    assert wait_seconds(second, sender, "198.51.100.7") is None
    assert wait_seconds(first, sender, "198.51.100.7") is not None


def test_an_unreachable_redis_lets_messages_pass():
    limiter = RateLimiter(RateLimitSettings(per_session=1, per_ip=1, storage_url="redis://127.0.0.1:1/0"))
    assert wait_seconds(limiter, "a", "198.51.100.1") is None


def test_the_chat_api_answers_429_in_dutch_with_retry_after(tmp_path):
    settings = Settings(rasa_url="http://127.0.0.1:9", rasa_token="t" * 32,
                        advice_store_url=f"sqlite:///{tmp_path / 'advice.db'}",
                        helpdesk_store_url=f"sqlite:///{tmp_path / 'helpdesk.db'}",
                        rate_limits=RateLimitSettings(per_session=1, per_ip=100))

    async def scenario():
        async with TestClient(TestServer(create_app(settings))) as client:
            await client.post("/api/advice", json={"sender": "s1"})
            refused = await client.post("/api/advice", json={"sender": "s1"})
            return refused.status, refused.headers.get("Retry-After"), await refused.json()

    status, retry_after, body = asyncio.run(scenario())
    assert status == 429 and 1 <= int(retry_after) <= 60 and body == {"error": RATE_LIMITED}
