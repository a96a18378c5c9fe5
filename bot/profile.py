"""The run profile: ``embedded`` (default: SQLite, in-memory locks, for ``make run`` and tests) or ``production``.

``BOT_PROFILE=production`` makes every process use ``endpoints.production.yml`` (PostgreSQL tracker store, Redis
lock store, RabbitMQ event broker) and refuses to start on settings that cannot work with several servers or
would expose the Rasa API: :func:`problems` lists them in words an operator can act on.
"""

from __future__ import annotations

import os
from typing import Mapping

from sqlalchemy.engine import make_url

EMBEDDED, PRODUCTION = "embedded", "production"
ENDPOINTS = {EMBEDDED: "endpoints.yml", PRODUCTION: "endpoints.production.yml"}
# Stores every process of a production deployment shares: each must be PostgreSQL.
SHARED_DATABASES = ("TRACKER_STORE_URL", "DATABASE_URL", "HELPDESK_STORE_URL", "ADVICE_STORE_URL",
                    "STATS_STORE_URL")


class ProfileError(ValueError):
    """Settings the chosen profile cannot start with."""


def profile(env: Mapping[str, str] = os.environ) -> str:
    name = (env.get("BOT_PROFILE") or EMBEDDED).strip().lower()
    if name not in ENDPOINTS:
        raise ProfileError(f"BOT_PROFILE={name!r}: kies '{EMBEDDED}' (standaard) of '{PRODUCTION}'")
    return name


def endpoints_file(env: Mapping[str, str] = os.environ) -> str:
    return ENDPOINTS[profile(env)]


def _backend(url: str) -> str:
    try:
        return make_url(url).get_backend_name()
    except Exception:  # noqa: BLE001 - any unparsable URL is reported the same way
        return "invalid"


def problems(env: Mapping[str, str] = os.environ, rasa_servers: int = 1) -> list[str]:
    """What keeps these settings from running ``rasa_servers`` Rasa servers safely; empty when nothing does."""
    found: list[str] = []
    production = profile(env) == PRODUCTION
    lock = (env.get("LOCK_STORE_URL") or "memory://").strip()
    if (rasa_servers > 1 or production) and not lock.startswith(("redis://", "rediss://")):
        found.append(f"LOCK_STORE_URL={lock}: met {'meer' if production else rasa_servers} Rasa-servers is een "
                     "gedeelde lock store nodig (redis://host:6379/1); een lock in het geheugen laat twee servers "
                     "tegelijk aan hetzelfde gesprek werken")
    if not production:
        return found
    if not env.get("RASA_AUTH_TOKEN", "").strip():
        found.append("RASA_AUTH_TOKEN ontbreekt: het productieprofiel start niet zonder token voor de Rasa HTTP API "
                     "(maak er een met: python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    for name in SHARED_DATABASES:
        value = env.get(name, "")
        if _backend(value) != "postgresql":
            found.append(f"{name}={value or '(leeg)'}: het productieprofiel gebruikt PostgreSQL "
                         "(postgresql://gebruiker@host:5432/database)")
    if not (env.get("EVENT_BROKER_URL") or "").startswith(("amqp://", "amqps://")):
        found.append("EVENT_BROKER_URL ontbreekt: het productieprofiel stuurt gebeurtenissen naar RabbitMQ "
                     "(amqp://gebruiker:wachtwoord@host:5672/) voor de statistiek")
    return found


def check(env: Mapping[str, str] = os.environ, rasa_servers: int = 1) -> None:
    found = problems(env, rasa_servers)
    if found:
        raise ProfileError("Deze instellingen kunnen niet starten:\n  - " + "\n  - ".join(found))
