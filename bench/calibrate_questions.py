"""Fits the confidence of the question retrieval on the tuned realistic questions.

For each threshold on the best topic's score, each minimum margin over the next subject and each
minimum coverage (how much of the question the topic's variants and answer speak of), every
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
values, which go into ``knowledge/questions.py`` (ANSWER_THRESHOLD, MIN_MARGIN, SURE_SCORE, MIN_COVERAGE)
by hand.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from actions.questions import answer_text, unsure_text
from knowledge import questions
from knowledge.repository import KnowledgeRepository
from tests.realistic import scoring

# Scores are the nearest variant's similarity plus the classifier's vote (see knowledge/questions.py), so they can
# pass 1; "sure" 9.0 means: never sure without the margin.
THRESHOLDS = [round(0.20 + 0.05 * i, 2) for i in range(17)]
MARGINS = [0.0, 0.1, 0.2, 0.3]
SURE_SCORES = [0.8, 1.0, 9.0]
COVERAGES = [0.6, 0.7, 0.8, 0.9]


@dataclass(frozen=True)
class Point:
    threshold: float
    margin: float
    sure: float
    coverage: float
    rates: dict[str, dict[str, float]]  # part -> correct / abstained / wrong (percent)


def _rates(outcomes: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    rates: dict[str, dict[str, float]] = {}
    for part in scoring.PARTS:
        mine = [outcome for p, outcome in outcomes if p == part]
        total = len(mine) or 1
        rates[part] = {kind: 100 * mine.count(kind) / total
                       for kind in (scoring.CORRECT, scoring.ABSTAINED, scoring.WRONG)}
    return rates


class Answers:
    """Every question's two matches and the reply texts, computed once; the grid only re-decides."""

    def __init__(self, repository: KnowledgeRepository, items: list[dict]) -> None:
        self.repository = repository
        self.items = items
        index = repository._question_index()
        self.matches = [index.search_both(item["text"]) for item in items]
        self.unsure = unsure_text(repository.national_desk())
        self._texts: dict = {}

    def text_for(self, topic, aspect: str | None) -> str:
        """The reply text on one topic (cached)."""
        key = (topic, aspect)
        if key not in self._texts:
            answer = self.repository.topic_answer(topic, aspect)
            self._texts[key] = answer_text(answer) if answer is not None else self.unsure
        return self._texts[key]

    def reply(self, full, focused) -> tuple[str, str | None]:
        match = questions.QuestionIndex.pick(full, focused)
        if not (match.confident and match.chosen is not None):
            return self.unsure, None
        return self.text_for(match.chosen, match.aspect), f"{match.chosen.kind}:{match.chosen.id}"


def _set(threshold: float, margin: float, sure: float, coverage: float) -> None:
    questions.ANSWER_THRESHOLD, questions.MIN_MARGIN, questions.SURE_SCORE = threshold, margin, sure
    questions.MIN_COVERAGE = coverage


def evaluate(answers: Answers, threshold: float, margin: float, sure: float, coverage: float) -> Point:
    _set(threshold, margin, sure, coverage)
    outcomes = []
    for item, (full, focused) in zip(answers.items, answers.matches, strict=False):
        text, _ = answers.reply(full, focused)
        outcomes.append((item["part"], scoring.classify_question(item, text).outcome))
    return Point(threshold, margin, sure, coverage, _rates(outcomes))


WRONG_COST = 2  # a confident wrong answer costs twice a missed one


def choose(points: list[Point], max_wrong: float) -> Point:
    allowed = [p for p in points if p.rates["tuned"][scoring.WRONG] <= max_wrong]
    if allowed:
        return max(allowed, key=lambda p: (p.rates["tuned"][scoring.CORRECT], -p.threshold))
    return max(points, key=lambda p: (p.rates["tuned"][scoring.CORRECT] - WRONG_COST * p.rates["tuned"][scoring.WRONG],
                                      -p.threshold))


def tuned_failures(answers: Answers, point: Point) -> list[str]:
    """The tuned part's wrong answers at one point: question, topic answered with, what was missing."""
    _set(point.threshold, point.margin, point.sure, point.coverage)
    lines = []
    for item, (full, focused) in zip(answers.items, answers.matches, strict=False):
        if item["part"] != "tuned":
            continue
        text, topic = answers.reply(full, focused)
        result = scoring.classify_question(item, text)
        if result.outcome == scoring.WRONG:
            lines.append(f"  {item['id']} -> {topic or '(not sure)'}: {item['text'][:80]} | {result.detail[:120]}")
    return lines


