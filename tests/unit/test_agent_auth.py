"""The agent console's security layer on a tiny app: no page or API without a session, login and logout, CSRF,
cookie flags and security headers."""

import asyncio
import re

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher

from bot.stores.agent_store import AgentStore
from bot.stores.session_store import COOKIE_NAME, SqlSessionStorage
from bot.web.agent_auth import csrf_token, current_agent, setup_agent_auth

PASSWORD = "paarden-eten-graag-hooi"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


async def home(request: web.Request) -> web.Response:
    return web.Response(text=f"<p>Welkom {await current_agent(request)}</p>", content_type="text/html")


async def whoami(request: web.Request) -> web.Response:
    return web.json_response({"agent": await current_agent(request), "csrf": await csrf_token(request)})


async def claim(request: web.Request) -> web.Response:
    return web.json_response({"claimed_by": await current_agent(request)})


async def public(_: web.Request) -> web.Response:
    return web.Response(text="open voor iedereen")


def make_app(tmp_path) -> tuple[web.Application, AgentStore]:
    url = f"sqlite:///{tmp_path / 'helpdesk.db'}"
    store = AgentStore(url, hasher=FAST)
    if "anna" not in store.names():
        store.add("anna", PASSWORD)
    app = web.Application()
    setup_agent_auth(app, store, SqlSessionStorage(url))
    app.add_routes([web.get("/agent/", home), web.get("/agent/api/whoami", whoami),
                    web.post("/agent/api/claim", claim), web.get("/public", public)])
    return app, store


def run(tmp_path, scenario):
    """Runs ``scenario(client, store)`` against the tiny app and returns what it returns."""
    async def main():
        app, store = make_app(tmp_path)
        async with TestClient(TestServer(app)) as client:
            return await scenario(client, store)
    return asyncio.run(main())


async def form_token(client) -> str:
    page = await (await client.get("/agent/login")).text()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


async def login(client, name: str = "anna", password: str = PASSWORD):
    token = await form_token(client)
    return await client.post("/agent/login", data={"name": name, "password": password, "csrf": token},
                             allow_redirects=False)


async def api_token(client) -> str:
    return (await (await client.get("/agent/api/whoami")).json())["csrf"]


def test_a_json_path_without_a_session_is_refused_with_401(tmp_path):
    async def scenario(client, _):
        response = await client.get("/agent/api/whoami")
        return response.status, await response.json()
    assert run(tmp_path, scenario) == (401, {"error": "Log eerst in."})


def test_the_websocket_path_without_a_session_is_refused_with_json(tmp_path):
    async def scenario(client, _):
        response = await client.get("/agent/ws")
        return response.status, await response.json()
    assert run(tmp_path, scenario) == (401, {"error": "Log eerst in."})


def test_a_page_without_a_session_is_refused_with_a_dutch_page_that_links_to_the_login(tmp_path):
    async def scenario(client, _):
        response = await client.get("/agent/")
        return response.status, response.content_type, await response.text()
    status, content_type, page = run(tmp_path, scenario)
    assert status == 401 and content_type == "text/html"
    assert '<html lang="nl">' in page and 'href="/agent/login"' in page and "Log eerst in" in page


def test_an_unknown_agent_path_says_401_not_404(tmp_path):
    async def scenario(client, _):
        return (await client.get("/agent/api/bestaat-niet")).status
    assert run(tmp_path, scenario) == 401


def test_a_dot_dot_path_through_static_is_not_open(tmp_path):
    async def scenario(client, _):
        return (await client.get("/agent/static/%2E%2E/api/whoami")).status
    assert run(tmp_path, scenario) in (401, 404)


def test_the_login_page_is_open_accessible_and_carries_a_csrf_token(tmp_path):
    async def scenario(client, _):
        response = await client.get("/agent/login")
        return response.status, await response.text()
    status, page = run(tmp_path, scenario)
    assert status == 200 and '<html lang="nl">' in page
    assert '<label for="name">Naam</label>' in page and '<label for="password">Wachtwoord</label>' in page
    assert re.search(r'name="csrf" value="[A-Za-z0-9_-]{40,}"', page)


def test_the_login_page_stylesheet_is_local_and_shows_focus(tmp_path):
    async def scenario(client, _):
        response = await client.get("/agent/static/agent-login.css")
        return response.status, await response.text()
    status, css = run(tmp_path, scenario)
    assert status == 200 and ":focus-visible" in css and "http" not in css


def test_a_wrong_password_shows_the_dutch_message_and_gives_no_session(tmp_path):
    async def scenario(client, _):
        response = await login(client, password="paarden-eten-graag-gras")
        return response.status, await response.text(), (await client.get("/agent/api/whoami")).status
    status, page, after = run(tmp_path, scenario)
    assert status == 401 and "Naam of wachtwoord klopt niet" in page and after == 401


