"""``python -m bot ...``: the project's operator commands.

Each command lives in its own module with ``register(subcommands)``, which adds its parser and sets ``run``
(a function ``args -> exit code``). Today: ``agents`` (helpdesk accounts, ``bot/agents_cli.py``) and
``helpdesk`` (opening hours and status, ``bot/helpdesk_cli.py``), ``stats`` (conversation statistics,
``bot/stats_cli.py``), ``purge`` and ``privacy`` (retention, a visitor's export and deletion,
``bot/privacy_cli.py``).
"""

from __future__ import annotations

import argparse
import sys

from bot import agents_cli, helpdesk_cli, privacy_cli, stats_cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Beheer van de Routeadvies-bot.")
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT", required=True)
    agents_cli.register(commands)
    helpdesk_cli.register(commands)
    stats_cli.register(commands)
    privacy_cli.register(commands)
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse: 0 after --help, 2 after a usage error; this command line uses 0 and 1
        return 0 if stop.code in (0, None) else 1
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
