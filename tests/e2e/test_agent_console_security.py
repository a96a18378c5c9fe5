"""Every agent endpoint of the running web app refuses a request without a session, one test per endpoint taken
from the app's own route table (a new endpoint cannot be forgotten); state changes need the CSRF token; a visitor
cannot reach another conversation."""

from __future__ import annotations

import re
import tempfile

import pytest
import requests

from bot.web.agent_auth import is_open_path
from bot.web.app import Settings, create_app
from tests.e2e.helpdesk import ALWAYS_OPEN, Agent, Visitor, new_agent, set_hours


def agent_endpoints() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(rasa_url="http://127.0.0.1:9", rasa_token="t" * 32,
                                  advice_store_url=f"sqlite:///{folder}/advice.db",
                                  helpdesk_store_url=f"sqlite:///{folder}/helpdesk.db"))
    found = set()
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix")
        if route.method == "HEAD" or not path or not path.startswith("/agent") or is_open_path(path):
            continue
        found.add((route.method, re.sub(r"\{[^}]+\}", "1", path)))
    return sorted(found)


ENDPOINTS = agent_endpoints()


def test_the_route_table_has_the_console_endpoints():
    assert ("POST", "/agent/api/handovers/1/claim") in ENDPOINTS and ("GET", "/agent/ws") in ENDPOINTS


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=[f"{m} {p}" for m, p in ENDPOINTS])
def test_an_agent_endpoint_refuses_a_request_without_a_session(bot, method, path):
    response = requests.request(method, bot.web_url + path, json={}, timeout=30, allow_redirects=False)
    assert response.status_code in (401, 403), f"{method} {path} -> {response.status_code}"


def test_a_state_change_without_the_csrf_token_is_refused(bot):
    agent = Agent(bot, *new_agent(bot))
    response = agent.http.post(f"{bot.web_url}/agent/api/callbacks/1/done", json={}, timeout=30)
    assert response.status_code == 403 and "CSRF" in response.json()["error"]


def test_a_visitor_does_not_see_another_conversation(bot, sender):
    set_hours(bot, ALWAYS_OPEN)
    agent = Agent(bot, *new_agent(bot))
    agent.api("GET", "/queue")
    first, second = Visitor(bot, sender), Visitor(bot, sender + "-b")
    try:
        first.say("kan ik iemand spreken?")
        first.say("/affirm")
        handover = agent.handover_of(sender)
        agent.api("POST", f"/handovers/{handover['id']}/claim")
        agent.api("POST", f"/handovers/{handover['id']}/messages", {"text": "Alleen voor de eerste bezoeker."})
        first.wait_for(lambda e: e.get("text") == "Alleen voor de eerste bezoeker.")
        assert not any("eerste bezoeker" in str(e) for e in second.events)
        assert second.say("hallo") != []  # the second visitor talks to the bot, not to the agent
        agent.api("POST", f"/handovers/{handover['id']}/close", {"reason": "test"})
    finally:
        first.close()
        second.close()
        set_hours(bot, None)


def test_repeated_wrong_passwords_lock_the_account(bot):
    name, password = new_agent(bot)
    for _ in range(5):
        with pytest.raises(AssertionError):
            Agent(bot, name, "helemaal-niet-goed")
    response = requests.Session()
    page = response.get(f"{bot.web_url}/agent/login", timeout=30)
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    refused = response.post(f"{bot.web_url}/agent/login", data={"name": name, "password": password, "csrf": token},
                            timeout=30, allow_redirects=False)
    assert refused.status_code == 401 and "geblokkeerd" in refused.text
