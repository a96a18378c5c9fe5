"""Web app: the website chat widget, the career-event kiosk, take-home advice pages and the relay to Rasa.

It holds no business logic: it passes text through to Rasa (REST for ``/api/chat``, a WebSocket for the widget and
the kiosk), keeps the advice a visitor takes home, and reports in Dutch when the assistant cannot be reached.

Settings (environment, with safe defaults): ``ROUTEADVIES_ALLOWED_ORIGINS`` (the other websites that embed the
widget; default none but this app's own pages, the same list Rasa's CORS uses), ``KIOSK_IDLE_SECONDS`` (90),
``ADVICE_STORE_URL`` (``sqlite:///var/advice.db``), ``ADVICE_TTL_DAYS`` (30), ``PUBLIC_BASE_URL`` (how visitors
reach this app, for QR links; default: the address of the request; https also turns on HSTS),
``RATE_LIMIT_PER_SESSION_PER_MINUTE`` / ``RATE_LIMIT_PER_IP_PER_MINUTE`` / ``RATE_LIMIT_STORAGE_URL`` and
``ROUTEADVIES_TRUSTED_PROXIES`` (:mod:`bot.web.rate_limit`), ``RETENTION_DAYS`` (90, the privacy statement and
:mod:`bot.privacy`).
"""

from __future__ import annotations

import argparse
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.exposure import PUBLIC, ExposureError, allowed_origins, listen_host, rasa_auth_token
from bot.handover.service import HandoverService
from bot.log_privacy import PrivateAccessLogger
from bot.privacy.registry import DEFAULT_RETENTION_DAYS, holders, retention_days
from bot.stores.advice_store import DEFAULT_TTL_DAYS, DEFAULT_URL, AdviceStore
from bot.stores.agent_store import AgentStore
from bot.stores.handover_store import HandoverStore
from bot.stores.session_store import SqlSessionStorage
from bot.web.advice import render
from bot.web.advice_pages import AdvicePages
from bot.web.agent_auth import setup_agent_auth
from bot.web.agent_console import AgentConsole, AgentHub
from bot.web.agent_privacy import AgentPrivacy
from bot.web.bodies import close_after_unread_body, read_json
from bot.web.conversations import KIOSK_ID, SENDER, ConversationSocket, Hub, origin_allowed
from bot.web.fanout import fanout_from_env
from bot.web.privacy_page import PrivacyFacts, PrivacyPage
from bot.web.rate_limit import RateLimiter, RateLimitSettings, rate_limits
from bot.web.relay import UNREACHABLE, RasaRelay, RasaUnavailable
from bot.web.security_headers import setup_security_headers

STATIC_DIR = Path(__file__).resolve().parent / "static"
AGENT_STATIC_DIR = Path(__file__).resolve().parent / "agent_static"
DEFAULT_IDLE_SECONDS = 90
MIN_IDLE_SECONDS, MAX_IDLE_SECONDS = 5, 3600
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    rasa_url: str
    rasa_token: str
    widget_origins: frozenset[str] = field(default_factory=frozenset)
    kiosk_idle_seconds: int = DEFAULT_IDLE_SECONDS
    advice_store_url: str = DEFAULT_URL
    advice_ttl_days: int = DEFAULT_TTL_DAYS
    public_base_url: str | None = None
    helpdesk_store_url: str | None = None  # HELPDESK_STORE_URL; None: the stores' own default
    tracker_store_url: str | None = None  # TRACKER_STORE_URL, for a visitor's privacy requests in the console
    rate_limits: RateLimitSettings = field(default_factory=RateLimitSettings)
    retention_days: int = DEFAULT_RETENTION_DAYS

    @classmethod
    def from_env(cls, rasa_url: str, rasa_token: str) -> Settings:
        return cls(
            rasa_url=rasa_url, rasa_token=rasa_token, widget_origins=frozenset(allowed_origins()),
            kiosk_idle_seconds=_int_env("KIOSK_IDLE_SECONDS", DEFAULT_IDLE_SECONDS),
            advice_store_url=os.environ.get("ADVICE_STORE_URL") or DEFAULT_URL,
            advice_ttl_days=_int_env("ADVICE_TTL_DAYS", DEFAULT_TTL_DAYS),
            public_base_url=os.environ.get("PUBLIC_BASE_URL") or None,
            helpdesk_store_url=os.environ.get("HELPDESK_STORE_URL") or None,
            tracker_store_url=os.environ.get("TRACKER_STORE_URL") or None,
            rate_limits=RateLimitSettings.from_env(),
            retention_days=_retention_days(),
        )


