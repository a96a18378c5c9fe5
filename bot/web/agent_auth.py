"""The security layer of the agent console: login and logout, sessions, CSRF and security headers for ``/agent``.

``setup_agent_auth(app, store, storage)`` installs it. From then on every path under ``/agent`` needs a logged-in
session, except the login page (``/agent/login``, GET and POST) and ``/agent/static/...``. Without one, JSON paths
(``/agent/api/...`` and the websocket ``/agent/ws``) answer 401 ``{"error": "Log eerst in."}`` and pages answer 401
with a short Dutch page that links to the login page. Every POST, PUT, PATCH and DELETE under ``/agent`` (the login
too) must send the session's CSRF token: header ``X-CSRF-Token`` (scripts) or form field ``csrf`` (HTML forms).

In the console's own handlers: ``await current_agent(request)`` (the logged-in name) and
``await csrf_token(request)`` (for a page to hand to its script, e.g. in ``<meta name="csrf-token">``). Every
authenticated request records the agent as active (``AgentStore.touch``), which is what "online" means; a websocket
counts once, when it opens, so a console that only listens on its socket should call ``touch`` itself now and then.
An account removed on the command line loses its sessions at its next request.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
from html import escape
from typing import Awaitable, Callable

from aiohttp import web
from aiohttp_session import Session, get_session, session_middleware

from bot.channels.input_guard import storable
from bot.stores.agent_store import AgentStore, normalize_name
from bot.stores.session_store import SqlSessionStorage
from bot.web.bodies import read_form

PREFIX = "/agent"
HOME_PATH = "/agent/"
LOGIN_PATH = "/agent/login"
LOGOUT_PATH = "/agent/logout"
STATIC_PREFIX = "/agent/static/"
STYLESHEET_PATH = "/agent/static/agent-login.css"
JSON_PREFIX = "/agent/api/"
WEBSOCKET_PATH = "/agent/ws"

AGENT_KEY = "agent"  # session: the logged-in agent's name
CSRF_KEY = "csrf"  # session: the CSRF token
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf"
REQUEST_AGENT = "agent_auth.agent"  # request: the agent, set by the middleware
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

NOT_LOGGED_IN = "Log eerst in."
BAD_CSRF = "Ongeldige of ontbrekende CSRF-token."
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# --- helpers for the console's handlers -------------------------------------------------------------------------
async def current_agent(request: web.Request) -> str:
    """The name of the logged-in agent; raises HTTPUnauthorized (JSON) when there is none."""
    agent = request.get(REQUEST_AGENT)
    if not agent:
        raise web.HTTPUnauthorized(text=json.dumps({"error": NOT_LOGGED_IN}), content_type="application/json")
    return str(agent)


async def csrf_token(request: web.Request) -> str:
    """The session's CSRF token, for a page or script to send back (made when the session has none yet)."""
    return _ensure_csrf(await get_session(request))


def _ensure_csrf(session: Session) -> str:
    token = session.get(CSRF_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_KEY] = token
    return token


