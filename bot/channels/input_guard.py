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

_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,200}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class GuardedMessage:
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def guard(raw: Any) -> GuardedMessage:
    """Clean text for the NLU; what was changed is kept in the metadata, so nothing is lost."""
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
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
