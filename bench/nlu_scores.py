"""Scores of `rasa test nlu` on the held-out set (tests/nlu): intent macro-F1, entity F1, confusions.

``python -m bench.nlu_scores results/nlu [--min-intent-f1 0.90]`` prints the figures (entity F1 per
extractor, as Rasa scores them) and, with a threshold, exits 1 when intent macro-F1 is below it
(used by `make test`). The entity gate is on the whole pipeline: see bench/entity_scores.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ENTITY_REPORTS = ("DIETClassifier_report.json", "CRFEntityExtractor_report.json", "RegexEntityExtractor_report.json")


@dataclass(frozen=True)
class NluScores:
    intent_macro_f1: float
    entity_f1: dict[str, float]  # extractor -> micro-averaged F1
    confusions: list[tuple[str, str, int]]  # (true intent, predicted intent, count), most frequent first

    @property
    def lowest_entity_f1(self) -> float:
        return min(self.entity_f1.values(), default=0.0)


def read_scores(results: Path) -> NluScores:
    intents = json.loads((results / "intent_report.json").read_text(encoding="utf-8"))
    entity_f1: dict[str, float] = {}
    for name in ENTITY_REPORTS:
        path = results / name
        if path.exists():
            report = json.loads(path.read_text(encoding="utf-8"))
            average = report.get("micro avg") or report.get("weighted avg") or {}
            entity_f1[name.removesuffix("_report.json")] = float(average.get("f1-score", 0.0))
    errors_path = results / "intent_errors.json"
    errors = json.loads(errors_path.read_text(encoding="utf-8")) if errors_path.exists() else []
    pairs = Counter((e["intent"], (e.get("intent_prediction") or {}).get("name") or "?") for e in errors)
    return NluScores(
        intent_macro_f1=float(intents["macro avg"]["f1-score"]),
        entity_f1=entity_f1,
        confusions=[(true, predicted, n) for (true, predicted), n in pairs.most_common()],
    )


def report(scores: NluScores, top: int = 8) -> None:
    print(f"Held-out NLU (tests/nlu): intent macro-F1 {scores.intent_macro_f1:.3f}")
    for extractor, f1 in scores.entity_f1.items():
        print(f"  entity F1 ({extractor}, micro avg)  {f1:.3f}")
    if scores.confusions:
        print("  most frequent confusions (true -> predicted: count):")
        for true, predicted, count in scores.confusions[:top]:
            print(f"    {true} -> {predicted}: {count}")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.nlu_scores")
    parser.add_argument("results", type=Path)
    parser.add_argument("--min-intent-f1", type=float, default=None)
    args = parser.parse_args()
    if not (args.results / "intent_report.json").exists():
        print(f"No NLU results in {args.results}: run `rasa test nlu --nlu tests/nlu --out {args.results}` first "
              "(`make nlu-test` does both).", file=sys.stderr)
        return 2
    scores = read_scores(args.results)
    report(scores)
    failed = []
    if args.min_intent_f1 is not None and scores.intent_macro_f1 < args.min_intent_f1:
        failed.append(f"intent macro-F1 {scores.intent_macro_f1:.3f} < {args.min_intent_f1}")
    for message in failed:
        print(f"FAILED: {message}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
