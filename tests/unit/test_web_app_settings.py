"""The web app's settings and its permission for other websites, without a running bot."""

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.exposure import ExposureError
from bot.web.app import Settings, create_app

ALLOWED = "https://www.hogeschool.example.nl"


def settings(tmp_path, **extra) -> Settings:
    return Settings(rasa_url="http://127.0.0.1:9", rasa_token="t" * 32,
                    advice_store_url=f"sqlite:///{tmp_path / 'advice.db'}", **extra)


def preflight(app_settings: Settings, origin: str) -> tuple[int, str | None]:
    async def run():
        async with TestClient(TestServer(create_app(app_settings))) as client:
            response = await client.options("/api/advice", headers={
                "Origin": origin, "Access-Control-Request-Method": "POST"})
            return response.status, response.headers.get("Access-Control-Allow-Origin")
    return asyncio.run(run())


def test_a_configured_website_may_ask_for_the_advice(tmp_path):
    status, allowed = preflight(settings(tmp_path, widget_origins=frozenset({ALLOWED})), ALLOWED)
    assert status == 204 and allowed == ALLOWED


def test_another_website_gets_no_permission(tmp_path):
    status, allowed = preflight(settings(tmp_path, widget_origins=frozenset({ALLOWED})), "https://evil.example.com")
    assert status == 403 and allowed is None


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ROUTEADVIES_ALLOWED_ORIGINS", f"{ALLOWED}/, https://b.example.nl")
    monkeypatch.setenv("KIOSK_IDLE_SECONDS", "120")
    read = Settings.from_env("http://127.0.0.1:5005", "t" * 32)
    assert read.widget_origins == {ALLOWED, "https://b.example.nl"} and read.kiosk_idle_seconds == 120


def test_a_wrong_number_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("KIOSK_IDLE_SECONDS", "anderhalve minuut")
    with pytest.raises(ExposureError, match="KIOSK_IDLE_SECONDS"):
        Settings.from_env("http://127.0.0.1:5005", "t" * 32)