def _retention_days() -> int:
    try:
        return retention_days()
    except ValueError as error:
        raise ExposureError(str(error)) from error


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value.strip() else default
    except ValueError as error:
        raise ExposureError(f"{name} moet een heel getal zijn, niet {value!r}") from error


def _page(name: str) -> web.Response:
    return web.Response(text=render(name), content_type="text/html")


async def index(_: web.Request) -> web.Response:
    return _page("index.html")


async def demo(_: web.Request) -> web.Response:
    return _page("demo.html")


async def kiosk(request: web.Request) -> web.Response:
    """``/kiosk?id=stand-12`` (``&idle=SECONDS`` overrides ``KIOSK_IDLE_SECONDS`` for one stand)."""
    kiosk_id = request.query.get("id", "kiosk")
    if not KIOSK_ID.match(kiosk_id):
        return web.Response(text="Ongeldige kiosk-id: gebruik letters, cijfers, - en _.", status=400)
    idle = request.app["settings"].kiosk_idle_seconds
    if request.query.get("idle", "").isdigit():
        idle = int(request.query["idle"])
    idle = max(MIN_IDLE_SECONDS, min(MAX_IDLE_SECONDS, idle))
    html = render("kiosk.html", kiosk_id=kiosk_id, idle=idle, warn=max(3, min(20, idle // 3)),
                  **request.app["privacy"].context())
    return web.Response(text=html, content_type="text/html")


async def widget_script(_: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "widget.js", headers={"Cache-Control": "public, max-age=300"})


async def health(_: web.Request) -> web.Response:
    """Liveness: the web app itself answers."""
    return web.json_response({"status": "ok"})


async def ready(request: web.Request) -> web.Response:
    """Readiness: the Rasa server behind the web app has a model loaded (asked with the API token)."""
    if await request.app["relay"]().ready():
        return web.json_response({"status": "ready"})
    return web.json_response({"status": "not ready", "error": UNREACHABLE}, status=503)


async def chat(request: web.Request) -> web.Response:
    """``POST /api/chat`` ``{"sender", "message"}``: one message, the bot's replies (for clients without a socket)."""
    payload = await read_json(request)
    if payload is None:
        return web.json_response({"error": "Stuur JSON met 'sender' en 'message'."}, status=400)
    sender = str(payload.get("sender", "")) if isinstance(payload, dict) else ""
    if not SENDER.match(sender):
        return web.json_response({"error": "Ongeldige of ontbrekende 'sender'."}, status=400)
    message, relay = payload.get("message"), request.app["relay"]()
    try:
        # During a handover the message goes to the agent too, as from the widget (the bot is silent then).
        taken = await request.app["helpdesk"].visitor_message(sender, message, lambda: relay.send(sender, message))
        if taken is not None:
            return web.json_response(taken)
        status, body = await relay.send(sender, message)
    except RasaUnavailable:
        return web.json_response({"error": UNREACHABLE}, status=503)
    return web.json_response(body, status=status)


@web.middleware
async def widget_cors(request: web.Request, handler):
    """The advice API answers the widget on the websites in ``ROUTEADVIES_ALLOWED_ORIGINS`` (nobody else's)."""
    allowed = request.app["settings"].widget_origins
    origin = request.headers.get("Origin")
    cross = origin is not None and request.path == "/api/advice" and origin_allowed(request, allowed) \
        and origin.rstrip("/") != f"{request.scheme}://{request.host}"
    if cross and request.method == "OPTIONS":
        response = web.Response(status=204)
    else:
        response = await handler(request)
    if cross:
        response.headers.update({
            "Access-Control-Allow-Origin": origin, "Vary": "Origin",
            "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type",
        })
    return response


async def no_preflight(_: web.Request) -> web.Response:
    """A preflight from a website that may not embed the widget (the allowed ones never get here)."""
    return web.Response(status=403)


async def _client(app: web.Application):
    client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
    relay = RasaRelay(client, app["settings"].rasa_url, app["settings"].rasa_token)
    app["relay"] = lambda: relay
    yield
    await client.close()


def _privacy_stores(settings: Settings) -> dict[str, str]:
    """The environment of the stores that hold personal data, with this app's own settings for them."""
    own = {"TRACKER_STORE_URL": settings.tracker_store_url, "HELPDESK_STORE_URL": settings.helpdesk_store_url,
           "ADVICE_STORE_URL": settings.advice_store_url, "ADVICE_TTL_DAYS": str(settings.advice_ttl_days)}
    return {**os.environ, **{name: value for name, value in own.items() if value}}


def create_app(settings: Settings) -> web.Application:
    limiter = RateLimiter(settings.rate_limits)
    app = web.Application(client_max_size=256 * 1024, middlewares=[close_after_unread_body, widget_cors,
                                                                   rate_limits(limiter)])
    app["settings"] = settings
    app["privacy"] = PrivacyFacts.from_env(settings.retention_days, settings.advice_ttl_days)
    app.cleanup_ctx.append(_client)
    relay = lambda: app["relay"]()  # noqa: E731 - the relay exists once the app runs
    store = AdviceStore(settings.advice_store_url, settings.advice_ttl_days)
    visitors, agent_hub = Hub(), AgentHub()
    fanout = fanout_from_env(visitors, agent_hub)  # several web apps (FANOUT_URL): pushes go through Redis
    if fanout:
        app.cleanup_ctx.append(fanout.running)
    helpdesk = HandoverService(HandoverStore(settings.helpdesk_store_url), relay,
                               fanout.visitors if fanout else visitors, [fanout.agents if fanout else agent_hub])
    app["helpdesk"] = helpdesk
    agents = AgentStore(settings.helpdesk_store_url)
    setup_agent_auth(app, agents, SqlSessionStorage(settings.helpdesk_store_url))
    setup_security_headers(app, https=(settings.public_base_url or "").lower().startswith("https://"))
    privacy_requests = AgentPrivacy(holders(_privacy_stores(settings)), changed=helpdesk.notify_agents)
    app.add_routes([
        web.get("/", index),
        web.get("/demo", demo),
        web.get("/kiosk", kiosk),
        web.get("/widget.js", widget_script),
        web.get("/ws", ConversationSocket(relay, settings.widget_origins, visitors, helpdesk, limiter)),
        web.get("/healthz", health),
        web.get("/readyz", ready),
        web.post("/api/chat", chat),
        web.route("OPTIONS", "/api/advice", no_preflight),
        *AdvicePages(store, relay, settings.public_base_url).routes(),
        *AgentConsole(helpdesk, agent_hub).routes(),
        *privacy_requests.routes(),
        *PrivacyPage(app["privacy"]).routes(),
        web.static("/agent/static", AGENT_STATIC_DIR),
        web.static("/static", STATIC_DIR),
    ])
    return app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.web.app")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8000")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    parser.add_argument("--host", default=None, help="listen address (default: $WEB_LISTEN_HOST or 0.0.0.0)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    try:
        settings = Settings.from_env(args.rasa_url, rasa_auth_token())
    except ExposureError as exc:
        parser.exit(2, f"Configuration error: {exc}\n")
    host = listen_host("WEB_LISTEN_HOST", default=PUBLIC) if args.host is None else args.host
    web.run_app(create_app(settings), host=host, port=args.port, print=None, access_log_class=PrivateAccessLogger)


if __name__ == "__main__":
    main()
