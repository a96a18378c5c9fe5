"""The web app serves the chat page and relays messages to the running assistant."""

import requests


def test_page_has_a_chat_box(bot):
    page = requests.get(bot.web_url, timeout=10)
    assert page.status_code == 200
    assert 'id="input"' in page.text and 'lang="nl"' in page.text


def test_chat_api_relays_to_the_assistant(bot, sender):
    payload = {"sender": sender, "message": "ik wil leraar worden"}
    response = requests.post(f"{bot.web_url}/api/chat", json=payload, timeout=60)
    assert response.status_code == 200
    assert "Wat is je hoogste diploma?" in " ".join(m.get("text", "") for m in response.json())


def test_chat_api_rejects_a_bad_sender_in_dutch(bot):
    response = requests.post(f"{bot.web_url}/api/chat", json={"sender": "<x>", "message": "hoi"}, timeout=10)
    assert response.status_code == 400
    assert "sender" in response.json()["error"]
