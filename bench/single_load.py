"""Load benchmark of one instance (action server, Rasa server, web app, embedded stores) on this machine.

Starts the three servers the way ``make run`` does (bot/services.py), each on a free port with its own stores in a
temporary directory, and runs the load client (bench/load.py) against them:

- saturation: visitors without pauses for ~30 s, through Rasa's REST webhook and through the web app -> turns/s;
- 100 visitors waiting 5 s +- 50 % between messages (whole intake conversations), through ``/api/chat`` and the
  widget's WebSocket -> median, p95, p99, errors.

``--with-cluster`` then starts a throw-away local cluster (two of each server behind HAProxy on PostgreSQL, Redis
and RabbitMQ: :func:`bot.cluster.throwaway_cluster`), runs the same load against its public entry and prints the
cluster/single ratio; ``--cluster URL`` does the same against a cluster that is already running (``make
run-cluster``). Prints figures, asserts nothing.

``python -m bench.single_load [--model models/routeadvies.tar.gz] [--quick] [--with-cluster | --cluster URL]``
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from bench.load import LoadFigures, run
from bot.cluster import throwaway_cluster
from bot.services import (
    PROJECT_ROOT,
    Service,
    ServiceFailed,
    action_server,
    free_port,
    isolated_env,
    rasa_server,
    stop_all,
    wait_until_healthy,
    web_app,
)
from knowledge.db import database_url

RESULTS = PROJECT_ROOT / "var" / "bench" / "load.json"
NO_RATE_LIMIT = "100000"  # the bench measures the servers, not the web app's rate limits


@dataclass(frozen=True)
class Instance:
    web_url: str
    rasa_url: str
    services: list[Service]

    def pid(self, name: str) -> int:
        service = next(s for s in self.services if s.name == name)
        assert service.process is not None
        return service.process.pid


@contextmanager
def one_instance(model: Path, workdir: Path, extra_env: dict[str, str] | None = None,
                 endpoints: Path | None = None, rasa_module: list[str] | None = None) -> Iterator[Instance]:
    """Action server + Rasa server + web app on free ports, stores in ``workdir``; stopped on exit.

    ``endpoints``: another endpoints file for the Rasa server (to measure a setting side by side);
    ``rasa_module``: what runs Rasa instead of ``-m bot.rasa_cli`` (the profiler's stopwatch)."""
    actions_port, rasa_port, web_port = free_port(), free_port(), free_port()
    env = {**isolated_env(workdir, database_url(), actions_port),
           "RATE_LIMIT_PER_SESSION_PER_MINUTE": NO_RATE_LIMIT, "RATE_LIMIT_PER_IP_PER_MINUTE": NO_RATE_LIMIT,
           **(extra_env or {})}
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    rasa = rasa_server(str(model), rasa_port, env)
    if endpoints is not None:
        rasa.command[rasa.command.index("--endpoints") + 1] = str(endpoints)
    if rasa_module is not None:
        rasa.command[1:3] = rasa_module
    services = [action_server(actions_port, env), rasa, web_app(web_port, rasa_url, env)]
    try:
        for service in services:
            service.start(workdir / "logs")
        wait_until_healthy(services, timeout=900)
        yield Instance(f"http://127.0.0.1:{web_port}", rasa_url, services)
    finally:
        stop_all(services)


@dataclass(frozen=True)
class Plan:
    saturation_visitors: int = 20
    saturation_s: float = 30.0
    visitors: int = 100
    think_s: tuple[float, float] = (2.5, 7.5)
    visitors_s: float = 75.0

    @classmethod
    def quick(cls) -> Plan:
        return cls(saturation_s=15.0, visitors_s=40.0)


def saturation(url: str, plan: Plan, channel: str, label: str) -> LoadFigures:
    return run(url, visitors=plan.saturation_visitors, think_s=(0.0, 0.0), duration_s=plan.saturation_s,
               channel=channel, label=label)


def visitors(url: str, plan: Plan, channel: str, label: str) -> LoadFigures:
    return run(url, visitors=plan.visitors, think_s=plan.think_s, duration_s=plan.visitors_s, channel=channel,
               label=label)


def measure(web_url: str, plan: Plan, name: str, rasa_url: str | None = None) -> list[LoadFigures]:
    """The load runs against one running deployment (one instance, or the cluster's front door)."""
    runs = []
    if rasa_url:
        runs.append(saturation(rasa_url, plan, "rasa", f"{name}: saturation, Rasa REST"))
        print("  " + runs[-1].line(), flush=True)
    for step in (
        lambda: saturation(web_url, plan, "rest", f"{name}: saturation, /api/chat"),
        lambda: visitors(web_url, plan, "rest", f"{name}: {plan.visitors} visitors, /api/chat"),
        lambda: visitors(web_url, plan, "ws", f"{name}: {plan.visitors} visitors, widget ws"),
    ):
        runs.append(step())
        print("  " + runs[-1].line(), flush=True)
    return runs


def print_ratio(single: list[LoadFigures], cluster: list[LoadFigures]) -> None:
    """Cluster/single per run of the same kind (matched by the part of the label after the deployment's name)."""
    print("\nCluster / single (same load, same run):")
    by_kind = {f.label.split(": ", 1)[1]: f for f in single}
    for figures in cluster:
        kind = figures.label.split(": ", 1)[1]
        base = by_kind.get(kind)
        if base is None or not base.messages_per_s or not figures.messages:
            continue
        print(f"  {kind:<30} msg/s x{figures.messages_per_s / base.messages_per_s:5.2f}, "
              f"p95 x{figures.percentile_ms(0.95) / base.percentile_ms(0.95):5.2f}, "
              f"errors {base.error_count} -> {figures.error_count}")


def cpu_reference_s() -> float:
    """Seconds for a fixed pure-Python loop (the best of three): figures from machines of another speed compare
    after dividing by it (the machine of 2026-11-29's sixth session took 0.78 s)."""
    def once() -> float:
        started = time.perf_counter()
        sum(i * i for i in range(10_000_000))
        return time.perf_counter() - started
    return min(once() for _ in range(3))


def measure_throwaway_cluster(model: Path, plan: Plan) -> list[LoadFigures]:
    """The same load through the public entry of a local cluster started for it; nothing when it cannot start
    (a service it needs is not running, HAProxy is missing: the reason is printed)."""
    print("==> Starting a local cluster (2 Rasa, 2 action servers, 2 web apps, HAProxy; about a minute) ...",
          flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp, \
                throwaway_cluster(str(model), Path(tmp), {"RATE_LIMIT_PER_SESSION_PER_MINUTE": NO_RATE_LIMIT,
                                                         "RATE_LIMIT_PER_IP_PER_MINUTE": NO_RATE_LIMIT},
                                  progress=lambda m: print(f"  [cluster] {m}", flush=True)) as running:
            print(f"==> The same load on the cluster at {running.url} (load average {os.getloadavg()[0]:.2f}) ...",
                  flush=True)
            return measure(running.url, plan, "cluster")
    except ServiceFailed as error:
        print(f"==> No cluster figures: {error}", flush=True)
        return []


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.single_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "routeadvies.tar.gz"))
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--cluster", metavar="URL", help="a running cluster's web address, measured in the same run")
    where.add_argument("--with-cluster", action="store_true",
                       help="start a throw-away local cluster (needs PostgreSQL, Redis, RabbitMQ and HAProxy)")
    parser.add_argument("--quick", action="store_true", help="shorter runs (15 s and 40 s)")
    parser.add_argument("--visitors", type=int, default=100)
    parser.add_argument("--saturation-visitors", type=int, default=20)
    args = parser.parse_args()
    base = Plan.quick() if args.quick else Plan()
    plan = Plan(args.saturation_visitors, base.saturation_s, args.visitors, base.think_s, base.visitors_s)
    print(f"==> Load on one instance ({os.cpu_count()} cores here; load average {os.getloadavg()[0]:.2f}; "
          f"{cpu_reference_s():.2f} s for the CPU reference loop) ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp, one_instance(Path(args.model), Path(tmp)) as inst:
        single = measure(inst.web_url, plan, "single", inst.rasa_url)
    cluster: list[LoadFigures] = []
    if args.cluster:
        print(f"==> The same load on the cluster at {args.cluster} ...", flush=True)
        cluster = measure(args.cluster, plan, "cluster")
    elif args.with_cluster:
        cluster = measure_throwaway_cluster(Path(args.model), plan)
    if cluster:
        print_ratio(single, cluster)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps([f.as_dict() for f in single + cluster], indent=2))
    print(f"Saved to {RESULTS}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
