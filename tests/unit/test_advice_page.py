"""The take-home advice: only the advice part of the bot's payload is kept, and its page escapes everything."""

import datetime as dt

from bot.web.advice import advice_from_payload, advice_page, short_link

PAYLOAD = {
    "type": "routeadvies",
    "profiel": ["havo", "Zwolle"],
    "routes": [{"id": "pabo-voltijd", "naam": "Pabo voltijd", "duur": "4 jaar", "resultaat": "bachelor",
                "bron": "https://www.onderwijsloket.com/kennisbank/x/", "peildatum": "2024-09-01", "extra": "weg"}],
    "loket": {"naam": "Hatseklas", "website": "https://hatseklas.nl", "email": "info@hatseklas.nl",
              "telefoon": None, "bron": "https://navigator.onderwijsloket.com/x/", "peildatum": "2025-08-07"},
    "gemaakt_op": "2026-11-29",
    "tekst": "de hele tekst",
}


def test_only_the_advice_fields_are_kept():
    advice = advice_from_payload(PAYLOAD)
    assert set(advice) == {"profiel", "routes", "loket", "gemaakt_op"}
    assert "extra" not in advice["routes"][0] and "id" not in advice["routes"][0]


def test_a_payload_that_is_no_route_advice_gives_nothing():
    assert advice_from_payload({"type": "iets anders"}) is None
    assert advice_from_payload("tekst") is None


def test_the_page_shows_routes_desk_sources_and_dates_in_dutch():
    html = advice_page(advice_from_payload(PAYLOAD), dt.date(2026, 12, 29))
    assert "Pabo voltijd" in html and "Hatseklas" in html
    assert "peildatum 1 september 2024" in html and "bewaard tot 29 december 2026" in html
    assert ">onderwijsloket.com</a>" in html


def test_markup_in_the_advice_is_escaped():
    payload = {**PAYLOAD, "profiel": ["<script>alert(1)</script>"]}
    html = advice_page(advice_from_payload(payload), None)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_a_source_that_is_no_web_address_is_not_linked():
    payload = {**PAYLOAD, "routes": [{**PAYLOAD["routes"][0], "bron": "javascript:alert(1)"}]}
    assert "javascript:" not in advice_page(advice_from_payload(payload), None)


def test_links_are_shown_by_their_site_name():
    assert short_link("https://www.onderwijsloket.com/kennisbank/artikel/") == "onderwijsloket.com"
