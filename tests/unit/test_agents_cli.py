"""``python -m bot agents ...`` as an operator runs it: a real process on a database in the test's own folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.stores.agent_store import AgentStore

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "paarden-eten-graag-hooi"


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'helpdesk.db'}"


@pytest.fixture
def agents(url):
    """Runs ``python -m bot agents ARGS`` with the test's database; returns the finished process."""
    env = {**os.environ, "HELPDESK_STORE_URL": url, "WEB_PORT": "8000"}
    env.pop("PUBLIC_BASE_URL", None)

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot", "agents", *args], input=stdin, capture_output=True,
                              text=True, cwd=PROJECT_ROOT, env=env, timeout=120)
    return run


def test_add_then_list_shows_the_account(agents):
    added = agents("add", "Anna", "--password-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0
    assert "Account 'anna' gemaakt. Log in op http://localhost:8000/agent/login" in added.stdout
    listed = agents("list")
    assert listed.returncode == 0 and "anna" in listed.stdout and "nog nooit ingelogd" in listed.stdout


def test_the_added_password_logs_in(agents, url):
    agents("add", "anna", "--password-stdin", stdin=PASSWORD + "\n")
    assert AgentStore(url).verify("anna", PASSWORD).ok


def test_a_too_short_password_is_refused_with_exit_code_1(agents):
    result = agents("add", "anna", "--password-stdin", stdin="te-kort\n")
    assert result.returncode == 1 and "minstens 12 tekens" in result.stderr
    assert "anna" not in agents("list").stdout


def test_an_existing_name_is_refused_with_exit_code_1(agents):
    agents("add", "anna", "--password-stdin", stdin=PASSWORD + "\n")
    result = agents("add", "anna", "--password-stdin", stdin="een-ander-wachtwoord\n")
    assert result.returncode == 1 and "al een account" in result.stderr


def test_an_invalid_name_is_refused_before_a_password_is_read(agents):
    result = agents("add", "jan de vries", "--password-stdin")
    assert result.returncode == 1 and "2 tot 40 tekens" in result.stderr


def test_an_empty_list_says_how_to_add_an_account(agents):
    result = agents("list")
    assert result.returncode == 0 and "python -m bot agents add NAAM" in result.stdout


def test_remove_deletes_the_account_and_points_to_the_list(agents):
    agents("add", "anna", "--password-stdin", stdin=PASSWORD + "\n")
    result = agents("remove", "anna")
    assert result.returncode == 0 and "verwijderd" in result.stdout and "agents list" in result.stdout
    assert "anna" not in agents("list").stdout


def test_removing_an_unknown_account_fails_with_exit_code_1(agents):
    result = agents("remove", "niemand")
    assert result.returncode == 1 and "geen account 'niemand'" in result.stderr


def test_unlock_lets_a_locked_agent_in_again(agents, url):
    agents("add", "anna", "--password-stdin", stdin=PASSWORD + "\n")
    store = AgentStore(url, lockout_attempts=1)
    store.verify("anna", "fout-wachtwoord-123")
    assert "geblokkeerd tot" in agents("list").stdout
    result = agents("unlock", "anna")
    assert result.returncode == 0 and "kan weer inloggen" in result.stdout
    assert store.verify("anna", PASSWORD).ok


def test_a_usage_error_exits_with_1(agents):
    assert agents("verzin-iets").returncode == 1
