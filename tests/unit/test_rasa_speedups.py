"""The Rasa speed-ups change nothing in what Rasa does: same answer check, same requests, fewer connections."""

from __future__ import annotations

import pytest
from aiohttp import web
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_speedups

GOOD = {"events": [{"event": "slot", "name": "vak", "value": "wiskunde"}],
        "responses": [{"text": "Welk vak wil je geven?", "buttons": []}]}
BAD = {"events": [{"event": "slot", "name": 5}], "responses": "geen lijst"}


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    # monkeypatch restores Rasa's own methods after each test
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(EndpointConfig, "session", EndpointConfig.session)
    assert rasa_speedups.install()


def _rasa_error(result: dict) -> str:
    with pytest.raises(ValidationError) as caught:
        RemoteAction("validate_intake_form", None)._validate_action_result(result)
    return caught.value.message


def test_answers_are_checked_as_rasa_checks_them(monkeypatch: pytest.MonkeyPatch) -> None:
    rasa_message = _rasa_error(BAD)
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    assert rasa_speedups.install()
    action = RemoteAction("validate_intake_form", None)
    assert action._validate_action_result(GOOD) is True
    assert _rasa_error(BAD) == rasa_message  # the same error (best match) with Rasa's hint
    assert "Failed to validate Action server response" in rasa_message


def test_the_schema_itself_is_checked_once(installed: None) -> None:
    rasa_speedups._answer_validator.cache_clear()
    action = RemoteAction("action_geef_routeadvies", None)
    for _ in range(3):
        action._validate_action_result(GOOD)
    assert rasa_speedups._answer_validator.cache_info().misses == 1


@pytest.mark.asyncio
async def test_action_calls_keep_their_connection(installed: None, unused_tcp_port: int) -> None:
    connections: set[int] = set()
    bodies: list[dict] = []

    async def webhook(request: web.Request) -> web.Response:
        connections.add(id(request.transport))
        bodies.append(await request.json())
        return web.json_response({"events": [], "responses": []})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    endpoint = EndpointConfig(f"http://127.0.0.1:{unused_tcp_port}/webhook", headers={"X-Test": "1"})
    try:
        for number in range(3):
            assert await endpoint.request(json={"next_action": f"a{number}"}, method="post") == {
                "events": [], "responses": []}
        async with endpoint.session() as session:
            assert not session.closed and session.headers["X-Test"] == "1"
        assert not session.closed  # kept for the next call
        await session.close()
    finally:
        await runner.cleanup()
    assert [b["next_action"] for b in bodies] == ["a0", "a1", "a2"]
    assert len(connections) == 1  # Rasa's own session per call opens three
