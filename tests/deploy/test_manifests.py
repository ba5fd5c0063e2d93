"""deploy/kubernetes: both overlays render with `kubectl kustomize`, every object is valid for
Kubernetes 1.28 (offline schemas, kubernetes-validate), and what they say holds: every
environment variable is one the code reads, the action server stays inside the namespace,
production scales Rasa, every pod runs as the image's non-root user with probes and limits."""

from __future__ import annotations

import functools
import importlib.util
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.ops.start import ROLES
from tests.conftest import IN_CI, ROOT

KUSTOMIZE = ROOT / "deploy" / "kubernetes"
OVERLAYS = ("small", "production")
K8S_VERSION = "1.28"
SITE = Path(sysconfig.get_paths()["purelib"])
# Variables read by Rasa, Sanic or a library rather than by our code: where each is read.
THIRD_PARTY = {
    "TICKET_LOCK_LIFETIME": SITE / "rasa/core/lock_store.py",
    "RASA_TELEMETRY_ENABLED": SITE / "rasa/telemetry.py",
    "LOG_LEVEL": SITE / "rasa/shared/constants.py",
    "MPLCONFIGDIR": SITE / "matplotlib/__init__.py",
    "TF_CPP_MIN_LOG_LEVEL": SITE / "tensorflow/libtensorflow_framework.so.2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": SITE / "sqlalchemy/util/deprecations.py",
    "HOME": Path(sys.modules["posixpath"].__file__),
}
READS = re.compile(
    r"""(?:environ\.get|environ\[|getenv|\benv|_int)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
    r"""|^[A-Z_]*ENV\s*=\s*["']([A-Z][A-Z0-9_]+)["']""",  # a name kept in a constant
    re.M,
)


def kubectl_kustomize(path: Path) -> str:
    if shutil.which("kubectl") is None:
        message = "kubectl is missing: make test installs it (scripts/ensure_tools.sh)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    result = subprocess.run(["kubectl", "kustomize", str(path)], capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@functools.cache
def rendered(overlay: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(kubectl_kustomize(KUSTOMIZE / "overlays" / overlay))
            if doc]  # fmt: skip


def objects(overlay: str, kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in rendered(overlay) if o["kind"] == kind}


def pod_specs(overlay: str) -> dict[str, dict[str, Any]]:
    specs = {n: d["spec"]["template"]["spec"] for n, d in objects(overlay, "Deployment").items()}
    specs |= {n: j["spec"]["template"]["spec"] for n, j in objects(overlay, "Job").items()}
    specs |= {n: c["spec"]["jobTemplate"]["spec"]["template"]["spec"]
              for n, c in objects(overlay, "CronJob").items()}  # fmt: skip
    return specs


def containers(overlay: str) -> list[dict[str, Any]]:
    return [c for spec in pod_specs(overlay).values() for c in spec["containers"]]


@functools.cache
def variables_the_code_reads() -> set[str]:
    names: set[str] = set()
    for folder in ("bot", "actions", "scripts"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".sh"}:
                for found in READS.findall(path.read_text(encoding="utf-8")):
                    names.update(n for n in found if n)
    return names


def is_read(name: str) -> bool:
    if name in variables_the_code_reads():
        return True
    if name.startswith("SANIC_"):  # Sanic loads SANIC_<KEY> into app.config.<KEY>
        from sanic.config import DEFAULT_CONFIG

        return name.removeprefix("SANIC_") in DEFAULT_CONFIG
    where = THIRD_PARTY.get(name)
    return where is not None and name.encode() in where.read_bytes()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_is_valid_for_kubernetes_1_28(overlay: str) -> None:
    import kubernetes_validate

    docs = rendered(overlay)
    assert len(docs) >= 18
    for doc in docs:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)  # raises on any error
        assert doc["metadata"].get("namespace", "leerloket") == "leerloket", doc["metadata"]


