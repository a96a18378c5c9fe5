"""When the national helpdesk has people at work: days and hours in Europe/Amsterdam, minus holidays.

``HELPDESK_HOURS``: ``ma-vr 09:00-17:00`` (default); several blocks with ``;``, e.g. ``ma-do 09:00-17:00; vr
09:00-12:00``. ``HELPDESK_HOLIDAYS``: dates the desk is closed, ``2026-12-25,2026-12-26``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Amsterdam")
DEFAULT_HOURS = "ma-vr 09:00-17:00"
DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_BLOCK = re.compile(r"^\s*(ma|di|wo|do|vr|za|zo)(?:\s*-\s*(ma|di|wo|do|vr|za|zo))?\s+(\d{1,2}):(\d{2})\s*-\s*"
                    r"(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class Block:
    days: tuple[int, ...]  # 0 = Monday
    start: dt.time
    end: dt.time


class OpeningHoursError(ValueError):
    """A setting that cannot be read; the message says what is expected."""


@dataclass(frozen=True)
class OpeningHours:
    blocks: tuple[Block, ...]
    holidays: frozenset[dt.date] = frozenset()

    @classmethod
    def parse(cls, hours: str = DEFAULT_HOURS, holidays: str = "") -> OpeningHours:
        blocks = []
        for part in filter(str.strip, hours.split(";")):
            match = _BLOCK.match(part.lower())
            if not match:
                raise OpeningHoursError(f"HELPDESK_HOURS: '{part.strip()}' lees ik niet; schrijf bijvoorbeeld "
                                        "'ma-vr 09:00-17:00'")
            first, last = DAYS.index(match[1]), DAYS.index(match[2] or match[1])
            start, end = dt.time(int(match[3]), int(match[4])), dt.time(int(match[5]), int(match[6]))
            if last < first or end <= start:
                raise OpeningHoursError(f"HELPDESK_HOURS: '{part.strip()}' loopt achteruit")
            blocks.append(Block(tuple(range(first, last + 1)), start, end))
        try:
            closed = frozenset(dt.date.fromisoformat(d.strip()) for d in holidays.split(",") if d.strip())
        except ValueError as error:
            raise OpeningHoursError("HELPDESK_HOLIDAYS: schrijf datums als 2026-12-25, met komma's ertussen") \
                from error
        return cls(tuple(blocks), closed)

    @classmethod
    def from_env(cls) -> OpeningHours:
        return cls.parse(os.environ.get("HELPDESK_HOURS") or DEFAULT_HOURS, os.environ.get("HELPDESK_HOLIDAYS", ""))

    def is_open(self, moment: dt.datetime) -> bool:
        """``moment`` with a timezone (UTC from the store, or any other), read in Europe/Amsterdam."""
        local = moment.astimezone(TIMEZONE)
        if local.date() in self.holidays:
            return False
        return any(local.weekday() in block.days and block.start <= local.time() < block.end for block in self.blocks)

    def describe(self) -> str:
        """"maandag tot en met vrijdag van 9:00 tot 17:00"."""
        parts = []
        for block in self.blocks:
            first, last = DAY_NAMES[block.days[0]], DAY_NAMES[block.days[-1]]
            days = first if first == last else f"{first} tot en met {last}"
            parts.append(f"{days} van {block.start.hour}:{block.start:%M} tot {block.end.hour}:{block.end:%M}")
        return " en ".join(parts) if parts else "nooit"
