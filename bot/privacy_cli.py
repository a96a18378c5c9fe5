"""``python -m bot purge`` and ``python -m bot privacy export|delete``: the retention period and a visitor's requests.

``purge [--days N] [--dry-run]`` removes what is older than ``RETENTION_DAYS`` (default 90) from every store that
holds personal data (advice pages and agent sessions keep their own lifetimes). ``privacy export ID [--out FILE]``
writes everything held on one conversation as JSON; ``privacy delete ID [--yes]`` removes it. The stores are those
of the environment (``TRACKER_STORE_URL``, ``HELPDESK_STORE_URL``, ``ADVICE_STORE_URL``). Exit code 0 when every
store did its part, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.privacy import requests
from bot.privacy.registry import cutoff, holders, retention_days

MAX_ID = 255  # Rasa's sender_id column
SCHEDULE_HINT = "Draai dit dagelijks, bijvoorbeeld met cron: python -m bot purge"


def register(commands: argparse._SubParsersAction) -> None:
    """Adds ``purge`` and ``privacy`` to ``python -m bot``."""
    purge = commands.add_parser("purge", help="wis gegevens die ouder zijn dan de bewaartermijn",
                                description="Wis gesprekken en helpdeskgegevens die ouder zijn dan de bewaartermijn "
                                            "(RETENTION_DAYS, standaard 90 dagen).")
    purge.add_argument("--days", type=int, metavar="N", help="bewaartermijn in dagen (in plaats van RETENTION_DAYS)")
    purge.add_argument("--dry-run", action="store_true", help="tel alleen wat weg zou gaan; wis niets")
    purge.set_defaults(run=run_purge)
    privacy = commands.add_parser("privacy", help="inzage en verwijdering van één gesprek (AVG)",
                                  description="Inzage en verwijdering van de gegevens van één gesprek (AVG).")
    actions = privacy.add_subparsers(dest="action", metavar="ACTIE", required=True)
    export = actions.add_parser("export", help="alle gegevens van een gesprek als JSON")
    export.add_argument("conversation", metavar="GESPREKSNUMMER")
    export.add_argument("--out", type=Path, metavar="BESTAND", help="schrijf naar dit bestand (anders: scherm)")
    export.set_defaults(run=run_export)
    delete = actions.add_parser("delete", help="wis alle gegevens van een gesprek")
    delete.add_argument("conversation", metavar="GESPREKSNUMMER")
    delete.add_argument("--yes", action="store_true", help="niet om bevestiging vragen (voor scripts)")
    delete.set_defaults(run=run_delete)


def _report(outcomes: list[requests.Outcome], verb: str) -> bool:
    """One line per store; True when every store did its part."""
    for outcome in outcomes:
        if outcome.error:
            print(f"  {outcome.label}: NIET GELUKT ({outcome.error})")
        else:
            print(f"  {outcome.label}: {outcome.count} {verb}")
    return not any(outcome.error for outcome in outcomes)


def _failed_hint() -> None:
    print("Niet alles is gelukt: kijk of TRACKER_STORE_URL, HELPDESK_STORE_URL en ADVICE_STORE_URL kloppen en of "
          "de databases bereikbaar zijn. Probeer het daarna opnieuw; wat al weg is, blijft weg.")


def run_purge(args: argparse.Namespace) -> int:
    try:
        days = args.days if args.days is not None else retention_days()
    except ValueError as error:
        print(f"{error} Er is niets gewist.")
        return 1
    if days < 1:
        print("--days moet minstens 1 zijn. Er is niets gewist.")
        return 1
    moment = cutoff(days)
    verb = "zouden weggaan" if args.dry_run else "gewist of geanonimiseerd"
    print(f"Bewaartermijn {days} dagen: alles van voor {moment:%Y-%m-%d %H:%M} UTC"
          f"{' (proef: er gaat niets weg)' if args.dry_run else ''}.")
    outcomes = requests.purge(holders(), moment, dry_run=args.dry_run)
    complete = _report(outcomes, "records " + verb)
    total = sum(outcome.count for outcome in outcomes)
    if args.dry_run:
        print(f"Samenvatting: {total} records zouden weggaan; er is niets gewist. Wis echt met: python -m bot purge"
              f"{f' --days {args.days}' if args.days is not None else ''}")
    else:
        print(f"Samenvatting: {total} records gewist of geanonimiseerd in {len(outcomes)} opslagen. {SCHEDULE_HINT}")
    if not complete:
        _failed_hint()
    return 0 if complete else 1


def _conversation(value: str) -> str | None:
    value = value.strip()
    return value if 0 < len(value) <= MAX_ID else None


def run_export(args: argparse.Namespace) -> int:
    sender = _conversation(args.conversation)
    if sender is None:
        print(f"Geef een gespreksnummer van 1 tot {MAX_ID} tekens. Er is niets geëxporteerd.")
        return 1
    result = requests.export(holders(), sender)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    count = requests.records(result)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"{count} records van gesprek {sender} geschreven naar {args.out}.")
    else:
        print(text)
        print(f"{count} records van gesprek {sender} hierboven.", file=sys.stderr)
    if result.get("errors"):
        for label, error in result["errors"].items():
            print(f"  {label}: NIET GELEZEN ({error})", file=sys.stderr)
        _failed_hint()
        return 1
    if count == 0:
        print("Er is niets gevonden. Kijk of het gespreksnummer klopt: de bezoeker ziet het via de link 'Privacy' "
              "in de chat.", file=sys.stderr)
    else:
        print(f"Wissen kan met: python -m bot privacy delete {sender}", file=sys.stderr)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    sender = _conversation(args.conversation)
    if sender is None:
        print(f"Geef een gespreksnummer van 1 tot {MAX_ID} tekens. Er is niets gewist.")
        return 1
    if not args.yes:
        if not sys.stdin.isatty():
            print("Wissen vraagt om bevestiging. Gebruik --yes in een script. Er is niets gewist.")
            return 1
        answer = input(f"Alle gegevens van gesprek {sender} wissen? Dit kan niet ongedaan worden. Typ 'ja': ")
        if answer.strip().lower() != "ja":
            print("Er is niets gewist.")
            return 1
    print(f"Gesprek {sender}:")
    outcomes = requests.delete(holders(), sender)
    complete = _report(outcomes, "records gewist")
    total = sum(outcome.count for outcome in outcomes)
    print(f"Samenvatting: {total} records van gesprek {sender} gewist. Controleer met: "
          f"python -m bot privacy export {sender}")
    if not complete:
        _failed_hint()
    return 0 if complete else 1
