"""How an FAQ answer from the knowledge store is worded, with its source."""

from __future__ import annotations

from actions.wording import source_line
from knowledge.repository import FaqInfo


def faq_message(answer: FaqInfo) -> str:
    return f"{answer.answer}\n{source_line(answer.source, answer.peildatum, answer.confirmed)}"
