"""Helpdesk agent accounts: argon2 password hashes, lockout after repeated wrong passwords, and who is online.

Accounts are made by the operator on the command line (``python -m bot agents add NAME``) and used by the agent
console to log in. One SQLAlchemy URL (``HELPDESK_STORE_URL``, SQLite ``var/helpdesk.db`` by default, PostgreSQL in
production), shared with the handover queue and the console's sessions. Times are naive UTC, as in the other stores.

Settings (environment): ``AGENT_LOCKOUT_ATTEMPTS`` (5 wrong passwords in a row lock an account) and
``AGENT_LOCKOUT_MINUTES`` (for 15 minutes).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    case,
    delete,
    insert,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.stores.sql import engine_with_tables
from bot.stores.sql import helpdesk_url as store_url

DEFAULT_LOCKOUT_ATTEMPTS = 5
DEFAULT_LOCKOUT_MINUTES = 15
MIN_PASSWORD_LENGTH = 12
NAME_PATTERN = re.compile(r"[a-z0-9._-]{2,40}")
DISPLAY_TIMEZONE = ZoneInfo("Europe/Amsterdam")  # the national desk reads times in Dutch time

WRONG_CREDENTIALS = "Naam of wachtwoord klopt niet."
LOGGED_IN = "Ingelogd."
logger = logging.getLogger(__name__)

_metadata = MetaData()
agents = Table(
    "agents",
    _metadata,
    Column("name", String(40), primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen", DateTime, index=True),
)


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    locked_until: dt.datetime | None  # naive UTC; set when the account is locked
    reason: str  # Dutch, ready to show on the login page


@dataclass(frozen=True)
class AgentAccount:
    name: str
    created_at: dt.datetime
    last_seen: dt.datetime | None
    locked_until: dt.datetime | None
    failed_attempts: int


def make_engine(url: str) -> Engine:
    """The shared engine of this URL (:func:`bot.stores.sql.engine_for`), with the accounts table."""
    return engine_with_tables(url, _metadata)


def normalize_name(name: str) -> str:
    """Names are compared in lower case without surrounding spaces: 'Anna ' logs in as 'anna'."""
    return name.strip().lower()


def valid_name(name: str) -> bool:
    return NAME_PATTERN.fullmatch(normalize_name(name)) is not None


def check_name(name: str) -> str:
    """The name as stored (lower case); raises ValueError with a Dutch explanation when it is not a valid name."""
    normalized = normalize_name(name)
    if not NAME_PATTERN.fullmatch(normalized):
        raise ValueError(
            "Een naam heeft 2 tot 40 tekens: kleine letters, cijfers, punt (.), streepje (-) of liggend "
            "streepje (_). Bijvoorbeeld 'anna' of 'jan.de-vries'.")
    return normalized


def local_time(moment: dt.datetime) -> str:
    """``HH:MM`` in Dutch time for a naive UTC moment."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone(DISPLAY_TIMEZONE).strftime("%H:%M")


def locked_reason(until: dt.datetime) -> str:
    return f"Je account is tijdelijk geblokkeerd tot {local_time(until)}."


def utc_naive(moment: dt.datetime | None = None) -> dt.datetime:
    """Naive UTC, the form every time in the store has; an aware moment is converted, a naive one taken as UTC."""
    if moment is None:
        return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    if moment.tzinfo is not None:
        return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name} moet een heel getal van minstens 1 zijn, niet {value!r}.")
    return int(value)


@functools.lru_cache(maxsize=8)
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash with the hasher's own parameters, so that an unknown name costs as much time as a known one."""
    return hasher.hash("geen-echt-wachtwoord-" + "x" * 16)


