"""A custom action that does not answer in time gives the visitor a Dutch apology, not a hang or silence.

Rasa 3.6 waits up to five minutes for the action server and, when the call fails, goes on without the action's
events: the visitor then waits, or gets nothing at all. Rasa has no setting or hook for either, so the Rasa
server process (``python -m bot.rasa_cli``) wraps ``RemoteAction.run`` once at start-up (:func:`install`):

- the call gets ``ACTION_TIMEOUT_SECONDS`` (default 2.0) so that a turn is answered within 3 s;
- on a timeout or an unreachable or failing action server the bot says :func:`apology` (with the national
  desk's contact, read from the knowledge store) and listens again, so no further custom action of this turn
  is tried and the next message starts afresh once the action server is back.

A form's deliberate rejection (``ActionExecutionRejection``) is not a failure and passes through unchanged.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
from typing import Any, Callable

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 2.0
FALLBACK_DESK = "Het landelijke Onderwijsloket: https://www.onderwijsloket.com"
_installed = False
# The failures of the turn being handled, for the channel that handles it (see :func:`turn`): inside a form the
# apology event is dropped by Rasa (the form rejects a validation that filled no slot), so the channel says it.
_failures: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("action_failures", default=None)


class turn:
    """``with action_guard.turn() as failed: ...``: ``failed`` holds the apology when an action failed."""

    def __enter__(self) -> list[str]:
        self.failed: list[str] = []
        self._token = _failures.set(self.failed)
        return self.failed

    def __exit__(self, *_: object) -> None:
        _failures.reset(self._token)


def timeout_seconds(env: dict[str, str] | None = None) -> float:
    raw = (env if env is not None else os.environ).get("ACTION_TIMEOUT_SECONDS", "").strip()
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT_SECONDS
    except ValueError:
        raise ValueError(f"ACTION_TIMEOUT_SECONDS moet een getal zijn, niet {raw!r}") from None
    if not 0.1 <= value <= 60:
        raise ValueError(f"ACTION_TIMEOUT_SECONDS moet tussen 0.1 en 60 liggen, niet {value}")
    return value


def national_desk_lines() -> str:
    """The national desk's contact as the bot writes it elsewhere; a fixed line if the store cannot be read."""
    try:
        from actions.regions import desk_message
        from knowledge.repository import KnowledgeRepository

        return desk_message(KnowledgeRepository().national_desk())
    except Exception:  # the store may be what is down; the apology must still go out
        logger.warning("National desk not readable from the knowledge store; using the fixed contact line")
        return FALLBACK_DESK


def apology(desk_lines: str) -> str:
    return ("Sorry, er gaat nu iets mis aan mijn kant. Ik kan je vraag nu niet goed beantwoorden. "
            "Probeer het over een paar minuten opnieuw.\n"
            f"Wil je nu al hulp? Neem contact op met het landelijke loket.\n{desk_lines}")


def guarded_run(run: Callable[..., Any], timeout: float, desk_lines: Callable[[], str]) -> Callable[..., Any]:
    """``RemoteAction.run`` with a deadline and a Dutch apology instead of a failure."""
    from rasa.core.actions.action import ActionExecutionRejection
    from rasa.shared.core.events import BotUttered, FollowupAction

    async def run_with_deadline(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> list:
        try:
            return await asyncio.wait_for(run(self, output_channel, nlg, tracker, domain), timeout)
        except ActionExecutionRejection:
            raise
        except Exception as error:  # noqa: BLE001 - any failure of the action server ends the same way for the visitor
            reason = f"no answer within {timeout:.1f} s" if isinstance(error, asyncio.TimeoutError) else repr(error)
            logger.error("Custom action %s failed for conversation %s: %s", self.name(), tracker.sender_id, reason)
            text = apology(desk_lines())
            recorded = _failures.get()
            if recorded is not None and not recorded:
                recorded.append(text)
            # Rasa sends the BotUttered; the follow-up ends the turn (no further custom action is tried).
            return [BotUttered(text), FollowupAction("action_listen")]

    return run_with_deadline


def install(timeout: float | None = None) -> None:
    """Wraps Rasa's ``RemoteAction.run`` (once per process)."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import RemoteAction

    deadline = timeout_seconds() if timeout is None else timeout
    cached: list[str] = []

    def desk_lines() -> str:
        if not cached:
            lines = national_desk_lines()
            if lines == FALLBACK_DESK:
                return lines  # try the store again next time
            cached.append(lines)
        return cached[0]

    RemoteAction.run = guarded_run(RemoteAction.run, deadline, desk_lines)  # type: ignore[method-assign]
    _installed = True
    logger.info("Custom actions answer within %.1f s or the visitor gets an apology", deadline)
