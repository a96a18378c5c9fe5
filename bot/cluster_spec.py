"""What the production cluster runs: each process's command, port and environment, in one place.

The local cluster (``make run-cluster``, :mod:`bot.cluster`) starts exactly these; the Kubernetes manifests and the
Docker Compose file in ``deploy/`` run the same commands with the same variables, and a test holds them to it.

Processes (every one started from the project root with the project's Python):

- ``rasa``: Rasa server, HTTP API behind the token, production endpoints (PostgreSQL tracker, Redis locks,
  RabbitMQ events). Several share the conversations.
- ``actions``: the action server (custom actions over the knowledge store on PostgreSQL).
- ``web``: the public web app (widget socket, kiosk, advice pages, helpdesk console).
- ``stats``: reads Rasa's events from RabbitMQ into the conversation statistics.
- ``purge`` (a job, daily): deletes or anonymises personal data past the retention period.
"""

from __future__ import annotations

from dataclasses import dataclass

MODEL_PATH = "models/routeadvies.tar.gz"
PUBLIC_PORT = 8080      # the load balancer's public entry (widget, kiosk, console)
RASA_LB_PORT = 5000     # the load balancer in front of the Rasa servers (web apps -> Rasa)
ACTIONS_LB_PORT = 5050  # the load balancer in front of the action servers (Rasa -> actions)
PURGE_EVERY_SECONDS = 24 * 3600

# Variables every process of the cluster gets (values are the deployment's: see ``local_values``).
SHARED_ENV = (
    "BOT_PROFILE", "RASA_AUTH_TOKEN", "DATABASE_URL", "TRACKER_STORE_URL", "LOCK_STORE_URL", "EVENT_BROKER_URL",
    "HELPDESK_STORE_URL", "ADVICE_STORE_URL", "STATS_STORE_URL", "RATE_LIMIT_STORAGE_URL", "FANOUT_URL",
    "RETENTION_DAYS", "ACTION_ENDPOINT_URL", "RASA_URL", "RASA_SERVERS", "ROUTEADVIES_TRUSTED_PROXIES",
    "PUBLIC_BASE_URL", "SQLALCHEMY_SILENCE_UBER_WARNING", "TF_CPP_MIN_LOG_LEVEL",
)
# Variables that only some kinds need to listen where the load balancer reaches them.
LISTEN_ENV = {"rasa": "RASA_LISTEN_HOST", "actions": "ACTIONS_LISTEN_HOST", "web": "WEB_LISTEN_HOST"}


@dataclass(frozen=True)
class ProcessSpec:
    name: str  # rasa-1, rasa-2, ..., stats-1
    kind: str  # rasa | actions | web | stats
    command: tuple[str, ...]  # after the Python interpreter: ("-m", "bot.rasa_cli", ...)
    port: int | None  # the port it listens on (None: it listens on nothing)
    health_path: str | None = None


def command(kind: str, port: int | None = None) -> tuple[str, ...]:
    """The command of one kind of process (``port`` where it listens)."""
    if kind == "rasa":
        return ("-m", "bot.rasa_cli", "run", "--enable-api", "--port", str(port), "--model", MODEL_PATH,
                "--credentials", "credentials.yml", "--endpoints", "endpoints.production.yml")
    if kind == "actions":
        return ("-m", "bot.rasa_cli", "run", "actions", "--actions", "actions", "--port", str(port))
    if kind == "web":
        return ("-m", "bot.web.app", "--port", str(port))
    if kind == "stats":
        return ("-m", "bot", "stats", "consume")
    if kind == "purge":
        return ("-m", "bot", "purge")
    raise ValueError(f"unknown process kind {kind!r}")


HEALTH = {"rasa": "/", "actions": "/health", "web": "/healthz"}
KINDS = ("rasa", "actions", "web", "stats")


def processes(replicas: int = 2, base_port: int = 8100) -> list[ProcessSpec]:
    """The long-running processes of a local cluster with ``replicas`` of each server kind."""
    specs: list[ProcessSpec] = []
    for offset, kind in enumerate(("rasa", "actions", "web")):
        for index in range(replicas):
            port = base_port + 10 * offset + index
            specs.append(ProcessSpec(f"{kind}-{index + 1}", kind, command(kind, port), port, HEALTH[kind]))
    specs.append(ProcessSpec("stats-1", "stats", command("stats"), None))
    return specs
