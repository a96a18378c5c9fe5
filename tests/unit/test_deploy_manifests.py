"""deploy/ (Kubernetes manifests, Docker Compose, HAProxy, the image) runs what the tested local cluster runs.

bot/cluster_spec.py is the single source: each process's command, the variables every process gets, the listen
variables, the health paths and the load balancers' ports. These tests hold deploy/ to it: a change there fails here,
naming the file to update, until the deployment files follow. Nothing here needs Docker or a Kubernetes cluster.
"""

from __future__ import annotations

import copy
import fnmatch
import functools
import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator

import kubernetes_validate
import pytest
import yaml

from bot import cluster_spec
from bot.exposure import ExposureError, rasa_auth_token

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "kubernetes"
SECRET_TEMPLATE = "secret.example.yaml"  # in deploy/kubernetes, deliberately not a resource of the kustomization
COMPOSE_SECRETS = "secrets.env"  # the deployment's own file, git-ignored; its template:
COMPOSE_SECRETS_TEMPLATE = DEPLOY / "secrets.example.env"
# The newest Kubernetes whose schemas kubernetes-validate 1.28.3 carries; that is the newest release of it that fits
# Rasa 3.6's pins (jsonschema<4.18). Every API used here (apps/v1, batch/v1 CronJob with timeZone, policy/v1,
# networking.k8s.io/v1) is unchanged since.
K8S_VERSION = "1.28"
IMAGE = "routeadvies-bot"
PORT = {"rasa": 5005, "actions": 5055, "web": 8000}  # where each server listens inside its container
SERVERS = tuple(PORT)
JOBS = ("purge",)
PLACEHOLDER = "CHANGE-ME"
PROBES = ("startupProbe", "readinessProbe", "livenessProbe")


# --- reading the files ----------------------------------------------------------------------------------------------

def yaml_documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


@functools.cache
def kustomization() -> dict[str, Any]:
    return yaml_documents(K8S / "kustomization.yaml")[0]


@functools.cache
def manifests() -> tuple[tuple[str, dict[str, Any]], ...]:
    """(file, document) of every resource the kustomization applies."""
    return tuple((name, doc) for name in kustomization()["resources"] for doc in yaml_documents(K8S / name))


def find(kind: str, name: str) -> tuple[str, dict[str, Any]]:
    found = [(file, doc) for file, doc in manifests() if doc["kind"] == kind and doc["metadata"]["name"] == name]
    assert len(found) == 1, f"deploy/kubernetes: expected one {kind} named {name!r}, found {len(found)}"
    return found[0]


@functools.cache
def secret_template() -> dict[str, Any]:
    return yaml_documents(K8S / SECRET_TEMPLATE)[0]


def config_map() -> dict[str, str]:
    return find("ConfigMap", "routeadvies-config")[1]["data"]


def pod_spec(kind: str) -> tuple[str, dict[str, Any]]:
    """(file, pod spec) of a process kind: its Deployment's, or for the purge its CronJob's."""
    if kind in JOBS:
        file, cron = find("CronJob", kind)
        return file, cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    file, deployment = find("Deployment", kind)
    return file, deployment["spec"]["template"]["spec"]


def container(kind: str) -> tuple[str, dict[str, Any]]:
    file, spec = pod_spec(kind)
    named = [c for c in spec["containers"] if c["name"] == kind]
    assert len(named) == 1, f"deploy/kubernetes/{file}: no container named {kind!r}"
    return file, named[0]


def all_containers() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(file, kind, container) of every container and init container of the cluster's processes."""
    for kind in (*cluster_spec.KINDS, *JOBS):
        file, spec = pod_spec(kind)
        for each in [*spec.get("initContainers", []), *spec["containers"]]:
            yield file, kind, each


