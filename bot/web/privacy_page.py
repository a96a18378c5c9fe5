"""``/privacy``: the privacy statement in Dutch (B1), with the retention periods as configured.

``/privacy?id=CONVERSATION`` also shows the visitor their conversation id, to quote in a request for their data (the
widget's "Privacy" link does this). The kiosk shows the same text in an overlay (``privacy_text.html``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from aiohttp import web

from bot.web.advice import render
from bot.web.conversations import SENDER

DEFAULT_CONTACT = "het Onderwijsloket via https://www.onderwijsloket.com"


@dataclass(frozen=True)
class PrivacyFacts:
    """What the statement says in numbers and where to ask: ``RETENTION_DAYS``, ``ADVICE_TTL_DAYS``,
    ``PRIVACY_CONTACT`` (default: the Onderwijsloket's website)."""

    retention_days: int
    advice_days: int
    contact: str = DEFAULT_CONTACT

    @classmethod
    def from_env(cls, retention_days: int, advice_days: int) -> PrivacyFacts:
        return cls(retention_days, advice_days, os.environ.get("PRIVACY_CONTACT", "").strip() or DEFAULT_CONTACT)

    def context(self) -> dict[str, object]:
        return {"retention_days": self.retention_days, "advice_days": self.advice_days, "contact": self.contact}


class PrivacyPage:
    def __init__(self, facts: PrivacyFacts) -> None:
        self.facts = facts

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/privacy", self.page)]

    async def page(self, request: web.Request) -> web.Response:
        conversation = request.query.get("id", "")
        html = render("privacy.html", conversation=conversation if SENDER.match(conversation) else None,
                      **self.facts.context())
        # The address may carry the conversation id: it goes nowhere else.
        return web.Response(text=html, content_type="text/html",
                            headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})
