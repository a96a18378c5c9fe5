"""A restart of the web app and the Rasa server while a visitor waits: the visitor stays in the queue, with the
transcript, and the handover goes on after it."""

from __future__ import annotations

import pytest

from bot.services import action_server, free_port, isolated_env, rasa_server, stop_all, wait_until_healthy, web_app
from tests.conftest import build_knowledge_db
from tests.e2e.conftest import MODEL, Bot
from tests.e2e.helpdesk import ALWAYS_OPEN, Agent, Visitor, new_agent, set_hours, text


@pytest.fixture
def own_servers(tmp_path):
    """Servers of this test only (it stops and starts them), on one work folder: the stores outlive them."""
    knowledge_url = build_knowledge_db(tmp_path / "knowledge.db")
    actions_port, rasa_port, web_port = free_port(), free_port(), free_port()
    env = isolated_env(tmp_path, knowledge_url, actions_port)
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    make = {"rasa": lambda: rasa_server(MODEL, rasa_port, env), "web": lambda: web_app(web_port, rasa_url, env)}
    running = {"actions": action_server(actions_port, env), "rasa": make["rasa"](), "web": make["web"]()}

    def start(names: list[str]) -> None:
        for name in names:
            running[name].start(tmp_path / "logs")
        wait_until_healthy([running[name] for name in names], timeout=900)

    def restart(names: list[str]) -> None:
        for name in names:
            running[name].stop()
            running[name] = make[name]()
        start(names)

    start(["actions", "rasa", "web"])
    try:
        yield Bot(rasa_url, f"http://127.0.0.1:{web_port}", knowledge_url, env), restart
    finally:
        stop_all(list(running.values()))


def test_a_waiting_visitor_survives_a_restart_of_the_web_app_and_rasa(own_servers, sender):
    bot, restart = own_servers
    set_hours(bot, ALWAYS_OPEN)
    name, password = new_agent(bot)
    Agent(bot, name, password).api("GET", "/queue")
    visitor = Visitor(bot, sender)
    visitor.say("ik heb een master geschiedenis en wil docent worden")
    visitor.say("kan ik een medewerker spreken?")
    assert "wachtrij" in text(visitor.say("/affirm"))
    visitor.close()

    restart(["web", "rasa"])

    agent = Agent(bot, name, password)  # the session table survived too, but a new login is what an agent does
    handover = agent.handover_of(sender)
    assert handover["status"] == "waiting"
    details = agent.api("GET", f"/handovers/{handover['id']}").json()
    assert any("master geschiedenis" in t["text"] for t in details["transcript"])
    assert agent.api("POST", f"/handovers/{handover['id']}/claim").status_code == 200
    back = Visitor(bot, sender)  # the widget reconnects with the same conversation id
    try:
        assert back.say("ben je er nog?") == []
        agent.api("POST", f"/handovers/{handover['id']}/messages", {"text": "Ja, ik ben er."})
        back.wait_for(lambda e: e.get("text") == "Ja, ik ben er.")
    finally:
        back.close()
