"""Take-home advice pages: made from a conversation's last route advice, shown, downloaded and as a QR code."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
from typing import Callable

import segno
from aiohttp import web

from bot.stores.advice_store import AdviceStore
from bot.web.advice import advice_from_payload, advice_page, render
from bot.web.bodies import read_json
from bot.web.conversations import SENDER
from bot.web.relay import UNREACHABLE, RasaRelay, RasaUnavailable
from bot.web.security_headers import nonce

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
    "Referrer-Policy": "no-referrer",  # the address holds the token; the CSP is the app's (security_headers)
}
GONE = {
    404: ("Dit advies bestaat niet", "Deze link kennen we niet. Kijk of je hem goed hebt overgenomen."),
    410: ("Deze link is verlopen", "Een advies blijft een tijd bewaard en wordt daarna gewist. Deze link is verlopen."),
}


class AdvicePages:
    def __init__(self, store: AdviceStore, relay: Callable[[], RasaRelay], base_url: str | None) -> None:
        self.store = store
        self.relay = relay
        self.base_url = base_url.rstrip("/") if base_url else None

    def routes(self) -> list[web.AbstractRouteDef]:
        return [
            web.post("/api/advice", self.create),
            web.get("/advies/{token}", self.show),
            web.get("/advies/{token}/download", self.download),
            web.get("/advies/{token}/qr.svg", self.qr),
        ]

    def link(self, request: web.Request, token: str) -> str:
        base = self.base_url or f"{request.scheme}://{request.host}"
        return f"{base}/advies/{token}"

    async def create(self, request: web.Request) -> web.Response:
        """``{"sender": ...}`` -> a new page with that conversation's last route advice."""
        payload = await read_json(request)
        sender = payload.get("sender") if isinstance(payload, dict) else None
        if not isinstance(sender, str) or not SENDER.match(sender):
            return web.json_response({"error": "Ongeldige of ontbrekende 'sender'."}, status=400)
        try:
            advice = advice_from_payload(await self.relay().last_custom(sender, "routeadvies"))
        except RasaUnavailable:
            return web.json_response({"error": UNREACHABLE}, status=503)
        if advice is None:
            return web.json_response({"error": "Er is nog geen routeadvies in dit gesprek."}, status=404)
        page = await asyncio.to_thread(self.store.create, advice, None, sender)
        url = self.link(request, page.token)
        return web.json_response({"token": page.token, "url": url, "download": f"{url}/download",
                                  "qr": f"{url}/qr.svg", "expires": page.expires_at.date().isoformat()}, status=201)

    async def _page(self, request: web.Request):
        token = request.match_info["token"]
        page = await asyncio.to_thread(self.store.get, token) if TOKEN.match(token) else None
        if page is None:
            return None, 404
        if page.expired(dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)):
            return None, 410
        return page, 200

    @staticmethod
    def _gone(status: int) -> web.Response:
        title, text = GONE[status]
        return web.Response(text=render("gone.html", title=title, text=text), status=status,
                            content_type="text/html", headers=PAGE_HEADERS)

    async def show(self, request: web.Request) -> web.Response:
        page, status = await self._page(request)
        if page is None:
            return self._gone(status)
        html = advice_page(page.advice, page.expires_at.date(), printing=request.query.get("print") == "1",
                           nonce=nonce(request))
        return web.Response(text=html, content_type="text/html", headers=PAGE_HEADERS)

    async def download(self, request: web.Request) -> web.Response:
        page, status = await self._page(request)
        if page is None:
            return self._gone(status)
        headers = {**PAGE_HEADERS, "Content-Disposition": 'attachment; filename="routeadvies.html"'}
        return web.Response(text=advice_page(page.advice, None, nonce=nonce(request)), content_type="text/html",
                            headers=headers)

    async def qr(self, request: web.Request) -> web.Response:
        page, status = await self._page(request)
        if page is None:
            return web.Response(status=status)
        buffer = io.BytesIO()
        segno.make(self.link(request, page.token), error="m").save(
            buffer, kind="svg", scale=6, border=4, title="QR-code met de link naar je routeadvies")
        return web.Response(body=buffer.getvalue(), content_type="image/svg+xml", headers={"Cache-Control": "no-store"})
