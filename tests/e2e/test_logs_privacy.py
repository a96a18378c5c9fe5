"""No personal data and no secrets in the servers' logs: a conversation with a name, an e-mail address, a phone
number and a distinctive text (on the widget's socket, through the call-back form, the plain chat API and a message
Rasa cannot parse), its take-home page, its privacy page and its export in the console; then every log of the
session's servers (Rasa, actions, web app) is read."""

from __future__ import annotations

import random
import secrets

import requests

from tests.e2e.helpdesk import ALWAYS_OPEN, Agent, Visitor, helpdesk_today, new_agent, set_hours, text

ONE_SHOT = "ik ben 34, heb mbo 3, werk als onderwijsassistent en wil in deeltijd juf worden in Zwolle"


def test_no_personal_data_or_token_reaches_the_logs(bot, sender):
    mark = secrets.token_hex(4)
    name = f"Zoltan Quispel{mark}"
    email = f"zq.{mark}@voorbeeld.nl"
    phone = "06" + "".join(random.choice("0123456789") for _ in range(8))
    distinctive = f"Mijn hamster {mark} wil ook graag voor de klas staan"
    set_hours(bot, ALWAYS_OPEN, holidays=helpdesk_today())  # closed today: the call-back form
    visitor = Visitor(bot, sender)
    try:
        visitor.say(f"Hoi, ik ben {name}. {distinctive}")
        visitor.say(ONE_SHOT)
        assert "gesloten" in text(visitor.say("kan ik iemand bellen?"))
        assert "Hoe heet je?" in text(visitor.say("/affirm"))
        visitor.say(name)
        visitor.say(email)
        visitor.say(f"Bel me op {phone} over: {distinctive}")
        assert name in text(visitor.say("/affirm"))
    finally:
        visitor.close()
        set_hours(bot, None)
    requests.post(f"{bot.web_url}/api/chat", json={"sender": sender, "message": f"{distinctive}, {email}"}, timeout=60)
    requests.post(f"{bot.web_url}/api/chat", json={"sender": sender, "message": f'/inform{{"naam": "{email}"}}'},
                  timeout=60)
    advice = requests.post(f"{bot.web_url}/api/advice", json={"sender": sender}, timeout=30)
    assert advice.status_code == 201
    advice_token = advice.json()["token"]
    assert requests.get(advice.json()["url"], timeout=30).status_code == 200
    assert requests.get(f"{bot.web_url}/privacy", params={"id": sender}, timeout=30).status_code == 200
    agent = Agent(bot, *new_agent(bot))
    exported = agent.api("GET", f"/privacy/{sender}")
    assert exported.status_code == 200 and email in exported.text  # the data is there, and only there

    logs = {path.name: path.read_text(errors="replace") for path in sorted(bot.log_dir.glob("*.log"))}
    assert {"rasa.log", "actions.log", "web.log"} <= set(logs)
    assert "POST /api/chat" in logs["web.log"], "the web app's access log is still written"
    for secret in (name, f"Quispel{mark}", email, phone, distinctive, f"hamster {mark}", advice_token, bot.token):
        found = [log for log, content in logs.items() if secret in content]
        assert found == [], f"{secret!r} is in {found}"
