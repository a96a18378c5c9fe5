"""Fits the confidence of the question retrieval on the tuned realistic questions.

For each threshold on the best topic's score and each minimum margin over the next subject, every
single question of ``tests/realistic/questions.yml`` is answered as the action server would
(``actions.questions.answer_text`` above the point, the honest "not sure" text below it) and
scored with the set's own rules (correct / abstained / wrong). The chosen point is the one with
the most correct answers on the TUNED part whose wrong answers stay at or below ``--max-wrong``
percent; if no point meets that, the one with the most correct minus twice the wrong answers (a
confident wrong answer costs more than an honest "not sure"). The aside part is only reported at
the chosen point (rates, never its items). ``--failures`` lists the tuned part's wrong answers there.

This measures retrieval only (no NLU, no dialogue), so it is fast (about a minute) and needs no
servers; `python -m bench.realistic` measures the whole bot.

Usage: ``python -m bench.calibrate_questions [--max-wrong 3]``; it prints the grid and the chosen
values, which go into ``knowledge/questions.py`` (ANSWER_THRESHOLD, MIN_MARGIN) by hand.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from actions.questions import answer_text, unsure_text
from knowledge import questions
from knowledge.repository import KnowledgeRepository
from tests.realistic import scoring

THRESHOLDS = [round(0.30 + 0.02 * i, 2) for i in range(26)]
MARGINS = [0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.15]


@dataclass(frozen=True)
class Point:
    threshold: float
    margin: float
    rates: dict[str, dict[str, float]]  # part -> correct / abstained / wrong (percent)


def _rates(outcomes: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    rates: dict[str, dict[str, float]] = {}
    for part in scoring.PARTS:
        mine = [outcome for p, outcome in outcomes if p == part]
        total = len(mine) or 1
        rates[part] = {kind: 100 * mine.count(kind) / total
                       for kind in (scoring.CORRECT, scoring.ABSTAINED, scoring.WRONG)}
    return rates


def evaluate(repository: KnowledgeRepository, items: list[dict], threshold: float, margin: float) -> Point:
    questions.ANSWER_THRESHOLD, questions.MIN_MARGIN = threshold, margin
    unsure = unsure_text(repository.national_desk())
    outcomes = []
    for item in items:
        match = repository.match_question(item["text"])
        text = unsure
        if match.confident and match.chosen is not None:
            answer = repository.topic_answer(match.chosen, match.aspect)
            text = answer_text(answer) if answer is not None else unsure
        outcomes.append((item["part"], scoring.classify_question(item, text).outcome))
    return Point(threshold, margin, _rates(outcomes))


WRONG_COST = 2  # a confident wrong answer costs twice a missed one


def choose(points: list[Point], max_wrong: float) -> Point:
    allowed = [p for p in points if p.rates["tuned"][scoring.WRONG] <= max_wrong]
    if allowed:
        return max(allowed, key=lambda p: (p.rates["tuned"][scoring.CORRECT], -p.threshold))
    return max(points, key=lambda p: (p.rates["tuned"][scoring.CORRECT] - WRONG_COST * p.rates["tuned"][scoring.WRONG],
                                      -p.threshold))


def tuned_failures(repository: KnowledgeRepository, items: list[dict], point: Point) -> list[str]:
    """The tuned part's wrong answers at one point: question, topic answered with, what was missing."""
    questions.ANSWER_THRESHOLD, questions.MIN_MARGIN = point.threshold, point.margin
    lines = []
    for item in items:
        if item["part"] != "tuned":
            continue
        match = repository.match_question(item["text"])
        answer = repository.topic_answer(match.chosen, match.aspect) if match.confident and match.chosen else None
        text = answer_text(answer) if answer else unsure_text(repository.national_desk())
        result = scoring.classify_question(item, text)
        if result.outcome == scoring.WRONG:
            topic = f"{match.chosen.kind}:{match.chosen.id}" if answer else "(not sure)"
            lines.append(f"  {item['id']} -> {topic}: {item['text'][:80]} | {result.detail[:120]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-wrong", type=float, default=3.0, help="percent of wrong answers allowed (tuned part)")
    parser.add_argument("--failures", action="store_true",
                        help="list the tuned part's wrong answers at the chosen point")
    args = parser.parse_args()
    started = time.perf_counter()
    repository = KnowledgeRepository()
    items = scoring.load_questions()
    print(f"==> {len(items)} questions; grid of {len(THRESHOLDS)} thresholds x {len(MARGINS)} margins", flush=True)
    points = []
    for threshold in THRESHOLDS:
        for margin in MARGINS:
            points.append(evaluate(repository, items, threshold, margin))
        print(f"    threshold {threshold:.2f} done", flush=True)
    print("\nthreshold margin | tuned correct abstained wrong")
    for point in points:
        if point.margin in (0.0, 0.04, 0.10):
            tuned = point.rates["tuned"]
            print(f"  {point.threshold:.2f}    {point.margin:.2f}  | {tuned['correct']:5.1f}"
                  f"   {tuned['abstained']:5.1f}   {tuned['wrong']:5.1f}")
    best = choose(points, args.max_wrong)
    print(f"\nChosen: ANSWER_THRESHOLD = {best.threshold}, MIN_MARGIN = {best.margin} "
          f"(see the rule above; wrong allowed: {args.max_wrong}%)")
    for part in scoring.PARTS:
        rates = best.rates[part]
        print(f"  {part:5}: correct {rates['correct']:.1f}%  abstained {rates['abstained']:.1f}%  "
              f"wrong {rates['wrong']:.1f}%")
    if args.failures:
        print("\nWrong answers, tuned part only:")
        print("\n".join(tuned_failures(repository, items, best)) or "  none")
    print(f"Done in {time.perf_counter() - started:.0f} s. Put the chosen values in knowledge/questions.py; "
          "`python -m bench.realistic` measures the whole bot.")


if __name__ == "__main__":
    main()
