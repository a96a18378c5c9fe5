"""What the servers expose: the API token, listen addresses and browser origins (bot.exposure, bot.rasa_cli)."""

from __future__ import annotations

import argparse
import logging
import os
import stat
from pathlib import Path

import pytest

from bot.exposure import ExposureError, allowed_origins, is_loopback, listen_host, rasa_auth_token
from bot.rasa_cli import ExposurePlugin

TOKEN = "a-token-that-is-long-enough-0123456789"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_token_from_the_environment_wins(tmp_path):
    env = {"RASA_AUTH_TOKEN": TOKEN, "RASA_AUTH_TOKEN_FILE": str(tmp_path / "token")}
    assert rasa_auth_token(env) == TOKEN
    assert not (tmp_path / "token").exists()


def test_a_short_token_is_refused():
    with pytest.raises(ExposureError, match="too short"):
        rasa_auth_token({"RASA_AUTH_TOKEN": "secret"})


def test_without_a_token_one_is_made_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "var" / "token"
    token = rasa_auth_token({"RASA_AUTH_TOKEN_FILE": str(path)})
    assert len(token) >= 32
    assert _mode(path) == 0o600


def test_the_made_token_is_kept(tmp_path):
    env = {"RASA_AUTH_TOKEN_FILE": str(tmp_path / "token")}
    assert rasa_auth_token(env) == rasa_auth_token(env)


def test_two_made_tokens_differ(tmp_path):
    first = rasa_auth_token({"RASA_AUTH_TOKEN_FILE": str(tmp_path / "one")})
    second = rasa_auth_token({"RASA_AUTH_TOKEN_FILE": str(tmp_path / "two")})
    assert first != second


def test_a_token_file_readable_by_others_is_locked_again(tmp_path):
    path = tmp_path / "token"
    path.write_text(TOKEN)
    path.chmod(0o644)
    assert rasa_auth_token({"RASA_AUTH_TOKEN_FILE": str(path)}) == TOKEN
    assert _mode(path) == 0o600


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.53"])
def test_loopback_addresses(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.2", "example.nl"])
def test_other_addresses_are_not_loopback(host):
    assert not is_loopback(host)


def test_internal_servers_listen_on_loopback_by_default():
    assert listen_host("RASA_LISTEN_HOST", env={}) == "127.0.0.1"


def test_opening_an_internal_server_is_logged_as_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="bot.exposure"):
        assert listen_host("RASA_LISTEN_HOST", env={"RASA_LISTEN_HOST": "0.0.0.0"}) == "0.0.0.0"
    assert "reachable from other machines" in caplog.text


def test_the_public_web_app_is_not_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="bot.exposure"):
        listen_host("WEB_LISTEN_HOST", default="0.0.0.0", env={})
    assert not caplog.records


def test_no_browser_origins_by_default():
    assert allowed_origins({}) == []


def test_browser_origins_comma_or_space_separated():
    env = {"ROUTEADVIES_ALLOWED_ORIGINS": "https://a.nl, https://b.nl:8443/ http://localhost:3000"}
    assert allowed_origins(env) == ["https://a.nl", "https://b.nl:8443", "http://localhost:3000"]


@pytest.mark.parametrize("value", ["*", "a.nl", "https://a.nl/pad", "ftp://a.nl"])
def test_a_wildcard_or_a_non_origin_is_refused(value):
    with pytest.raises(ExposureError):
        allowed_origins({"ROUTEADVIES_ALLOWED_ORIGINS": value})


def _rasa_run() -> None:
    """Stands in for rasa.cli.run.run: the plugin looks at the function's name."""


def _arguments(func) -> argparse.Namespace:
    return argparse.Namespace(func=func, interface="0.0.0.0", auth_token=None, cors="*")


def test_the_plugin_puts_the_rasa_server_behind_the_token_on_loopback(monkeypatch):
    monkeypatch.setenv("RASA_AUTH_TOKEN", TOKEN)
    monkeypatch.delenv("RASA_LISTEN_HOST", raising=False)
    monkeypatch.delenv("ROUTEADVIES_ALLOWED_ORIGINS", raising=False)
    args = _arguments(_rasa_run)
    ExposurePlugin().configure_commandline(args)
    assert (args.interface, args.auth_token, args.cors) == ("127.0.0.1", TOKEN, None)


def test_the_plugin_keeps_the_action_server_on_loopback(monkeypatch):
    def run_actions() -> None:
        """Named like rasa.cli.run.run_actions."""

    monkeypatch.delenv("ACTIONS_LISTEN_HOST", raising=False)
    monkeypatch.setenv("SANIC_HOST", "0.0.0.0")
    ExposurePlugin().configure_commandline(argparse.Namespace(func=run_actions))
    assert os.environ["SANIC_HOST"] == "127.0.0.1"
