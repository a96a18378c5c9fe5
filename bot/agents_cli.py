"""``python -m bot agents add|list|remove|unlock``: helpdesk accounts for the agent console.

The accounts live in the helpdesk database (``HELPDESK_STORE_URL``, SQLite ``var/helpdesk.db`` by default). Every
command says what it did and where to look next; exit code 0 when it worked, 1 when it did not.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.stores.agent_store import AgentAccount, AgentStore, check_name, local_time, normalize_name, utc_naive

LIST_HINT = "Bekijk de accounts met: python -m bot agents list"


def login_url() -> str:
    base = os.environ.get("PUBLIC_BASE_URL") or f"http://localhost:{os.environ.get('WEB_PORT') or 8000}"
    return base.rstrip("/") + "/agent/login"


def register(commands: argparse._SubParsersAction) -> None:
    """Adds ``agents`` to ``python -m bot``."""
    agents = commands.add_parser("agents", help="accounts voor de helpdesk (agent console)",
                                 description="Accounts voor medewerkers van de helpdesk.")
    actions = agents.add_subparsers(dest="action", metavar="ACTIE", required=True)
    add = actions.add_parser("add", help="maak een account", description="Maak een account voor een medewerker.")
    add.add_argument("name", metavar="NAAM", help="2 tot 40 tekens: kleine letters, cijfers, . - _")
    add.add_argument("--password-stdin", action="store_true",
                     help="lees het wachtwoord van standaardinvoer (voor scripts), in plaats van het te vragen")
    add.set_defaults(run=_guarded(add_account, refused="Geen account gemaakt."))
    listing = actions.add_parser("list", help="toon alle accounts")
    listing.set_defaults(run=_guarded(list_accounts))
    remove = actions.add_parser("remove", help="verwijder een account (open sessies stoppen ook)")
    remove.add_argument("name", metavar="NAAM")
    remove.set_defaults(run=_guarded(remove_account))
    unlock = actions.add_parser("unlock", help="hef een blokkade na te veel foute wachtwoorden op")
    unlock.add_argument("name", metavar="NAAM")
    unlock.set_defaults(run=_guarded(unlock_account))


def _guarded(command: Callable[[argparse.Namespace, AgentStore], int],
             refused: str = "Niet gelukt.") -> Callable[[argparse.Namespace], int]:
    """Opens the store and turns a refused value or an unreachable database into a Dutch message and exit code 1."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args, AgentStore())
        except ValueError as error:
            return _fail(f"{refused} {error}")
        except SQLAlchemyError as error:
            return _fail(f"De database van de helpdesk gaat niet open ({type(error).__name__}). "
                         "Kijk of HELPDESK_STORE_URL klopt.")

    return run


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
    if getpass.getpass("Nog een keer hetzelfde wachtwoord: ") != first:
        raise ValueError("De twee wachtwoorden zijn niet gelijk. Probeer het opnieuw.")
    return first


def add_account(args: argparse.Namespace, store: AgentStore) -> int:
    check_name(args.name)  # before a password is asked
    password = _read_password(args.password_stdin)
    name = store.add(args.name, password)
    print(f"Account '{name}' gemaakt. Log in op {login_url()}")
    return 0


def _status(account: AgentAccount) -> str:
    if account.locked_until is not None and account.locked_until > utc_naive():
        return f"geblokkeerd tot {local_time(account.locked_until)} (opheffen: python -m bot agents unlock " \
               f"{account.name})"
    if account.last_seen is None:
        return "nog nooit ingelogd"
    return f"laatst actief {account.last_seen:%d-%m-%Y} om {local_time(account.last_seen)}"


def list_accounts(_: argparse.Namespace, store: AgentStore) -> int:
    accounts = store.accounts()
    if not accounts:
        print("Er zijn nog geen accounts. Maak er een met: python -m bot agents add NAAM")
        return 0
    width = max(len(account.name) for account in accounts)
    print(f"{len(accounts)} account{'s' if len(accounts) != 1 else ''}:")
    for account in accounts:
        print(f"  {account.name:<{width}}  {_status(account)}")
    print(f"Medewerkers loggen in op {login_url()}")
    return 0


def remove_account(args: argparse.Namespace, store: AgentStore) -> int:
    name = normalize_name(args.name)
    if not store.remove(name):
        return _fail(f"Er is geen account '{name}'. {LIST_HINT}")
    print(f"Account '{name}' verwijderd. Open sessies van '{name}' werken niet meer. {LIST_HINT}")
    return 0


def unlock_account(args: argparse.Namespace, store: AgentStore) -> int:
    name = normalize_name(args.name)
    if not store.unlock(name):
        return _fail(f"Er is geen account '{name}'. {LIST_HINT}")
    print(f"Account '{name}' is niet meer geblokkeerd. '{name}' kan weer inloggen op {login_url()}")
    return 0
