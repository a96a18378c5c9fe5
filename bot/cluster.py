"""The production profile on one machine: two of each server behind HAProxy, on PostgreSQL, Redis and RabbitMQ.

``make run-cluster`` (``python -m bot.cluster --model models/routeadvies.tar.gz``) checks the services, makes the
databases, loads the knowledge store into PostgreSQL, writes the HAProxy configuration, starts every process of
:mod:`bot.cluster_spec` and watches them: one that dies is started again with back-off while the others serve
(:class:`bot.supervisor.Supervisor`); the privacy purge runs daily. Ctrl-C stops everything.

Everything listens on loopback; HAProxy's public port (8080) is the one entry, with sticky sessions (a cookie)
so that a browser's WebSocket stays with one web app. The same processes run in Kubernetes or Docker Compose
(``deploy/``). Settings come from the environment; what is not set gets a local value (:func:`local_values`).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot import cluster_spec
from bot.profile import ProfileError, check
from bot.services import (
    PROJECT_ROOT,
    Service,
    ServiceFailed,
    free_port,
    stop_all,
    wait_until_healthy,
)
from bot.supervisor import Job, Supervisor, stop_on_sigterm

CLUSTER_DIR = PROJECT_ROOT / "var" / "cluster"
ADMIN_DB_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Ports:
    public: int = cluster_spec.PUBLIC_PORT
    rasa_lb: int = cluster_spec.RASA_LB_PORT
    actions_lb: int = cluster_spec.ACTIONS_LB_PORT
    base: int = 8100  # the servers: base+0.. rasa, base+10.. actions, base+20.. web


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def _token(directory: Path) -> str:
    path = directory / "rasa-auth-token"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32) + "\n")
        path.chmod(0o600)
    return path.read_text().strip()


def local_values(ports: Ports, directory: Path = CLUSTER_DIR, name: str = "routeadvies", replicas: int = 2,
                 env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings of a cluster on this machine's services; those set in ``env`` win."""
    pg = "postgresql://postgres@127.0.0.1:5432"
    values = {
        "BOT_PROFILE": "production",
        "RASA_AUTH_TOKEN": _token(directory),
        "DATABASE_URL": f"{pg}/{name}_knowledge",
        "TRACKER_STORE_URL": f"{pg}/{name}",
        "HELPDESK_STORE_URL": f"{pg}/{name}",
        "ADVICE_STORE_URL": f"{pg}/{name}",
        "STATS_STORE_URL": f"{pg}/{name}",
        "LOCK_STORE_URL": "redis://127.0.0.1:6379/1",
        "RATE_LIMIT_STORAGE_URL": "redis://127.0.0.1:6379/2",
        "FANOUT_URL": "redis://127.0.0.1:6379/3",
        "EVENT_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672/",
        "RETENTION_DAYS": "90",
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports.actions_lb}/webhook",
        "RASA_URL": f"http://127.0.0.1:{ports.rasa_lb}",
        "RASA_SERVERS": str(replicas),
        "ROUTEADVIES_TRUSTED_PROXIES": "127.0.0.1",
        "WEB_LISTEN_HOST": "127.0.0.1",  # HAProxy is the public entry
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    env = env or {}
    return {key: env.get(key) or value for key, value in values.items()}


def haproxy_config(ports: Ports, specs: list[cluster_spec.ProcessSpec]) -> str:
    """HAProxy in front of each kind of server: health-checked, a failed request tried again on another."""

    def servers(kind: str, extra: str = "") -> str:
        return "\n".join(
            f"  server {kind}-{i + 1} 127.0.0.1:{spec.port} check inter 1s fall 3 rise 1{extra.format(i + 1)}"
            for i, spec in enumerate(s for s in specs if s.kind == kind)
        )

    return f"""# Written by python -m bot.cluster; do not edit (it is written again at every start).
global
  maxconn 4096
  log stderr format raw local0

defaults
  mode http
  # Only what went wrong (errors, retries, a server marked down), each with its path but never the query string
  # (Rasa's API token travels there) nor the client's address: into the haproxy log beside the other logs.
  log global
  option httplog
  option dontlog-normal
  log-format "[%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %HM %HPO"
  timeout connect 1s
  timeout client 60s
  timeout server 30s
  timeout tunnel 1h
  # A server busy with turns answers its health check late: it is not down for that (a dead one refuses the
  # connection at once, and its requests go to the other server through redispatch).
  timeout check 5s
  # A server that just died: the request goes to another one (and is tried there once more).
  option redispatch 1
  retries 2
  retry-on conn-failure empty-response response-timeout 502 503
  option http-buffer-request

frontend public
  bind 127.0.0.1:{ports.public}
  monitor-uri /lb-health
  option forwardfor
  default_backend web

backend web
  balance roundrobin
  # Sticky: a browser's WebSocket and its page stay with one web app.
  cookie ROUTEADVIES_WEB insert indirect nocache httponly attr "SameSite=Lax"
  option httpchk GET /healthz
{servers("web", " cookie web-{0}")}

frontend rasa
  bind 127.0.0.1:{ports.rasa_lb}
  default_backend rasa

backend rasa
  # A socket.io client of Rasa stays with one server (its session id); REST turns go to either (shared tracker,
  # Redis locks). Without a sid (REST, the socket.io handshake) this is round robin.
  balance url_param sid
  hash-type consistent
  option httpchk GET /
{servers("rasa")}

frontend actions
  bind 127.0.0.1:{ports.actions_lb}
  default_backend actions

backend actions
  balance roundrobin
  option httpchk GET /health
{servers("actions")}
"""


