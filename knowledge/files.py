"""Reading the human-editable data files under ``knowledge/data``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = (
    "vocabulary.yml", "qualifications.yml", "funding.yml", "programmes.yml", "routes.yml",
    "institutions.yml", "places.yml", "desks.yml", "faq.yml",
)


class DataFileError(Exception):
    """A data file is missing or is not valid YAML."""


@dataclass(frozen=True)
class KnowledgeFiles:
    """The parsed contents of all data files, keyed by file name."""

    directory: Path
    contents: dict[str, Any]

    def get(self, name: str) -> Any:
        return self.contents[name]


def read_files(directory: Path = DATA_DIR) -> KnowledgeFiles:
    contents: dict[str, Any] = {}
    for name in FILES:
        path = directory / name
        if not path.is_file():
            raise DataFileError(f"{path}: bestand ontbreekt")
        try:
            contents[name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise DataFileError(f"{path}: geen geldige YAML: {exc}") from exc
    return KnowledgeFiles(directory=directory, contents=contents)
