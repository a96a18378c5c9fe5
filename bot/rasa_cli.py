"""Rasa's own command line, with the project's exposure settings applied (see :mod:`bot.exposure`).

``python -m bot.rasa_cli run --enable-api --model M ...``   Rasa server: API behind the token, loopback, CORS
``python -m bot.rasa_cli shell --model M ...``               the same for ``rasa shell``
``python -m bot.rasa_cli run actions --actions actions ...``  action server on loopback

Every argument is Rasa's; the settings are added through Rasa's ``configure_commandline`` plugin
hook, so the token never appears on a command line (where ``ps`` would show it). Whatever
``--auth-token``, ``--cors`` or ``--interface`` says is replaced by the environment's settings.
With ``ROUTEADVIES_ROUTE_TABLE=FILE`` the Rasa server writes its route table to FILE once it
listens, so tests can check every route the running server has. Logs leave out visitors' texts and
query strings (tokens): :func:`bot.log_privacy.install_for_rasa`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import pluggy

from bot import action_guard
from bot.exposure import ExposureError, allowed_origins, listen_host, rasa_auth_token
from bot.log_privacy import install_for_rasa
from bot.profile import EMBEDDED, ENDPOINTS, ProfileError, check, endpoints_file

hookimpl = pluggy.HookimplMarker("rasa")
logger = logging.getLogger("bot.rasa_cli")


def route_table(app: Any) -> list[dict[str, Any]]:
    """Every route of a Sanic app: its path pattern (``/conversations/<conversation_id:path>/tracker``),
    methods and handler name."""
    routes = []
    for route in app.router.routes:
        path = "/" + route.path.lstrip("/")
        routes.append({"path": path, "methods": sorted(route.methods), "name": route.name})
    return sorted(routes, key=lambda r: (r["path"], r["methods"]))


def _route_table_writer(target: Path):
    async def write(app: Any, _loop: Any) -> None:
        table = route_table(app)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(table, indent=1))
        logger.info("Route table (%d routes) written to %s", len(table), target)

    return write


class ExposurePlugin:
    """Applies the project's exposure settings to whatever Rasa command runs."""

    @hookimpl
    def configure_commandline(self, cmdline_arguments: argparse.Namespace) -> None:
        args = cmdline_arguments
        if getattr(args.func, "__name__", "") == "run_actions":
            # rasa-sdk binds to $SANIC_HOST (its default is every interface).
            os.environ["SANIC_HOST"] = listen_host("ACTIONS_LISTEN_HOST")
            if getattr(args, "actions", None) == "actions":  # this project's actions, not another package
                from actions.store import warm_up

                warm_up()  # the first visitor's question must not wait for the store's indexes
            return None
        if not hasattr(args, "interface"):  # train, test, data ...: no server
            return None
        args.interface = listen_host("RASA_LISTEN_HOST")
        if getattr(args, "endpoints", None) in (None, ENDPOINTS[EMBEDDED]):
            args.endpoints = endpoints_file()
        args.auth_token = rasa_auth_token()
        args.cors = allowed_origins() or None
        table_file = os.environ.get("ROUTEADVIES_ROUTE_TABLE")
        if table_file:
            args.server_listeners = [(_route_table_writer(Path(table_file)), "after_server_start")]
        return None


def _serves_conversations(argv: list[str]) -> bool:
    """``rasa run`` (not ``run actions``) and ``rasa shell``: the commands that talk to visitors."""
    return bool(argv) and (argv[0] == "shell" or (argv[0] == "run" and argv[1:2] != ["actions"]))


def main() -> None:
    from rasa.__main__ import main as rasa_main
    from rasa.plugin import plugin_manager

    from bot.rasa_speedups import install as install_speedups

    try:  # fail before Rasa spends half a minute loading, with a message a person can act on
        rasa_auth_token()
        allowed_origins()
        if _serves_conversations(sys.argv[1:]):
            check(os.environ, rasa_servers=int(os.environ.get("RASA_SERVERS") or 1))
            action_guard.install()
    except (ExposureError, ProfileError, ValueError) as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        sys.exit(2)
    plugin_manager().register(ExposurePlugin())
    install_speedups()  # Rasa's work per turn, cut where it changes nothing
    install_for_rasa()
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