def test_the_right_password_logs_in_and_redirects_to_the_console(tmp_path):
    async def scenario(client, _):
        response = await login(client, name="Anna")
        return response.status, response.headers["Location"], await (await client.get("/agent/api/whoami")).json()
    status, location, me = run(tmp_path, scenario)
    assert (status, location, me["agent"]) == (303, "/agent/", "anna")


def test_logging_in_marks_the_agent_online(tmp_path):
    async def scenario(client, store):
        await login(client)
        return store.online()
    assert run(tmp_path, scenario) == ["anna"]


def test_a_locked_account_gets_the_time_it_opens_again(tmp_path):
    async def scenario(client, _):
        for _ in range(5):
            response = await login(client, password="fout-wachtwoord-123")
        return await response.text()
    assert re.search(r"Je account is tijdelijk geblokkeerd tot \d\d:\d\d", run(tmp_path, scenario))


def test_a_login_without_csrf_token_is_refused_with_403(tmp_path):
    async def scenario(client, _):
        await client.get("/agent/login")
        response = await client.post("/agent/login", data={"name": "anna", "password": PASSWORD},
                                     allow_redirects=False)
        return response.status, await response.json(), (await client.get("/agent/api/whoami")).status
    assert run(tmp_path, scenario) == (403, {"error": "Ongeldige of ontbrekende CSRF-token."}, 401)


def test_a_browser_whose_login_page_expired_gets_the_form_again_with_a_new_token(tmp_path):
    async def scenario(client, _):
        response = await client.post("/agent/login", data={"name": "anna", "password": PASSWORD, "csrf": "oud"},
                                     headers={"Accept": "text/html"}, allow_redirects=False)
        return response.status, await response.text()
    status, page = run(tmp_path, scenario)
    assert status == 403 and "Probeer het nog een keer" in page and 'name="csrf" value="oud"' not in page


def test_a_state_changing_request_without_csrf_token_is_refused_with_403(tmp_path):
    async def scenario(client, _):
        await login(client)
        response = await client.post("/agent/api/claim")
        return response.status, await response.json()
    assert run(tmp_path, scenario) == (403, {"error": "Ongeldige of ontbrekende CSRF-token."})


def test_a_state_changing_request_with_a_wrong_csrf_token_is_refused(tmp_path):
    async def scenario(client, _):
        await login(client)
        return (await client.post("/agent/api/claim", headers={"X-CSRF-Token": "x" * 43})).status
    assert run(tmp_path, scenario) == 403


def test_a_state_changing_request_with_the_csrf_token_is_accepted(tmp_path):
    async def scenario(client, _):
        await login(client)
        response = await client.post("/agent/api/claim", headers={"X-CSRF-Token": await api_token(client)})
        return response.status, await response.json()
    assert run(tmp_path, scenario) == (200, {"claimed_by": "anna"})


def test_the_csrf_token_changes_at_login(tmp_path):
    async def scenario(client, _):
        before = await form_token(client)
        await login(client)
        return before, await api_token(client)
    before, after = run(tmp_path, scenario)
    assert before != after


def test_logout_ends_the_session(tmp_path):
    async def scenario(client, _):
        await login(client)
        old_cookie = client.session.cookie_jar.filter_cookies(client.make_url("/agent/"))[COOKIE_NAME].value
        response = await client.post("/agent/logout", data={"csrf": await api_token(client)}, allow_redirects=False)
        after = (await client.get("/agent/api/whoami")).status
        client.session.cookie_jar.clear()
        replayed = (await client.get("/agent/api/whoami", cookies={COOKIE_NAME: old_cookie})).status
        return response.status, response.headers["Location"], after, replayed
    assert run(tmp_path, scenario) == (303, "/agent/login", 401, 401)


def test_a_removed_account_loses_its_session(tmp_path):
    async def scenario(client, store):
        await login(client)
        store.remove("anna")
        return (await client.get("/agent/api/whoami")).status
    assert run(tmp_path, scenario) == 401


def test_the_session_cookie_is_httponly_strict_and_only_for_agent_paths(tmp_path):
    async def scenario(client, _):
        response = await login(client)
        return response.headers.getall("Set-Cookie")
    cookie = next(header for header in run(tmp_path, scenario) if header.startswith(COOKIE_NAME + "="))
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/agent"} <= flags and "secure" not in flags


def test_agent_responses_carry_the_security_headers_and_other_paths_do_not(tmp_path):
    async def scenario(client, _):
        return (await client.get("/agent/api/whoami")).headers, (await client.get("/public")).headers
    agent, other = run(tmp_path, scenario)
    assert agent["Cache-Control"] == "no-store" and agent["X-Frame-Options"] == "DENY"
    assert agent["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'none'"
    assert agent["Referrer-Policy"] == "no-referrer"
    assert "X-Frame-Options" not in other


def test_paths_outside_agent_need_no_session(tmp_path):
    async def scenario(client, _):
        return (await client.get("/public")).status
    assert run(tmp_path, scenario) == 200
