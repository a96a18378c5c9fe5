"""A full handover in two real browsers: a visitor in the widget and an agent in the console."""

from __future__ import annotations

import requests
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpdesk import ALWAYS_OPEN, Agent, new_agent, set_hours
from tests.e2e.widget import (
    REPLY_TIMEOUT,
    click_button,
    conversation_id,
    serious_violations,
    type_message,
    wait_for_bot,
)

LIVE = 15_000


def agent_page(browser: Browser, bot, name: str, password: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{bot.web_url}/agent/login")
    page.get_by_label("Naam").fill(name)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Wachtrij")).to_be_visible()
    return page


def test_visitor_and_agent_do_a_whole_handover_in_the_browser(browser: Browser, bot, screenshots):
    set_hours(bot, ALWAYS_OPEN)
    name, password = new_agent(bot)
    console = agent_page(browser, bot, name, password)
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        visitor.goto(f"{bot.web_url}/demo")
        visitor.get_by_role("button", name="Leraar worden?").click()
        type_message(visitor, "ik heb havo en werk in de zorg, ik wil juf worden")
        wait_for_bot(visitor, "studeren")
        type_message(visitor, "kan ik iemand spreken?")
        click_button(visitor, "Ja, verbind me door")
        wait_for_bot(visitor, "Je staat in de wachtrij")

        handover = Agent(bot, name, password).handover_of(conversation_id(visitor))
        item = console.locator("#queue li", has_text=f"#{handover['id']} ")
        expect(item).to_be_visible(timeout=LIVE)
        item.get_by_role("button").click()
        expect(console.locator("#profile")).to_contain_text("havo")
        expect(console.locator("#transcript li.visitor", has_text="Ja, verbind me door")).to_be_visible()
        console.get_by_role("button", name="Overnemen").click()
        expect(visitor.locator(".turn.note", has_text=name)).to_be_visible(timeout=LIVE)

        type_message(visitor, "Hallo, hoe lang duurt de deeltijd pabo?")
        expect(console.locator("#transcript li.visitor", has_text="deeltijd pabo")).to_be_visible(timeout=LIVE)
        console.get_by_label("Jouw bericht aan de bezoeker").fill("Vier jaar, naast je werk.")
        console.get_by_label("Jouw bericht aan de bezoeker").press("Enter")
        expect(visitor.locator(".turn.agent", has_text="Vier jaar, naast je werk.")).to_be_visible(timeout=LIVE)
        expect(visitor.locator(".turn.agent", has_text="(medewerker)").last).to_be_visible()
        console.screenshot(path=str(screenshots / "agent-console.png"))
        assert serious_violations(console) == []

        console.get_by_role("button", name="Teruggeven aan de assistent").click()
        wait_for_bot(visitor, "digitale assistent")
        type_message(visitor, "wat is zij-instroom?")
        expect(visitor.locator(".turn.bot").last).to_contain_text("zij-instroom", timeout=REPLY_TIMEOUT)
        slots = requests.get(f"{bot.rasa_url}/conversations/{conversation_id(visitor)}/tracker",
                             params={"token": bot.token}, timeout=30).json()["slots"]
        assert slots["vooropleiding"] == "havo" and slots["overdracht_geweest"] is True
    finally:
        console.context.close()
        visitor.context.close()
        set_hours(bot, None)
