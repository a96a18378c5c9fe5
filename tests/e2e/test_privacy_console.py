"""A visitor's privacy request through the agent console's API: the export of a real conversation holds what every
store keeps, and after the deletion nothing is left (Rasa's tracker included)."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from tests.e2e.helpdesk import ALWAYS_OPEN, Agent, Visitor, helpdesk_today, new_agent, set_hours, text

ONE_SHOT = "ik ben 34, heb mbo 3, werk als onderwijsassistent en wil in deeltijd juf worden in Zwolle"


def leave_a_conversation(bot, sender: str) -> None:
    """An advice, a take-home page and a call-back request with a name and an e-mail address."""
    set_hours(bot, ALWAYS_OPEN, holidays=helpdesk_today())
    visitor = Visitor(bot, sender)
    try:
        visitor.say(ONE_SHOT)
        visitor.say("kan ik iemand bellen?")
        assert "Hoe heet je?" in text(visitor.say("/affirm"))
        visitor.say("Fenna Privacytest")
        visitor.say("fenna@voorbeeld.nl")
        visitor.say("Mag ik met mbo 3 naar de pabo?")
        assert "Fenna" in text(visitor.say("/affirm"))
    finally:
        visitor.close()
        set_hours(bot, None)
    assert requests.post(f"{bot.web_url}/api/advice", json={"sender": sender}, timeout=30).status_code == 201


def test_an_agent_exports_then_deletes_a_conversation_and_nothing_is_left(bot, sender):
    leave_a_conversation(bot, sender)
    agent = Agent(bot, *new_agent(bot))
    exported = agent.api("GET", f"/privacy/{sender}").json()
    stores = exported["stores"]
    assert exported["conversation_id"] == sender
    assert any(e.get("text") == ONE_SHOT for e in stores["Rasa: gesprekken (tracker store)"])
    assert [r["contact"] for r in stores["helpdesk: overdrachten, berichten en terugbelverzoeken"]] == \
        ["fenna@voorbeeld.nl"]
    assert len(stores["adviespagina's om mee te nemen"]) == 1

    refused = agent.http.delete(f"{bot.web_url}/agent/api/privacy/{sender}", timeout=30)
    assert refused.status_code == 403, "a deletion needs the CSRF token"
    deleted = agent.api("DELETE", f"/privacy/{sender}")
    assert deleted.status_code == 200 and deleted.json()["total"] >= 3

    assert [e for e in bot.events(sender) if e["event"] in ("user", "bot")] == []
    after = agent.api("GET", f"/privacy/{sender}").json()
    assert all(rows == [] for rows in after["stores"].values())
    assert all(c["sender"] != sender for c in agent.api("GET", "/callbacks").json())


def test_the_console_refuses_a_privacy_request_without_a_session(bot, sender):
    assert requests.get(f"{bot.web_url}/agent/api/privacy/{sender}", timeout=30).status_code == 401
    assert requests.delete(f"{bot.web_url}/agent/api/privacy/{sender}", timeout=30).status_code in (401, 403)


def test_the_console_downloads_the_export_and_asks_before_it_deletes(browser, bot, sender):
    from playwright.sync_api import expect

    from tests.e2e.test_handover_browser import agent_page

    bot.say(sender, "Ik wil leraar worden")
    page = agent_page(browser, bot, *new_agent(bot))
    try:
        page.get_by_label("Gespreksnummer").fill(sender)
        with page.expect_download() as download:
            page.get_by_role("button", name="Exporteren").click()
        assert download.value.suggested_filename == f"gesprek-{sender}.json"
        exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        events = exported["stores"]["Rasa: gesprekken (tracker store)"]
        assert any(e.get("text") == "Ik wil leraar worden" for e in events)
        page.once("dialog", lambda dialog: dialog.dismiss())
        page.get_by_role("button", name="Alles wissen").click()
        expect(page.locator("#privacy-status")).to_have_text("Niets gewist.")
        assert [e for e in bot.events(sender) if e["event"] == "user"], "nothing deleted without a yes"
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Alles wissen").click()
        expect(page.locator("#privacy-status")).to_contain_text(f"gegevens van gesprek {sender}")
        assert [e for e in bot.events(sender) if e["event"] == "user"] == []
    finally:
        page.context.close()