def k8s_env(c: dict[str, Any]) -> dict[str, str | None]:
    """The variables a container gets (from env, the ConfigMap and the Secret) with their values (None: a secret)."""
    values: dict[str, str | None] = {}
    for source in c.get("envFrom", []):
        if "configMapRef" in source:
            values.update(find("ConfigMap", source["configMapRef"]["name"])[1]["data"])
        if "secretRef" in source:
            secret = secret_template()
            assert source["secretRef"]["name"] == secret["metadata"]["name"], \
                f"container {c['name']} reads Secret {source['secretRef']['name']!r}, the template makes " \
                f"{secret['metadata']['name']!r}"
            values.update(dict.fromkeys(secret["stringData"]))
    values.update({e["name"]: e.get("value") for e in c.get("env", [])})
    return values


def named_port(c: dict[str, Any], port: int | str) -> int | str:
    return {p["name"]: p["containerPort"] for p in c.get("ports", []) if "name" in p}.get(port, port)


@functools.cache
def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def compose_services(kind: str) -> dict[str, dict[str, Any]]:
    """The Compose services that run a process kind: ``rasa-1``, ``rasa-2``, ... or just ``stats``."""
    services = compose()["services"]
    return {name: s for name, s in services.items() if name == kind or re.fullmatch(rf"{kind}-\d+", name)}


