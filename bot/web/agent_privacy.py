"""The agent console's privacy requests: export and delete everything held on one conversation.

``GET /agent/api/privacy/{conversation}`` answers the export as JSON (a download); ``DELETE`` on the same path
removes it from every store. Both are behind the console's sign-in, and the deletion behind its CSRF check
(:mod:`bot.web.agent_auth`). Each request is logged with the agent and the conversation id, so it can be accounted
for.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Awaitable, Callable

from aiohttp import web

from bot.privacy import requests
from bot.privacy.holder import PersonalDataHolder
from bot.web.agent_auth import current_agent

CONVERSATION = re.compile(r"^[^/\s]{1,255}$")
logger = logging.getLogger(__name__)


class AgentPrivacy:
    def __init__(self, holders: list[PersonalDataHolder],
                 changed: Callable[[dict[str, Any]], Awaitable[None]] | None = None) -> None:
        """``changed``: told ``{"type": "queue_changed"}`` after a deletion (the queue may have lost an entry)."""
        self.holders = holders
        self.changed = changed

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/agent/api/privacy/{conversation}", self.export),
            web.delete("/agent/api/privacy/{conversation}", self.delete),
        ]

    @staticmethod
    def _conversation(request: web.Request) -> str:
        conversation = request.match_info["conversation"]
        if not CONVERSATION.match(conversation):
            raise web.HTTPBadRequest(text='{"error": "Ongeldig gespreksnummer."}', content_type="application/json")
        return conversation

    async def export(self, request: web.Request) -> web.Response:
        agent = await current_agent(request)
        conversation = self._conversation(request)
        result = await asyncio.to_thread(requests.export, self.holders, conversation)
        logger.info("Agent %r exported conversation %s (%d records)", agent, conversation, requests.records(result))
        return web.json_response(result, status=503 if result.get("errors") else 200, headers={
            "Content-Disposition": f'attachment; filename="gesprek-{conversation[:60]}.json"',
            "Cache-Control": "no-store"})

    async def delete(self, request: web.Request) -> web.Response:
        agent = await current_agent(request)
        conversation = self._conversation(request)
        outcomes = await asyncio.to_thread(requests.delete, self.holders, conversation)
        total = sum(outcome.count for outcome in outcomes)
        failed = {outcome.label: outcome.error for outcome in outcomes if outcome.error}
        logger.info("Agent %r deleted conversation %s (%d records%s)", agent, conversation, total,
                    f"; failed: {', '.join(failed)}" if failed else "")
        if self.changed is not None:
            await self.changed({"type": "queue_changed"})
        body = {"deleted": {outcome.label: outcome.count for outcome in outcomes}, "total": total}
        if failed:
            body["error"] = "Niet alles kon worden gewist. Probeer het opnieuw of vraag de beheerder."
            body["failed"] = failed
        return web.json_response(body, status=503 if failed else 200)