RANKINGS = {  # name -> (VARIANT_PRECISION_WEIGHT, CLASSIFIER_WEIGHT); "shipped" uses the values in questions.py
    "nearest variant": (0.0, 0.0),
    "+ variant precision": (None, 0.0),
    "+ classifier": (0.0, None),
    "shipped (both)": (None, None),
}


def ranking_report(answers: Answers) -> list[str]:
    """Per ranking, how often the first subject's answer holds the asked facts, of the questions some topic's
    answer can answer (expect: answer), per part: the figures behind the ranking constants in questions.py."""
    shipped = (questions.VARIANT_PRECISION_WEIGHT, questions.CLASSIFIER_WEIGHT)
    index = answers.repository._question_index()
    items = [item for item in answers.items if item["expect"] == "answer"]
    answerable: list[set[str]] = []
    for item in items:
        aspect = questions.aspect_of(item["text"])
        answerable.append({topic.id for topic in index.topics
                           if scoring.check(answers.text_for(topic, aspect), item.get("must") or (),
                                            item.get("must_not") or ()).ok})
    lines = []
    for name, (precision, votes) in RANKINGS.items():
        questions.VARIANT_PRECISION_WEIGHT = shipped[0] if precision is None else precision
        questions.CLASSIFIER_WEIGHT = shipped[1] if votes is None else votes
        hits = {part: 0 for part in scoring.PARTS}
        for item, good in zip(items, answerable, strict=True):
            best = index.search(item["text"]).best
            hits[item["part"]] += bool(best and best.topic.id in good)
        totals = {part: sum(1 for i, g in zip(items, answerable, strict=True) if g and i["part"] == part)
                  for part in scoring.PARTS}
        counts = "  ".join(f"{part} {hits[part]}/{totals[part]}" for part in scoring.PARTS)
        lines.append(f"  {name:22} {counts}")
    questions.VARIANT_PRECISION_WEIGHT, questions.CLASSIFIER_WEIGHT = shipped
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-wrong", type=float, default=3.0, help="percent of wrong answers allowed (tuned part)")
    parser.add_argument("--failures", action="store_true",
                        help="list the tuned part's wrong answers at the chosen point")
    args = parser.parse_args()
    started = time.perf_counter()
    items = scoring.load_questions()
    print(f"==> {len(items)} questions; grid of {len(THRESHOLDS)} thresholds x {len(MARGINS)} margins x "
          f"{len(SURE_SCORES)} sure scores x {len(COVERAGES)} coverages", flush=True)
    answers = Answers(KnowledgeRepository(), items)
    print("\nFirst subject's answer holds the asked facts (of the questions some topic's answer holds):")
    print("\n".join(ranking_report(answers)))
    points = [evaluate(answers, threshold, margin, sure, coverage)
              for threshold in THRESHOLDS for margin in MARGINS for sure in SURE_SCORES for coverage in COVERAGES]
    print("\nthreshold margin coverage (never sure without the margin) | tuned correct abstained wrong")
    for point in points:
        if point.margin in (0.0, 0.2) and point.sure > 1:
            tuned = point.rates["tuned"]
            print(f"  {point.threshold:.2f}    {point.margin:.2f}  {point.coverage:.2f}  | {tuned['correct']:5.1f}"
                  f"   {tuned['abstained']:5.1f}   {tuned['wrong']:5.1f}")
    best = choose(points, args.max_wrong)
    print(f"\nChosen: ANSWER_THRESHOLD = {best.threshold}, MIN_MARGIN = {best.margin}, SURE_SCORE = {best.sure}, "
          f"MIN_COVERAGE = {best.coverage} (see the rule above; wrong allowed: {args.max_wrong}%)")
    for part in scoring.PARTS:
        rates = best.rates[part]
        print(f"  {part:5}: correct {rates['correct']:.1f}%  abstained {rates['abstained']:.1f}%  "
              f"wrong {rates['wrong']:.1f}%")
    if args.failures:
        print("\nWrong answers, tuned part only:")
        print("\n".join(tuned_failures(answers, best)) or "  none")
    print(f"Done in {time.perf_counter() - started:.0f} s. Put the chosen values in knowledge/questions.py; "
          "`python -m bench.realistic` measures the whole bot.")


if __name__ == "__main__":
    main()
