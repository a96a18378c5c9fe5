"""Helpdesk handover against the real servers: offer, consent, queue, claim, live chat both ways, hand back; the
call-back request outside opening hours; stopping while waiting. (The browser version: test_handover_browser.py.)"""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bot.handover.service import RECORD_WAIT_SECONDS
from tests.e2e.helpdesk import ALWAYS_OPEN, Agent, Visitor, helpdesk_today, new_agent, set_hours, text


@pytest.fixture
def open_desk(bot):
    set_hours(bot, ALWAYS_OPEN)
    yield
    set_hours(bot, None)


@pytest.fixture
def agent(bot, open_desk) -> Agent:
    signed_in = Agent(bot, *new_agent(bot))
    signed_in.api("GET", "/queue")  # the console's first poll: the agent is online
    return signed_in


@pytest.fixture
def visitor(bot, sender):
    person = Visitor(bot, sender)
    yield person
    person.close()


def test_a_full_handover_and_back_keeps_the_profile(bot, agent, visitor):
    visitor.say("ik heb havo, werk in de horeca en wil juf worden op een basisschool")
    offer = text(visitor.say("kan ik iemand spreken?"))
    assert "doorverbinden" in offer and "Vind je dat goed?" in offer
    assert "Je staat in de wachtrij" in text(visitor.say("/affirm"))

    handover = agent.handover_of(visitor.sender)
    assert handover["status"] == "waiting" and handover["channel"] == "widget"
    assert agent.api("POST", f"/handovers/{handover['id']}/claim").status_code == 200
    visitor.wait_for(lambda e: e["type"] == "agent" and e["event"] == "joined" and agent.name in e["text"])

    assert visitor.say("hallo, ben je er?") == []  # the bot is silent while a person has the conversation
    details = agent.api("GET", f"/handovers/{handover['id']}").json()
    assert details["profile"]["Vooropleiding"] == "havo"
    assert any(t["author"] == "visitor" and t["text"] == "hallo, ben je er?" for t in details["transcript"])

    assert agent.api("POST", f"/handovers/{handover['id']}/messages", {"text": "Hoi! Ik help je."}).status_code == 201
    visitor.wait_for(lambda e: e["type"] == "agent" and e.get("text") == "Hoi! Ik help je.")

    assert agent.api("POST", f"/handovers/{handover['id']}/handback").status_code == 200
    back = visitor.wait_for(lambda e: e["type"] == "bot" and "reply_to" not in e)
    assert "digitale assistent" in text(back["messages"])
    events = bot.events(visitor.sender)
    assert any(e["event"] == "pause" for e in events) and any(e["event"] == "resume" for e in events)
    assert any(e["event"] == "bot" and (e.get("metadata") or {}).get("agent") == agent.name for e in events)
    assert text(visitor.say("hoe lang duurt de pabo?"))  # the bot answers again


def test_a_visitor_can_stop_waiting(bot, agent, visitor):
    visitor.say("kan ik met een medewerker praten?")
    visitor.say("/affirm")
    assert "niet meer op een medewerker" in text(visitor.say("/overdracht_stoppen"))
    assert all(h["sender"] != visitor.sender for h in agent.api("GET", "/queue").json())
    assert text(visitor.say("wat is zij-instroom?"))


def test_of_two_agents_claiming_at_the_same_moment_exactly_one_wins(bot, agent, visitor):
    other = Agent(bot, *new_agent(bot))
    visitor.say("ik wil een mens spreken")
    visitor.say("/affirm")
    handover = agent.handover_of(visitor.sender)
    start = threading.Barrier(2)

    def claim(who: Agent):
        start.wait()
        return who, who.api("POST", f"/handovers/{handover['id']}/claim")

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(claim, [agent, other]))
    assert sorted(response.status_code for _, response in results) == [200, 409]
    loser = next(who for who, response in results if response.status_code == 409)
    assert "collega" in next(r for _, r in results if r.status_code == 409).json()["error"]
    assert loser.api("POST", f"/handovers/{handover['id']}/messages", {"text": "ik ook"}).status_code == 403


