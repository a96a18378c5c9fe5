"""``python -m bot stats [summary|consume]``: the conversation statistics (no message text in them).

``consume`` runs the reader of Rasa's events (``EVENT_BROKER_URL``) until Ctrl-C; the cluster starts it as one of
its processes. ``summary`` prints the counts, optionally for the last N days.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import signal

from bot.stats.consumer import consume
from bot.stores.stats_store import StatsStore, stats_url


def register(commands: argparse._SubParsersAction) -> None:
    stats = commands.add_parser("stats", help="gespreksstatistiek (zonder berichttekst)",
                                description="Gespreksstatistiek: kanalen, intake, advies, twijfel, overdracht.")
    actions = stats.add_subparsers(dest="action", metavar="ACTIE")
    summary = actions.add_parser("summary", help="toon de tellingen (standaard)")
    summary.add_argument("--days", type=int, default=None, help="alleen gesprekken van de laatste N dagen")
    summary.set_defaults(run=show_summary)
    reader = actions.add_parser("consume", help="lees de gebeurtenissen uit RabbitMQ (EVENT_BROKER_URL)")
    reader.set_defaults(run=run_consumer)
    stats.set_defaults(run=show_summary, days=None)


def show_summary(args: argparse.Namespace) -> int:
    since = dt.datetime.utcnow() - dt.timedelta(days=args.days) if args.days else None
    summary = StatsStore().summary(since)
    period = f"de laatste {args.days} dagen" if args.days else "alle bewaarde gesprekken"
    print(f"Gespreksstatistiek, {period} ({stats_url().split('@')[-1]}):")
    print(f"  gesprekken:            {summary.conversations}")
    print("  per kanaal:            " + (", ".join(f"{k} {v}" for k, v in sorted(summary.per_channel.items()))
                                         or "-"))
    print("  verste intakestap:     " + (", ".join(f"{k} {v}" for k, v in summary.per_intake_step.items()) or "-"))
    print(f"  routeadvies gegeven:   {summary.advice}")
    print(f"  vragen zonder antwoord (bot twijfelde): {summary.abstained}")
    print(f"  overdrachten:          {summary.handovers}")
    print("Klaar. De tellingen komen uit conversation_stats; 'python -m bot stats consume' houdt ze bij.")
    return 0


def run_consumer(_: argparse.Namespace) -> int:
    url = os.environ.get("EVENT_BROKER_URL", "")
    if not url:
        print("EVENT_BROKER_URL ontbreekt (bijvoorbeeld amqp://guest:guest@127.0.0.1:5672/). Er is niets gestart.")
        return 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    store = StatsStore()

    async def main() -> dict[str, int]:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        return await consume(url, store, stop, progress=lambda c: logging.info("statistics: %s", c))

    counts = asyncio.run(main())
    print(f"Gestopt. Verwerkt: {counts['stored']} gebeurtenissen, {counts['skipped']} dubbel, "
          f"{counts['unreadable']} onleesbaar. Bekijk de tellingen met: python -m bot stats summary")
    return 0
