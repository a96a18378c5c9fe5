"""Benchmark of the running assistant; prints figures, asserts nothing.

Measures, in one run and side by side: training time, time from starting the Rasa server
to its first answer, per-turn latency through the REST channel (sequential, one client)
and NLU-only latency through /model/parse on the same server, their ratio, and the
resident memory of the Rasa server and the action server.
Usage: ``python -m bench.run --model models/routeadvies.tar.gz [--turns 240] [--skip-training]``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import requests

from bot.services import (
    PROJECT_ROOT,
    Service,
    action_server,
    free_port,
    rasa_bin,
    rasa_server,
    stop_all,
    wait_until_healthy,
)

CONVERSATION = [
    "Hoi, ik wil leraar worden",
    "havo",
    "ik werk in een winkel",
    "basisonderwijs",
    "voltijd",
    "Zwolle",
    "bedankt",
    "ik heb een master en wil wiskunde geven op de middelbare school in Utrecht",
    "welk onderwijsloket is er in Groningen?",
    "doei",
]
RESULTS = PROJECT_ROOT / "var" / "bench" / "results.json"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def rss_mb(service: Service) -> float:
    """Resident memory of a service's whole process group, in MB."""
    assert service.process is not None
    pgid = os.getpgid(service.process.pid)
    total_kb = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.getpgid(int(pid)) != pgid:
                continue
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
        except (ProcessLookupError, FileNotFoundError, PermissionError):
            continue
    return total_kb / 1024


def train(output_dir: Path, config: Path = PROJECT_ROOT / "config.yml", name: str = "bench") -> float:
    """Trains a model from scratch into ``output_dir/name.tar.gz``; returns the seconds it took."""
    print(f"==> Training from scratch with {config.name} (rasa train --force) ...", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [rasa_bin(), "train", "--force", "--config", str(config), "--fixed-model-name", name,
         "--out", str(output_dir)],
        cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def timed_post(url: str, payload: dict, params: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    response = requests.post(url, json=payload, params=params, timeout=60)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed * 1000


def measure(model: Path, turns: int, workdir: Path) -> dict[str, float]:
    """Start-up, per-turn and NLU-only latency and memory of one model on fresh servers."""
    figures: dict[str, float] = {}
    actions_port, rasa_port = free_port(), free_port()
    token = secrets.token_urlsafe(32)  # the API (/model/parse) needs a token; this one lives as long as the bench
    env = {
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
        "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}",
        "RASA_AUTH_TOKEN": token,
    }
    services = [action_server(actions_port, env), rasa_server(model, rasa_port, env)]
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    webhook = f"{rasa_url}/webhooks/rest/webhook"
    try:
        print("==> Starting the action server and the Rasa server ...", flush=True)
        started = time.perf_counter()
        for service in services:
            service.start(workdir / "logs")
        wait_until_healthy(services, timeout=900, progress=lambda m: print(f"    {m}", flush=True))
        timed_post(webhook, {"sender": "bench-first", "message": "Hoi, ik wil leraar worden"})
        figures["start_to_first_answer_s"] = time.perf_counter() - started

        print(f"==> {turns} sequential turns through the REST channel ...", flush=True)
        turn_ms: list[float] = []
        sender = ""
        while len(turn_ms) < turns:
            index = len(turn_ms) % len(CONVERSATION)
            if index == 0:
                sender = f"bench-{uuid.uuid4().hex[:8]}"
            turn_ms.append(timed_post(webhook, {"sender": sender, "message": CONVERSATION[index]}))

        print(f"==> {turns} NLU-only parses through /model/parse on the same server ...", flush=True)
        parse_ms = [
            timed_post(f"{rasa_url}/model/parse", {"text": CONVERSATION[i % len(CONVERSATION)]}, {"token": token})
            for i in range(turns)
        ]
        figures.update(
            turn_median_ms=statistics.median(turn_ms),
            turn_p95_ms=percentile(turn_ms, 0.95),
            parse_median_ms=statistics.median(parse_ms),
            parse_p95_ms=percentile(parse_ms, 0.95),
            rasa_rss_mb=rss_mb(services[1]),
            actions_rss_mb=rss_mb(services[0]),
        )
        figures["turn_to_parse_ratio"] = figures["turn_median_ms"] / figures["parse_median_ms"]
    finally:
        stop_all(services)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "routeadvies.tar.gz"))
    parser.add_argument("--turns", type=int, default=240)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    figures: dict[str, float] = {}

    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_training:
            figures["training_s"] = train(Path(tmp))

        figures.update(measure(Path(args.model), args.turns, Path(tmp)))

    print("\nBenchmark figures (this machine, one run):")
    for key, label in LABELS.items():
        if key in figures:
            print("  " + label.format(figures[key]))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2))
    print(f"\nSaved to {RESULTS}.")
    return 0


LABELS = {
    "training_s": "training time (from scratch)          {:8.1f} s",
    "start_to_first_answer_s": "server start -> first answer          {:8.1f} s",
    "turn_median_ms": "turn latency, REST, median            {:8.1f} ms",
    "turn_p95_ms": "turn latency, REST, p95               {:8.1f} ms",
    "parse_median_ms": "NLU only (/model/parse), median       {:8.1f} ms",
    "parse_p95_ms": "NLU only (/model/parse), p95          {:8.1f} ms",
    "turn_to_parse_ratio": "ratio turn / parse (medians)          {:8.2f}",
    "rasa_rss_mb": "Rasa server resident memory           {:8.0f} MB",
    "actions_rss_mb": "action server resident memory         {:8.0f} MB",
}


if __name__ == "__main__":
    raise SystemExit(main())
