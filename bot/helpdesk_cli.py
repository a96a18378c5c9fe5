"""``python -m bot helpdesk hours|holidays|status``: when the helpdesk is open, set without a restart.

The setting goes into the helpdesk database (``HELPDESK_STORE_URL``) and wins over ``HELPDESK_HOURS`` /
``HELPDESK_HOLIDAYS``; ``--reset`` goes back to those.
"""

from __future__ import annotations

import argparse
import datetime as dt

from bot.handover.availability import availability, opening_hours
from bot.handover.opening_hours import OpeningHours, OpeningHoursError
from bot.stores.handover_store import HandoverStore


def register(commands: argparse._SubParsersAction) -> None:
    helpdesk = commands.add_parser("helpdesk", help="openingstijden en status van de helpdesk",
                                   description="Openingstijden en status van de helpdesk.")
    actions = helpdesk.add_subparsers(dest="action", metavar="ACTIE", required=True)
    hours = actions.add_parser("hours", help="zet de openingstijden, bijvoorbeeld 'ma-vr 09:00-17:00'")
    hours.add_argument("value", nargs="?", metavar="TIJDEN")
    hours.add_argument("--reset", action="store_true", help="terug naar HELPDESK_HOURS (of ma-vr 09:00-17:00)")
    hours.set_defaults(run=lambda args: _set(args, "hours"))
    holidays = actions.add_parser("holidays", help="zet de dagen dat de helpdesk dicht is: 2026-12-25,2026-12-26")
    holidays.add_argument("value", nargs="?", metavar="DATUMS")
    holidays.add_argument("--reset", action="store_true", help="terug naar HELPDESK_HOLIDAYS")
    holidays.set_defaults(run=lambda args: _set(args, "holidays"))
    status = actions.add_parser("status", help="is de helpdesk nu open, wie is online, hoeveel wachten er")
    status.set_defaults(run=show_status)


def _set(args: argparse.Namespace, name: str) -> int:
    store = HandoverStore()
    if not args.reset and args.value is None:
        print("Geef een waarde of --reset. Voorbeeld: python -m bot helpdesk hours 'ma-vr 09:00-17:00'")
        return 1
    try:
        if not args.reset:
            OpeningHours.parse(args.value, "") if name == "hours" else OpeningHours.parse(holidays=args.value)
    except OpeningHoursError as error:
        print(f"{error}. Er is niets veranderd.")
        return 1
    store.set_setting(name, None if args.reset else args.value)
    print(f"Opgeslagen. De helpdesk is open op {opening_hours(store).describe()}"
          f"{' (behalve op de vrije dagen)' if opening_hours(store).holidays else ''}. "
          "De bot gebruikt dit vanaf het volgende bericht. Controleer met: python -m bot helpdesk status")
    return 0


def show_status(_: argparse.Namespace) -> int:
    store = HandoverStore()
    status = availability(store, dt.datetime.now(dt.timezone.utc))
    print(f"Open op: {status.hours}. Nu {'open' if status.open_now else 'dicht'}; "
          f"{status.agents_online} medewerker(s) online; {status.waiting} bezoeker(s) in de wachtrij.")
    print(f"Open terugbelverzoeken: {len(store.callbacks())}. De medewerkers zien ze in de console: /agent/")
    return 0
