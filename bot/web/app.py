"""Web app for the chat page: serves the page and relays messages to Rasa's REST channel.

It holds no business logic: it only passes text through and reports, in Dutch, when the
assistant cannot be reached.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.exposure import PUBLIC, ExposureError, listen_host, rasa_auth_token

STATIC_DIR = Path(__file__).resolve().parent / "static"
SENDER = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
UNREACHABLE = "De assistent is nu even niet bereikbaar. Probeer het over een paar minuten opnieuw."
logger = logging.getLogger(__name__)


async def index(_: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "index.html")


async def health(_: web.Request) -> web.Response:
    """Liveness: the web app itself answers."""
    return web.json_response({"status": "ok"})


async def ready(request: web.Request) -> web.Response:
    """Readiness: the Rasa server behind the web app has a model loaded (asked with the API token)."""
    url = f"{request.app['rasa_url']}/status"
    try:
        async with request.app["client"].get(url, params={"token": request.app["rasa_token"]}) as resp:
            if resp.status == 200:
                return web.json_response({"status": "ready"})
            logger.warning("Rasa /status answered %s", resp.status)
    except (aiohttp.ClientError, TimeoutError):
        logger.warning("Rasa unreachable at %s", url)
    return web.json_response({"status": "not ready", "error": UNREACHABLE}, status=503)


async def chat(request: web.Request) -> web.Response:
    try:
        payload = await request.json()
    except ValueError:
        return web.json_response({"error": "Stuur JSON met 'sender' en 'message'."}, status=400)
    sender = str(payload.get("sender", "")) if isinstance(payload, dict) else ""
    if not SENDER.match(sender):
        return web.json_response({"error": "Ongeldige of ontbrekende 'sender'."}, status=400)
    url = f"{request.app['rasa_url']}/webhooks/rest/webhook"
    try:
        async with request.app["client"].post(url, json={"sender": sender, "message": payload.get("message")}) as resp:
            body = await resp.json(content_type=None)
            return web.json_response(body, status=resp.status)
    except (aiohttp.ClientError, TimeoutError, ValueError):
        logger.exception("Rasa unreachable at %s", url)
        return web.json_response({"error": UNREACHABLE}, status=503)


async def _client(app: web.Application):
    app["client"] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
    yield
    await app["client"].close()


def create_app(rasa_url: str, rasa_token: str) -> web.Application:
    app = web.Application(client_max_size=256 * 1024)
    app["rasa_url"] = rasa_url.rstrip("/")
    app["rasa_token"] = rasa_token
    app.cleanup_ctx.append(_client)
    app.add_routes([
        web.get("/", index),
        web.get("/healthz", health),
        web.get("/readyz", ready),
        web.post("/api/chat", chat),
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
        token = rasa_auth_token()
    except ExposureError as exc:
        parser.exit(2, f"Configuration error: {exc}\n")
    host = args.host or listen_host("WEB_LISTEN_HOST", default=PUBLIC)
    web.run_app(create_app(args.rasa_url, token), host=host, port=args.port, print=None)


if __name__ == "__main__":
    main()
