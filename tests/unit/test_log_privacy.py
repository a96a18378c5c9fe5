"""Logs without personal data or secrets: the web app's access log, Sanic's access log and Rasa's warnings."""

from __future__ import annotations

import io
import logging
import warnings

from aiohttp.test_utils import make_mocked_request

from bot.log_privacy import PrivateAccessLogger, QueryStringFilter, network_of, redact_path, redact_warning


def test_query_strings_and_advice_tokens_are_left_out_of_paths():
    assert redact_path("/privacy?id=widget-123") == "/privacy"
    assert redact_path("/advies/AbCdEf0123456789xyz/qr.svg") == "/advies/<weggelaten>/qr.svg"
    assert redact_path("/kiosk") == "/kiosk"


def test_addresses_are_shortened_to_their_network():
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("2001:db8:1:2::9") == "2001:db8:1::/48"
    assert network_of(None) == "-"


def test_the_access_log_line_has_no_query_token_or_full_address():
    stream = io.StringIO()
    logger = logging.getLogger("test.access")
    logger.addHandler(logging.StreamHandler(stream))
    logger.setLevel(logging.INFO)
    request = make_mocked_request("GET", "/advies/AbCdEf0123456789xyz?print=1&id=widget-9")

    class Response:
        status, body_length = 200, 512

    PrivateAccessLogger(logger, "").log(request, Response(), 0.01)
    line = stream.getvalue()
    assert '"GET /advies/<weggelaten>" 200' in line
    assert "AbCdEf" not in line and "widget-9" not in line and "print" not in line


def test_sanic_access_records_lose_their_query_string():
    record = logging.LogRecord("sanic.access", logging.INFO, "x", 1, "", None, None)
    record.request = "GET http://127.0.0.1:5005/conversations/widget-1/tracker?token=geheim"
    QueryStringFilter().filter(record)
    assert record.request == "GET http://127.0.0.1:5005/conversations/widget-1/tracker"


def test_rasa_warnings_about_a_visitors_message_do_not_quote_it():
    text = redact_warning("Failed to parse arguments in line '/x{\"email\": \"a@b.nl\"}'. Expected the intent ...")
    assert "a@b.nl" not in text and text.startswith("Failed to parse arguments in line <weggelaten>")
    assert redact_warning("Loading model took 3 s") == "Loading model took 3 s"


def test_the_installed_warning_filter_redacts_what_is_shown(monkeypatch):
    from bot import log_privacy

    shown: list[str] = []
    monkeypatch.setattr(warnings, "showwarning", lambda message, *args: shown.append(str(message)))
    log_privacy.install_for_rasa()
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("Parsed an intent 'sanne@example.nl' which is not defined in the domain.", UserWarning,
                      stacklevel=1)
    assert shown and "sanne@example.nl" not in shown[0]
