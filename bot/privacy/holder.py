"""What every store that holds personal data offers for the AVG: purge what is old, export and delete one
conversation.

A store's holder is an object with a Dutch ``label`` (for the operator) and three methods; each counts records
(rows) it removed or anonymised:

- ``purge(cutoff, dry_run=False) -> int``: removes or anonymises what is older than ``cutoff`` (naive UTC); with
  ``dry_run`` it only counts. A store with its own lifetime (advice pages, agent sessions) applies that instead.
- ``export(sender) -> list[dict]``: everything it holds on that conversation, as JSON-ready dicts.
- ``delete(sender) -> int``: removes everything it holds on that conversation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Protocol


class PersonalDataHolder(Protocol):
    label: str

    def purge(self, cutoff: dt.datetime, dry_run: bool = False) -> int: ...

    def export(self, sender: str) -> list[dict[str, Any]]: ...

    def delete(self, sender: str) -> int: ...


def utc_now() -> dt.datetime:
    """Naive UTC, as every store keeps its times."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def json_ready(row: Mapping[str, Any]) -> dict[str, Any]:
    """A database row as a dict for JSON: times as ISO 8601 in UTC."""
    return {key: value.isoformat() + "Z" if isinstance(value, dt.datetime) else value for key, value in row.items()}