def env_file_keys(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def compose_env(service: dict[str, Any]) -> dict[str, str | None]:
    """A service's variables: its environment, and the keys of its env files (None: a secret from the file)."""
    values: dict[str, str | None] = {}
    files = service.get("env_file") or []
    for entry in [files] if isinstance(files, str | dict) else files:
        path = entry["path"] if isinstance(entry, dict) else entry
        assert path == COMPOSE_SECRETS, f"deploy/compose.yaml reads env file {path!r}: the secrets are in secrets.env"
        values.update(dict.fromkeys(env_file_keys(COMPOSE_SECRETS_TEMPLATE)))
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    values.update({key: None if value is None else str(value) for key, value in environment.items()})
    return values


def process_services() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for kind in (*cluster_spec.KINDS, *JOBS):
        for name, service in compose_services(kind).items():
            yield kind, name, service


@functools.cache
def haproxy_sections() -> dict[str, list[str]]:
    """``"backend web"`` -> its lines, from deploy/haproxy.cfg."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line:
            continue
        if not line[0].isspace():
            current = line.strip()
            sections[current] = []
        else:
            sections[current].append(line.strip())
    return sections


def dockerignore_excludes(path: str) -> bool:
    """Whether deploy/Dockerfile.dockerignore keeps ``path`` (relative to the project root) out of the image."""
    patterns = [line.strip() for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    parts = PurePosixPath(path).parts

    def matches(pattern: str) -> bool:
        if pattern.startswith("**/"):
            return any(fnmatch.fnmatchcase("/".join(parts[i:j]), pattern[3:])
                       for i in range(len(parts)) for j in range(i + 1, len(parts) + 1))
        return any(fnmatch.fnmatchcase("/".join(parts[:j]), pattern) for j in range(1, len(parts) + 1))

    excluded = False
    for pattern in patterns:  # the last pattern that matches decides, as in Docker
        if matches(pattern.removeprefix("!")):
            excluded = not pattern.startswith("!")
    return excluded


def memory_bytes(quantity: str) -> float:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "K": 1e3, "M": 1e6, "G": 1e9}
    number, unit = re.fullmatch(r"([\d.]+)([A-Za-z]*)", quantity).groups()
    return float(number) * units.get(unit, 1)


SECRET_NAME = re.compile(r"TOKEN|PASSWORD|PASS$|SECRET", re.IGNORECASE)
URL_PASSWORD = re.compile(r"://[^/\s:@]*:([^@\s/]+)@")
TOKEN_LIKE = re.compile(r"(?=.*\d)(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9_\-]{24,}")  # as secrets.token_urlsafe(32) makes


def looks_secret(value: str) -> bool:
    """A password in a URL or a token-like string, other than the placeholder."""
    password = URL_PASSWORD.search(value)
    return bool(password and password.group(1) != PLACEHOLDER) or bool(TOKEN_LIKE.fullmatch(value))


def strings(node: Any) -> Iterator[str]:
    """Every value in a parsed YAML document."""
    if isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)
    elif node is not None:
        yield str(node)


# --- the commands: python + exactly cluster_spec.command(kind, port) --------------------------------------------------

def expected_command(kind: str, spec_command: Callable[..., tuple[str, ...]]) -> list[str]:
    return ["python", *spec_command(kind, PORT.get(kind))]


def k8s_command_mismatches(spec_command: Callable[..., tuple[str, ...]] = cluster_spec.command) -> list[str]:
    problems = []
    for kind in (*cluster_spec.KINDS, *JOBS):
        file, c = container(kind)
        runs, wanted = [*c.get("command", []), *c.get("args", [])], expected_command(kind, spec_command)
        if runs != wanted:
            problems.append(f"deploy/kubernetes/{file}: container {kind!r} runs {runs}, but bot/cluster_spec.py gives "
                            f"{wanted} (command({kind!r}, {PORT.get(kind)})): update the manifest")
    return problems


def compose_command_mismatches(spec_command: Callable[..., tuple[str, ...]] = cluster_spec.command) -> list[str]:
    problems = []
    for kind in (*cluster_spec.KINDS, *JOBS):
        services = compose_services(kind)
        if not services:
            problems.append(f"deploy/compose.yaml: no service runs {kind!r}")
        for name, service in services.items():
            wanted = expected_command(kind, spec_command)
            if service.get("command") != wanted:
                problems.append(f"deploy/compose.yaml: service {name!r} runs {service.get('command')}, but "
                                f"bot/cluster_spec.py gives {wanted} (command({kind!r}, {PORT.get(kind)})): "
                                "update the service")
    return problems


def test_kubernetes_containers_run_the_commands_of_cluster_spec() -> None:
    problems = k8s_command_mismatches()
    assert not problems, "\n".join(problems)


def test_compose_services_run_the_commands_of_cluster_spec() -> None:
    problems = compose_command_mismatches()
    assert not problems, "\n".join(problems)


def test_a_command_changed_in_cluster_spec_fails_with_the_file_to_update() -> None:
    def changed(kind: str, port: int | None = None) -> tuple[str, ...]:
        return (*cluster_spec.command(kind, port), "--new-option")

    k8s, composed = k8s_command_mismatches(changed), compose_command_mismatches(changed)
    assert len(k8s) == len(cluster_spec.KINDS) + len(JOBS)
    assert "deploy/kubernetes/rasa.yaml" in k8s[0] and "--new-option" in k8s[0]
    assert any("deploy/compose.yaml: service 'web-2'" in problem for problem in composed)


def test_every_server_kind_has_an_in_container_port() -> None:
    assert set(SERVERS) == set(cluster_spec.HEALTH) == set(cluster_spec.LISTEN_ENV), \
        "bot/cluster_spec.py has another server kind: give it a port here and a Deployment/Service in deploy/"


# --- Kubernetes: valid, complete, consistent -------------------------------------------------------------------------

def test_the_kustomization_applies_every_manifest_but_the_secret_template() -> None:
    files = {path.name for path in K8S.glob("*.yaml")} - {"kustomization.yaml", SECRET_TEMPLATE}
    assert set(kustomization()["resources"]) == files


def test_every_resource_lives_in_the_kustomization_namespace() -> None:
    namespace = kustomization()["namespace"]
    assert find("Namespace", namespace)
    wrong = [f"{file}: {doc['kind']}/{doc['metadata']['name']}" for file, doc in [*manifests(), (SECRET_TEMPLATE,
             secret_template())] if doc["kind"] != "Namespace" and doc["metadata"].get("namespace") != namespace]
    assert not wrong, f"not in namespace {namespace}: {wrong}"


def _all_k8s_documents() -> list[tuple[str, dict[str, Any]]]:
    return [*manifests(), (SECRET_TEMPLATE, secret_template())]


@pytest.mark.parametrize("file,document", _all_k8s_documents(),
                         ids=[f"{f}:{d['kind']}/{d['metadata']['name']}" for f, d in _all_k8s_documents()])
def test_manifest_validates_against_the_kubernetes_schema_in_strict_mode(file: str, document: dict[str, Any]) -> None:
    try:
        version = kubernetes_validate.validate(document, K8S_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        path = ".".join(str(part) for part in error.path)
        pytest.fail(f"deploy/kubernetes/{file}: {document['kind']}/{document['metadata']['name']}: {path}: "
                    f"{error.message}")
    assert version == K8S_VERSION


def test_strict_validation_refuses_an_unknown_field() -> None:
    deployment = copy.deepcopy(find("Deployment", "rasa")[1])
    deployment["spec"]["replica"] = 2  # a typo of replicas
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_every_container_runs_the_one_image() -> None:
    images = {(file, c["name"]): c["image"] for file, _, c in all_containers()}
    assert set(images.values()) == {IMAGE}, images
    assert [image["name"] for image in kustomization()["images"]] == [IMAGE]


@pytest.mark.parametrize("kind", [*cluster_spec.KINDS, *JOBS])
def test_kubernetes_containers_get_every_shared_variable(kind: str) -> None:
    file, spec = pod_spec(kind)
    for c in [*spec.get("initContainers", []), *spec["containers"]]:
        missing = set(cluster_spec.SHARED_ENV) - set(k8s_env(c))
        assert not missing, f"deploy/kubernetes/{file}: container {c['name']!r} lacks {sorted(missing)}"


@pytest.mark.parametrize("kind", SERVERS)
def test_kubernetes_servers_listen_on_every_interface_of_their_pod(kind: str) -> None:
    file, c = container(kind)
    variable = cluster_spec.LISTEN_ENV[kind]
    assert k8s_env(c).get(variable) == "0.0.0.0", f"deploy/kubernetes/{file}: {variable} of {kind}"


@pytest.mark.parametrize("kind", SERVERS)
def test_kubernetes_servers_listen_on_their_in_container_port(kind: str) -> None:
    _, c = container(kind)
    assert [p["containerPort"] for p in c["ports"]] == [PORT[kind]]


@pytest.mark.parametrize("kind", SERVERS)
@pytest.mark.parametrize("probe", PROBES)
def test_kubernetes_probes_ask_the_health_path_on_the_server_port(kind: str, probe: str) -> None:
    file, c = container(kind)
    get = c[probe]["httpGet"]
    assert (get["path"], named_port(c, get["port"])) == (cluster_spec.HEALTH[kind], PORT[kind]), \
        f"deploy/kubernetes/{file}: {probe} of {kind}"


@pytest.mark.parametrize("kind", SERVERS)
def test_each_server_has_a_service_on_its_port_that_selects_its_pods(kind: str) -> None:
    file, service = find("Service", kind)
    _, deployment = find("Deployment", kind)
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items(), f"deploy/kubernetes/{file}: Service selector"
    _, c = container(kind)
    [port] = service["spec"]["ports"]
    assert (port["port"], named_port(c, port["targetPort"])) == (PORT[kind], PORT[kind])


def test_rasa_calls_the_actions_service_and_the_web_app_the_rasa_service() -> None:
    assert config_map()["ACTION_ENDPOINT_URL"] == f"http://actions:{PORT['actions']}/webhook"
    assert config_map()["RASA_URL"] == f"http://rasa:{PORT['rasa']}"


@pytest.mark.parametrize("kind", SERVERS)
def test_kubernetes_runs_at_least_two_of_each_server(kind: str) -> None:
    assert find("Deployment", kind)[1]["spec"]["replicas"] >= 2


def test_rasa_servers_setting_equals_the_rasa_replicas() -> None:
    assert config_map()["RASA_SERVERS"] == str(find("Deployment", "rasa")[1]["spec"]["replicas"])


def test_one_statistics_consumer() -> None:
    assert find("Deployment", "stats")[1]["spec"]["replicas"] == 1


@pytest.mark.parametrize("kind", ["rasa", "web"])
def test_a_disruption_budget_keeps_one_server_of_a_kind(kind: str) -> None:
    _, budget = find("PodDisruptionBudget", kind)
    labels = find("Deployment", kind)[1]["spec"]["template"]["metadata"]["labels"]
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert budget["spec"]["minAvailable"] == 1


def test_the_purge_runs_daily_one_at_a_time() -> None:
    _, cron = find("CronJob", "purge")
    minute, hour, *rest = cron["spec"]["schedule"].split()
    assert cluster_spec.PURGE_EVERY_SECONDS == 24 * 3600
    assert minute.isdigit() and hour.isdigit() and rest == ["*", "*", "*"]
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"


def test_action_servers_validate_and_load_the_knowledge_store_before_they_start() -> None:
    _, spec = pod_spec("actions")
    commands = [c["command"] for c in spec["initContainers"]]
    assert commands == [["python", "-m", "knowledge", "validate"], ["python", "-m", "knowledge", "load"]]


def test_the_ingress_keeps_a_browser_with_one_web_app_by_cookie() -> None:
    _, ingress = find("Ingress", "web")
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # a WebSocket stays open
    backends = {p["backend"]["service"]["name"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]}
    assert backends == {"web"}


@pytest.mark.parametrize("kind", [*cluster_spec.KINDS, *JOBS])
def test_every_container_has_requests_and_limits(kind: str) -> None:
    file, spec = pod_spec(kind)
    for c in [*spec.get("initContainers", []), *spec["containers"]]:
        for bound in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(c["resources"][bound]), f"deploy/kubernetes/{file}: {c['name']} {bound}"


def test_a_rasa_server_gets_a_gibibyte() -> None:
    _, c = container("rasa")
    assert memory_bytes(c["resources"]["requests"]["memory"]) >= 2**30


@pytest.mark.parametrize("kind", [*cluster_spec.KINDS, *JOBS])
def test_pods_run_as_the_image_non_root_user(kind: str) -> None:
    user = re.search(r"^USER (\d+)", (DEPLOY / "Dockerfile").read_text(), re.MULTILINE)
    _, spec = pod_spec(kind)
    assert user and spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] == int(user.group(1)) != 0


# --- Docker Compose and its HAProxy ----------------------------------------------------------------------------------

def test_compose_runs_every_process_from_the_one_image() -> None:
    images = {name: service.get("image") for _, name, service in process_services()}
    images["knowledge-load"] = compose()["services"]["knowledge-load"].get("image")
    assert len(set(images.values())) == 1 and IMAGE in next(iter(images.values())), images


@pytest.mark.parametrize("kind", SERVERS)
def test_compose_runs_at_least_two_of_each_server(kind: str) -> None:
    assert len(compose_services(kind)) >= 2


def test_compose_rasa_servers_setting_equals_its_rasa_services() -> None:
    counts = {compose_env(s)["RASA_SERVERS"] for _, _, s in process_services()}
    assert counts == {str(len(compose_services("rasa")))}


def test_compose_processes_get_every_shared_variable() -> None:
    services = [*process_services(), ("knowledge", "knowledge-load", compose()["services"]["knowledge-load"])]
    missing = {name: sorted(set(cluster_spec.SHARED_ENV) - set(compose_env(s))) for _, name, s in services}
    assert not {name: names for name, names in missing.items() if names}, missing


@pytest.mark.parametrize("kind", SERVERS)
def test_compose_servers_listen_on_every_interface_of_their_container(kind: str) -> None:
    for name, service in compose_services(kind).items():
        assert compose_env(service).get(cluster_spec.LISTEN_ENV[kind]) == "0.0.0.0", name


@pytest.mark.parametrize("kind", SERVERS)
def test_compose_health_checks_ask_the_health_path_on_the_server_port(kind: str) -> None:
    for name, service in compose_services(kind).items():
        url = re.search(r"'(http://[^']+)'", " ".join(service["healthcheck"]["test"]))
        assert url and url.group(1) == f"http://127.0.0.1:{PORT[kind]}{cluster_spec.HEALTH[kind]}", name


def test_compose_purge_is_a_job_that_up_does_not_start() -> None:
    purge = compose()["services"]["purge"]
    assert purge["profiles"] == ["jobs"] and purge["restart"] == "no"


def test_compose_action_servers_wait_for_the_knowledge_load() -> None:
    load = " ".join(compose()["services"]["knowledge-load"]["command"])
    assert re.search(r"python -m knowledge validate && python -m knowledge load", load)
    for name, service in compose_services("actions").items():
        assert service["depends_on"]["knowledge-load"]["condition"] == "service_completed_successfully", name


def test_compose_processes_reach_rasa_and_the_actions_through_haproxy() -> None:
    for _, name, service in process_services():
        env = compose_env(service)
        assert env["RASA_URL"] == f"http://haproxy:{cluster_spec.RASA_LB_PORT}", name
        assert env["ACTION_ENDPOINT_URL"] == f"http://haproxy:{cluster_spec.ACTIONS_LB_PORT}/webhook", name


def test_compose_publishes_haproxy_on_the_public_port() -> None:
    assert compose()["services"]["haproxy"]["ports"] == [f"{cluster_spec.PUBLIC_PORT}:{cluster_spec.PUBLIC_PORT}"]


def test_compose_web_apps_trust_only_haproxy_forwarded_addresses() -> None:
    address = compose()["services"]["haproxy"]["networks"]["default"]["ipv4_address"]
    assert {compose_env(s)["ROUTEADVIES_TRUSTED_PROXIES"] for s in compose_services("web").values()} == {address}


@pytest.mark.parametrize("frontend,port", [("public", cluster_spec.PUBLIC_PORT), ("rasa", cluster_spec.RASA_LB_PORT),
                                           ("actions", cluster_spec.ACTIONS_LB_PORT)])
def test_haproxy_listens_on_the_ports_of_cluster_spec(frontend: str, port: int) -> None:
    assert f"bind :{port}" in haproxy_sections()[f"frontend {frontend}"]


@pytest.mark.parametrize("kind", SERVERS)
def test_haproxy_balances_every_compose_server_and_checks_its_health_path(kind: str) -> None:
    lines = haproxy_sections()[f"backend {kind}"]
    servers = [line.split()[1:3] for line in lines if line.startswith("server ")]
    assert servers == [[name, f"{name}:{PORT[kind]}"] for name in compose_services(kind)]
    assert f"option httpchk GET {cluster_spec.HEALTH[kind]}" in lines


def test_haproxy_keeps_a_browser_with_one_web_app_by_cookie() -> None:
    lines = haproxy_sections()["backend web"]
    assert any(line.startswith("cookie ROUTEADVIES_WEB insert") for line in lines)
    assert all(" cookie " in line for line in lines if line.startswith("server "))


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="HAProxy is not installed (make run-cluster installs it)")
def test_haproxy_accepts_the_configuration() -> None:
    checked = subprocess.run(["haproxy", "-c", "-f", str(DEPLOY / "haproxy.cfg")], capture_output=True, text=True,
                             timeout=30)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _local_cluster_haproxy() -> str:
    from bot import cluster

    return cluster.haproxy_config(cluster.Ports(), cluster_spec.processes(2, cluster.Ports().base))


@pytest.mark.parametrize("config", ["deploy", "local"])
def test_haproxy_logs_only_failures_without_query_strings_or_client_addresses(config: str) -> None:
    text = (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8") if config == "deploy" else _local_cluster_haproxy()
    log_format = next(line for line in text.splitlines() if line.strip().startswith("log-format"))
    assert "option dontlog-normal" in text and "%HPO" in log_format  # the path only: Rasa's token is in the query
    assert not re.search(r"%(\{[^}]*\})?(ci|HU|r)\b", log_format)  # client address, full URL, request line


# --- no secrets in the repository or the image -----------------------------------------------------------------------

def test_the_secret_check_finds_a_password_in_a_url() -> None:
    assert looks_secret("postgresql://routeadvies:hunter2@db:5432/routeadvies")
    assert not looks_secret(f"postgresql://routeadvies:{PLACEHOLDER}@db:5432/routeadvies")


def test_the_secret_check_finds_a_token() -> None:
    assert looks_secret("Zm9vYmFyYmF6cXV4X3Rva2VuX3ZhbHVl")
    assert not looks_secret("http://actions:5055/webhook")


def test_the_config_map_holds_no_secret() -> None:
    data = config_map()
    assert not set(data) & set(secret_template()["stringData"])
    assert not [key for key, value in data.items() if SECRET_NAME.search(key) or looks_secret(value)]


def test_compose_file_holds_no_secret() -> None:
    assert not [text for text in strings(compose()) if looks_secret(text)]
    set_here = {key for _, _, s in process_services() for key in (s.get("environment") or {})}
    assert not [key for key in set_here if SECRET_NAME.search(key)], "secrets belong in secrets.env"


@pytest.mark.parametrize("template", ["kubernetes", "compose"])
def test_secret_templates_hold_only_placeholders(template: str) -> None:
    values = secret_template()["stringData"] if template == "kubernetes" else env_file_keys(COMPOSE_SECRETS_TEMPLATE)
    assert values and all(PLACEHOLDER in value for value in values.values()), values


@pytest.mark.parametrize("template", ["kubernetes", "compose"])
def test_the_placeholder_token_is_refused_at_start(template: str) -> None:
    values = secret_template()["stringData"] if template == "kubernetes" else env_file_keys(COMPOSE_SECRETS_TEMPLATE)
    with pytest.raises(ExposureError):
        rasa_auth_token({"RASA_AUTH_TOKEN": values["RASA_AUTH_TOKEN"]})


def test_the_compose_secrets_file_stays_out_of_git() -> None:
    assert COMPOSE_SECRETS in (DEPLOY / ".gitignore").read_text().split()


@pytest.mark.parametrize("path", [f"deploy/{COMPOSE_SECRETS}", "var/rasa-auth-token", "var/cluster/rasa-auth-token",
                                  ".venv/bin/python", ".git/config", "models/routeadvies.tar.gz"])
def test_the_image_leaves_out(path: str) -> None:
    assert dockerignore_excludes(path)


@pytest.mark.parametrize("path", ["config.yml", "domain.yml", "credentials.yml", "endpoints.production.yml",
                                  "data/rules.yml", "bot/cluster_spec.py", "actions/__init__.py",
                                  "knowledge/data/routes.yml", "requirements/lock.txt", "requirements/base.in"])
def test_the_image_gets(path: str) -> None:
    assert not dockerignore_excludes(path)


def test_the_dockerfile_sets_no_secret() -> None:
    logical_lines = dockerfile().replace("\\\n", " ").splitlines()
    settings = [line for line in logical_lines if re.match(r"(ENV|ARG)\s", line)]
    assert settings, "no ENV in deploy/Dockerfile: the check below would check nothing"
    assert not [text for text in settings if SECRET_NAME.search(text) or "_URL" in text or looks_secret(text)]


# --- the image: built as `make setup` and `make train` do ------------------------------------------------------------

def dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text(encoding="utf-8")


def test_the_image_has_the_project_python() -> None:
    version = ".".join((ROOT / ".python-version").read_text().strip().split(".")[:2])
    assert re.search(rf"^FROM python:{re.escape(version)}-slim$", dockerfile(), re.MULTILINE)


def test_the_image_installs_the_runtime_packages_at_the_locked_versions() -> None:
    assert "pip install --quiet -r requirements/base.in -c requirements/lock.txt" in dockerfile()


def test_the_image_builds_the_spacy_pipeline_that_config_uses() -> None:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"][0]
    assert pipeline["name"] == "SpacyNLP"
    assert f"python -m bot.nlp.build_spacy {pipeline['model']}" in dockerfile()


def test_the_image_trains_the_model_that_rasa_servers_load() -> None:
    match = re.search(r"rasa train --config config.yml --fixed-model-name (\S+) --out (\S+)", dockerfile())
    assert match and f"{match.group(2)}/{match.group(1)}.tar.gz" == cluster_spec.MODEL_PATH
