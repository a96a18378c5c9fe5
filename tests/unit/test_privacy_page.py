"""The privacy statement: the configured periods, the visitor's conversation id, and plain Dutch (B1)."""

from __future__ import annotations

import asyncio
import html
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.readability import measure
from bot.web.advice import render
from bot.web.app import Settings, create_app
from bot.web.privacy_page import PrivacyFacts
from bot.web.rate_limit import RATE_LIMITED
from tests.unit.test_readability import MAX_LONG_WORD_SHARE, MAX_WORDS_PER_SENTENCE, MIN_FLESCH_DOUMA


def page(tmp_path, query: str, **extra) -> tuple[int, str, dict]:
    settings = Settings(rasa_url="http://127.0.0.1:9", rasa_token="t" * 32,
                        advice_store_url=f"sqlite:///{tmp_path / 'advice.db'}",
                        helpdesk_store_url=f"sqlite:///{tmp_path / 'helpdesk.db'}", **extra)

    async def run():
        async with TestClient(TestServer(create_app(settings))) as client:
            response = await client.get("/privacy" + query)
            return response.status, await response.text(), dict(response.headers)
    return asyncio.run(run())


def visible_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_the_statement_names_the_configured_periods(tmp_path):
    status, text, _ = page(tmp_path, "", retention_days=45, advice_ttl_days=14)
    assert status == 200
    assert "45 dagen na je laatste bericht" in text and "na 14 dagen" in text


def test_the_statement_shows_the_visitors_conversation_id(tmp_path):
    _, text, headers = page(tmp_path, "?id=widget-0a1b2c")
    assert "Je gespreksnummer is: <strong>widget-0a1b2c</strong>" in text
    assert headers["Referrer-Policy"] == "no-referrer"


def test_an_id_that_is_no_conversation_id_is_not_shown(tmp_path):
    _, text, _ = page(tmp_path, "?id=%3Cscript%3E")
    assert "gespreksnummer is" not in text and "<script>" not in text


@pytest.mark.parametrize("text", [
    visible_text(render("privacy_text.html", **PrivacyFacts(90, 30).context())),
    RATE_LIMITED,
], ids=["privacy statement", "rate limit"])
def test_the_text_is_near_b1(text):
    score = measure(text)
    assert score.flesch_douma >= MIN_FLESCH_DOUMA, score
    assert score.words_per_sentence <= MAX_WORDS_PER_SENTENCE, score
    assert score.long_word_share <= MAX_LONG_WORD_SHARE, score