def ensure_databases(values: dict[str, str], admin_url: str = ADMIN_DB_URL) -> list[str]:
    """Creates the PostgreSQL databases the settings name, where missing; the names it made."""
    wanted = {make_url(values[key]).database for key in
              ("DATABASE_URL", "TRACKER_STORE_URL", "HELPDESK_STORE_URL", "ADVICE_STORE_URL", "STATS_STORE_URL")}
    made = []
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", future=True)
    try:
        with engine.connect() as db:
            existing = set(db.scalars(text("SELECT datname FROM pg_database")))
            for name in sorted(wanted - existing):
                db.execute(text(f'CREATE DATABASE "{name}"'))
                made.append(name)
    finally:
        engine.dispose()
    return made


def services_down() -> list[str]:
    """Which of PostgreSQL, Redis and RabbitMQ do not answer on this machine."""
    down = []
    for name, port in (("PostgreSQL", 5432), ("Redis", 6379), ("RabbitMQ", 5672)):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        except OSError:
            down.append(f"{name} (127.0.0.1:{port})")
    return down


def build_services(model: str, values: dict[str, str], ports: Ports, log_dir: Path,
                   replicas: int = 2) -> tuple[list[Service], Service]:
    """The cluster's processes as services (HAProxy last), from :mod:`bot.cluster_spec`."""
    specs = cluster_spec.processes(replicas, ports.base)
    services: list[Service] = []
    for spec in specs:
        command = [sys.executable, *spec.command]
        if spec.kind == "rasa":
            command[command.index("--model") + 1] = model
        health = f"http://127.0.0.1:{spec.port}{spec.health_path}" if spec.port else ""
        services.append(Service(name=spec.name, command=command, health_url=health, env=values))
    config = log_dir.parent / "haproxy.cfg"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(haproxy_config(ports, specs))
    haproxy = Service(name="haproxy", command=[haproxy_bin(), "-db", "-f", str(config)],
                      health_url=f"http://127.0.0.1:{ports.public}/lb-health")
    return services, haproxy


def haproxy_bin() -> str:
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if not found:
        raise ServiceFailed("HAProxy is not installed: `make run-cluster` installs it (Debian package 'haproxy')")
    return found


