"""Logs without personal data or secrets: what the servers write at INFO names no visitor and no token.

- :class:`PrivateAccessLogger` is the web app's access log: method, path without its query string (which may carry
  a conversation id, a kiosk id or a token), take-home advice tokens masked, status, size and time, and the client
  address shortened to its network (an IP address is personal data).
- :func:`install_for_rasa` is called by :mod:`bot.rasa_cli` in the Rasa server and the action server: Sanic's access
  log (written whenever Rasa is given a log file) loses its query strings (``?token=...``), and Rasa's warnings about
  a message it could not parse (a visitor typed ``/...``) no longer quote the visitor's text.

Errors are still logged with the conversation id, which is a random id, not a person.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import warnings
from typing import Any

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

REDACTED = "<weggelaten>"
_SECRET_PATHS = re.compile(r"^(/advies/)[^/]+")
_QUERY = re.compile(r"\?\S*")
# Rasa's warnings that quote what a visitor typed (rasa.shared.core.training_data.story_reader and
# rasa.core.processor, version 3.6): everything from the quote on is left out.
_VISITOR_TEXT_WARNINGS = re.compile(
    r"^(Failed to parse arguments in line |Parsed an intent |Parsed an entity |Invalid entity specification)"
    r"(?P<rest>.*)$", re.DOTALL)


def redact_path(path: str) -> str:
    """``/advies/<token>/qr.svg?x=1`` -> ``/advies/<weggelaten>/qr.svg``."""
    return _SECRET_PATHS.sub(r"\1" + REDACTED, _QUERY.sub("", path))


def network_of(address: str | None) -> str:
    """An address shortened to its network: 203.0.113.7 -> 203.0.113.0/24, IPv6 to its /48."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return "-"
    prefix = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))


class PrivateAccessLogger(AbstractAccessLogger):
    """aiohttp's access log (``web.run_app(..., access_log_class=PrivateAccessLogger)``)."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info('%s "%s %s" %s %s %.3fs', network_of(request.remote), request.method,
                         redact_path(request.path), response.status, response.body_length, time)


class QueryStringFilter(logging.Filter):
    """Takes query strings out of Sanic's access log records (its ``request`` field is ``METHOD URL``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, str):
            record.request = _QUERY.sub("", request)
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("", record.msg)
        return True


def redact_warning(message: str) -> str:
    match = _VISITOR_TEXT_WARNINGS.match(message)
    if match is None:
        return message
    return f"{message[:match.start('rest')]}{REDACTED} (a visitor's message that starts with '/'; its text is " \
           "left out of the log)"


def _redacting(show: Any) -> Any:
    def showwarning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                    file: Any = None, line: str | None = None) -> None:
        text = redact_warning(str(message))
        if text != str(message):
            message = category(text) if isinstance(message, Warning) else text
        show(message, category, filename, lineno, file, line)

    showwarning.redacting = True  # type: ignore[attr-defined]
    return showwarning


def install_for_rasa() -> None:
    """In the Rasa server and the action server, before Rasa configures its logging."""
    logging.getLogger("sanic.access").addFilter(QueryStringFilter())
    if not getattr(warnings.showwarning, "redacting", False):
        warnings.showwarning = _redacting(warnings.showwarning)
