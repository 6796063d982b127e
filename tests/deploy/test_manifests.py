"""The Kubernetes manifests in deploy/k8s are valid (yamllint, and the Kubernetes API schema
via kubernetes-validate, strict: unknown fields fail) and say what the README says: API
replicas without workers, a worker Deployment, a daily re-check CronJob, non-root
containers with memory limits, and only settings that exist."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.platform.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
VERSION = "1.30"


def _documents() -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        docs += [(path.name, d) for d in yaml.safe_load_all(path.read_text()) if d]
    return docs


def _by_kind(kind: str, name: str) -> dict[str, Any]:
    return next(d for _, d in _documents() if d["kind"] == kind and d["metadata"]["name"] == name)


def _pod(doc: dict[str, Any]) -> dict[str, Any]:
    spec = doc["spec"]
    if doc["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    pod: dict[str, Any] = spec["template"]["spec"]
    return pod


def test_yamllint_passes() -> None:
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    config = YamlLintConfig(file=str(ROOT / "deploy" / ".yamllint"))
    problems = [
        f"{path.name}:{p.line}: {p.desc}"
        for path in sorted(K8S.glob("*.yaml"))
        for p in linter.run(path.read_text(), config)
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("name", "doc"), _documents(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_manifest_matches_the_kubernetes_schema(name: str, doc: dict[str, Any]) -> None:
    import kubernetes_validate

    kubernetes_validate.validate(doc, VERSION, strict=True)


def test_the_validator_has_teeth() -> None:
    import kubernetes_validate

    broken = _by_kind("Deployment", "assay-worker")
    broken = {**broken, "spec": {**broken["spec"], "replicas": "three"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSION, strict=True)


def test_roles_of_the_workloads() -> None:
    api = _pod(_by_kind("Deployment", "assay-api"))["containers"][0]["args"]
    assert api[:2] == ["assay", "serve"] and "--no-workers" in api
    assert _pod(_by_kind("Deployment", "assay-worker"))["containers"][0]["args"] == [
        "assay",
        "worker",
    ]
    cron = _by_kind("CronJob", "assay-recheck")
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    assert _pod(cron)["containers"][0]["args"][:2] == ["assay", "recheck"]


def test_containers_run_as_non_root_with_memory_limits() -> None:
    for name, doc in _documents():
        if doc["kind"] not in {"Deployment", "Job", "CronJob"}:
            continue
        pod = _pod(doc)
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        for container in pod["containers"]:
            assert container["resources"]["limits"]["memory"], name
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name


def test_the_config_map_names_only_real_settings() -> None:
    data = _by_kind("ConfigMap", "assay-config")["data"]
    fields = {f"ASSAY_{name.upper()}" for name in Settings.model_fields}
    unknown = [k for k in data if k.startswith("ASSAY_") and k not in fields]
    assert unknown == []
    assert data["ASSAY_RUN_WORKERS"] == "false"  # the API replicas are stateless
