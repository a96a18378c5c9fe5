"""Starting, watching and stopping the three processes: action server, Rasa server, web app.

Used by the launcher (`make run`, `make shell`), by the end-to-end tests and by the benchmark,
so that all of them start the real servers the same way.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable
from urllib.parse import urlencode

from bot.exposure import rasa_auth_token
from bot.profile import endpoints_file

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PR_SET_PDEATHSIG = 1
VENV_BIN = Path(sys.executable).parent
LOG_DIR = Path(os.environ.get("ROUTEADVIES_LOG_DIR") or PROJECT_ROOT / "var" / "log")


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to send SIGTERM when the launching process dies.

    The children run in their own process group (so a terminal's Ctrl-C reaches only the
    launcher, which stops them in order); this makes sure they never outlive a launcher
    that was killed outright.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:  # not Linux: the launcher's own clean-up still applies
        pass


@dataclass
class Service:
    name: str
    command: list[str]
    health_url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    _log: IO[bytes] | None = None

    def start(self, log_dir: Path | None = None, append: bool = False) -> Service:
        """Starts the process; ``append`` (a restart) keeps the log of the earlier run(s)."""
        log_dir = log_dir or (self.log_path.parent if self.log_path else LOG_DIR)
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"{self.name}.log"
        if self._log:
            self._log.close()
        self._log = open(self.log_path, "ab" if append else "wb")
        self.process = subprocess.Popen(
            self.command,
            cwd=PROJECT_ROOT,
            env={**os.environ, **self.env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: Ctrl-C in the terminal reaches the launcher only
            preexec_fn=_die_with_parent,
        )
        return self

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def is_healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def stop(self, timeout: float = 15) -> None:
        if self.is_running():
            assert self.process is not None
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self._log:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class ServiceFailed(RuntimeError):
    pass


def wait_until_healthy(
    services: list[Service],
    timeout: float = 600,
    progress: Callable[[str], None] | None = None,
    interval: float = 1.0,
) -> float:
    """Block until every service answers its health URL; returns the seconds it took."""
    started = time.monotonic()
    pending = list(services)
    last_report = 0.0
    while pending:
        for service in list(pending):
            if not service.is_running():
                raise ServiceFailed(
                    f"{service.name} stopped during start-up. Log {service.log_path}:\n{service.log_tail()}"
                )
            if service.is_healthy():
                pending.remove(service)
                if progress:
                    progress(f"{service.name} is up ({time.monotonic() - started:.0f} s)")
        elapsed = time.monotonic() - started
        if pending and elapsed > timeout:
            names = ", ".join(s.name for s in pending)
            raise ServiceFailed(f"{names} not ready after {timeout:.0f} s; see {LOG_DIR}")
        if pending and progress and elapsed - last_report >= 10:
            last_report = elapsed
            progress(f"waiting for {', '.join(s.name for s in pending)} ... {elapsed:.0f} s")
        if pending:
            time.sleep(interval)
    return time.monotonic() - started


def free_port() -> int:
    """A TCP port that is free right now on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(workdir: Path, knowledge_url: str, actions_port: int) -> dict[str, str]:
    """Environment for a throw-away pair of servers (tests, benchmarks): their own token, knowledge store,
    tracker, advice and helpdesk stores in ``workdir``, an in-memory lock store and the action server on
    ``actions_port``."""
    return {
        "RASA_AUTH_TOKEN": secrets.token_urlsafe(32),
        "DATABASE_URL": knowledge_url,
        "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}",
        "ADVICE_STORE_URL": f"sqlite:///{workdir / 'advice.db'}",
        "HELPDESK_STORE_URL": f"sqlite:///{workdir / 'helpdesk.db'}",
        "LOCK_STORE_URL": "memory://",
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
        # Every test talks from 127.0.0.1, many conversations at once: limits far above what they send.
        "RATE_LIMIT_PER_SESSION_PER_MINUTE": "10000",
        "RATE_LIMIT_PER_IP_PER_MINUTE": "1000000",
    }


def rasa_bin() -> str:
    return str(VENV_BIN / "rasa")


def rasa_cli() -> list[str]:
    """Rasa's command line with the project's exposure settings (token, loopback, CORS)."""
    return [sys.executable, "-m", "bot.rasa_cli"]


def action_server(port: int, env: dict[str, str] | None = None) -> Service:
    return Service(
        name="actions",
        command=[*rasa_cli(), "run", "actions", "--actions", "actions", "--port", str(port)],
        health_url=f"http://127.0.0.1:{port}/health",
        env=env or {},
    )


def rasa_server(model: str, port: int, env: dict[str, str] | None = None) -> Service:
    """The Rasa server with its HTTP API behind the token (``RASA_AUTH_TOKEN`` in ``env`` or the
    project's token, see :mod:`bot.exposure`); /status answers only with the token."""
    token = rasa_auth_token({**os.environ, **(env or {})})
    return Service(
        name="rasa",
        command=[
            *rasa_cli(), "run", "--enable-api", "--port", str(port),
            "--model", model, "--credentials", "credentials.yml",
            "--endpoints", endpoints_file({**os.environ, **(env or {})}),
        ],
        health_url=f"http://127.0.0.1:{port}/status?{urlencode({'token': token})}",
        env={"RASA_AUTH_TOKEN": token, **(env or {})},
    )


def web_app(port: int, rasa_url: str, env: dict[str, str] | None = None) -> Service:
    merged = {**os.environ, **(env or {})}
    return Service(
        name="web",
        command=[sys.executable, "-m", "bot.web.app", "--port", str(port)],
        health_url=f"http://127.0.0.1:{port}/healthz",
        env={"RASA_URL": rasa_url, "RASA_AUTH_TOKEN": rasa_auth_token(merged), **(env or {})},
    )


def stop_all(services: list[Service]) -> None:
    for service in reversed(services):
        service.stop()
