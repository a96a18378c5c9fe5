"""Take-home advice pages (``ADVICE_STORE_URL``): the advice of a conversation under a random token.

They keep their own lifetime (``ADVICE_TTL_DAYS``), not the retention period: once a page has expired its advice and
conversation id are wiped, and the empty row stays one more lifetime so that its link says "verlopen" rather than
"bestaat niet"; then it is deleted.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable, Mapping

from sqlalchemy import and_, delete, func, or_, select, update

from bot.privacy.holder import json_ready, utc_now
from bot.stores.advice_store import DEFAULT_TTL_DAYS, DEFAULT_URL, AdviceStore, advice_pages

WIPED = "{}"


class AdvicePagesData:
    label = "adviespagina's om mee te nemen"

    def __init__(self, url: str = DEFAULT_URL, ttl_days: int = DEFAULT_TTL_DAYS,
                 clock: Callable[[], dt.datetime] = utc_now) -> None:
        store = AdviceStore(url, ttl_days)
        self.engine, self.ttl, self.clock = store.engine, store.ttl, clock

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> AdvicePagesData:
        ttl = env.get("ADVICE_TTL_DAYS", "").strip()
        return cls(env.get("ADVICE_STORE_URL") or DEFAULT_URL, int(ttl) if ttl else DEFAULT_TTL_DAYS)

    def purge(self, cutoff: dt.datetime, dry_run: bool = False) -> int:
        """Ignores ``cutoff``: a page's own lifetime decides."""
        now = self.clock()
        gone = advice_pages.c.expires_at < now - self.ttl
        expired = and_(advice_pages.c.expires_at <= now, ~gone,
                       or_(advice_pages.c.sender.is_not(None), advice_pages.c.advice != WIPED))
        with self.engine.begin() as connection:
            if dry_run:
                return connection.execute(select(func.count()).select_from(advice_pages)
                                          .where(or_(gone, expired))).scalar_one()
            removed = connection.execute(delete(advice_pages).where(gone)).rowcount
            return removed + connection.execute(update(advice_pages).where(expired)
                                                .values(advice=WIPED, sender=None)).rowcount

    def export(self, sender: str) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(advice_pages).where(advice_pages.c.sender == sender)
                                      .order_by(advice_pages.c.created_at)).all()
        return [{**json_ready(row._mapping), "advice": json.loads(row.advice)} for row in rows]

    def delete(self, sender: str) -> int:
        with self.engine.begin() as connection:
            return connection.execute(delete(advice_pages).where(advice_pages.c.sender == sender)).rowcount
