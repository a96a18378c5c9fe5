"""Small Dutch wording helpers for bot messages (B1 level)."""

from __future__ import annotations

import datetime as dt

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli",
          "augustus", "september", "oktober", "november", "december")


def duration(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "1 jaar" if years == 1 else f"{years} jaar"
    if months > 12 and months % 6 == 0:
        return f"{months // 12},5 jaar"
    return f"{months} maanden"


def and_list(items: list[str]) -> str:
    """'A', 'A en B', 'A, B en C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def source_line(source: str, peildatum: dt.date, confirmed: bool = True) -> str:
    line = f"Bron: {source} (peildatum {date(peildatum)})."
    if not confirmed:
        line = "Dit is nog niet zeker. Check dit bij de opleiding. " + line
    return line

