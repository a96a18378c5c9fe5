"""Builds the project's Dutch spaCy pipeline once, at set-up; nothing is downloaded.

By default: ``spacy.blank("nl")`` with lookup lemmas from ``spacy-lookups-data``; spaCy's Dutch stop words are
written next to it as ``stop_words.txt`` (read by ``knowledge.stop_words``).
If ``nl_core_news_sm`` happens to be installed, it is used as the base instead.
Usage: ``python -m bot.nlp.build_spacy [OUTPUT_DIR]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = PROJECT_ROOT / "var" / "spacy" / "nl_routeadvies"
PRETRAINED = "nl_core_news_sm"
STOP_WORDS_FILE = "stop_words.txt"


def build(output: Path = DEFAULT_OUTPUT, allow_pretrained: bool = True) -> str:
    import spacy

    if allow_pretrained and spacy.util.is_package(PRETRAINED):
        nlp = spacy.load(PRETRAINED)
        base = PRETRAINED
    else:
        nlp = spacy.blank("nl")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()  # loads the Dutch lookup table from spacy-lookups-data
        base = "spacy.blank('nl') + lookup-lemmatizer"
    nlp.meta["name"] = "routeadvies"
    nlp.meta["description"] = f"Dutch pipeline of the routeadvies-bot, built from {base}"
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    write_stop_words(nlp, output)
    return base


def write_stop_words(nlp, output: Path) -> Path:
    """spaCy's Dutch stop words as a plain list next to the pipeline: the action server reads them to know which
    words of a question carry no topic, without importing spaCy (seconds and hundreds of MB)."""
    path = output / STOP_WORDS_FILE
    path.write_text("\n".join(sorted(nlp.Defaults.stop_words)) + "\n", encoding="utf-8")
    return path


def main() -> int:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    print(f"Nederlandse spaCy-pipeline bouwen in {output} ...", flush=True)
    base = build(output)
    print(f"Klaar: {output} (basis: {base}). config.yml gebruikt deze map via SpacyNLP.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
