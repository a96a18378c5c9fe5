"""Side-by-side comparison of NLU pipelines and policies; prints figures, asserts nothing.

For config.yml (the chosen pipeline) and every candidate in bench/configs/, in one run:
training time from scratch, held-out NLU scores (tests/nlu), the test stories
(tests/stories, as `make test` runs them), time from server start to the first answer,
per-turn latency, NLU-only latency and memory.
Usage: ``python -m bench.pipelines [--turns 120] [--only NAME ...]``. Takes 20-30 minutes.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.nlu_scores import read_scores
from bench.run import measure, train
from bot.services import PROJECT_ROOT, rasa_bin

CANDIDATES_DIR = PROJECT_ROOT / "bench" / "configs"
RESULTS = PROJECT_ROOT / "var" / "bench" / "pipelines.json"
STORY_RESULT = re.compile(r"Correct:\s+(\d+)\s*/\s*(\d+)")


def candidates() -> dict[str, Path]:
    found = {"config.yml (chosen)": PROJECT_ROOT / "config.yml"}
    found.update({path.stem: path for path in sorted(CANDIDATES_DIR.glob("*.yml"))})
    return found


def nlu_scores(model: Path, out: Path) -> dict[str, float]:
    print("==> Held-out NLU test ...", flush=True)
    subprocess.run(
        [rasa_bin(), "test", "nlu", "--model", str(model), "--nlu", "tests/nlu", "--out", str(out)],
        cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    scores = read_scores(out)
    # In a child process: the model loaded for scoring must not share this process with the timing runs.
    pipeline_json = out / "entity_scores.json"
    subprocess.run(
        [sys.executable, "-m", "bench.entity_scores", str(model), "--json", str(pipeline_json), "--show-misses", "0"],
        cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    pipeline_f1 = json.loads(pipeline_json.read_text())["f1"]
    return {"intent_macro_f1": scores.intent_macro_f1, "entity_f1_pipeline": pipeline_f1,
            "entity_f1_lowest_extractor": scores.lowest_entity_f1}


def stories(model: Path, out: Path) -> str:
    """'correct/total' stories of tests/stories, as `rasa test core` counts them."""
    print("==> Test stories ...", flush=True)
    run = subprocess.run(
        [rasa_bin(), "test", "core", "--model", str(model), "--stories", "tests/stories", "--out", str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True,
    )
    counts = STORY_RESULT.findall(run.stdout + run.stderr)
    return "/".join(counts[0]) if counts else "error"


def compare(name: str, config: Path, turns: int, workdir: Path) -> dict[str, object]:
    print(f"\n######## {name} ({config.relative_to(PROJECT_ROOT)})", flush=True)
    row: dict[str, object] = {"training_s": train(workdir, config, "candidate")}
    model = workdir / "candidate.tar.gz"
    row.update(nlu_scores(model, workdir / "nlu"))
    row["stories"] = stories(model, workdir / "core")
    row.update(measure(model, turns, workdir))
    return row


def print_table(rows: dict[str, dict[str, object]]) -> None:
    header = (f"{'pipeline':28} {'train s':>8} {'intent F1':>9} {'entity F1':>9} {'(lowest)':>8} {'stories':>8} "
              f"{'start s':>8} {'turn ms':>8} {'p95 ms':>8} {'parse ms':>8} {'Rasa MB':>8}")
    print("\nPipelines side by side (this machine, one run; entity F1 of the whole pipeline, and of its "
          "weakest extractor alone):")
    print(header)
    print("-" * len(header))
    for name, r in rows.items():
        print(f"{name:28} {r['training_s']:8.1f} {r['intent_macro_f1']:9.3f} {r['entity_f1_pipeline']:9.3f} "
              f"{r['entity_f1_lowest_extractor']:8.3f} "
              f"{r['stories']:>8} {r['start_to_first_answer_s']:8.1f} {r['turn_median_ms']:8.1f} "
              f"{r['turn_p95_ms']:8.1f} {r['parse_median_ms']:8.1f} {r['rasa_rss_mb']:8.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pipelines")
    parser.add_argument("--turns", type=int, default=120)
    parser.add_argument("--only", nargs="*", help="names of candidates to run (default: all)")
    args = parser.parse_args()
    chosen = {n: p for n, p in candidates().items() if not args.only or n in args.only or p.stem in args.only}
    rows: dict[str, dict[str, object]] = {}
    for name, config in chosen.items():
        with tempfile.TemporaryDirectory() as tmp:
            rows[name] = compare(name, config, args.turns, Path(tmp))
    print_table(rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2))
    print(f"\nSaved to {RESULTS}. The chosen pipeline is config.yml; candidates are in {CANDIDATES_DIR}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
