"""The default run (`make run`: `python -m bot.launcher`) keeps the Rasa API and the action server private.

These tests start the launcher itself, as `make run` does, with no token in the environment: it
must make one, the Rasa HTTP API must refuse every request without it, and only the web app may
listen on more than loopback. The routes checked come from the running server's own route table,
so a route that Rasa adds cannot be forgotten.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bot.services import PROJECT_ROOT, free_port
from tests.conftest import build_knowledge_db
from tests.e2e.conftest import MODEL
from tests.e2e.listening import is_loopback_only, listening_addresses

ALLOWED_ORIGIN = "https://widget.example.nl"
FOREIGN_ORIGIN = "https://evil.example.com"
# Routes that stay open by Rasa's design: the hello page and the version, and the channels.
PUBLIC_ROUTES = re.compile(r"^/(|version|webhooks/.*|socket\.io/?.*)$")
# The routes that read or change a conversation or the model: the route table must list them.
SENSITIVE = {
    ("GET", "/conversations/<conversation_id:path>/tracker"),
    ("POST", "/conversations/<conversation_id:path>/tracker/events"),
    ("PUT", "/conversations/<conversation_id:path>/tracker/events"),
    ("POST", "/conversations/<conversation_id:path>/messages"),
    ("POST", "/conversations/<conversation_id:path>/execute"),
    ("GET", "/domain"),
    ("PUT", "/model"),
    ("DELETE", "/model"),
    ("POST", "/model/train"),
    ("POST", "/model/parse"),
}


class DefaultRun:
    def __init__(self, workdir: Path, ports: dict[str, int]) -> None:
        self.workdir = workdir
        self.ports = ports
        self.token_file = workdir / "secrets" / "rasa-auth-token"
        self.route_table_file = workdir / "routes.json"
        self.rasa = f"http://127.0.0.1:{ports['RASA_PORT']}"
        self.web = f"http://127.0.0.1:{ports['WEB_PORT']}"

    @property
    def token(self) -> str:
        return self.token_file.read_text().strip()

    def routes(self) -> list[dict]:
        return json.loads(self.route_table_file.read_text())


def _environment(run: DefaultRun, knowledge_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RASA_", "ACTIONS_", "WEB_"))}
    env.update({name: str(port) for name, port in run.ports.items()})
    env.update({
        "RASA_AUTH_TOKEN_FILE": str(run.token_file),
        "ROUTEADVIES_ROUTE_TABLE": str(run.route_table_file),
        "ROUTEADVIES_LOG_DIR": str(run.workdir / "logs"),
        "ROUTEADVIES_ALLOWED_ORIGINS": ALLOWED_ORIGIN,
        "DATABASE_URL": knowledge_url,
        "TRACKER_STORE_URL": f"sqlite:///{run.workdir / 'tracker.db'}",
        "LOCK_STORE_URL": "memory://",
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{run.ports['ACTIONS_PORT']}/webhook",
    })
    return env


@pytest.fixture(scope="module")
def default_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DefaultRun]:
    if not Path(MODEL).exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` first")
    workdir = tmp_path_factory.mktemp("default-run")
    run = DefaultRun(workdir, {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "WEB_PORT": free_port()})
    env = _environment(run, build_knowledge_db(workdir / "knowledge.db"))
    log = open(workdir / "launcher.log", "wb")
    launcher = subprocess.Popen(
        [sys.executable, "-m", "bot.launcher", "--model", MODEL],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 900
        while b"Ready in" not in (workdir / "launcher.log").read_bytes():
            if launcher.poll() is not None or time.monotonic() > deadline:
                pytest.fail("The launcher did not start:\n" + (workdir / "launcher.log").read_text(errors="replace"))
            time.sleep(1)
        yield run
    finally:
        launcher.send_signal(signal.SIGTERM)
        try:
            launcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
        log.close()


def _concrete(path: str, conversation_id: str) -> str:
    """A route pattern with its parameters filled in: ``<conversation_id:path>`` -> an id."""
    return re.sub(r"<[^>]+>", conversation_id, path)


def _protected_requests(run: DefaultRun) -> list[tuple[str, str]]:
    return [
        (method, route["path"])
        for route in run.routes()
        if not PUBLIC_ROUTES.match(route["path"])
        for method in route["methods"]
        if method not in ("OPTIONS", "HEAD")
    ]


def test_the_launcher_makes_a_token_readable_by_its_owner_only(default_run):
    mode = stat.S_IMODE(default_run.token_file.stat().st_mode)
    assert mode == 0o600
    assert len(default_run.token) >= 32


def test_the_route_table_lists_every_sensitive_route(default_run):
    listed = set(_protected_requests(default_run))
    assert SENSITIVE <= listed, f"missing from the running server's route table: {SENSITIVE - listed}"


@pytest.mark.parametrize("token", [None, "wrong-token-0123456789abcdefghijkl"], ids=["no token", "wrong token"])
def test_every_api_route_refuses_a_request_without_the_token(default_run, token):
    params = {"token": token} if token else {}
    opened = []
    for method, path in _protected_requests(default_run):
        response = requests.request(
            method, default_run.rasa + _concrete(path, "probe-visitor"), params=params, json={}, timeout=30,
        )
        if response.status_code not in (401, 403):
            opened.append(f"{method} {path} -> {response.status_code}")
    assert not opened, "answered without a valid token:\n" + "\n".join(opened)


def test_the_rest_channel_works_without_a_token(default_run):
    response = requests.post(
        f"{default_run.rasa}/webhooks/rest/webhook", json={"sender": "open-1", "message": "hoi"}, timeout=60,
    )
    assert response.status_code == 200
    assert response.json(), "the bot gave no answer"


def test_the_web_app_chat_works_without_a_token(default_run):
    response = requests.post(f"{default_run.web}/api/chat", json={"sender": "open-2", "message": "hoi"}, timeout=60)
    assert response.status_code == 200
    assert response.json()


def test_the_web_app_knows_rasa_is_ready_through_the_token(default_run):
    assert requests.get(f"{default_run.web}/readyz", timeout=30).status_code == 200


def test_the_api_reads_a_conversation_with_the_token(default_run):
    requests.post(f"{default_run.rasa}/webhooks/rest/webhook",
                  json={"sender": "api-read", "message": "ik wil juf worden"}, timeout=60)
    response = requests.get(f"{default_run.rasa}/conversations/api-read/tracker",
                            params={"token": default_run.token}, timeout=30)
    assert response.status_code == 200
    assert any(e.get("text") == "ik wil juf worden" for e in response.json()["events"])


def test_the_api_changes_a_conversation_with_the_token(default_run):
    event = {"event": "slot", "name": "woonplaats", "value": "Zwolle"}
    response = requests.post(f"{default_run.rasa}/conversations/api-write/tracker/events",
                             params={"token": default_run.token}, json=event, timeout=30)
    assert response.status_code == 200
    assert response.json()["slots"]["woonplaats"] == "Zwolle"


@pytest.mark.parametrize("method,path", [("GET", "/domain"), ("GET", "/status"), ("POST", "/model/parse")])
def test_the_api_answers_with_the_token(default_run, method, path):
    response = requests.request(method, default_run.rasa + path, params={"token": default_run.token},
                                json={"text": "hoi"}, headers={"Accept": "application/json"}, timeout=30)
    assert response.status_code == 200


def test_a_foreign_origin_gets_no_cors_permission_from_rasa(default_run):
    for method in ("POST", "OPTIONS"):
        response = requests.request(
            method, f"{default_run.rasa}/webhooks/rest/webhook", json={"sender": "cors-1", "message": "hoi"},
            headers={"Origin": FOREIGN_ORIGIN, "Access-Control-Request-Method": "POST"}, timeout=60,
        )
        assert "Access-Control-Allow-Origin" not in response.headers, method


def test_a_foreign_origin_gets_no_cors_permission_from_the_api(default_run):
    response = requests.get(f"{default_run.rasa}/domain", params={"token": default_run.token},
                            headers={"Origin": FOREIGN_ORIGIN}, timeout=30)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_foreign_origin_gets_no_cors_permission_from_the_web_app(default_run):
    response = requests.options(f"{default_run.web}/api/chat", timeout=30,
                                headers={"Origin": FOREIGN_ORIGIN, "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_configured_origin_gets_cors_permission(default_run):
    response = requests.post(f"{default_run.rasa}/webhooks/rest/webhook", headers={"Origin": ALLOWED_ORIGIN},
                             json={"sender": "cors-2", "message": "hoi"}, timeout=60)
    assert response.headers.get("Access-Control-Allow-Origin") == ALLOWED_ORIGIN


@pytest.mark.parametrize("port_name", ["RASA_PORT", "ACTIONS_PORT"])
def test_rasa_and_the_action_server_listen_on_loopback_only(default_run, port_name):
    addresses = listening_addresses(default_run.ports[port_name])
    assert is_loopback_only(addresses), f"{port_name} listens on {addresses}"


def test_the_web_app_is_the_public_entry(default_run):
    addresses = listening_addresses(default_run.ports["WEB_PORT"])
    assert addresses & {"0.0.0.0", "::"}, f"web app listens on {addresses}"


def test_the_token_is_not_on_any_command_line(default_run):
    token = default_run.token.encode()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            assert token not in cmdline.read_bytes(), f"token visible in {cmdline}"
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue


# Last in this module: it unloads the model of this module's own server, then loads it again.
def test_the_model_can_be_replaced_only_with_the_token(default_run):
    token = {"token": default_run.token}
    assert requests.delete(f"{default_run.rasa}/model", timeout=60).status_code == 401
    assert requests.delete(f"{default_run.rasa}/model", params=token, timeout=60).status_code == 204
    loaded = requests.put(f"{default_run.rasa}/model", params=token, json={"model_file": str(Path(MODEL).resolve())},
                          timeout=600)
    assert loaded.status_code == 204, loaded.text
    assert requests.get(f"{default_run.rasa}/status", params=token, timeout=30).json().get("model_id")


def test_a_configured_origin_may_ask_the_web_app_for_the_advice(default_run):
    response = requests.options(f"{default_run.web}/api/advice", timeout=30,
                                headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"})
    assert response.headers.get("Access-Control-Allow-Origin") == ALLOWED_ORIGIN


def test_a_foreign_origin_may_not_ask_the_web_app_for_the_advice(default_run):
    response = requests.options(f"{default_run.web}/api/advice", timeout=30,
                                headers={"Origin": FOREIGN_ORIGIN, "Access-Control-Request-Method": "POST"})
    assert response.status_code == 403 and "Access-Control-Allow-Origin" not in response.headers
