"""A malformed request body is the client's error (4xx with a Dutch JSON error), never a 500: the web app's JSON
endpoints and the agent console's login form (bot/web/bodies.py)."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.web.bodies import TOO_LARGE, close_after_unread_body, read_form, read_json


async def _echo_json(request: web.Request) -> web.Response:
    return web.json_response({"body": repr(await read_json(request))})


async def _echo_form(request: web.Request) -> web.Response:
    return web.json_response({"fields": dict(await read_form(request))})


async def _post(path: str, body: bytes, content_type: str) -> tuple[int, dict]:
    app = web.Application(client_max_size=4096)
    app.add_routes([web.post("/json", _echo_json), web.post("/form", _echo_form)])
    async with TestClient(TestServer(app)) as client:
        response = await client.post(path, data=body, headers={"Content-Type": content_type})
        return response.status, await response.json()


def post(path: str, body: bytes, content_type: str = "application/json") -> tuple[int, dict]:
    return asyncio.run(_post(path, body, content_type))


@pytest.mark.parametrize(("body", "content_type"), [
    (b'{"a": 1}', "application/json; charset=bogus"),
    (b"[" * 1500 + b"]" * 1500, "application/json"),
    (b'{"a": "\xff\xfe"}', "application/json"),
    (b"geen json", "application/json"),
], ids=["unknown-charset", "nested-too-deep", "invalid-utf8", "no-json"])
def test_an_unreadable_json_body_reads_as_none(body, content_type):
    assert post("/json", body, content_type) == (200, {"body": "None"})


def test_a_json_body_over_the_limit_is_a_dutch_413():
    assert post("/json", b'"' + b"a" * 5000 + b'"') == (413, {"error": TOO_LARGE})


@pytest.mark.parametrize(("body", "content_type"), [
    (b"name=a&csrf=b", "application/x-www-form-urlencoded; charset=bogus"),
    (b"--x\r\n", "multipart/form-data"),
    (b"--x\r\nContent-Disposition: form-data\r\n", "multipart/form-data; boundary=x"),
    (b"name=" + b"a" * 5000, "application/x-www-form-urlencoded"),
], ids=["unknown-charset", "multipart-without-boundary", "broken-multipart", "over-the-limit"])
def test_an_unreadable_form_has_no_fields(body, content_type):
    assert post("/form", body, content_type) == (200, {"fields": {}})


def test_a_readable_form_keeps_its_fields():
    assert post("/form", b"name=a&csrf=b", "application/x-www-form-urlencoded") == (200, {"fields": {"name": "a",
                                                                                                   "csrf": "b"}})


async def _two_requests_on_one_connection(first: bytes) -> tuple[int, str | None, int]:
    app = web.Application(client_max_size=4096, middlewares=[close_after_unread_body])
    app.add_routes([web.post("/json", _echo_json)])
    async with TestClient(TestServer(app)) as client:
        response = await client.post("/json", data=first, headers={"Content-Type": "application/json"})
        await response.read()
        after = await client.post("/json", data=b'{"a": 1}', headers={"Content-Type": "application/json"})
        return response.status, response.headers.get("Connection"), after.status


def test_a_body_left_unread_ends_its_connection_and_the_next_request_is_answered():
    status, connection, after = asyncio.run(_two_requests_on_one_connection(b'"' + b"a" * 1_000_000 + b'"'))
    assert (status, (connection or "").lower(), after) == (413, "close", 200)


def test_a_body_read_to_its_end_keeps_the_connection():
    status, connection, after = asyncio.run(_two_requests_on_one_connection(b'{"a": 1}'))
    assert (status, (connection or "keep-alive").lower(), after) == (200, "keep-alive", 200)
