"""Starts the real action server and Rasa server (and web app) once for all end-to-end tests.

They run on free ports against their own knowledge database and tracker store, so a
`make run` on the same machine is not disturbed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests
from playwright.sync_api import Browser, sync_playwright

from bot.services import (
    PROJECT_ROOT,
    action_server,
    free_port,
    isolated_env,
    rasa_server,
    stop_all,
    wait_until_healthy,
    web_app,
)
from tests.conftest import build_knowledge_db

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
MODEL = os.environ.get("ROUTEADVIES_MODEL", str(PROJECT_ROOT / "models" / "routeadvies.tar.gz"))


class Bot:
    """A client of the running assistant through its REST channel."""

    def __init__(self, rasa_url: str, web_url: str, knowledge_url: str, env: dict[str, str],
                 log_dir: Path | None = None) -> None:
        self.rasa_url = rasa_url
        self.log_dir = log_dir  # the servers' logs: rasa.log, actions.log, web.log
        self.web_url = web_url
        self.knowledge_url = knowledge_url
        self.token = env["RASA_AUTH_TOKEN"]
        self.advice_store_url = env["ADVICE_STORE_URL"]
        self.helpdesk_store_url = env["HELPDESK_STORE_URL"]
        self.actions_url = env["ACTION_ENDPOINT_URL"].removesuffix("/webhook")
        self.rasa_process: subprocess.Popen | None = None

    def events(self, sender: str) -> list[dict]:
        """The events of a conversation, read through Rasa's HTTP API with the token."""
        response = requests.get(f"{self.rasa_url}/conversations/{sender}/tracker", params={"token": self.token},
                                timeout=30)
        assert response.status_code == 200, response.text
        return response.json()["events"]

    def post(self, payload: object | str) -> requests.Response:
        url = f"{self.rasa_url}/webhooks/rest/webhook"
        if isinstance(payload, str):
            return requests.post(url, data=payload, timeout=60)
        return requests.post(url, json=payload, timeout=60)

    def say(self, sender: str, message: object) -> list[dict]:
        response = self.post({"sender": sender, "message": message})
        assert response.status_code == 200, response.text
        return response.json()

    @staticmethod
    def text(replies: list[dict]) -> str:
        return "\n".join(r.get("text", "") for r in replies)


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    if not Path(MODEL).exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` first")
    workdir = tmp_path_factory.mktemp("e2e")
    knowledge_url = build_knowledge_db(workdir / "knowledge.db")
    actions_port, rasa_port, web_port = free_port(), free_port(), free_port()
    env = isolated_env(workdir, knowledge_url, actions_port)
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    services = [
        action_server(actions_port, env),
        rasa_server(MODEL, rasa_port, env),
        web_app(web_port, rasa_url, env),
    ]
    log_dir = workdir / "logs"
    try:
        for service in services:
            service.start(log_dir)
        wait_until_healthy(services, timeout=900, progress=lambda m: print(f"[e2e] {m}", flush=True))
        running = Bot(rasa_url, f"http://127.0.0.1:{web_port}", knowledge_url, env, log_dir)
        # For the tests that make Rasa slow for a moment.
        running.rasa_process = next(s for s in services if s.name == "rasa").process
        yield running
    finally:
        stop_all(services)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright (installed by `make e2e`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs it (apt package 'chromium')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Screenshots of every run, for anyone to look at: var/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


LOG_TAIL_LINES = 12


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failed test shows the end of each server's log beside its traceback (CI keeps nothing else)."""
    outcome = yield
    report = outcome.get_result()
    bot = item.funcargs.get("bot") if hasattr(item, "funcargs") else None
    if not report.failed or not isinstance(bot, Bot) or bot.log_dir is None:
        return
    for log in sorted(bot.log_dir.glob("*.log")):
        lines = log.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
        report.sections.append((f"end of {log.name}", "\n".join(line[:300] for line in lines)))
