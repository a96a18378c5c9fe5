"""Where a turn's time goes, end to end, on one instance (action server + Rasa server + web app, embedded stores).

1. Timed turns: one visitor at a time does whole intake conversations through Rasa's REST webhook on a Rasa server
   started with a stopwatch on its parts (bench/turn_timing.py): ms per turn per part, the custom-action calls per
   turn and the size of what Rasa sends to the action server on each call.
2. Under load: visitors without pauses for ``--seconds``; CPU ms per turn of each process (from /proc), and a
   py-spy sample of the Rasa server and the action server, grouped into the parts of a turn.

Prints tables, asserts nothing. ``python -m bench.profile_turn [--model M] [--seconds 20] [--visitors 20]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.load import LoadFigures, run
from bench.single_load import Instance, one_instance
from bot.services import PROJECT_ROOT

SAMPLE_RATE = 100
RAW_DIR = PROJECT_ROOT / "var" / "bench"
# A sample belongs to the first part whose marker is in its stack (most specific first); markers are
# "function (file" prefixes of py-spy's frames.
RASA_PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("action call: check the answer (jsonschema)", ("_validate_action_result (", "jsonschema/")),
    ("action call: tracker (+ domain) to dict", ("_action_call_format (",)),
    ("action call: HTTP client (aiohttp, json)", ("request (rasa/utils/endpoints.py",)),
    ("action call: replies and events", ("_utter_responses (", "deserialise_events (")),
    ("form: temporary tracker for validation", ("_temporary_tracker (",)),
    ("tracker store: retrieve", ("_retrieve (rasa/core/tracker_store.py",)),
    ("tracker store: save", ("save (rasa/core/tracker_store.py", "save (bot/stores/tracker_store.py")),
    ("nlu (parse_message)", ("parse_message (rasa/core/processor.py",)),
    ("policies (rule + memoization)", ("_predict_next_with_tracker (",)),
    ("tracker updates (events)", ("rasa/shared/core/trackers.py", "rasa/shared/core/events.py")),
    ("HTTP server (sanic) and channel", ("sanic/", "rasa/core/channels/", "bot/channels/")),
]
ACTION_PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("knowledge store: SQL (SQLAlchemy, sqlite)", ("sqlalchemy/",)),
    ("knowledge store: reading and matching", ("knowledge/",)),
    ("actions (project code)", ("actions/",)),
    ("rasa_sdk: tracker, forms, dispatch", ("rasa_sdk/",)),
    ("HTTP server (sanic), json", ("sanic/", "json")),
]
# A stack ending here is a thread waiting (the event loop in C, an idle worker thread): not work.
IDLE_LEAVES = ("serve (sanic/server/runners.py", "_worker (concurrent/futures/thread.py:81)", "wait (threading.py",
               "select (selectors.py", "_run_once (asyncio/base_events.py")


@dataclass
class Sampled:
    busy: int
    parts: Counter


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def group_samples(raw: Path, parts: list[tuple[str, tuple[str, ...]]]) -> Sampled:
    """py-spy's raw (collapsed) stacks grouped into parts; samples of waiting threads left out."""
    counts: Counter = Counter()
    busy = 0
    for line in raw.read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        frames = stack.split(";")
        if frames[-1].startswith(IDLE_LEAVES):
            continue
        n = int(number)
        busy += n
        part = next((name for name, markers in parts if any(m in f for f in frames for m in markers)), "other")
        counts[part] += n
    return Sampled(busy, counts)


def timed_turns(instance: Instance, timing_file: Path, turns: int) -> list[dict]:
    """One visitor at a time, ``turns`` messages: the stopwatch lines of those turns."""
    start = len(timing_file.read_text().splitlines()) if timing_file.exists() else 0
    run(instance.rasa_url, visitors=1, think_s=(0.0, 0.0), duration_s=300, channel="rasa", max_messages=turns,
        label="timed turns", seed=7)
    return [json.loads(line) for line in timing_file.read_text().splitlines()[start:]]


def print_turn_table(records: list[dict], title: str) -> None:
    if not records:
        return
    totals = [r["total"] for r in records]
    mean_total = statistics.fmean(totals)
    parts: Counter = Counter()
    calls: Counter = Counter()
    for record in records:
        parts.update(record["parts"])
        calls.update(record["calls"])
    n = len(records)
    print(f"\n{title}: {n} turns, mean {mean_total:.1f} ms, median {statistics.median(totals):.1f} ms "
          f"(load {os.getloadavg()[0]:.2f})")
    print(f"  {'part':<48} {'ms/turn':>8} {'share':>6} {'calls/turn':>10}")
    whole = parts.pop("action call: whole", 0.0)
    inner = sum(v for k, v in parts.items() if k.startswith("action call: "))
    rows = dict(parts)
    rows["action call: rest (events, replies, forms' own work)"] = max(0.0, whole - inner)
    calls["action call: rest (events, replies, forms' own work)"] = calls.pop("action call: whole", 0)
    rows["rest of the turn (not timed apart)"] = max(0.0, mean_total * n - sum(rows.values()))
    for part, total in sorted(rows.items(), key=lambda item: -item[1]):
        per_turn = total / n
        print(f"  {part:<48} {per_turn:8.2f} {per_turn / mean_total:6.1%} {calls[part] / n:10.2f}")


