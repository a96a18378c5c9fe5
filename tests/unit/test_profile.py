"""The production profile refuses settings it cannot run safely, with a message an operator can act on."""

from __future__ import annotations

import os
import subprocess
import sys

from bot.profile import PRODUCTION, endpoints_file, problems
from bot.services import PROJECT_ROOT

GOOD = {
    "BOT_PROFILE": "production", "RASA_AUTH_TOKEN": "x" * 32, "LOCK_STORE_URL": "redis://127.0.0.1:6379/1",
    "EVENT_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672/",
    **{name: "postgresql://postgres@127.0.0.1:5432/routeadvies" for name in (
        "TRACKER_STORE_URL", "DATABASE_URL", "HELPDESK_STORE_URL", "ADVICE_STORE_URL", "STATS_STORE_URL")},
}


def test_complete_production_settings_have_no_problems():
    assert problems(GOOD, rasa_servers=2) == []


def test_production_without_a_token_is_refused():
    assert any("RASA_AUTH_TOKEN" in p for p in problems({**GOOD, "RASA_AUTH_TOKEN": ""}))


def test_two_rasa_servers_with_in_memory_locks_are_refused_in_any_profile():
    assert any("lock store" in p for p in problems({"LOCK_STORE_URL": "memory://"}, rasa_servers=2))


def test_production_on_sqlite_is_refused():
    assert any("TRACKER_STORE_URL" in p for p in problems({**GOOD, "TRACKER_STORE_URL": "sqlite:///var/t.db"}))


def test_the_embedded_default_has_no_problems():
    assert problems({}) == []


def test_production_uses_its_own_endpoints_file():
    assert endpoints_file({"BOT_PROFILE": PRODUCTION}) == "endpoints.production.yml"
    assert (PROJECT_ROOT / endpoints_file({"BOT_PROFILE": PRODUCTION})).exists()


def _start_rasa(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in GOOD}
    return subprocess.run([sys.executable, "-m", "bot.rasa_cli", "run", "--enable-api", "--model", "models"],
                          cwd=PROJECT_ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120)


def test_the_rasa_server_does_not_start_in_production_without_a_token(tmp_path):
    result = _start_rasa({**GOOD, "RASA_AUTH_TOKEN": "", "RASA_AUTH_TOKEN_FILE": str(tmp_path / "token")})
    assert result.returncode == 2
    assert "RASA_AUTH_TOKEN ontbreekt" in result.stderr


def test_the_rasa_server_does_not_start_with_in_memory_locks_and_two_servers():
    result = _start_rasa({"LOCK_STORE_URL": "memory://", "RASA_SERVERS": "2", "RASA_AUTH_TOKEN": "x" * 32})
    assert result.returncode == 2
    assert "gedeelde lock store" in result.stderr