def prepare(values: dict[str, str], progress: Callable[[str], None] = say) -> None:
    """Databases and the knowledge store on PostgreSQL, before any server starts."""
    made = ensure_databases(values)
    progress(f"PostgreSQL databases ready{' (made ' + ', '.join(made) + ')' if made else ''}")
    env = {**os.environ, **values}
    for step in (["validate"], ["load"]):
        result = subprocess.run([sys.executable, "-m", "knowledge", *step], cwd=PROJECT_ROOT, env=env,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise ServiceFailed(f"knowledge {step[0]} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    progress("Knowledge store loaded into PostgreSQL")


def healthy_services(services: list[Service]) -> list[Service]:
    return [s for s in services if s.health_url]


def start_all(services: list[Service], haproxy: Service, log_dir: Path,
              progress: Callable[[str], None] = say) -> float:
    """Starts the servers, then HAProxy once they answer: started earlier, it would have marked them down and send
    the first visitors a 503 until its next check. Seconds until all answered; ``services`` gains HAProxy."""
    for service in services:
        service.start(log_dir)
    took = wait_until_healthy(healthy_services(services), timeout=900, progress=progress)
    haproxy.start(log_dir)
    services.append(haproxy)
    return took + wait_until_healthy([haproxy], timeout=60, progress=progress)


def free_ports() -> Ports:
    """Ports for a cluster beside any other: the entries and a block of 30 for the servers, all free now."""
    for _ in range(50):
        base = free_port()
        if base > 60000:
            continue
        taken: list[socket.socket] = []
        try:
            for port in range(base, base + 30):
                sock = socket.socket()
                taken.append(sock)
                sock.bind(("127.0.0.1", port))
            return Ports(public=free_port(), rasa_lb=free_port(), actions_lb=free_port(), base=base)
        except OSError:
            continue
        finally:
            for sock in taken:
                sock.close()
    raise ServiceFailed("no block of 30 free ports on 127.0.0.1")


def drop_databases(values: dict[str, str], admin_url: str = ADMIN_DB_URL) -> None:
    names = {make_url(values[key]).database for key in ("DATABASE_URL", "TRACKER_STORE_URL")}
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", future=True)
    try:
        with engine.connect() as db:
            for name in sorted(names):
                db.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


@dataclass(frozen=True)
class RunningCluster:
    url: str  # the public entry (HAProxy)
    services: list[Service]
    values: dict[str, str]

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)


@contextmanager
def throwaway_cluster(model: str, workdir: Path, extra: Mapping[str, str] | None = None, replicas: int = 2,
                      progress: Callable[[str], None] = say) -> Iterator[RunningCluster]:
    """A whole cluster on free ports with databases and a queue of its own (fault tests, load benchmark), watched
    by a supervisor as in ``make run-cluster``; stopped and its databases dropped on exit."""
    down = services_down()
    if down:
        raise ServiceFailed(f"the cluster needs {', '.join(down)}: .ci/run starts them")
    ports = free_ports()
    name = f"rt_{uuid.uuid4().hex[:10]}"
    values = local_values(ports, directory=workdir, name=name, replicas=replicas)
    values.update(EVENT_BROKER_QUEUE=f"{name}_events", **(extra or {}))
    log_dir = workdir / "log"
    services: list[Service] = []
    stop = threading.Event()
    watcher: threading.Thread | None = None
    try:
        prepare(values, progress=progress)
        services, haproxy = build_services(model, values, ports, log_dir, replicas)
        start_all(services, haproxy, log_dir, progress)
        supervisor = Supervisor(services, progress)
        watcher = threading.Thread(target=supervisor.run, kwargs={"interval": 0.5, "until": stop.is_set},
                                   daemon=True)
        watcher.start()
        yield RunningCluster(f"http://127.0.0.1:{ports.public}", services, values)
    finally:
        stop.set()
        if watcher is not None:
            watcher.join(timeout=5)
        stop_all(services)
        drop_databases(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cluster")
    parser.add_argument("--model", default=cluster_spec.MODEL_PATH)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--public-port", type=int, default=cluster_spec.PUBLIC_PORT)
    args = parser.parse_args(argv)
    ports = Ports(public=args.public_port)
    values = local_values(ports, replicas=args.replicas, env=os.environ)
    try:
        check({**os.environ, **values}, rasa_servers=args.replicas)
    except ProfileError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    os.environ.update(values)  # the daily purge job and `python -m bot ...` by hand use the same settings
    down = services_down()
    if down:
        print(f"Not running: {', '.join(down)}. Start them (see README, 'Production'), then run again.",
              file=sys.stderr)
        return 1
    log_dir = CLUSTER_DIR / "log"
    services: list[Service] = []
    stop_on_sigterm()
    try:
        prepare(values)
        services, haproxy = build_services(args.model, values, ports, log_dir, args.replicas)
        say(f"Starting {len(services)} processes and HAProxy (logs in {log_dir}); the Rasa servers take ~1 min")
        took = start_all(services, haproxy, log_dir)
        say(f"Cluster ready in {took:.0f} s")
        print(
            "\nThe routeadvies-bot cluster is running (production profile):\n"
            f"  public entry (HAProxy):  http://localhost:{ports.public}/   (widget /widget.js, kiosk /kiosk?id=..., "
            "helpdesk /agent/)\n"
            f"  Rasa servers:            {', '.join(s.name for s in services if s.name.startswith('rasa'))} "
            f"behind 127.0.0.1:{ports.rasa_lb}\n"
            f"  action servers:          behind 127.0.0.1:{ports.actions_lb}\n"
            f"  statistics:              python -m bot stats summary (with the same settings)\n"
            f"  HAProxy configuration:   {CLUSTER_DIR / 'haproxy.cfg'}\n"
            f"  logs:                    {log_dir}/\n"
            "A process that stops is started again; the privacy purge runs daily. Press Ctrl-C to stop.",
            flush=True,
        )
        purge = Job("privacy purge", [sys.executable, *cluster_spec.command("purge")],
                    cluster_spec.PURGE_EVERY_SECONDS)
        Supervisor(services, say, jobs=[purge]).run()
        return 0
    except ServiceFailed as error:
        print(f"Start-up failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        say("Stopping the cluster ...")
        stop_all(services)
        say(f"All cluster processes stopped. Logs: {log_dir}/")


if __name__ == "__main__":
    sys.exit(main())
