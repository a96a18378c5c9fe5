"""The realistic test set (tests/realistic) through the REST channel of freshly started servers.

Starts the action server and the Rasa server on free ports with their own knowledge database and
tracker store (as tests/e2e/conftest.py does), runs every conversation (fresh sender id each) and
every single question (fresh sender, one message), and prints per part (tuned / aside) and in
total: conversations passed, questions correct / abstained / wrong. Failures are printed for the
tuned part only; for the aside part only the rates, so that nobody tunes on it.
The JSON report (per-item failures of the tuned part, rates of both) goes to var/realistic/report.json.

Usage: ``python -m bench.realistic --model models/routeadvies.tar.gz [--regions DIR] [--batch c160 q339]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from bot.services import PROJECT_ROOT, action_server, free_port, isolated_env, rasa_server, stop_all, wait_until_healthy
from tests.conftest import build_knowledge_db
from tests.realistic import runner, scoring

REPORT = PROJECT_ROOT / "var" / "realistic" / "report.json"


class RestClient:
    def __init__(self, rasa_url: str) -> None:
        self.webhook = f"{rasa_url}/webhooks/rest/webhook"
        self.session = requests.Session()

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        response = self.session.post(self.webhook, json={"sender": sender, "message": message}, timeout=120)
        response.raise_for_status()
        return response.json()


def progress_printer(started: float):
    def show(item_id: str, done: int, total: int) -> None:
        if done == total or done % 10 == 0:
            elapsed = time.monotonic() - started
            print(f"    {done}/{total} ({item_id}) {elapsed:.0f} s", flush=True)
    return show


def run(model: Path, regions: Path | None, workdir: Path) -> tuple[runner.SetRun, dict[str, float]]:
    questions = scoring.load_questions()
    conversations = scoring.load_conversations(route_ids=scoring.known_route_ids())
    knowledge_url = build_knowledge_db(workdir / "knowledge.db", regions)
    actions_port, rasa_port = free_port(), free_port()
    env = isolated_env(workdir, knowledge_url, actions_port)
    services = [action_server(actions_port, env), rasa_server(str(model), rasa_port, env)]
    timings: dict[str, float] = {}
    try:
        print("==> Starting the action server and the Rasa server ...", flush=True)
        started = time.monotonic()
        for service in services:
            service.start(workdir / "logs")
        wait_until_healthy(services, timeout=900, progress=lambda m: print(f"    {m}", flush=True))
        timings["start_s"] = time.monotonic() - started
        print(f"==> {len(conversations)} conversations and {len(questions)} questions through the REST channel ...",
              flush=True)
        started = time.monotonic()
        client = RestClient(f"http://127.0.0.1:{rasa_port}")
        result = runner.run_set(client.say, questions, conversations, progress_printer(started))
        timings["run_s"] = time.monotonic() - started
    finally:
        stop_all(services)
    return result, timings


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.realistic")
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "routeadvies.tar.gz"))
    parser.add_argument("--regions", type=Path, default=None,
                        help="import this regional data directory (postcodes, all desks) into the test store; "
                             "default: none, the same store as the e2e tests")
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--batch", nargs=2, metavar=("FIRST_CONVERSATION", "FIRST_QUESTION"), default=None,
                        help="also print the rates of a newer batch alone, e.g. `--batch c160 q339`: the items from "
                             "these ids on (a batch written after the bot, to see how it does on people unseen)")
    args = parser.parse_args()
    if not Path(args.model).exists():
        print(f"No trained model at {args.model}: run `make train` first", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="realistic-") as tmp:
        result, timings = run(Path(args.model), args.regions, Path(tmp))

    failures = runner.tuned_failures(result)
    print(f"\nFailures of the tuned part ({len(failures)}; the aside part is counted, never shown):")
    for line in failures:
        print("  " + line)
    summary = result.summary()
    store = f"with regions from {args.regions}" if args.regions else "as in the e2e tests (no regions)"
    print(f"\nRealistic set, store {store}:")
    print(scoring.format_rates(summary))
    if args.batch:
        first_conversation, first_question = (int(item_id[1:]) for item_id in args.batch)
        batch = runner.SetRun([q for q in result.questions if int(q.id[1:]) >= first_question],
                              [c for c in result.conversations if int(c.id[1:]) >= first_conversation])
        print(f"\nOnly the batch from {args.batch[0]} and {args.batch[1]} on:")
        print(scoring.format_rates(batch.summary()))
    gates = scoring.load_gates()
    missed = scoring.gate_failures(summary, gates)
    print("Gates (tests/realistic/gates.yml): " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
    print(f"Run time: {timings['run_s']:.0f} s (server start {timings['start_s']:.0f} s).")

    report = {**result.report(), "timings": timings, "gates": gates, "gates_missed": missed,
              "model": str(args.model), "regions": str(args.regions) if args.regions else None}
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"Report: {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