def print_payloads(records: list[dict]) -> None:
    sizes = [s for r in records for s in r["action_bytes"]]
    actions = Counter(a for r in records for a in r["actions"])
    n = len(records)
    if not sizes:
        return
    print(f"\nCustom-action calls: {sum(actions.values()) / n:.2f} per turn; "
          + ", ".join(f"{name} {count / n:.2f}" for name, count in actions.most_common()))
    print(f"  what Rasa sends per call (sample of {len(sizes)}): median "
          f"{statistics.median(s['total'] for s in sizes) / 1024:.1f} KB (tracker "
          f"{statistics.median(s['tracker'] for s in sizes) / 1024:.1f} KB with median "
          f"{statistics.median(s['events'] for s in sizes):.0f} events, domain "
          f"{statistics.median(s['domain'] for s in sizes) / 1024:.1f} KB), largest "
          f"{max(s['total'] for s in sizes) / 1024:.1f} KB")


def print_sampled(name: str, sampled: Sampled, cpu_ms_per_turn: float) -> None:
    print(f"\n{name}: {cpu_ms_per_turn:.1f} CPU ms per turn; py-spy, {sampled.busy} busy samples")
    for part, count in sampled.parts.most_common():
        share = count / sampled.busy if sampled.busy else 0.0
        print(f"  {part:<48} {share:6.1%}  ~{share * cpu_ms_per_turn:6.2f} ms/turn")


def profile_under_load(instance: Instance, workdir: Path, seconds: float, visitors: int) -> None:
    pids = {name: instance.pid(name) for name in ("rasa", "actions", "web")}
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    client_before = sum(os.times()[:2])
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    recorders = []
    if Path(spy).exists():
        for name in ("rasa", "actions"):
            raw = workdir / f"{name}.raw"
            recorders.append((name, raw, subprocess.Popen(
                [spy, "record", "-p", str(pids[name]), "-r", str(SAMPLE_RATE), "-d", str(int(seconds)), "-f", "raw",
                 "-o", str(raw), "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
    else:
        print("(py-spy is not installed: no sampled profile, only CPU per process)")
    figures: LoadFigures = run(instance.rasa_url, visitors=visitors, think_s=(0.0, 0.0), duration_s=seconds,
                               channel="rasa", label="profile load")
    for _, _, process in recorders:
        process.wait(timeout=60)
    cpu = {name: (cpu_seconds(pid) - before[name]) * 1000 / max(1, figures.messages) for name, pid in pids.items()}
    client = (sum(os.times()[:2]) - client_before) * 1000 / max(1, figures.messages)
    print(f"\nUnder load: {figures.line()}")
    print(f"  CPU ms per turn: Rasa {cpu['rasa']:.1f}, action server {cpu['actions']:.1f}, "
          f"web app {cpu['web']:.1f} (idle in this run), load client {client:.1f}; "
          f"2 cores = {2000 / max(0.1, cpu['rasa'] + cpu['actions'] + client):.0f} turns/s if all CPU went to turns")
    parts = {"rasa": RASA_PARTS, "actions": ACTION_PARTS}
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    for name, raw, _ in recorders:
        if raw.exists():
            print_sampled(f"{name} server", group_samples(raw, parts[name]), cpu[name])
            shutil.copy(raw, RAW_DIR / f"profile-{name}.raw")
    print(f"\nThe samples (py-spy raw stacks, for a flame graph): {RAW_DIR}/profile-*.raw")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_turn", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "routeadvies.tar.gz"))
    parser.add_argument("--turns", type=int, default=80, help="timed turns, one visitor at a time")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the load run")
    parser.add_argument("--visitors", type=int, default=20, help="visitors without pauses in the load run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        workdir = Path(tmp)
        timing = workdir / "turns.jsonl"
        with one_instance(Path(args.model), workdir, rasa_module=["-m", "bench.turn_timing", str(timing)]) as inst:
            print(f"==> Profile of a turn (load average {os.getloadavg()[0]:.2f}, 2 cores)", flush=True)
            records = timed_turns(inst, timing, args.turns)
            print_turn_table(records, "Where a turn's time goes (one visitor at a time)")
            advice = [r for r in records if "action_geef_routeadvies" in r["actions"]]
            print_turn_table(advice, "The advice turn alone")
            print_payloads(records)
            profile_under_load(inst, workdir, args.seconds, args.visitors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
