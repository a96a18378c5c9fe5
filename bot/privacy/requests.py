"""A visitor's requests and the retention rule, carried out on every store at once: export everything held on one
conversation, delete it, or purge what is older than the retention period."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from bot.privacy.holder import PersonalDataHolder, utc_now

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What one store did: how many records, or why it could not (a short technical reason)."""

    label: str
    count: int = 0
    error: str | None = None


def _each(holders: Iterable[PersonalDataHolder], step: Callable[[PersonalDataHolder], int], what: str) -> list[Outcome]:
    """Runs the step on every store; one store that fails does not stop the others."""
    outcomes = []
    for holder in holders:
        try:
            outcomes.append(Outcome(holder.label, step(holder)))
        except Exception as error:  # a store that is down: the rest is still done, and the failure reported
            logger.exception("Privacy %s failed for %s", what, holder.label)
            outcomes.append(Outcome(holder.label, error=f"{type(error).__name__}: {str(error)[:200]}"))
    return outcomes


def purge(holders: Iterable[PersonalDataHolder], cutoff: dt.datetime, dry_run: bool = False) -> list[Outcome]:
    return _each(holders, lambda holder: holder.purge(cutoff, dry_run=dry_run), "purge")


def delete(holders: Iterable[PersonalDataHolder], sender: str) -> list[Outcome]:
    return _each(holders, lambda holder: holder.delete(sender), "delete")


def export(holders: Iterable[PersonalDataHolder], sender: str) -> dict[str, Any]:
    """Everything held on the conversation: ``{"conversation_id", "exported_at", "stores": {label: [...]}}``;
    a store that could not be read is listed under ``errors``."""
    stores: dict[str, list[dict[str, Any]]] = {}
    errors: dict[str, str] = {}
    for holder in holders:
        try:
            stores[holder.label] = holder.export(sender)
        except Exception as error:
            logger.exception("Privacy export failed for %s", holder.label)
            errors[holder.label] = f"{type(error).__name__}: {str(error)[:200]}"
    result: dict[str, Any] = {"conversation_id": sender, "exported_at": utc_now().isoformat() + "Z", "stores": stores}
    if errors:
        result["errors"] = errors
    return result


def records(export_result: dict[str, Any]) -> int:
    return sum(len(rows) for rows in export_result["stores"].values())
