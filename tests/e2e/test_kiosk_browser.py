"""The career-event kiosk in a real headless Chromium: taps to the advice, a QR code to take it home, and an idle
wipe that leaves nothing of the previous visitor."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import requests
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from bot.stores.advice_store import AdviceStore
from tests.e2e.widget import (
    REPLY_TIMEOUT,
    advice_card,
    conversation_id,
    intake_by_buttons,
    serious_violations,
    textbox,
    type_message,
    wait_for_bot,
)

KIOSK_SIZE = {"width": 1080, "height": 1600}


def open_kiosk(browser: Browser, bot, idle: int | None = None) -> Page:
    page = browser.new_context(viewport=KIOSK_SIZE, has_touch=True).new_page()
    page.goto(f"{bot.web_url}/kiosk?id=stand-12" + (f"&idle={idle}" if idle else ""))
    return page


@pytest.fixture
def kiosk(browser: Browser, bot) -> Page:
    page = open_kiosk(browser, bot)
    yield page
    page.context.close()


def qr_link(page: Page) -> str:
    image = page.locator("figure.qr img")
    expect(image).to_be_visible(timeout=REPLY_TIMEOUT)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.screenshot())))
    assert found, "no QR code found in the picture"
    return found[0].text


def test_the_kiosk_start_screen_has_large_buttons_and_no_serious_accessibility_problems(kiosk: Page, screenshots):
    start = kiosk.get_by_role("button", name="Ik wil leraar worden")
    expect(start).to_be_visible()
    assert start.bounding_box()["height"] >= 60
    kiosk.screenshot(path=str(screenshots / "kiosk-start.png"))
    assert serious_violations(kiosk) == []


def test_the_advice_comes_as_a_qr_code_that_opens_the_take_home_page(kiosk: Page, bot, screenshots):
    intake_by_buttons(kiosk)
    card = advice_card(kiosk)
    expect(card.get_by_role("button", name="Afdrukken")).to_have_count(0)
    expect(kiosk.locator(".turn a")).to_have_count(0)  # a tap never takes the shared screen to another site
    link = qr_link(kiosk)
    card.scroll_into_view_if_needed()
    kiosk.screenshot(path=str(screenshots / "kiosk-advice-qr.png"))
    assert link.startswith(bot.web_url + "/advies/")
    page = requests.get(link, timeout=30)
    assert page.status_code == 200
    assert "Pabo voltijd" in page.text and "Hatseklas" in page.text and "peildatum" in page.text
    assert conversation_id(kiosk) not in page.text, "the take-home page holds the advice, not the conversation"
    assert serious_violations(kiosk) == []


def test_the_whole_intake_works_with_taps_only(kiosk: Page):
    intake_by_buttons(kiosk, place=None)
    card = advice_card(kiosk)
    expect(card).to_contain_text("Pabo voltijd")
    expect(card).to_contain_text("Onderwijsloket")
    expect(card).not_to_contain_text("geen-plaats")


def test_an_expired_take_home_link_says_so_in_dutch(kiosk: Page, bot):
    intake_by_buttons(kiosk)
    advice_card(kiosk)
    link = qr_link(kiosk)
    AdviceStore(bot.advice_store_url).expire(link.rsplit("/", 1)[1], dt.datetime(2020, 1, 1))
    page = requests.get(link, timeout=30)
    assert page.status_code == 410
    assert "verlopen" in page.text and "Pabo voltijd" not in page.text


def test_conversations_at_the_kiosk_carry_its_id(kiosk: Page, bot):
    type_message(kiosk, "ik wil leraar worden")
    wait_for_bot(kiosk, "hoogste diploma")
    user = next(e for e in bot.events(conversation_id(kiosk)) if e["event"] == "user")
    assert user["metadata"]["channel"] == "kiosk" and user["metadata"]["kiosk_id"] == "stand-12"


def test_after_the_idle_time_the_screen_warns_then_wipes_everything(browser: Browser, bot):
    page = open_kiosk(browser, bot, idle=8)
    type_message(page, "ik wil leraar worden, ik heb havo")
    wait_for_bot(page, "werk")
    before = conversation_id(page)
    expect(page.get_by_role("alertdialog", name="Ben je er nog?")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("alertdialog")).to_be_hidden(timeout=15_000)
    chat_text = page.locator("routeadvies-chat-inline").inner_text()
    assert "havo" not in chat_text and "werk" not in chat_text
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0
    type_message(page, "hoi")
    wait_for_bot(page, "")
    assert conversation_id(page) != before
    page.context.close()


def test_a_visitor_who_is_still_there_keeps_the_conversation(browser: Browser, bot):
    page = open_kiosk(browser, bot, idle=8)
    type_message(page, "ik wil leraar worden")
    wait_for_bot(page, "hoogste diploma")
    dialog = page.get_by_role("alertdialog", name="Ben je er nog?")
    expect(dialog).to_be_visible(timeout=15_000)
    dialog.get_by_role("button", name="Ik ben er nog").click()
    expect(dialog).to_be_hidden()
    expect(textbox(page)).to_be_focused()
    expect(page.locator(".turn.user", has_text="ik wil leraar worden")).to_be_visible()
