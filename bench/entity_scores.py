"""Entity F1 of the whole NLU pipeline on the held-out set: the entities the bot really receives.

`rasa test nlu` scores every extractor on its own. The bot gets the union of the CRF and the lookup
tables, after the intent filter, so this scores that union: exact spans with their entity type
(span level, stricter than Rasa's token level). Where two extractors give overlapping spans of one
type, the longest counts, as one entity.
Usage: ``python -m bench.entity_scores MODEL [--nlu tests/nlu] [--min-f1 0.85]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

Span = tuple[int, int, str]  # start, end, entity type


@dataclass(frozen=True)
class EntityScores:
    precision: float
    recall: float
    f1: float
    support: int
    misses: list[tuple[str, list[Span], list[Span]]]  # (text, gold, predicted) where they differ


def merge(spans: list[Span]) -> set[Span]:
    """One span per entity: of overlapping spans with the same type, the longest."""
    kept: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if not any(k[2] == span[2] and span[0] < k[1] and k[0] < span[1] for k in kept):
            kept.append(span)
    return set(kept)


def score(examples: list[tuple[str, list[Span], list[Span]]]) -> EntityScores:
    true_positives = predicted_total = gold_total = 0
    misses = []
    for text, gold, predicted in examples:
        gold_set, predicted_set = set(gold), merge(predicted)
        true_positives += len(gold_set & predicted_set)
        predicted_total += len(predicted_set)
        gold_total += len(gold_set)
        if gold_set != predicted_set:
            misses.append((text, sorted(gold_set), sorted(predicted_set)))
    precision = true_positives / predicted_total if predicted_total else 0.0
    recall = true_positives / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return EntityScores(precision, recall, f1, gold_total, misses)


async def parse_all(model: Path, nlu: Path) -> list[tuple[str, list[Span], list[Span]]]:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    agent = Agent.load(str(model))
    examples = []
    for message in load_data(str(nlu)).intent_examples:
        text = message.get("text")
        gold = [(e["start"], e["end"], e["entity"]) for e in message.get("entities") or []]
        parsed = await agent.parse_message(text)
        predicted = [(e["start"], e["end"], e["entity"]) for e in parsed.get("entities") or []]
        examples.append((text, gold, predicted))
    return examples


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.entity_scores")
    parser.add_argument("model", type=Path)
    parser.add_argument("--nlu", type=Path, default=Path("tests/nlu"))
    parser.add_argument("--min-f1", type=float, default=None)
    parser.add_argument("--show-misses", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the scores to this file")
    args = parser.parse_args()
    if not args.model.exists():
        print(f"No model at {args.model}: train first (`make train`).", file=sys.stderr)
        return 2
    from rasa.utils.log_utils import configure_structlog

    logging.disable(logging.WARNING)
    configure_structlog(logging.WARNING)  # Rasa logs every parse at debug level otherwise
    result = score(asyncio.run(parse_all(args.model, args.nlu)))
    print(f"  entity F1 (whole pipeline, span level)  {result.f1:.3f} "
          f"(precision {result.precision:.3f}, recall {result.recall:.3f}, {result.support} entities)")
    if args.json:
        args.json.write_text(json.dumps({"f1": result.f1, "precision": result.precision, "recall": result.recall}))
    for text, gold, predicted in result.misses[: args.show_misses]:
        print(f"    miss: {text!r} gold {gold} got {predicted}")
    if args.min_f1 is not None and result.f1 < args.min_f1:
        print(f"FAILED: entity F1 of the whole pipeline {result.f1:.3f} < {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
