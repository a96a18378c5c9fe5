"""Cuts in the Rasa server's work per turn that change nothing in what it does (measured with bench/profile_turn.py).

Rasa checks every answer of the action server against a JSON schema with ``jsonschema.validate``, which first
checks the schema itself against the JSON-schema meta-schema: 15 ms per custom-action call on this machine (five
calls in the advice turn), 98 % of it the meta-schema check of a schema that never changes. Here the schema is
checked once and its validator kept; every answer is still checked the same way, with the same error.

Rasa also opens a new HTTP client session, so a new TCP connection, for every call to the action server (and
closes it after the answer). Here each endpoint keeps one session per event loop, with keep-alive connections;
headers, authentication and timeout are the ones Rasa would give the session.

Installed by :mod:`bot.rasa_cli` (so by ``make run``, the tests and the benchmarks), for Rasa 3.6 only: another
version leaves Rasa as it is.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)
SUPPORTED = "3.6."
# Below Sanic's keep-alive (5 s): the client lets an idle connection go before the server closes it under it.
KEEP_ALIVE_S = 2.0


@functools.cache
def _answer_validator() -> Any:
    """The validator of the action server's answer, its schema checked once (as ``jsonschema.validate`` does)."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` of Rasa 3.6 with the validator made once."""
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    try:
        error = best_match(_answer_validator().iter_errors(result))
        if error is not None:
            raise error
        return True
    except ValidationError as e:
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


class _KeptSession:
    """``async with endpoint.session() as session``: the endpoint's kept session, left open on exit."""

    def __init__(self, endpoint: Any) -> None:
        self.endpoint = endpoint

    async def __aenter__(self) -> aiohttp.ClientSession:
        from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

        loop = asyncio.get_running_loop()
        kept = getattr(self.endpoint, "_kept_session", None)
        if kept is None or kept[0] is not loop or kept[1].closed:
            basic = self.endpoint.basic_auth
            session = aiohttp.ClientSession(
                headers=self.endpoint.headers,
                auth=aiohttp.BasicAuth(basic["username"], basic["password"]) if basic else None,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_S),
            )
            kept = (loop, session)
            self.endpoint._kept_session = kept
        return kept[1]

    async def __aexit__(self, *_: object) -> None:
        return None


def _kept_session(self: Any) -> _KeptSession:
    return _KeptSession(self)


def install() -> bool:
    """Applies the cuts when this is the Rasa version they were written for; whether it did."""
    import rasa
    from rasa.core.actions.action import RemoteAction

    if not rasa.__version__.startswith(SUPPORTED):
        logger.warning("bot.rasa_speedups: written for Rasa %sx, this is %s: not applied", SUPPORTED,
                       rasa.__version__)
        return False
    from rasa.utils.endpoints import EndpointConfig

    RemoteAction._validate_action_result = _validate_action_result
    EndpointConfig.session = _kept_session
    return True
