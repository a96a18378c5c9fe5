"""The Rasa server with a stopwatch on the parts of a turn, for bench/profile_turn.py only (never in production).

``python -m bench.turn_timing FILE run --enable-api ...`` starts the server as ``python -m bot.rasa_cli run ...``
does, with timers wrapped around Rasa's own methods; every turn appends one JSON line to FILE:
``{"total": ms, "parts": {part: ms}, "calls": {part: count}, "action_bytes": [...], "actions": [...]}``.

The parts are wall-clock times as the turn sees them (with one visitor at a time: its own work; under load they
also hold the time spent waiting for other turns on the event loop). Nested parts are reported apart: the custom
action call's own parts are subtracted from it.
"""

from __future__ import annotations

import contextvars
import functools
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

_turn: contextvars.ContextVar[dict | None] = contextvars.ContextVar("turn", default=None)
BYTES_EVERY = 5  # the payload of every 5th action call is measured (json.dumps costs about as much as the send)
_calls = {"n": 0}


def _add(part: str, elapsed: float) -> None:
    turn = _turn.get()
    if turn is not None:
        turn["parts"][part] += elapsed * 1000
        turn["calls"][part] += 1


def _timed_async(part: str, function: Callable) -> Callable:
    @functools.wraps(function)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await function(*args, **kwargs)
        finally:
            _add(part, time.perf_counter() - started)

    return wrapper


def _timed_sync(part: str, function: Callable) -> Callable:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _add(part, time.perf_counter() - started)

    return wrapper


def install(out: Path) -> None:
    """Wraps the parts of a turn with timers; ``out`` gets one JSON line per turn."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.utils.endpoints import EndpointConfig

    from bot.stores.tracker_store import UrlSQLTrackerStore

    sink = out.open("a", buffering=1)
    handle_message = MessageProcessor.handle_message

    @functools.wraps(handle_message)
    async def timed_turn(self: Any, message: Any) -> Any:
        turn = {"parts": Counter(), "calls": Counter(), "action_bytes": [], "actions": []}
        token = _turn.set(turn)
        started = time.perf_counter()
        try:
            return await handle_message(self, message)
        finally:
            total = (time.perf_counter() - started) * 1000
            _turn.reset(token)
            sink.write(json.dumps({"total": total, "parts": turn["parts"], "calls": turn["calls"],
                                   "action_bytes": turn["action_bytes"], "actions": turn["actions"]}) + "\n")

    MessageProcessor.handle_message = timed_turn
    MessageProcessor.parse_message = _timed_async("nlu (parse_message)", MessageProcessor.parse_message)
    MessageProcessor._predict_next_with_tracker = _timed_sync(
        "policies (rule + memoization)", MessageProcessor._predict_next_with_tracker)
    UrlSQLTrackerStore.retrieve = _timed_async("tracker store: retrieve", UrlSQLTrackerStore.retrieve)
    UrlSQLTrackerStore.save = _timed_async("tracker store: save", UrlSQLTrackerStore.save)

    call_format = RemoteAction._action_call_format

    @functools.wraps(call_format)
    def timed_format(self: Any, tracker: Any, domain: Any) -> dict:
        started = time.perf_counter()
        body = call_format(self, tracker, domain)
        _add("action call: tracker (+ domain) to dict", time.perf_counter() - started)
        turn = _turn.get()
        if turn is not None:
            turn["actions"].append(self.name())
            _calls["n"] += 1
            if _calls["n"] % BYTES_EVERY == 0:
                turn["action_bytes"].append({
                    "action": self.name(), "total": len(json.dumps(body)),
                    "tracker": len(json.dumps(body["tracker"])), "domain": len(json.dumps(body.get("domain", {}))),
                    "events": len(body["tracker"].get("events") or [])})
        return body

    RemoteAction._action_call_format = timed_format
    RemoteAction._validate_action_result = _timed_sync(
        "action call: check the answer (jsonschema)", RemoteAction._validate_action_result)
    EndpointConfig.request = _timed_async("action call: HTTP + action server", EndpointConfig.request)
    RemoteAction.run = _timed_async("action call: whole", RemoteAction.run)


def main() -> None:
    out = Path(sys.argv.pop(1))
    try:  # the timers go around what bot.rasa_cli installs, so they are put in right after it
        import bot.rasa_speedups as speedups
    except ImportError:  # a checkout from before the speedups (the "before" figures)
        install(out)
    else:
        install_speedups = speedups.install

        def install_speedups_then_timers() -> bool:
            applied = install_speedups()
            install(out)
            return applied

        speedups.install = install_speedups_then_timers
    from bot.rasa_cli import main as rasa_cli_main

    rasa_cli_main()


if __name__ == "__main__":
    main()