def test_the_validator_catches_a_wrong_field() -> None:
    import kubernetes_validate

    service = dict(objects("small", "Service")["leerloket-rasa"])
    service["spec"] = {**service["spec"], "prots": []}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(service, K8S_VERSION, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_environment_variable_is_one_the_code_reads(overlay: str) -> None:
    config = objects(overlay, "ConfigMap")["leerloket-config"]["data"]
    names = set(config)
    for container in containers(overlay):
        names.update(e["name"] for e in container.get("env", []))
        assert [r["configMapRef"]["name"] for r in container.get("envFrom", [])] == [
            "leerloket-config"
        ]
    unread = sorted(n for n in names if not is_read(n))
    assert not unread, f"set in the manifests but read by nothing: {unread}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_secrets_come_from_the_documented_secret(overlay: str) -> None:
    example = yaml.safe_load((KUSTOMIZE / "base" / "secret.example.yaml").read_text())
    assert not objects(overlay, "Secret"), "no secret values in the manifests"
    for container in containers(overlay):
        for env in container.get("env", []):
            ref = env.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                assert ref["name"] == "leerloket" and ref["key"] in example["stringData"], env
            elif env["name"] not in {"METRICS_PORT", "WEB_PORT"}:
                pytest.fail(f"{env['name']} is set in plain text")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_runs_an_entry_point_of_the_image(overlay: str) -> None:
    for container in containers(overlay):
        python, flag, module, role = container["command"]
        assert (python, flag, module) == ("python", "-m", "bot.ops.start") and role in ROLES
        for hook in container.get("lifecycle", {}).values():
            assert shutil.which(hook["exec"]["command"][0]), hook
    assert importlib.util.find_spec("bot.ops.start") is not None


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pods_are_non_root_read_only_with_probes_and_limits(overlay: str) -> None:
    uid = int(re.search(r"^USER (\d+)", (ROOT / "deploy/Containerfile").read_text(), re.M)[1])
    for name, spec in pod_specs(overlay).items():
        assert (
            spec["securityContext"]["runAsNonRoot"] and spec["securityContext"]["runAsUser"] == uid
        )
        assert spec["automountServiceAccountToken"] is False, name
        for container in spec["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] and not security["allowPrivilegeEscalation"]
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
    for name, deployment in objects(overlay, "Deployment").items():
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready", name
        assert container["livenessProbe"]["httpGet"]["path"] != "/health/ready", name
    rasa = objects(overlay, "Deployment")["leerloket-rasa"]["spec"]["template"]["spec"]
    assert rasa["containers"][0]["name"] == "rasa-oss"  # Rasa's chart
    assert rasa["containers"][0]["livenessProbe"]["httpGet"]["path"] == "/"  # Rasa's chart
    memory = rasa["containers"][0]["resources"]["requests"]["memory"]
    assert int(memory.removesuffix("Mi")) >= 632  # measured RSS of one Rasa process


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_action_server_is_reached_only_by_rasa(overlay: str) -> None:
    service = objects(overlay, "Service")["leerloket-rasa-action-server"]
    assert service["spec"]["type"] == "ClusterIP"
    backends = {
        path["backend"]["service"]["name"]
        for ingress in objects(overlay, "Ingress").values()
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends == {"leerloket-rasa", "leerloket-rasa-socketio", "leerloket-web"}
    policies = objects(overlay, "NetworkPolicy")
    assert policies["leerloket-default-deny-ingress"]["spec"]["podSelector"] == {}
    rules = policies["leerloket-rasa-action-server"]["spec"]["ingress"]
    webhook = [r for r in rules if r["ports"] == [{"protocol": "TCP", "port": "http"}]]
    assert webhook and all(
        source == {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "rasa",
                                                    "app.kubernetes.io/instance": "leerloket"}}}
        for rule in webhook for source in rule["from"]
    )  # fmt: skip
    config = objects(overlay, "ConfigMap")["leerloket-config"]["data"]
    assert config["ACTION_SERVER_URL"] == "http://leerloket-rasa-action-server/webhook"


def test_socketio_is_sticky_and_rest_is_not() -> None:
    ingresses = objects("production", "Ingress")
    sticky = ingresses["leerloket-socketio"]["metadata"]["annotations"]
    assert sticky["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert ingresses["leerloket-socketio"]["spec"]["rules"][0]["http"]["paths"][0]["path"] == (
        "/socket.io/"
    )
    assert (
        "nginx.ingress.kubernetes.io/affinity"
        not in ingresses["leerloket-rasa"]["metadata"]["annotations"]
    )


def test_small_runs_one_of_each_and_production_scales_rasa() -> None:
    small = objects("small", "Deployment")
    assert {n: d["spec"]["replicas"] for n, d in small.items()} == dict.fromkeys(small, 1)
    assert not objects("small", "HorizontalPodAutoscaler")
    hpa = objects("production", "HorizontalPodAutoscaler")
    assert hpa["leerloket-rasa"]["spec"]["minReplicas"] >= 2
    assert set(hpa) == {"leerloket-rasa", "leerloket-rasa-action-server"}
    production = objects("production", "Deployment")
    assert all("replicas" not in production[name]["spec"] for name in hpa)  # the HPA owns them
    assert set(objects("production", "PodDisruptionBudget")) == set(production)


def test_the_jobs_load_the_kb_and_purge_old_conversations() -> None:
    job = objects("production", "Job")["leerloket-kb-load"]
    assert job["spec"]["template"]["spec"]["containers"][0]["command"][-1] == "migrate"
    cron = objects("production", "CronJob")["leerloket-retention-purge"]
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    assert (
        cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"][-1]
        == "purge"
    )


def test_graceful_shutdown_fits_the_grace_period() -> None:
    config = objects("production", "ConfigMap")["leerloket-config"]["data"]
    for name, deployment in objects("production", "Deployment").items():
        spec = deployment["spec"]["template"]["spec"]
        pre_stop = int(spec["containers"][0]["lifecycle"]["preStop"]["exec"]["command"][-1])
        if name != "leerloket-web":  # Sanic: Rasa and the action server
            graceful = float(config["SANIC_GRACEFUL_SHUTDOWN_TIMEOUT"])
            assert pre_stop + graceful < spec["terminationGracePeriodSeconds"], name
