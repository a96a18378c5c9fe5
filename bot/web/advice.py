"""The take-home advice: which part of the bot's ``routeadvies`` payload it holds, and its page.

The page is rendered here once, for every use: the kiosk's QR link, the widget's print and its download
(a standalone HTML file). Everything is escaped by Jinja's autoescaping; only http(s) links become links.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
ROUTE_FIELDS = ("naam", "duur", "resultaat", "bron", "peildatum")
DESK_FIELDS = ("naam", "website", "email", "telefoon", "bron", "peildatum")
MAX_ITEMS = 12  # more routes or profile facts than the bot ever gives: a payload that is not the bot's


def _text(value: Any, limit: int = 500) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


def advice_from_payload(payload: Any) -> dict[str, Any] | None:
    """The advice part of a ``routeadvies`` custom payload, field by field (nothing else is kept); None when the
    payload is no route advice."""
    if not isinstance(payload, dict) or payload.get("type") != "routeadvies":
        return None
    routes = [{field: _text(route.get(field)) for field in ROUTE_FIELDS}
              for route in (payload.get("routes") or [])[:MAX_ITEMS] if isinstance(route, dict)]
    desk = payload.get("loket")
    return {
        "profiel": [fact for fact in map(_text, (payload.get("profiel") or [])[:MAX_ITEMS]) if fact],
        "routes": [route for route in routes if route["naam"]],
        "loket": {field: _text(desk.get(field)) for field in DESK_FIELDS} if isinstance(desk, dict) else None,
        "gemaakt_op": _text(payload.get("gemaakt_op"), 10),
    }


def short_link(url: str | None) -> str | None:
    """The name a link is shown with: "onderwijsloket.com" for https://www.onderwijsloket.com/kennisbank/..."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def safe_url(url: str | None) -> str | None:
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def dutch_date(value: str | None) -> str | None:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
_environment.filters.update(short_link=short_link, safe_url=safe_url, dutch_date=dutch_date)


def render(template: str, **context: Any) -> str:
    return _environment.get_template(template).render(**context)


def advice_page(advice: dict[str, Any], expires: dt.date | None, printing: bool = False, nonce: str = "") -> str:
    """``nonce``: the response's CSP nonce (:mod:`bot.web.security_headers`) for the page's own style and script,
    which stay inline so that the download is one standalone file."""
    return render("advice.html", advice=advice, expires=expires.isoformat() if expires else None, printing=printing,
                  nonce=nonce)
