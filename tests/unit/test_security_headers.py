"""Security headers and the Content-Security-Policy on the web app's responses, without a running bot."""

from __future__ import annotations

import asyncio
import re

from aiohttp.test_utils import TestClient, TestServer

from bot.stores.advice_store import AdviceStore
from bot.web.app import Settings, create_app

ADVICE = {"profiel": ["havo"], "routes": [{"naam": "Pabo voltijd"}], "loket": None, "gemaakt_op": "2026-11-29"}


def settings(tmp_path, **extra) -> Settings:
    return Settings(rasa_url="http://127.0.0.1:9", rasa_token="t" * 32,
                    advice_store_url=f"sqlite:///{tmp_path / 'advice.db'}",
                    helpdesk_store_url=f"sqlite:///{tmp_path / 'helpdesk.db'}", **extra)


def fetch(app_settings: Settings, *paths: str) -> list[tuple[dict, str]]:
    async def run():
        async with TestClient(TestServer(create_app(app_settings))) as client:
            answers = []
            for path in paths:
                response = await client.get(path)
                answers.append((dict(response.headers), await response.text()))
            return answers
    return asyncio.run(run())


def test_every_page_forbids_inline_script_and_framing(tmp_path):
    token = AdviceStore(f"sqlite:///{tmp_path / 'advice.db'}").create(ADVICE).token
    pages = ["/", "/demo", "/kiosk?id=stand-1", f"/advies/{token}", "/privacy", "/agent/login", "/healthz", "/nergens"]
    for path, (headers, _) in zip(pages, fetch(settings(tmp_path), *pages), strict=True):
        policy = headers["Content-Security-Policy"]
        script = next(part for part in policy.split(";") if part.strip().startswith(("script-src", "default-src")))
        assert "unsafe-inline" not in script and "unsafe-eval" not in policy, path
        assert "frame-ancestors 'none'" in policy, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] in ("strict-origin-when-cross-origin", "no-referrer"), path
        assert "camera=()" in headers["Permissions-Policy"] and headers["Cross-Origin-Opener-Policy"], path
        assert "Strict-Transport-Security" not in headers, path


def test_the_advice_page_runs_only_its_own_script_with_a_new_nonce_each_time(tmp_path):
    token = AdviceStore(f"sqlite:///{tmp_path / 'advice.db'}").create(ADVICE).token
    answers = fetch(settings(tmp_path), f"/advies/{token}", f"/advies/{token}")
    nonces = []
    for headers, html in answers:
        nonce = re.search(r"'nonce-([^']+)'", headers["Content-Security-Policy"]).group(1)
        assert html.count(f'nonce="{nonce}"') == 2 and "onclick" not in html
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_no_page_template_has_inline_code_without_a_nonce(tmp_path):
    pages = ["/", "/demo", "/kiosk?id=stand-1", "/privacy"]
    for path, (_, html) in zip(pages, fetch(settings(tmp_path), *pages), strict=True):
        assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=\"|\son[a-z]+=", html), path


def test_the_widget_may_be_loaded_by_other_websites_and_pages_may_not(tmp_path):
    widget, css, page = fetch(settings(tmp_path), "/widget.js", "/static/widget.css", "/")
    assert widget[0]["Cross-Origin-Resource-Policy"] == css[0]["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert page[0]["Cross-Origin-Resource-Policy"] == "same-origin"


def test_hsts_only_when_the_app_is_reached_over_https(tmp_path):
    [(headers, _)] = fetch(settings(tmp_path, public_base_url="https://chat.example.nl"), "/")
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_the_console_keeps_its_own_stricter_headers(tmp_path):
    [(headers, _)] = fetch(settings(tmp_path), "/agent/login")
    assert headers["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'none'"
    assert headers["Referrer-Policy"] == "no-referrer" and headers["Cache-Control"] == "no-store"
