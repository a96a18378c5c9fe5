"""Knowledge-store figures: database build time, recommender and place-resolver time per query.

Runs on a fresh SQLite file (and imports the regional data when $ROUTEADVIES_REGIONS_DIR is set).
Usage: ``python -m bench.knowledge_bench [--queries 1000]``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import tempfile
import time
from pathlib import Path

from knowledge.cli import REGIONS_ENV
from knowledge.db import make_engine
from knowledge.files import read_files
from knowledge.loader import load
from knowledge.recommender import Profile
from knowledge.regions_import import import_regions
from knowledge.repository import KnowledgeRepository

PROFILES = [
    Profile(education_level=level, sector=sector, situation=situation, municipality_code=place)
    for level, sector, situation, place in itertools.product(
        ["havo", "vwo", "mbo-4", "hbo", "wo-bachelor", "wo-master"], ["po", "vo", "mbo"],
        [None, "leraar-tweedegraads", "mbo-docent-zonder-bevoegdheid"], [None, "GM0193", "GM0935"],
    )
]
PLACES = [
    "Zwolle", "Zwole", "ik woon in Den Bosch", "8011 AB", "3512", "'s-Gravenhage", "Amsterdm", "Hoofddorp",
    "in de buurt van Leiden", "Alphen a/d Rijn", "Atlantis", "ik weet het niet", "Súdwest-Fryslân", "Velp",
]


def timed_ms(call, inputs, count: int) -> list[float]:
    times = []
    for item in itertools.islice(itertools.cycle(inputs), count):
        started = time.perf_counter()
        call(item)
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(queries: int = 1000) -> dict[str, float]:
    figures: dict[str, float] = {}
    regions = os.environ.get(REGIONS_ENV)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        started = time.perf_counter()
        load(engine, read_files())
        figures["db_build_s"] = time.perf_counter() - started
        if regions:
            started = time.perf_counter()
            import_regions(engine, Path(regions))
            figures["regions_import_s"] = time.perf_counter() - started
        repository = KnowledgeRepository(engine)
        repository.resolve_place("warm-up")  # builds the cached name index once
        recommend = timed_ms(repository.recommend, PROFILES, queries)
        resolve = timed_ms(repository.resolve_place, PLACES, queries)
        desks = timed_ms(lambda text: repository.desks_for_place(text, "po"), PLACES, queries)
        engine.dispose()
    for name, values in (("recommend", recommend), ("resolve", resolve), ("desk", desks)):
        figures[f"{name}_median_ms"] = statistics.median(values)
        figures[f"{name}_p95_ms"] = percentile(values, 0.95)
    figures["queries"] = queries
    return figures


def report(figures: dict[str, float]) -> None:
    print(f"Knowledge store ({int(figures['queries'])} queries each):")
    print(f"  database build (load)                  {figures['db_build_s']:8.2f} s")
    if "regions_import_s" in figures:
        print(f"  regional data import                   {figures['regions_import_s']:8.2f} s")
    else:
        print(f"  regional data import                   skipped (set {REGIONS_ENV})")
    for name, label in (("recommend", "recommender"), ("resolve", "place resolver"), ("desk", "place -> desk")):
        print(f"  {label:<22} median {figures[f'{name}_median_ms']:7.2f} ms   p95 {figures[f'{name}_p95_ms']:7.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.knowledge_bench")
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    report(measure(args.queries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
