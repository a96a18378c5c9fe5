"""Server-side sessions of the agent console: the cookie holds only a random id, the data stays in the database,
login gives a new id, and a session ends after its idle time."""

import asyncio
import datetime as dt
import json
import re

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp_session import get_session, session_middleware
from argon2 import PasswordHasher
from sqlalchemy import select

from bot.stores.agent_store import AgentStore
from bot.stores.session_store import COOKIE_NAME, SqlSessionStorage, agent_sessions
from bot.web.agent_auth import setup_agent_auth

START = dt.datetime(2026, 11, 30, 9, 0)
SECRET = "vertrouwelijke-waarde"
ID = re.compile(r"[A-Za-z0-9_-]{43}")


class Clock:
    """The storage's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


async def remember(request: web.Request) -> web.Response:
    (await get_session(request))["value"] = request.query.get("value", SECRET)
    return web.Response(text="onthouden")


async def recall(request: web.Request) -> web.Response:
    return web.json_response({"value": (await get_session(request)).get("value")})


def run(storage: SqlSessionStorage, scenario):
    """Runs ``scenario(client)`` against an app with only the session middleware and two routes."""
    async def main():
        app = web.Application(middlewares=[session_middleware(storage)])
        app.add_routes([web.get("/agent/remember", remember), web.get("/agent/recall", recall)])
        async with TestClient(TestServer(app)) as client:
            return await scenario(client)
    return asyncio.run(main())


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'helpdesk.db'}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def storage(url, clock) -> SqlSessionStorage:
    return SqlSessionStorage(url, idle=dt.timedelta(hours=8), clock=clock)


def rows(storage: SqlSessionStorage) -> list:
    with storage.engine.connect() as connection:
        return connection.execute(select(agent_sessions)).all()


def session_cookie(client: TestClient) -> str | None:
    morsel = client.session.cookie_jar.filter_cookies(client.make_url("/agent/")).get(COOKIE_NAME)
    return morsel.value if morsel else None


def test_the_cookie_holds_only_a_random_id(storage):
    async def scenario(client):
        await client.get("/agent/remember")
        return session_cookie(client)
    cookie = run(storage, scenario)
    assert ID.fullmatch(cookie) and SECRET not in cookie


def test_the_data_is_kept_in_the_database(storage):
    async def scenario(client):
        await client.get("/agent/remember")
        return session_cookie(client)
    cookie = run(storage, scenario)
    [row] = rows(storage)
    assert row.id == cookie and json.loads(row.data)["session"]["value"] == SECRET


def test_the_session_is_found_again_by_its_id(storage):
    async def scenario(client):
        await client.get("/agent/remember")
        return await (await client.get("/agent/recall")).json()
    assert run(storage, scenario) == {"value": SECRET}


def test_an_id_the_server_never_gave_finds_nothing_and_is_not_adopted(storage):
    planted = "a" * 43

    async def scenario(client):
        found = await (await client.get("/agent/recall", cookies={COOKIE_NAME: planted})).json()
        await client.get("/agent/remember", cookies={COOKIE_NAME: planted})
        return found, session_cookie(client)
    found, cookie = run(storage, scenario)
    assert found == {"value": None} and cookie != planted


def test_a_session_ends_after_eight_idle_hours_and_its_row_is_deleted(storage, clock):
    async def scenario(client):
        await client.get("/agent/remember")
        clock.now = START + dt.timedelta(hours=8, seconds=1)
        return await (await client.get("/agent/recall")).json()
    assert run(storage, scenario) == {"value": None}
    assert rows(storage) == []


def test_activity_keeps_a_session_alive(storage, clock):
    async def scenario(client):
        await client.get("/agent/remember")
        clock.now = START + dt.timedelta(hours=7)
        await client.get("/agent/recall")
        clock.now = START + dt.timedelta(hours=14)
        return await (await client.get("/agent/recall")).json()
    assert run(storage, scenario) == {"value": SECRET}


def test_ended_sessions_are_deleted_when_a_new_one_starts(storage, clock):
    async def first(client):
        await client.get("/agent/remember")
    run(storage, first)
    clock.now = START + dt.timedelta(hours=9)
    run(storage, first)
    assert len(rows(storage)) == 1 and rows(storage)[0].expires_at == clock.now + dt.timedelta(hours=8)


def test_the_idle_time_comes_from_the_environment(url, monkeypatch):
    monkeypatch.setenv("AGENT_SESSION_HOURS", "2")
    assert SqlSessionStorage(url).idle == dt.timedelta(hours=2)


def test_the_cookie_is_secure_when_the_console_is_reached_over_https(url, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://chat.example.nl")

    async def scenario(client):
        return (await client.get("/agent/remember")).headers.getall("Set-Cookie")
    [cookie] = run(SqlSessionStorage(url), scenario)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_login_gives_a_new_id_and_the_old_one_is_worth_nothing(url):
    store = AgentStore(url, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    store.add("anna", "paarden-eten-graag-hooi")
    storage = SqlSessionStorage(url)

    async def main():
        app = web.Application()
        setup_agent_auth(app, store, storage)
        async with TestClient(TestServer(app)) as client:
            page = await (await client.get("/agent/login")).text()
            before = session_cookie(client)
            token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            await client.post("/agent/login", allow_redirects=False,
                              data={"name": "anna", "password": "paarden-eten-graag-hooi", "csrf": token})
            after = session_cookie(client)
            client.session.cookie_jar.clear()
            replayed = await client.get("/agent/api/queue", cookies={COOKIE_NAME: before})
            return before, after, replayed.status
    before, after, replayed = asyncio.run(main())
    assert ID.fullmatch(before) and ID.fullmatch(after) and before != after
    assert replayed == 401 and [row.id for row in rows(storage)] == [after]