class AgentStore:
    """Agent accounts. Cheap to construct (the engine is shared per URL); every method is one short transaction."""

    def __init__(
        self,
        url: str | None = None,
        *,
        lockout_attempts: int | None = None,
        lockout_minutes: int | None = None,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.url = url or store_url()
        self.lockout_attempts = lockout_attempts or _int_env("AGENT_LOCKOUT_ATTEMPTS", DEFAULT_LOCKOUT_ATTEMPTS)
        self.lockout = dt.timedelta(
            minutes=lockout_minutes or _int_env("AGENT_LOCKOUT_MINUTES", DEFAULT_LOCKOUT_MINUTES))
        self.hasher = hasher or _default_hasher()
        self.engine = make_engine(self.url)

    # --- accounts -------------------------------------------------------------------------------------------
    def add(self, name: str, password: str, now: dt.datetime | None = None) -> str:
        """Makes an account; returns the name as stored (lower case). Raises ValueError with a Dutch message."""
        name = check_name(name)
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(
                f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens. "
                "Tip: kies een zin van een paar woorden.")
        password_hash = self.hasher.hash(password)
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(agents).values(
                    name=name, password_hash=password_hash, failed_attempts=0, created_at=utc_naive(now)))
        except IntegrityError as error:
            raise ValueError(f"Er is al een account met de naam '{name}'. Kies een andere naam.") from error
        return name

    def remove(self, name: str) -> bool:
        """Deletes an account; False when there was none. The console refuses its sessions from then on."""
        with self.engine.begin() as connection:
            return connection.execute(delete(agents).where(agents.c.name == normalize_name(name))).rowcount == 1

    def unlock(self, name: str) -> bool:
        """Lifts a lockout and forgets earlier wrong passwords; False when there is no such account."""
        with self.engine.begin() as connection:
            result = connection.execute(update(agents).where(agents.c.name == normalize_name(name))
                                        .values(failed_attempts=0, locked_until=None))
        return result.rowcount == 1

    def names(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.execute(select(agents.c.name).order_by(agents.c.name)).scalars())

    def accounts(self) -> list[AgentAccount]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(agents).order_by(agents.c.name)).all()
        return [AgentAccount(row.name, row.created_at, row.last_seen, row.locked_until, row.failed_attempts)
                for row in rows]

    # --- presence -------------------------------------------------------------------------------------------
    def touch(self, name: str, now: dt.datetime | None = None) -> bool:
        """Records that the agent is active now; False when the account no longer exists."""
        with self.engine.begin() as connection:
            result = connection.execute(update(agents).where(agents.c.name == normalize_name(name))
                                        .values(last_seen=utc_naive(now)))
        return result.rowcount == 1

    def online(self, now: dt.datetime | None = None, within: dt.timedelta = dt.timedelta(minutes=2)) -> list[str]:
        """The agents active (``touch``) in the last ``within``."""
        since = utc_naive(now) - within
        with self.engine.connect() as connection:
            query = select(agents.c.name).where(agents.c.last_seen >= since).order_by(agents.c.name)
            return list(connection.execute(query).scalars())

    # --- logging in -----------------------------------------------------------------------------------------
    def verify(self, name: str, password: str, now: dt.datetime | None = None) -> LoginResult:
        """Checks a login. Always costs one argon2 verification, known name or not, locked or not.

        While an account is locked every attempt is refused (also with the right password) and not counted.
        """
        now = utc_naive(now)
        name = normalize_name(name)
        row = None
        if NAME_PATTERN.fullmatch(name):
            with self.engine.connect() as connection:
                row = connection.execute(select(agents.c.password_hash, agents.c.locked_until)
                                         .where(agents.c.name == name)).first()
        if row is None:
            self._check(_dummy_hash(self.hasher), password)
            return LoginResult(False, None, WRONG_CREDENTIALS)
        correct = self._check(row.password_hash, password)
        if row.locked_until is not None and row.locked_until > now:
            return LoginResult(False, row.locked_until, locked_reason(row.locked_until))
        if correct:
            return self._succeeded(name, row.password_hash, password, now)
        return self._failed(name, now)

    def _check(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _not_locked(self, now: dt.datetime):
        return or_(agents.c.locked_until.is_(None), agents.c.locked_until <= now)

    def _succeeded(self, name: str, password_hash: str, password: str, now: dt.datetime) -> LoginResult:
        # A hash made with older parameters is replaced; hashed before the transaction, which then stays short.
        new_hash = self.hasher.hash(password) if self.hasher.check_needs_rehash(password_hash) else None
        with self.engine.begin() as connection:
            # Only when no lock came in between (another request's failure): the check and the reset are one step.
            result = connection.execute(update(agents).where(agents.c.name == name, self._not_locked(now))
                                        .values(failed_attempts=0, locked_until=None))
            if result.rowcount != 1:
                return self._current_lock(connection, name, now)
            if new_hash is not None:
                connection.execute(update(agents).where(agents.c.name == name,
                                                        agents.c.password_hash == password_hash)
                                   .values(password_hash=new_hash))
        return LoginResult(True, None, LOGGED_IN)

    def _failed(self, name: str, now: dt.datetime) -> LoginResult:
        failures = agents.c.failed_attempts + 1
        locks = failures >= self.lockout_attempts
        with self.engine.begin() as connection:
            # One atomic UPDATE: concurrent wrong passwords all count. The lock starts a fresh count of attempts
            # for when it ends.
            connection.execute(update(agents).where(agents.c.name == name, self._not_locked(now)).values(
                failed_attempts=case((locks, 0), else_=failures),
                locked_until=case((locks, now + self.lockout), else_=null()),
            ))
            result = self._current_lock(connection, name, now)
        if result.locked_until is not None:
            logger.warning("Helpdesk account %r locked until %s UTC after wrong passwords", name, result.locked_until)
        return result

    def _current_lock(self, connection, name: str, now: dt.datetime) -> LoginResult:
        until = connection.execute(select(agents.c.locked_until).where(agents.c.name == name)).scalar()
        if until is not None and until > now:
            return LoginResult(False, until, locked_reason(until))
        return LoginResult(False, None, WRONG_CREDENTIALS)


@functools.lru_cache(maxsize=1)
def _default_hasher() -> PasswordHasher:
    return PasswordHasher()
