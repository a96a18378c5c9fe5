"""What the servers expose, and to whom: the Rasa API token, listen addresses and allowed origins.

Safe defaults, each overridable through the environment:

- ``RASA_AUTH_TOKEN``: the token Rasa's HTTP API requires (``?token=...``). Without it, a token is
  made once with :mod:`secrets` and kept in ``RASA_AUTH_TOKEN_FILE`` (default
  ``var/rasa-auth-token``), readable by its owner only.
- ``RASA_LISTEN_HOST`` and ``ACTIONS_LISTEN_HOST``: default ``127.0.0.1``; any other address is
  allowed for a deployment that needs it, and logged as a warning.
- ``WEB_LISTEN_HOST``: default ``0.0.0.0``; the web app is the one public entry.
- ``ROUTEADVIES_ALLOWED_ORIGINS``: the origins (``https://host[:port]``, comma- or space-separated)
  of sites that may call the servers from a browser; default none. ``*`` is refused.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import stat
import time
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TOKEN_FILE = PROJECT_ROOT / "var" / "rasa-auth-token"
LOOPBACK = "127.0.0.1"
PUBLIC = "0.0.0.0"
MIN_TOKEN_LENGTH = 24

logger = logging.getLogger(__name__)


class ExposureError(ValueError):
    """A setting that would expose the servers in an unsafe or invalid way."""


def token_file(env: Mapping[str, str] = os.environ) -> Path:
    return Path(env.get("RASA_AUTH_TOKEN_FILE") or DEFAULT_TOKEN_FILE)


def rasa_auth_token(env: Mapping[str, str] = os.environ) -> str:
    """The token for Rasa's HTTP API: from the environment, else from the token file (made once)."""
    configured = env.get("RASA_AUTH_TOKEN", "").strip()
    if configured:
        if len(configured) < MIN_TOKEN_LENGTH:
            raise ExposureError(
                f"RASA_AUTH_TOKEN is too short ({len(configured)} characters); use at least "
                f"{MIN_TOKEN_LENGTH}, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return configured
    return _stored_token(token_file(env))


def _stored_token(path: Path) -> str:
    try:
        token = path.read_text().strip()
    except FileNotFoundError:
        token = ""
    if token:
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            path.chmod(0o600)  # someone loosened it: the token is a secret
            logger.warning("Made %s readable by its owner only again", path)
        return token
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    # O_EXCL: when two processes start at once, exactly one writes the token and the other reads it.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _token_written_by_other(path)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(token + "\n")
    logger.info("Made a new token for the Rasa HTTP API in %s", path)
    return token


def _token_written_by_other(path: Path, attempts: int = 50) -> str:
    """Another process created the file a moment ago: wait briefly for its token."""
    for _ in range(attempts):
        token = path.read_text().strip()
        if token:
            return token
        time.sleep(0.02)
    raise ExposureError(f"{path} exists but is empty: remove it and start again")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen_host(variable: str, default: str = LOOPBACK, env: Mapping[str, str] = os.environ) -> str:
    """The address a server binds to; a non-loopback address for an internal server is logged."""
    host = env.get(variable, "").strip() or default
    if default == LOOPBACK and not is_loopback(host):
        logger.warning(
            "%s=%s: this server is reachable from other machines. Do this only behind a firewall "
            "or a proxy that keeps the Rasa HTTP API and the action server private.", variable, host,
        )
    return host


def allowed_origins(env: Mapping[str, str] = os.environ) -> list[str]:
    """The browser origins that may call the servers (CORS); none by default."""
    raw = env.get("ROUTEADVIES_ALLOWED_ORIGINS", "")
    origins = [part for part in raw.replace(",", " ").split() if part]
    for origin in origins:
        parts = urlsplit(origin)
        if origin == "*" or parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise ExposureError(
                f"ROUTEADVIES_ALLOWED_ORIGINS: {origin!r} is not an origin such as https://www.example.nl "
                "(a wildcard is not allowed)"
            )
    return [origin.rstrip("/") for origin in origins]
