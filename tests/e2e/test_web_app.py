"""The web app serves the pages and relays messages to the running assistant."""

import requests


def test_page_embeds_the_chat_in_dutch(bot):
    page = requests.get(bot.web_url, timeout=10)
    assert page.status_code == 200
    assert 'src="/widget.js"' in page.text and 'lang="nl"' in page.text


def test_the_widget_script_is_served_at_one_address(bot):
    response = requests.get(f"{bot.web_url}/widget.js", timeout=10)
    assert response.status_code == 200 and "window.Routeadvies" in response.text


def test_chat_api_relays_to_the_assistant(bot, sender):
    payload = {"sender": sender, "message": "ik wil leraar worden"}
    response = requests.post(f"{bot.web_url}/api/chat", json=payload, timeout=60)
    assert response.status_code == 200
    assert "Wat is je hoogste diploma?" in " ".join(m.get("text", "") for m in response.json())


def test_chat_api_rejects_a_bad_sender_in_dutch(bot):
    response = requests.post(f"{bot.web_url}/api/chat", json={"sender": "<x>", "message": "hoi"}, timeout=10)
    assert response.status_code == 400
    assert "sender" in response.json()["error"]


def test_advice_api_says_in_dutch_when_there_is_no_advice_yet(bot, sender):
    bot.say(sender, "hoi")
    response = requests.post(f"{bot.web_url}/api/advice", json={"sender": sender}, timeout=30)
    assert response.status_code == 404
    assert "nog geen routeadvies" in response.json()["error"]


def test_an_unknown_advice_link_says_so_in_dutch(bot):
    response = requests.get(f"{bot.web_url}/advies/abcdefghijklmnopqrstuv", timeout=10)
    assert response.status_code == 404
    assert "Dit advies bestaat niet" in response.text


def test_a_kiosk_id_with_odd_characters_is_refused(bot):
    response = requests.get(f"{bot.web_url}/kiosk", params={"id": "<script>"}, timeout=10)
    assert response.status_code == 400
    assert "<script>" not in response.text
