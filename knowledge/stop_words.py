"""Dutch words that carry no topic ("alleen", "tussen", "zelf"): spaCy's Dutch stop words, written as a plain
list when the project's spaCy pipeline is built at set-up (``bot/nlp/build_spacy.py``), so that the action server
reads them without importing spaCy."""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = PROJECT_ROOT / "var" / "spacy" / "nl_routeadvies" / "stop_words.txt"


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The stop-word list built at set-up (``ROUTEADVIES_STOP_WORDS`` names another file); empty, with a warning,
    when it was never built."""
    path = Path(os.environ.get("ROUTEADVIES_STOP_WORDS") or DEFAULT_FILE)
    try:
        return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    except FileNotFoundError:
        log.warning("No stop-word list at %s: run `make setup` (question coverage counts every word)", path)
        return frozenset()
