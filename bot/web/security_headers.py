"""Security headers on every response of the web app, with a strict Content-Security-Policy.

No inline script or style runs on the app's pages, except a block that carries the response's nonce
(``request["csp_nonce"]``, new for every request; the take-home advice page uses it, so that its download stays one
standalone file). Style attributes are refused too: the widget and the kiosk set styles through the CSSOM.
``connect-src 'self'`` covers the widget's WebSocket on the same host (``ws:``/``wss:``, CSP level 3).

Embedding: no page of the app may be framed (``frame-ancestors 'none'``). Other websites embed the widget by its
script, not a frame: ``/widget.js`` and ``/static/...`` may be loaded from any site (``Cross-Origin-Resource-Policy:
cross-origin``), everything else only by the app itself. A handler's own value of a header wins (the agent console
and the advice pages send ``Referrer-Policy: no-referrer``). ``Strict-Transport-Security`` is sent only when the app
is reached over https (``PUBLIC_BASE_URL``).
"""

from __future__ import annotations

import secrets

from aiohttp import web

NONCE_KEY = "csp_nonce"
CROSS_ORIGIN_PATHS = ("/widget.js", "/static/")
PERMISSIONS = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), " \
              "payment=(), usb=()"
HSTS = "max-age=31536000; includeSubDomains"


def content_security_policy(nonce: str) -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        f"style-src 'self' 'nonce-{nonce}'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def nonce(request: web.Request) -> str:
    """The nonce of this response, for an inline ``<script nonce>`` or ``<style nonce>``."""
    if NONCE_KEY not in request:
        request[NONCE_KEY] = secrets.token_urlsafe(18)
    return request[NONCE_KEY]


def setup_security_headers(app: web.Application, https: bool) -> None:
    """Installs the headers; call it after any other ``on_response_prepare`` that sets its own values."""

    async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
        cross_origin = request.path.startswith(CROSS_ORIGIN_PATHS)
        headers = {
            "Content-Security-Policy": content_security_policy(nonce(request)),
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "Permissions-Policy": PERMISSIONS,
            "Cross-Origin-Opener-Policy": "same-origin",
            "Cross-Origin-Resource-Policy": "cross-origin" if cross_origin else "same-origin",
        }
        if https:
            headers["Strict-Transport-Security"] = HSTS
        for name, value in headers.items():
            response.headers.setdefault(name, value)

    app.on_response_prepare.append(add_headers)
