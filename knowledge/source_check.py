"""Warnings about weak sources: a fact row should cite the page that states the fact, not a home page.

These are warnings, not errors: ``python -m knowledge validate`` prints them and still succeeds,
and ``load`` accepts the data. Some facts have no better source yet (facts.md names only a site);
such rows belong marked ``confirmed: false`` until a page is found.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from knowledge.files import KnowledgeFiles
from knowledge.validation import Problem

# files that are a plain list of sourced rows
_ROW_LISTS = ("qualifications.yml", "funding.yml", "programmes.yml", "routes.yml", "faq.yml")


def is_homepage(source: Any) -> bool:
    """True for a bare site address such as https://www.ru.nl/ (no path, query or fragment)."""
    parts = urlsplit(str(source).strip())
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and parts.path in {"", "/"} \
        and not parts.query and not parts.fragment


def _label(index: int, row: dict) -> str:
    key = row.get("id") or row.get("name") or ""
    return f"{index} ({key})" if key else str(index)


def _sourced_rows(files: KnowledgeFiles) -> Iterator[tuple[str, str, dict]]:
    """(file, row label, row) for every row that carries a source, offerings included."""
    for name in _ROW_LISTS:
        for index, row in enumerate(files.get(name) or [], start=1):
            if isinstance(row, dict):
                yield name, _label(index, row), row
    for index, row in enumerate(files.get("institutions.yml") or [], start=1):
        if not isinstance(row, dict):
            continue
        yield "institutions.yml", _label(index, row), row
        for offering in row.get("offerings") or []:
            if isinstance(offering, dict) and offering.get("source"):
                yield "institutions.yml", f"{_label(index, row)} aanbod {offering.get('programme')}", offering
    desks = files.get("desks.yml") or {}
    if isinstance(desks.get("national"), dict):
        yield "desks.yml", "national", desks["national"]
    for index, row in enumerate(desks.get("regional") or [], start=1):
        if isinstance(row, dict):
            yield "desks.yml", _label(index, row), row


def homepage_warnings(files: KnowledgeFiles) -> list[Problem]:
    """One warning per row whose source is a bare home page."""
    return [
        Problem(file, label, f"bron '{row['source']}' is een homepage; noem de pagina die het feit geeft")
        for file, label, row in _sourced_rows(files) if is_homepage(row.get("source", ""))
    ]
