"""The conversation statistics as a holder of personal data: only the conversation id links a row to a person."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from sqlalchemy import func, select

from bot.stores.stats_store import DEFAULT_URL, StatsStore, conversation_stats


class ConversationStatistics:
    label = "gespreksstatistiek (geen berichttekst)"

    def __init__(self, url: str = DEFAULT_URL) -> None:
        self.store = StatsStore(url)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ConversationStatistics:
        return cls(env.get("STATS_STORE_URL") or DEFAULT_URL)

    def purge(self, cutoff: dt.datetime, dry_run: bool = False) -> int:
        """Past retention the conversation id is forgotten; the counts stay (they say nothing about a person)."""
        if dry_run:
            with self.store.engine.connect() as db:
                return db.scalar(select(func.count()).select_from(conversation_stats).where(
                    conversation_stats.c.started_at < cutoff, conversation_stats.c.conversation.is_not(None))) or 0
        return self.store.purge(cutoff)

    def export(self, sender: str) -> list[dict[str, Any]]:
        return self.store.export(sender)

    def delete(self, sender: str) -> int:
        return self.store.delete(sender)