def test_outside_opening_hours_the_visitor_leaves_a_call_back_request(bot, sender):
    set_hours(bot, ALWAYS_OPEN, holidays=helpdesk_today())
    try:
        visitor = Visitor(bot, sender, channel="kiosk", kiosk="stand-7")
        offer = text(visitor.say("kan ik iemand bellen?"))
        assert "gesloten" in offer and "contact" in offer
        assert "Hoe heet je?" in text(visitor.say("/affirm"))
        assert "mailadres" in text(visitor.say("Sanne de Vries"))
        assert "kan ik niet gebruiken" in text(visitor.say("morgen"))
        visitor.say("sanne@example.nl")
        visitor.say("Kan ik met mijn mbo 4 diploma naar de pabo?")
        assert "Sanne" in text(visitor.say("/affirm"))
        visitor.close()
        agent = Agent(bot, *new_agent(bot))
        requests_left = agent.api("GET", "/callbacks").json()
        mine = [c for c in requests_left if c["sender"] == sender]
        assert mine and mine[0]["contact"] == "sanne@example.nl" and mine[0]["kiosk_id"] == "stand-7"
        assert agent.api("POST", f"/callbacks/{mine[0]['id']}/done").status_code == 200
    finally:
        set_hours(bot, None)


def test_a_handover_from_the_kiosk_carries_its_id(bot, agent, sender):
    visitor = Visitor(bot, sender, channel="kiosk", kiosk="stand-12")
    try:
        visitor.say("kan ik iemand spreken?")
        visitor.say("/affirm")
        handover = agent.handover_of(sender)
        assert handover["channel"] == "kiosk" and handover["kiosk_id"] == "stand-12"
        visitor.say("/overdracht_stoppen")
    finally:
        visitor.close()


def test_a_message_through_the_plain_chat_api_reaches_the_agent_during_a_handover(bot, agent, sender):
    visitor = Visitor(bot, sender)
    try:
        visitor.say("kan ik iemand spreken?")
        visitor.say("/affirm")
        handover = agent.handover_of(sender)
        response = requests.post(f"{bot.web_url}/api/chat", json={"sender": sender, "message": "via de api"},
                                 timeout=60)
        assert response.status_code == 200 and response.json() == []
        details = agent.api("GET", f"/handovers/{handover['id']}").json()
        assert any(t["author"] == "visitor" and t["text"] == "via de api" for t in details["transcript"])
        visitor.say("/overdracht_stoppen")
    finally:
        visitor.close()


def test_an_agent_message_reaches_the_visitor_at_once_while_rasa_is_slow(bot, agent, visitor):
    visitor.say("kan ik iemand spreken?")
    visitor.say("/affirm")
    handover = agent.handover_of(visitor.sender)["id"]
    assert agent.api("POST", f"/handovers/{handover}/claim").status_code == 200
    rasa = os.getpgid(bot.rasa_process.pid)
    os.killpg(rasa, signal.SIGSTOP)  # Rasa stands still: the tracker cannot take the agent's message
    try:
        started = time.monotonic()
        response = agent.api("POST", f"/handovers/{handover}/messages", {"text": "Ik kijk even met je mee."})
        took = time.monotonic() - started
        visitor.wait_for(lambda e: e["type"] == "agent" and e.get("text") == "Ik kijk even met je mee.", timeout=2)
    finally:
        os.killpg(rasa, signal.SIGCONT)
    assert response.status_code == 201 and took < RECORD_WAIT_SECONDS + 2, (response.status_code, took)
    deadline = time.monotonic() + 30
    recorded = lambda: any(e["event"] == "bot" and e.get("text") == "Ik kijk even met je mee."  # noqa: E731
                           for e in bot.events(visitor.sender))
    while not recorded():
        assert time.monotonic() < deadline, "the agent's message never reached the tracker"
        time.sleep(0.5)