# --- which path is what -----------------------------------------------------------------------------------------
def under_agent(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def is_json_path(path: str) -> bool:
    return path.startswith(JSON_PREFIX) or path in (JSON_PREFIX.rstrip("/"), WEBSOCKET_PATH)


def is_open_path(path: str) -> bool:
    """Reachable without logging in. A path with a '..' segment is never open."""
    if ".." in path.split("/"):
        return False
    return path == LOGIN_PATH or path.startswith(STATIC_PREFIX)


def _csrf_matches(expected: object, sent: object) -> bool:
    if not isinstance(expected, str) or not isinstance(sent, str) or not expected or not sent:
        return False
    if not sent.isascii():  # a token is ASCII; other header bytes arrive as surrogate escapes that cannot encode
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


async def _sent_csrf(request: web.Request) -> str | None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.content_type in FORM_TYPES:
        value = (await read_form(request)).get(CSRF_FIELD)  # the form is kept: the handler reads it again
        sent = value if isinstance(value, str) else None
    return sent


def _wants_html(request: web.Request) -> bool:
    return not is_json_path(request.path) and "text/html" in request.headers.get("Accept", "")


# --- the middleware ---------------------------------------------------------------------------------------------
def agent_guard(store: AgentStore) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """Session check, then CSRF check, for every request under ``/agent``."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path
        if not under_agent(path):
            return await handler(request)
        session = await get_session(request)
        agent = session.get(AGENT_KEY)
        if isinstance(agent, str) and not path.startswith(STATIC_PREFIX):
            if await asyncio.to_thread(store.touch, agent):
                request[REQUEST_AGENT] = agent
            else:  # the account was removed: its sessions end
                logger.info("Session of removed helpdesk account %r ended", agent)
                session.invalidate()
        if REQUEST_AGENT not in request and not is_open_path(path):
            return _unauthorized(path)
        if request.method in STATE_CHANGING and not _csrf_matches(session.get(CSRF_KEY), await _sent_csrf(request)):
            return _csrf_refused(request, session)
        return await handler(request)

    return guard


def _unauthorized(path: str) -> web.Response:
    if is_json_path(path):
        return web.json_response({"error": NOT_LOGGED_IN}, status=401)
    body = (
        "<h1>Log eerst in</h1>\n<p>Deze pagina is alleen voor medewerkers van de helpdesk.</p>\n"
        f'<p><a href="{LOGIN_PATH}">Naar de inlogpagina</a></p>'
    )
    return web.Response(text=_page("Log eerst in", body), content_type="text/html", status=401)


def _csrf_refused(request: web.Request, session: Session) -> web.Response:
    if not _wants_html(request):
        return web.json_response({"error": BAD_CSRF}, status=403)
    if request.path == LOGIN_PATH:  # e.g. the login page stayed open longer than a session lasts
        error = "De inlogpagina was verlopen. Probeer het nog een keer."
        return _login_response(_ensure_csrf(session), error=error, status=403)
    body = (
        f"<h1>Niet gelukt</h1>\n<p>{BAD_CSRF} Laad de pagina opnieuw en probeer het nog een keer.</p>\n"
        f'<p><a href="{HOME_PATH}">Terug naar de helpdesk</a></p>'
    )
    return web.Response(text=_page("Niet gelukt", body), content_type="text/html", status=403)


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """On every response under ``/agent``: pages, JSON, files, errors and the websocket handshake."""
    if under_agent(request.path):
        response.headers.update(SECURITY_HEADERS)


# --- pages ------------------------------------------------------------------------------------------------------
STYLESHEET = """\
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: #1a1a1a; background: #f3f5f8; }
main { max-width: 26rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: 8px;
       box-shadow: 0 1px 4px rgba(0, 0, 0, .15); }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input { width: 100%; padding: .6rem .7rem; font: inherit; border: 2px solid #5c6670; border-radius: 4px; }
button { margin-top: 1.5rem; padding: .7rem 1.4rem; font: inherit; font-weight: 600; color: #fff;
         background: #0b5cad; border: 2px solid #0b5cad; border-radius: 4px; cursor: pointer; }
button:hover { background: #084a8c; }
a { color: #0b5cad; }
:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
input:focus-visible { outline: 3px solid #0b5cad; outline-offset: 1px; border-color: #0b5cad; }
button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
.fout { padding: .75rem 1rem; color: #8a0000; background: #fdecec; border-left: 4px solid #b00020; }
.tip { color: #4a4f55; font-size: .95rem; margin-top: 1.5rem; }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} - helpdesk Routeadvies</title>\n"
        f'<link rel="stylesheet" href="{STYLESHEET_PATH}">\n</head>\n'
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _login_response(token: str, *, error: str = "", hint: str = "", name: str = "", status: int = 200) -> web.Response:
    described = ' aria-describedby="fout" aria-invalid="true"' if error else ""
    message = f'<p id="fout" class="fout" role="alert">{escape(error)} {escape(hint)}</p>\n' if error else ""
    body = (
        "<h1>Inloggen voor de helpdesk</h1>\n"
        "<p>Log in met de naam en het wachtwoord van je helpdesk-account.</p>\n"
        f"{message}"
        f'<form method="post" action="{LOGIN_PATH}">\n'
        f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">\n'
        '<label for="name">Naam</label>\n'
        f'<input id="name" name="name" type="text" autocomplete="username" autocapitalize="none" '
        f'spellcheck="false" required maxlength="100" value="{escape(name)}"{described}>\n'
        '<label for="password">Wachtwoord</label>\n'
        f'<input id="password" name="password" type="password" autocomplete="current-password" required'
        f"{described}>\n"
        '<button type="submit">Inloggen</button>\n</form>\n'
        '<p class="tip">Nog geen account, of ben je je wachtwoord vergeten? Vraag het aan de beheerder van de '
        "helpdesk.</p>"
    )
    return web.Response(text=_page("Inloggen", body), content_type="text/html", status=status)


async def stylesheet(_: web.Request) -> web.Response:
    return web.Response(text=STYLESHEET, content_type="text/css")


class LoginRoutes:
    """``GET/POST /agent/login`` and ``POST /agent/logout``."""

    def __init__(self, store: AgentStore, storage: SqlSessionStorage) -> None:
        self.store = store
        self.storage = storage

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get(LOGIN_PATH, self.page),
            web.post(LOGIN_PATH, self.login),
            web.post(LOGOUT_PATH, self.logout),
            web.get(STYLESHEET_PATH, stylesheet),
        ]

    async def page(self, request: web.Request) -> web.Response:
        """The login form; a visitor without a session gets a pre-login session that holds the form's CSRF token."""
        if REQUEST_AGENT in request:
            raise web.HTTPSeeOther(HOME_PATH)
        return _login_response(await csrf_token(request))

    async def login(self, request: web.Request) -> web.Response:
        form = await read_form(request)
        name, password = storable(str(form.get("name", ""))), str(form.get("password", ""))
        if not name.strip() or not password:
            return _login_response(await csrf_token(request), error="Vul je naam en je wachtwoord in.", name=name,
                                   status=400)
        result = await asyncio.to_thread(self.store.verify, name, password)
        if not result.ok:
            logger.info("Failed helpdesk login for %r", normalize_name(name)[:40])
            hint = "Probeer het daarna opnieuw, of vraag de beheerder om je account te deblokkeren." \
                if result.locked_until else ""
            return _login_response(await csrf_token(request), error=result.reason, hint=hint, name=name, status=401)
        agent = normalize_name(name)
        session = await self.storage.renew(request)  # a new id: an id from before the login is worth nothing
        session[AGENT_KEY] = agent
        session[CSRF_KEY] = secrets.token_urlsafe(32)
        await asyncio.to_thread(self.store.touch, agent)
        logger.info("Helpdesk agent %r logged in", agent)
        raise web.HTTPSeeOther(HOME_PATH)

    async def logout(self, request: web.Request) -> web.Response:
        session = await get_session(request)
        logger.info("Helpdesk agent %r logged out", session.get(AGENT_KEY))
        session.invalidate()  # the row is deleted and the cookie removed when the response goes out
        raise web.HTTPSeeOther(LOGIN_PATH)


def setup_agent_auth(app: web.Application, store: AgentStore, storage: SqlSessionStorage) -> None:
    """Installs sessions, the guard and security headers for ``/agent``, and the login and logout routes.

    Call it before adding the console's own ``/agent/static`` route: the login page's stylesheet is served at
    ``/agent/static/agent-login.css`` and the first matching route wins.
    """
    app.middlewares.append(session_middleware(storage))
    app.middlewares.append(agent_guard(store))
    app.on_response_prepare.append(security_headers)
    app.add_routes(LoginRoutes(store, storage).routes())
