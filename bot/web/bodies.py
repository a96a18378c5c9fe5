"""Reading a request's body so that a malformed one is the client's error (4xx), never the server's (500).

aiohttp's ``request.json()`` and ``request.post()`` raise more than ``ValueError`` on bad input: ``LookupError`` for
an unknown charset in the Content-Type, ``RecursionError`` for JSON nested a few thousand levels deep, an
``AssertionError`` for a broken multipart body, and a plain-text English 413 for a body over the app's limit.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from multidict import MultiDict, MultiDictProxy

logger = logging.getLogger(__name__)

TOO_LARGE = "Dit verzoek is te groot. Stuur een kortere tekst."
# What a body that cannot be read at all raises (an unknown charset, JSON too deep, a broken form).
UNREADABLE = (ValueError, LookupError, RecursionError, AssertionError)


@web.middleware
async def close_after_unread_body(request: web.Request, handler: Any) -> web.StreamResponse:
    """A request whose body was not read to its end (over the size limit, or not needed) ends its connection.

    Otherwise the next request on that keep-alive connection can wait for ever: aiohttp stops reading from a
    connection while a body fills its buffer, and one that no handler reads on may never be read again (seen as
    a console request that hung for 30 s right after a 413).
    """
    try:
        response = await handler(request)
    except web.HTTPException as error:
        if not request.content.is_eof():
            error.force_close()
        raise
    if not request.content.is_eof():
        response.force_close()
    return response


async def read_json(request: web.Request) -> Any:
    """The body as JSON; None when it is not JSON (or not readable as text). A body over the app's size limit is
    answered 413 with a Dutch JSON ``error``."""
    try:
        return await request.json()
    except web.HTTPRequestEntityTooLarge as error:
        raise web.HTTPRequestEntityTooLarge(request.client_max_size, request.content_length or 0,
                                            text=json.dumps({"error": TOO_LARGE}),
                                            content_type="application/json") from error
    except UNREADABLE:
        return None


async def read_form(request: web.Request) -> MultiDictProxy:
    """The form fields of the body; none when the body is no readable form (too large, unknown charset, broken
    multipart)."""
    try:
        return await request.post()
    except (web.HTTPRequestEntityTooLarge, *UNREADABLE) as error:
        logger.info("Unreadable form on %s: %s", request.path, type(error).__name__)
        return MultiDictProxy(MultiDict())
