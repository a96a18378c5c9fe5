"""The chat page at / (the widget as a full page) in a real headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.widget import advice_card, intake_by_buttons, type_message, wait_for_bot


@pytest.fixture
def page(browser: Browser, bot) -> Page:
    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    page.goto(bot.web_url)
    yield page
    context.close()


def test_the_page_shows_the_chat_open_without_a_launcher(page: Page):
    expect(page.get_by_role("textbox", name="Je bericht")).to_be_visible()
    expect(page.get_by_role("button", name="Leraar worden? Vind je route")).to_have_count(0)


def test_visitor_gets_the_first_intake_question(page: Page):
    type_message(page, "Hoi, ik wil leraar worden")
    wait_for_bot(page, "Wat is je hoogste diploma?")


def test_visitor_can_answer_with_buttons_and_gets_a_route(page: Page):
    intake_by_buttons(page)
    card = advice_card(page)
    expect(card).to_contain_text("Pabo voltijd")
    expect(card).to_contain_text("Hatseklas")
    expect(card.locator("a[href='https://hatseklas.nl']")).to_have_text("hatseklas.nl")
