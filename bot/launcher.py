"""Starts the action server, the Rasa server and the web app; stops all three on Ctrl-C.

``python -m bot.launcher --model models/routeadvies.tar.gz``            (make run)
``python -m bot.launcher --model ... --shell``                          (make shell)
``python -m bot.launcher --model ... --actions-only --run -- CMD ...``  (run CMD against the action server)
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys

from bot.exposure import PUBLIC, ExposureError, allowed_origins, listen_host, rasa_auth_token, token_file
from bot.profile import endpoints_file
from bot.services import (
    LOG_DIR,
    ServiceFailed,
    action_server,
    rasa_cli,
    rasa_server,
    stop_all,
    wait_until_healthy,
    web_app,
)
from bot.supervisor import Supervisor, stop_on_sigterm


def say(message: str) -> None:
    try:
        print(f"==> {message}", flush=True)
    except (BrokenPipeError, OSError):  # stdout gone (e.g. a pipe closed by Ctrl-C): keep stopping cleanly
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.launcher")
    parser.add_argument("--model", required=True)
    parser.add_argument("--shell", action="store_true", help="talk to the bot in this terminal")
    parser.add_argument("--actions-only", action="store_true", help="start only the action server")
    parser.add_argument("--run", nargs=argparse.REMAINDER, help="run this command, then stop the servers")
    args = parser.parse_args(argv)

    rasa_port = int(os.environ.get("RASA_PORT", "5005"))
    actions_port = int(os.environ.get("ACTIONS_PORT", "5055"))
    web_port = int(os.environ.get("WEB_PORT", "8000"))
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    try:
        rasa_auth_token()  # made once and kept in var/ when RASA_AUTH_TOKEN is not set
        origins = allowed_origins()
    except ExposureError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2

    services = [action_server(actions_port)]
    if not (args.actions_only or args.shell):
        services += [rasa_server(args.model, rasa_port), web_app(web_port, rasa_url)]

    stop_on_sigterm()
    try:
        say(f"Starting {', '.join(s.name for s in services)} (logs in {LOG_DIR})")
        if len(services) > 1:
            say("Loading the Rasa model takes a while on this machine (about 1-2 minutes)")
        for service in services:
            service.start()
        took = wait_until_healthy(services, progress=say)
        say(f"Ready in {took:.0f} s")
        if args.run:
            command = args.run[1:] if args.run[0] == "--" else args.run
            return subprocess.call(command)
        if args.shell:
            shell = [*rasa_cli(), "shell", "--model", args.model, "--endpoints", endpoints_file()]
            return subprocess.call(shell)
        token_source = "RASA_AUTH_TOKEN" if os.environ.get("RASA_AUTH_TOKEN") else str(token_file())
        web_host, rasa_host = listen_host("WEB_LISTEN_HOST", PUBLIC), listen_host("RASA_LISTEN_HOST")
        actions_host = listen_host("ACTIONS_LISTEN_HOST")
        print(
            "\nThe routeadvies-bot is running:\n"
            f"  chat page (web app):    http://localhost:{web_port}/   (listens on {web_host})\n"
            f"  widget on a demo site:  http://localhost:{web_port}/demo   (embed: <script src=\"http://localhost:{web_port}/widget.js\">)\n"
            f"  kiosk:                  http://localhost:{web_port}/kiosk?id=stand-1\n"
            f"  helpdesk console:       http://localhost:{web_port}/agent/   (python -m bot agents add NAAM)\n"
            f"  Rasa REST channel:      {rasa_url}/webhooks/rest/webhook   (listens on {rasa_host})\n"
            f"  Rasa socket.io:         {rasa_url}/socket.io\n"
            f"  Rasa HTTP API:          needs ?token=... from {token_source}\n"
            f"  action server:          http://localhost:{actions_port}/health   (listens on {actions_host})\n"
            f"  browser origins (CORS): {', '.join(origins) or 'none besides the chat page itself'}\n"
            f"  logs:                   {LOG_DIR}/\n"
            f"Try: curl -s localhost:{rasa_port}/webhooks/rest/webhook "
            "-d '{\"sender\":\"t1\",\"message\":\"Hoi, ik wil leraar worden\"}'\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        # A process that dies is started again (with back-off) while the others keep serving.
        Supervisor(services, say).run()
        return 0
    except ServiceFailed as exc:
        print(f"Start-up failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        say("Stopping servers ...")
        stop_all(services)
        say("All servers stopped.")


if __name__ == "__main__":
    sys.exit(main())
