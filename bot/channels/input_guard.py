"""Turns raw visitor input into text the assistant can safely process.

Pure functions, shared by every channel: no message is refused here; messages the
NLU should not see (empty, far too long) become internal intents the bot answers in Dutch.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

MAX_MESSAGE_CHARS = 1000
KEEP_ORIGINAL_CHARS = 20_000  # stored with the message (tracker metadata) for the helpdesk
EMPTY_INTENT = "/leeg_bericht"
TOO_LONG_INTENT = "/te_lang_bericht"
NO_WORDS_INTENT = "/geen_woorden"
MAX_SENDER_CHARS = 100  # the helpdesk keeps a conversation's id in 100 characters, the web app allows as many
METADATA_LIMITS = {"channel": 20, "kiosk_id": 40, "page_url": 500, "button_title": 200}  # the helpdesk's columns

_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,200}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Half of a UTF-16 pair on its own: JSON can carry one ("\\ud800"), but no database, tokenizer or UTF-8 encoder can.
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class GuardedMessage:
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def storable(text: str) -> str:
    """Text every store and encoder accepts: a lone surrogate becomes U+FFFD, a control character a space (newlines
    and tabs stay). PostgreSQL refuses NUL, UTF-8 refuses lone surrogates."""
    return _CONTROL.sub(" ", _SURROGATE.sub("\ufffd", text))


def conversation_id(raw: Any) -> str | None:
    """The conversation id (``sender``) a client sent, or None when it cannot be one: not text or a number, empty,
    longer than :data:`MAX_SENDER_CHARS`, or with a control character or lone surrogate (the tracker store cannot
    keep it; Rasa's SQL tracker store even stops the server on such a database error)."""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return None
    sender = str(raw)
    if not sender.strip() or len(sender) > MAX_SENDER_CHARS or storable(sender) != sender:
        return None
    return sender


def client_metadata(raw: Any) -> dict[str, str]:
    """What a client may tell about where a message comes from: the keys the actions and the helpdesk read, as
    storable text within their columns' lengths. Anything else (an ``agent`` that would pass the visitor off as a
    helpdesk agent in the console, a list for ``channel``) is dropped."""
    if not isinstance(raw, dict):
        return {}
    return {key: storable(value)[:limit] for key, limit in METADATA_LIMITS.items()
            if isinstance(value := raw.get(key), str) and value.strip()}


def guard(raw: Any) -> GuardedMessage:
    """Clean text for the NLU; what was changed is kept in the metadata, so nothing is lost."""
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    raw = _SURROGATE.sub("\ufffd", raw)  # the tokenizer and the stores cannot encode them
    cleaned = _CONTROL.sub(" ", html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", raw))))
    cleaned = _SPACES.sub(" ", cleaned).strip()
    metadata: dict[str, Any] = {}
    if cleaned != raw.strip():
        metadata["original_text"] = raw[:KEEP_ORIGINAL_CHARS]
    if not cleaned:
        return GuardedMessage(NO_WORDS_INTENT if raw.strip() else EMPTY_INTENT, metadata)
    if not _WORD.search(cleaned):  # only emoji or punctuation: nothing the NLU can read
        return GuardedMessage(NO_WORDS_INTENT, {**metadata, "original_text": raw[:KEEP_ORIGINAL_CHARS]})
    if len(cleaned) > MAX_MESSAGE_CHARS:
        metadata.update(original_length=len(raw), original_text=raw[:KEEP_ORIGINAL_CHARS])
        return GuardedMessage(TOO_LONG_INTENT, metadata)
    return GuardedMessage(cleaned, metadata)
