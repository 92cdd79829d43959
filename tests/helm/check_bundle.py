#!/usr/bin/env python3
"""Independent verifier for the FATE 1.2/1.3 Helm bundles the generator produces.

    python check_bundle.py BUNDLE [BUNDLE...]      # each BUNDLE is a directory or a .zip of one

Prints one line per check group per chart, every problem under the group that found it, and a
final line ``N passed, M failed`` (N and M count bundles). Exits 1 when any bundle fails.

The checks are pure functions over plain data (lists of rendered Kubernetes objects as dicts, the
normalised config document, file contents as bytes) that return lists of problem strings, so
``test_check_bundle.py`` can plant each problem and prove that the check finds it. Only
``lint_chart``/``render_chart``/``check_schemas`` touch ``helm_python``/``kubernetes_validate``,
and they import them lazily: the pure checks need nothing but PyYAML.

Nothing here is taken from the generator: the expectations come from the FATE 1.2 reference
(/work/shared/reference/fate-1.2-on-kubernetes.md), the chart values contract
(charts/README.md) and the config document format (src/generator/config.rs).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import posixpath
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

import yaml

# --------------------------------------------------------------------------------------------
# Constants from the FATE 1.2 reference and the chart contract
# --------------------------------------------------------------------------------------------

KUBE_VERSIONS = ("1.25.0", "1.37.0")

PROXY_PORT = 9370
FEDERATION_PORT = 9394
FATEFLOW_GRPC_PORT = 9360
FATEFLOW_HTTP_PORT = 9380
PROXY_CONF_DIR = "/data/projects/fate/proxy/conf"

#: FATE images (``<registry>/<name>:<tag>`` or ``federatedai/<name>:<tag>``).
FATE_IMAGES = frozenset({"egg", "federation", "meta-service", "proxy", "roll", "python", "fateboard"})
#: Third-party images (``<registry>/<name>:<tag>`` or Docker Hub ``<name>:<tag>``).
THIRD_PARTY_IMAGES = frozenset({"mysql", "redis"})

#: Ports each FATE Service must expose (section 9 of the reference).
SERVICE_PORTS = {
    "federation": (FEDERATION_PORT,),
    "meta-service": (8590,),
    "roll": (8011,),
    "redis": (6379,),
    "mysql": (3306,),
    "fateflow": (FATEFLOW_GRPC_PORT, FATEFLOW_HTTP_PORT),
    "fateboard": (8080,),
    "proxy": (PROXY_PORT,),
}
EGG_PORTS = (7888, 7778)

NODE_PORT_RANGE = (30000, 32767)

#: Pod templates a Service may select (per the brief: Deployment/StatefulSet/DaemonSet/Job).
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job")

CREDENTIAL_KEYS = ("mysqlRootPassword", "mysqlPassword", "redisPassword")

BUNDLE_TOP_FILES = (
    "federation.yaml",
    "README.md",
    "install.sh",
    "uninstall.sh",
    "verify.sh",
    "images.txt",
    "mirror-images.sh",
    "provenance.json",
    "SHA256SUMS",
)

# Pod Security Standards, "baseline" profile.
BASELINE_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
        "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    }
)
SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    }
)
BASELINE_SELINUX_TYPES = frozenset({"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"})

HOP_LIMIT = 10


# --------------------------------------------------------------------------------------------
# YAML loading
# --------------------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text (Kubernetes objects are JSON: no dates)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class IntText(int):
    """An int that remembers how it was written (party ids such as ``0000``)."""

    text: str

    def __new__(cls, value: int, text: str) -> "IntText":
        obj = super().__new__(cls, value)
        obj.text = text
        return obj


class _ConfigLoader(_Loader):
    """Loader for federation.yaml: integers keep their source text."""


def _construct_int_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = yaml.SafeLoader.construct_yaml_int(loader, node)
    return IntText(value, str(node.value))


_ConfigLoader.add_constructor("tag:yaml.org,2002:int", _construct_int_text)


def load_yaml(text: str | bytes) -> Any:
    return yaml.load(text, Loader=_Loader)


def load_yaml_all(text: str | bytes) -> list[Any]:
    return list(yaml.load_all(text, Loader=_Loader))


def id_text(value: Any) -> str:
    """A party id as it was written (``0000`` stays ``0000``)."""
    if isinstance(value, IntText):
        return value.text
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).lower()
    return str(value)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


# --------------------------------------------------------------------------------------------
# Config document
# --------------------------------------------------------------------------------------------


def normalize_config(raw: Any) -> tuple[dict[str, Any], list[str]]:
    """Turn a parsed federation.yaml into a dict with every default applied.

    Returns ``(config, problems)``. The config has: ``version``, ``fateVersion``, ``target``,
    ``parties`` (each with ``id``, ``address``, ``nodePort``, ``namespace``, ``release``,
    ``dmz`` or None, ``eggs``), ``exchange`` (``address``, ``nodePort``, ``namespace``,
    ``release``) or None, ``images`` (``registry``, ``tag``, ``mysqlTag``, ``redisTag``,
    ``pullPolicy``, ``pullSecrets``), ``storage``, ``ingress`` and ``credentials``.
    """
    problems: list[str] = []
    if not isinstance(raw, dict):
        return _empty_config(), ["federation.yaml: not a mapping"]
    version = raw.get("version")
    if version != 1:
        problems.append(f"federation.yaml: version is {version!r}, expected 1")
    fate_version = str(raw.get("fateVersion") or "1.2.0")
    if fate_version not in ("1.2.0", "1.3.0"):
        problems.append(f"federation.yaml: fateVersion {fate_version!r} is not 1.2.0 or 1.3.0")

    images_raw = raw.get("images") or {}
    images = {
        "registry": str(images_raw.get("registry") or "").rstrip("/"),
        "tag": str(images_raw.get("tag") or f"{fate_version}-release"),
        "mysqlTag": str(images_raw.get("mysqlTag") or "8.0.36"),
        "redisTag": str(images_raw.get("redisTag") or "5.0.14"),
        "pullPolicy": str(images_raw.get("pullPolicy") or "IfNotPresent"),
        "pullSecrets": [str(s) for s in (images_raw.get("pullSecrets") or [])],
    }
    storage = raw.get("storage") or {"type": "none"}
    ingress_raw = raw.get("ingress") or {}
    ingress = {
        "enabled": ingress_raw.get("enabled", True) is not False,
        "className": str(ingress_raw.get("className") or "nginx"),
        "tlsSecret": str(ingress_raw.get("tlsSecret") or ""),
    }
    doc_placement = raw.get("placement") or {}

    parties = []
    seen_ids: set[str] = set()
    for i, p in enumerate(raw.get("parties") or []):
        if not isinstance(p, dict):
            problems.append(f"federation.yaml: parties[{i}] is not a mapping")
            continue
        pid = id_text(p.get("id"))
        if not pid or not pid.isdigit():
            problems.append(f"federation.yaml: parties[{i}].id {pid!r} is not a string of digits")
        if pid in seen_ids:
            problems.append(f"federation.yaml: party id {pid} appears twice")
        seen_ids.add(pid)
        address = str(p.get("address") or "")
        if not address:
            problems.append(f"federation.yaml: party {pid} has no address")
        dmz = None
        if p.get("dmz") is not None:
            d = p["dmz"] or {}
            dmz = {
                "host": str(d.get("host") or ""),
                "port": _as_int(d.get("port", PROXY_PORT)),
                "federationNodePort": _as_int(d.get("federationNodePort")),
                "fateflowNodePort": _as_int(d.get("fateflowNodePort")),
            }
            for k, v in dmz.items():
                if v in (None, ""):
                    problems.append(f"federation.yaml: party {pid} dmz.{k} is missing")
        node_port = _as_int(p.get("nodePort"))
        if dmz is None and node_port is None:
            problems.append(f"federation.yaml: party {pid} has neither nodePort nor dmz")
        placement = p.get("placement") or doc_placement
        eggs = placement.get("eggs") if isinstance(placement, dict) else None
        egg_count = len(eggs) if isinstance(eggs, list) and eggs else 1
        parties.append(
            {
                "id": pid,
                "address": address,
                "nodePort": node_port,
                "namespace": str(p.get("namespace") or f"fate-{pid}"),
                "release": f"fate-{pid}",
                "dmz": dmz,
                "eggs": [f"egg{j}" for j in range(egg_count)],
            }
        )
    if not parties:
        problems.append("federation.yaml: no parties")

    exchange = None
    if raw.get("exchange") is not None:
        e = raw["exchange"] or {}
        exchange = {
            "address": str(e.get("address") or ""),
            "nodePort": _as_int(e.get("nodePort")),
            "namespace": str(e.get("namespace") or "fate-exchange"),
            "release": "fate-exchange",
        }
        if not exchange["address"] or exchange["nodePort"] is None:
            problems.append("federation.yaml: exchange needs address and nodePort")

    config = {
        "version": version,
        "fateVersion": fate_version,
        "target": str(raw.get("target") or "helm3"),
        "parties": parties,
        "exchange": exchange,
        "images": images,
        "storage": storage if isinstance(storage, dict) else {"type": str(storage)},
        "ingress": ingress,
        "credentials": raw.get("credentials") or {},
    }
    problems += check_config_ports(config)
    return config, problems


def _empty_config() -> dict[str, Any]:
    return {
        "version": None, "fateVersion": "1.2.0", "target": "helm3", "parties": [], "exchange": None,
        "images": {"registry": "", "tag": "1.2.0-release", "mysqlTag": "8.0.36", "redisTag": "5.0.14",
                   "pullPolicy": "IfNotPresent", "pullSecrets": []},
        "storage": {"type": "none"}, "ingress": {"enabled": True, "className": "nginx", "tlsSecret": ""},
        "credentials": {},
    }


def existing_claim(config: dict[str, Any]) -> str:
    storage = config.get("storage") or {}
    if storage.get("type") == "existingClaim":
        return str(storage.get("claim") or "")
    return ""


def check_config_ports(config: dict[str, Any]) -> list[str]:
    """NodePorts in range; no two listeners on the same (address, port)."""
    problems: list[str] = []
    used: dict[tuple[str, int], str] = {}

    def claim(host: str, port: int | None, what: str, node_port: bool) -> None:
        if port is None:
            return
        if node_port and not (NODE_PORT_RANGE[0] <= port <= NODE_PORT_RANGE[1]):
            problems.append(f"federation.yaml: {what} {port} is outside the NodePort range 30000-32767")
        key = (_norm_host(host), port)
        if key in used:
            problems.append(f"federation.yaml: {what} {host}:{port} is also used by {used[key]}")
        else:
            used[key] = what

    for p in config["parties"]:
        if p["dmz"] is None:
            claim(p["address"], p["nodePort"], f"party {p['id']} nodePort", True)
        else:
            d = p["dmz"]
            claim(d["host"], d["port"], f"party {p['id']} dmz.port", False)
            claim(p["address"], d["federationNodePort"], f"party {p['id']} dmz.federationNodePort", True)
            claim(p["address"], d["fateflowNodePort"], f"party {p['id']} dmz.fateflowNodePort", True)
    if config["exchange"]:
        e = config["exchange"]
        claim(e["address"], e["nodePort"], "exchange nodePort", True)
    return problems


# --------------------------------------------------------------------------------------------
# Object helpers
# --------------------------------------------------------------------------------------------


def obj_label(obj: dict[str, Any]) -> str:
    return f"{obj.get('kind', '?')}/{(obj.get('metadata') or {}).get('name', '?')}"


def _meta(obj: dict[str, Any]) -> dict[str, Any]:
    return obj.get("metadata") or {}


def objects_of(objects: Iterable[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if isinstance(o, dict) and o.get("kind") == kind]


@dataclass
class PodTemplate:
    owner: dict[str, Any]  # the object that holds the template
    label: str  # Kind/name of the owner
    meta: dict[str, Any]
    spec: dict[str, Any]
    workload: bool  # a Deployment/StatefulSet/DaemonSet/ReplicaSet/Job template


def pod_templates(objects: Iterable[dict[str, Any]]) -> list[PodTemplate]:
    """Every pod template: workloads' ``spec.template``, CronJobs' and bare Pods."""
    out: list[PodTemplate] = []
    for o in objects:
        if not isinstance(o, dict):
            continue
        kind = o.get("kind")
        spec = o.get("spec") or {}
        if kind in WORKLOAD_KINDS:
            t = spec.get("template") or {}
            out.append(PodTemplate(o, obj_label(o), t.get("metadata") or {}, t.get("spec") or {}, True))
        elif kind == "CronJob":
            t = ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}
            out.append(PodTemplate(o, obj_label(o), t.get("metadata") or {}, t.get("spec") or {}, False))
        elif kind == "Pod":
            out.append(PodTemplate(o, obj_label(o), _meta(o), spec, False))
    return out


def containers_of(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(``containers[i]``-style path, container) for containers, initContainers, ephemeralContainers."""
    for key in ("initContainers", "containers", "ephemeralContainers"):
        for i, c in enumerate(spec.get(key) or []):
            if isinstance(c, dict):
                yield f"{key}[{i}]({c.get('name', '?')})", c


def serving_containers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Containers that can answer Service traffic (plus native sidecar init containers)."""
    out = [c for c in spec.get("containers") or [] if isinstance(c, dict)]
    out += [c for c in spec.get("initContainers") or [] if isinstance(c, dict) and c.get("restartPolicy") == "Always"]
    return out


def _selector_matches(selector: dict[str, Any], labels: dict[str, Any]) -> bool:
    labels_s = {str(k): str(v) for k, v in (labels or {}).items()}
    return all(labels_s.get(str(k)) == str(v) for k, v in selector.items())


def resolve_target_port(port: dict[str, Any], pods: list[PodTemplate]) -> list[int]:
    """Container port numbers a Service port reaches in the given pod templates."""
    target = port.get("targetPort", port.get("port"))
    proto = port.get("protocol") or "TCP"
    found: list[int] = []
    for pod in pods:
        for c in serving_containers(pod.spec):
            for cp in c.get("ports") or []:
                if (cp.get("protocol") or "TCP") != proto:
                    continue
                if isinstance(target, bool):
                    continue
                if isinstance(target, int) and cp.get("containerPort") == target:
                    found.append(target)
                elif isinstance(target, str) and cp.get("name") == target:
                    found.append(cp.get("containerPort"))
    return found


def _norm_host(host: Any) -> str:
    return str(host or "").strip().strip("[]").rstrip(".").lower()


def in_cluster_names(service: str, namespace: str | None) -> set[str]:
    names = {service}
    if namespace:
        names |= {f"{service}.{namespace}", f"{service}.{namespace}.svc", f"{service}.{namespace}.svc.cluster.local"}
    return names


# --------------------------------------------------------------------------------------------
# Check 1: SHA256SUMS
# --------------------------------------------------------------------------------------------


def parse_sha256sums(text: str) -> tuple[dict[str, str], list[str]]:
    entries: dict[str, str] = {}
    problems: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = re.match(r"^([0-9a-fA-F]{64}) [ *](.+)$", line)
        if not m:
            problems.append(f"SHA256SUMS line {n}: not '<sha256>  <path>': {line!r}")
            continue
        path = m.group(2)
        if path.startswith("./"):
            path = path[2:]
        if path in entries:
            problems.append(f"SHA256SUMS line {n}: {path} is listed twice")
        entries[path] = m.group(1).lower()
    return entries, problems


def check_sha256sums(files: dict[str, bytes]) -> list[str]:
    """SHA256SUMS matches every listed file, and lists every file except itself."""
    if "SHA256SUMS" not in files:
        return ["SHA256SUMS is missing"]
    try:
        text = files["SHA256SUMS"].decode("utf-8")
    except UnicodeDecodeError:
        return ["SHA256SUMS is not UTF-8"]
    entries, problems = parse_sha256sums(text)
    for path, digest in sorted(entries.items()):
        if path not in files:
            problems.append(f"SHA256SUMS lists {path}, which is not in the bundle")
        elif hashlib.sha256(files[path]).hexdigest() != digest:
            problems.append(f"SHA256SUMS: checksum of {path} does not match its content")
    for path in sorted(files):
        if path != "SHA256SUMS" and path not in entries:
            problems.append(f"SHA256SUMS does not list {path}")
    if "SHA256SUMS" in entries:
        problems.append("SHA256SUMS lists itself")
    return problems


# --------------------------------------------------------------------------------------------
# Bundle structure
# --------------------------------------------------------------------------------------------


def scope_of(provenance: dict[str, Any] | None) -> Callable[[str], bool]:
    """Which top-level directories a bundle is meant to hold (per-party bundles hold one party).

    ``provenance.json`` names the scope: ``all``, ``party`` (with ``party``) or ``exchange``.
    """
    scope = (provenance or {}).get("scope") or {}
    kind = scope.get("kind", "all") if isinstance(scope, dict) else "all"
    if kind == "party":
        pid = id_text(scope.get("party"))
        return lambda d: d in (f"fate-{pid}", f"dmz-{pid}")
    if kind == "exchange":
        return lambda d: d == "fate-exchange"
    return lambda d: True


def check_structure(files: dict[str, bytes], config: dict[str, Any], chart_values: dict[str, Any],
                    in_scope: Callable[[str], bool] = lambda d: True) -> list[str]:
    """Top-level files; one chart per party (+exchange), one dmz dir per DMZ party, nothing stale."""
    problems: list[str] = []
    for f in BUNDLE_TOP_FILES:
        if f not in files:
            problems.append(f"bundle: {f} is missing")
    tops = {p.split("/", 1)[0] for p in files if "/" in p}
    expected: set[str] = set()
    for party in config["parties"]:
        expected.add(party["release"])
        if party["dmz"] is not None:
            expected.add(f"dmz-{party['id']}")
    if config["exchange"] is not None:
        expected.add("fate-exchange")
    expected = {d for d in expected if in_scope(d)}
    for d in sorted(expected - tops):
        problems.append(f"bundle: directory {d}/ is missing")
    for d in sorted(tops - expected):
        problems.append(f"bundle: directory {d}/ is not in federation.yaml (stale or unexpected output)")
    charts = [p["release"] for p in config["parties"]] + (["fate-exchange"] if config["exchange"] else [])
    for chart in charts:
        if chart not in tops:
            continue
        for f in ("Chart.yaml", "values.yaml", "values.schema.json"):
            if f"{chart}/{f}" not in files:
                problems.append(f"{chart}: {f} is missing")
        if not any(p.startswith(f"{chart}/templates/") for p in files):
            problems.append(f"{chart}: templates/ is missing or empty")
        chart_yaml = files.get(f"{chart}/Chart.yaml")
        if chart_yaml is not None:
            try:
                meta = load_yaml(chart_yaml) or {}
                want = "v1" if config.get("target") == "helm2" else "v2"
                if meta.get("apiVersion") != want:
                    problems.append(f"{chart}: Chart.yaml apiVersion is {meta.get('apiVersion')!r}, "
                                    f"expected {want} for target {config.get('target')}")
            except yaml.YAMLError as e:
                problems.append(f"{chart}: Chart.yaml is not YAML: {e}")
    for party in config["parties"]:
        values = chart_values.get(party["release"])
        if not isinstance(values, dict):
            continue
        if not isinstance(values.get("partyId"), str) or values.get("partyId") != party["id"]:
            problems.append(f"{party['release']}: values.yaml partyId is {values.get('partyId')!r}, "
                            f"expected the string {party['id']!r}")
        creds = values.get("credentials") if isinstance(values.get("credentials"), dict) else {}
        if not creds.get("existingSecret"):
            for k in CREDENTIAL_KEYS:
                if not creds.get(k):
                    problems.append(f"{party['release']}: values.yaml credentials.{k} is empty and there is "
                                    f"no credentials.existingSecret")
    if config.get("credentials"):
        problems.append("federation.yaml: carries credentials (the bundle's copy must have none)")
    return problems


# --------------------------------------------------------------------------------------------
# Check 2: lint, render, schema
# --------------------------------------------------------------------------------------------


def check_lint_report(report: dict[str, Any]) -> list[str]:
    """Any lint message of severity >= 2 (warning, error) or any lint error is a problem."""
    problems = []
    bad = [m for m in report.get("messages") or [] if int(m.get("severity", 0)) >= 2]
    errors = report.get("errors") or []
    if bad or errors:
        names = {0: "UNKNOWN", 1: "INFO", 2: "WARNING", 3: "ERROR"}
        for m in report.get("messages") or []:
            problems.append(f"lint {names.get(int(m.get('severity', 0)), m.get('severity'))} "
                            f"{m.get('path', '')}: {m.get('error', '')}")
        for e in errors:
            problems.append(f"lint error: {e}")
    return problems


def lint_chart(path: str) -> list[str]:
    import helm_python

    return check_lint_report(helm_python.lint(path, strict=True))


def render_chart(path: str, release: str, namespace: str) -> dict[str, str]:
    import helm_python

    with helm_python.Chart.load(path) as chart:
        return chart.render(None, name=release, namespace=namespace, is_install=True)


def parse_manifests(manifests: dict[str, str]) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """Rendered templates → (objects, source template per object, problems)."""
    objects: list[dict[str, Any]] = []
    sources: list[str] = []
    problems: list[str] = []
    for name in sorted(manifests):
        if name.endswith("NOTES.txt"):
            continue
        try:
            docs = load_yaml_all(manifests[name])
        except yaml.YAMLError as e:
            problems.append(f"{name}: rendered output is not YAML: {e}")
            continue
        for doc in docs:
            if doc is None or doc == {}:
                continue
            if not isinstance(doc, dict) or "kind" not in doc or "apiVersion" not in doc:
                problems.append(f"{name}: a rendered document is not a Kubernetes object: {str(doc)[:80]!r}")
                continue
            objects.append(doc)
            sources.append(name)
    return objects, sources, problems


def check_schemas(objects: list[dict[str, Any]], sources: list[str] | None = None,
                  versions: Iterable[str] = KUBE_VERSIONS) -> list[str]:
    import kubernetes_validate

    problems = []
    for i, obj in enumerate(objects):
        where = f" ({sources[i]})" if sources else ""
        for v in versions:
            try:
                kubernetes_validate.validate(obj, v, strict=True)
            except kubernetes_validate.ValidationError as e:
                path = ".".join(str(p) for p in e.path) or "(top)"
                problems.append(f"{obj_label(obj)}{where}: invalid for Kubernetes {v}: {path}: {e.message}")
            except kubernetes_validate.SchemaNotFoundError as e:
                problems.append(f"{obj_label(obj)}{where}: Kubernetes {v}: {e.message}")
            except Exception as e:  # noqa: BLE001 - report, do not crash
                problems.append(f"{obj_label(obj)}{where}: Kubernetes {v}: could not validate: {e}")
    return problems


def check_duplicates(objects: list[dict[str, Any]], namespace: str | None = None) -> list[str]:
    """No two objects of the same kind and name; namespaced objects stay in the release namespace."""
    problems = []
    seen: set[tuple[str, str, str]] = set()
    cluster_scoped = {"PersistentVolume", "Namespace", "ClusterRole", "ClusterRoleBinding", "StorageClass",
                      "IngressClass", "PriorityClass", "CustomResourceDefinition"}
    for o in objects:
        key = (str(o.get("apiVersion", "")).split("/")[0] if "/" in str(o.get("apiVersion", "")) else "",
               str(o.get("kind")), str(_meta(o).get("name")))
        if key in seen:
            problems.append(f"{obj_label(o)}: rendered twice")
        seen.add(key)
        ns = _meta(o).get("namespace")
        if namespace and ns not in (None, "") and o.get("kind") not in cluster_scoped and ns != namespace:
            problems.append(f"{obj_label(o)}: metadata.namespace is {ns!r}, but the release namespace is {namespace!r}")
    return problems


# --------------------------------------------------------------------------------------------
# Check 3: cross-checks on rendered objects
# --------------------------------------------------------------------------------------------


def check_service_selectors(objects: list[dict[str, Any]]) -> list[str]:
    """Each Service selects >= 1 workload pod template and each targetPort is one of its containerPorts."""
    problems = []
    workloads = [t for t in pod_templates(objects) if t.workload]
    for svc in objects_of(objects, "Service"):
        spec = svc.get("spec") or {}
        if spec.get("type") == "ExternalName":
            continue
        selector = spec.get("selector") or {}
        if not selector:
            problems.append(f"{obj_label(svc)}: has no selector, so it has no endpoints")
            continue
        matches = [t for t in workloads if _selector_matches(selector, t.meta.get("labels") or {})]
        if not matches:
            problems.append(f"{obj_label(svc)}: selector {dict(selector)} matches no pod template "
                            f"(pod templates: {', '.join(t.label for t in workloads) or 'none'})")
            continue
        for port in spec.get("ports") or []:
            target = port.get("targetPort", port.get("port"))
            if not resolve_target_port(port, matches):
                hint = ""
                if isinstance(target, str) and target.isdigit():
                    hint = " (a string targetPort is a port *name*; write the number unquoted)"
                problems.append(f"{obj_label(svc)}: port {port.get('name') or port.get('port')}: targetPort "
                                f"{target!r}/{port.get('protocol') or 'TCP'} is not a containerPort of "
                                f"{', '.join(t.label for t in matches)}{hint}")
    return problems


def _keys_of(obj: dict[str, Any]) -> set[str]:
    keys: set[str] = set()
    for f in ("data", "binaryData", "stringData"):
        keys |= {str(k) for k in (obj.get(f) or {})}
    return keys


def check_references(objects: list[dict[str, Any]], external_secrets: Iterable[str] = (),
                     existing_claims: Iterable[str] = ()) -> list[str]:
    """ConfigMap/Secret/PVC/volume references of every pod template, and Ingress backends, resolve."""
    problems: list[str] = []
    external = {s for s in external_secrets if s}
    claims_ext = {c for c in existing_claims if c}
    configmaps = {str(_meta(o).get("name")): _keys_of(o) for o in objects_of(objects, "ConfigMap")}
    secrets = {str(_meta(o).get("name")): _keys_of(o) for o in objects_of(objects, "Secret")}
    pvcs = {str(_meta(o).get("name")) for o in objects_of(objects, "PersistentVolumeClaim")}
    services = {str(_meta(o).get("name")): o for o in objects_of(objects, "Service")}

    def cm_keys(name: str) -> set[str] | None:
        return configmaps.get(name)

    def check_source(where: str, kind: str, name: Any, items: list[dict[str, Any]] | None) -> set[str] | None:
        """Checks a configMap/secret volume source; returns the file names it provides (None: unknown)."""
        name = str(name or "")
        if kind == "ConfigMap":
            keys = cm_keys(name)
        else:
            if name in external:
                return None
            keys = secrets.get(name)
        if keys is None:
            problems.append(f"{where}: {kind} {name!r} is not rendered by the chart")
            return None
        if items:
            provided: set[str] = set()
            for it in items:
                if str(it.get("key")) not in keys:
                    problems.append(f"{where}: {kind} {name!r} has no key {it.get('key')!r} (items)")
                provided.add(str(it.get("path", it.get("key"))))
            return provided
        return set(keys)

    for pod in pod_templates(objects):
        spec = pod.spec
        vols: dict[str, dict[str, Any]] = {}
        provided_files: dict[str, set[str] | None] = {}
        for v in spec.get("volumes") or []:
            vname = str(v.get("name"))
            vols[vname] = v
            where = f"{pod.label}: volume {vname}"
            if "configMap" in v:
                cm = v["configMap"] or {}
                provided_files[vname] = check_source(where, "ConfigMap", cm.get("name"), cm.get("items"))
            elif "secret" in v:
                sec = v["secret"] or {}
                provided_files[vname] = check_source(where, "Secret", sec.get("secretName"), sec.get("items"))
            elif "projected" in v:
                files: set[str] | None = set()
                for src in (v["projected"] or {}).get("sources") or []:
                    for key, kind, name_key in (("configMap", "ConfigMap", "name"), ("secret", "Secret", "name")):
                        if key in src:
                            got = check_source(where, kind, src[key].get(name_key), src[key].get("items"))
                            files = None if files is None or got is None else files | got
                provided_files[vname] = files
            elif "persistentVolumeClaim" in v:
                claim = str((v["persistentVolumeClaim"] or {}).get("claimName"))
                if claim not in pvcs and claim not in claims_ext:
                    problems.append(f"{where}: PersistentVolumeClaim {claim!r} is not rendered and is not the "
                                    f"config's existingClaim")
        vct = {str(_meta(t).get("name")) for t in ((pod.owner.get("spec") or {}).get("volumeClaimTemplates") or [])} \
            if pod.owner.get("kind") == "StatefulSet" else set()
        for ref in spec.get("imagePullSecrets") or []:
            name = str((ref or {}).get("name"))
            if name not in external and name not in secrets:
                problems.append(f"{pod.label}: imagePullSecret {name!r} is neither rendered nor a configured pullSecret")
        for cpath, c in containers_of(spec):
            where = f"{pod.label}: {cpath}"
            for env in c.get("env") or []:
                vf = env.get("valueFrom") or {}
                if "configMapKeyRef" in vf:
                    ref = vf["configMapKeyRef"] or {}
                    keys = cm_keys(str(ref.get("name")))
                    if keys is None:
                        problems.append(f"{where}: env {env.get('name')}: ConfigMap {ref.get('name')!r} is not rendered")
                    elif str(ref.get("key")) not in keys:
                        problems.append(f"{where}: env {env.get('name')}: ConfigMap {ref.get('name')!r} has no key {ref.get('key')!r}")
                if "secretKeyRef" in vf:
                    ref = vf["secretKeyRef"] or {}
                    name = str(ref.get("name"))
                    if name in external:
                        continue
                    keys = secrets.get(name)
                    if keys is None:
                        problems.append(f"{where}: env {env.get('name')}: Secret {name!r} is not rendered "
                                        f"and is not credentials.existingSecret")
                    elif str(ref.get("key")) not in keys:
                        problems.append(f"{where}: env {env.get('name')}: Secret {name!r} has no key {ref.get('key')!r}")
            for ef in c.get("envFrom") or []:
                if "configMapRef" in ef and cm_keys(str(ef["configMapRef"].get("name"))) is None:
                    problems.append(f"{where}: envFrom ConfigMap {ef['configMapRef'].get('name')!r} is not rendered")
                if "secretRef" in ef:
                    name = str(ef["secretRef"].get("name"))
                    if name not in external and name not in secrets:
                        problems.append(f"{where}: envFrom Secret {name!r} is not rendered")
            port_names = {str(p.get("name")) for p in c.get("ports") or [] if p.get("name")}
            for probe_key in ("livenessProbe", "readinessProbe", "startupProbe"):
                for handler in ("tcpSocket", "httpGet"):
                    port = ((c.get(probe_key) or {}).get(handler) or {}).get("port")
                    if isinstance(port, str) and port not in port_names:
                        problems.append(f"{where}: {probe_key}.{handler}.port {port!r} is not a named port of the container")
            for vm in c.get("volumeMounts") or []:
                vname = str(vm.get("name"))
                if vname not in vols and vname not in vct:
                    problems.append(f"{where}: volumeMount {vname!r} names no volume of the pod")
                    continue
                sub = vm.get("subPath")
                if sub and vname in provided_files and provided_files[vname] is not None:
                    files = provided_files[vname] or set()
                    dirs = {"/".join(f.split("/")[:i]) for f in files for i in range(1, f.count("/") + 1)}
                    if str(sub) not in files and str(sub) not in dirs:
                        v = vols[vname]
                        src = v.get("configMap", {}).get("name") if "configMap" in v else \
                            v.get("secret", {}).get("secretName") if "secret" in v else "projected"
                        problems.append(f"{where}: mount {vname} subPath {sub!r} names no key of {src!r} "
                                        f"(has: {', '.join(sorted(files)) or 'nothing'})")
    for ing in objects_of(objects, "Ingress"):
        spec = ing.get("spec") or {}
        backends = []
        if spec.get("defaultBackend"):
            backends.append(spec["defaultBackend"])
        for rule in spec.get("rules") or []:
            for p in ((rule.get("http") or {}).get("paths") or []):
                backends.append(p.get("backend") or {})
        for b in backends:
            svc_ref = b.get("service")
            if not svc_ref:
                continue
            svc = services.get(str(svc_ref.get("name")))
            if svc is None:
                problems.append(f"{obj_label(ing)}: backend Service {svc_ref.get('name')!r} is not rendered")
                continue
            port = svc_ref.get("port") or {}
            ports = (svc.get("spec") or {}).get("ports") or []
            if "number" in port and not any(p.get("port") == port["number"] for p in ports):
                problems.append(f"{obj_label(ing)}: backend port {port['number']} is not a port of {obj_label(svc)}")
            if "name" in port and not any(p.get("name") == port["name"] for p in ports):
                problems.append(f"{obj_label(ing)}: backend port name {port['name']!r} is not a port of {obj_label(svc)}")
    return problems


def _split_image(image: str) -> tuple[str, str | None, str | None]:
    """``repo[:tag][@digest]`` → (repo, tag, digest)."""
    digest = None
    if "@" in image:
        image, digest = image.split("@", 1)
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        repo, tag = image.rsplit(":", 1)
        return repo, tag, digest
    return image, None, digest


def expected_tag(name: str, images: dict[str, Any]) -> str:
    if name == "mysql":
        return images["mysqlTag"]
    if name == "redis":
        return images["redisTag"]
    return images["tag"]


def expected_image(name: str, images: dict[str, Any]) -> str:
    reg = images.get("registry") or ""
    tag = expected_tag(name, images)
    if reg:
        return f"{reg}/{name}:{tag}"
    if name in THIRD_PARTY_IMAGES:
        return f"{name}:{tag}"
    return f"federatedai/{name}:{tag}"


def check_image_ref(image: Any, images: dict[str, Any]) -> str | None:
    """None if ``image`` follows the registry rule and pins the configured tag, else what is wrong."""
    if not isinstance(image, str) or not image:
        return "has no image"
    reg = images.get("registry") or ""
    repo, tag, digest = _split_image(image)
    if reg:
        if not repo.startswith(reg + "/") or "/" in repo[len(reg) + 1:]:
            return f"image {image!r} is not from the configured registry {reg!r} (expected {reg}/<name>:<tag>)"
        name = repo[len(reg) + 1:]
    elif repo.startswith("federatedai/") and "/" not in repo[len("federatedai/"):]:
        name = repo[len("federatedai/"):]
        if name in THIRD_PARTY_IMAGES:
            return f"image {image!r}: with no registry, {name} comes from Docker Hub as {expected_image(name, images)}"
    elif repo in THIRD_PARTY_IMAGES:
        name = repo
    else:
        return (f"image {image!r}: with no registry, FATE images are federatedai/<name>:<tag> and "
                f"mysql/redis are mysql:<tag>/redis:<tag>")
    if name not in FATE_IMAGES and name not in THIRD_PARTY_IMAGES:
        return f"image {image!r}: {name!r} is not a FATE, mysql or redis image"
    if digest is not None:
        return f"image {image!r} uses a digest; expected {expected_image(name, images)}"
    if not tag:
        return f"image {image!r} has no tag (expected {expected_image(name, images)})"
    if tag == "latest":
        return f"image {image!r} uses the floating tag 'latest' (expected {expected_image(name, images)})"
    if tag != expected_tag(name, images):
        return f"image {image!r} has tag {tag!r}, expected {expected_image(name, images)}"
    return None


def check_images(objects: list[dict[str, Any]], images: dict[str, Any]) -> list[str]:
    """Every container/initContainer image follows the registry rule; pull policy and secrets as configured."""
    problems = []
    policy = images.get("pullPolicy") or "IfNotPresent"
    wanted_secrets = [s for s in images.get("pullSecrets") or [] if s]
    for pod in pod_templates(objects):
        for cpath, c in containers_of(pod.spec):
            bad = check_image_ref(c.get("image"), images)
            if bad:
                problems.append(f"{pod.label}: {cpath}: {bad}")
            got = c.get("imagePullPolicy")
            if got is not None and got != policy:
                problems.append(f"{pod.label}: {cpath}: imagePullPolicy {got!r}, config says {policy!r}")
            elif got is None and policy != "IfNotPresent":
                problems.append(f"{pod.label}: {cpath}: no imagePullPolicy, config says {policy!r}")
        have = {str((r or {}).get("name")) for r in pod.spec.get("imagePullSecrets") or []}
        for s in wanted_secrets:
            if s not in have:
                problems.append(f"{pod.label}: imagePullSecrets lacks the configured pull secret {s!r}")
    return problems


def collect_images(objects: list[dict[str, Any]]) -> set[str]:
    return {str(c.get("image")) for pod in pod_templates(objects) for _, c in containers_of(pod.spec) if c.get("image")}


def check_images_txt(text: str, used: Iterable[str]) -> list[str]:
    """images.txt (what mirror-images.sh mirrors) names every image the bundle uses (by ``name:tag``)."""
    listed = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        for word in line.split():
            listed.add(word.rsplit("/", 1)[-1])
    return [f"images.txt does not list {img} (used by the bundle)"
            for img in sorted(set(used)) if img.rsplit("/", 1)[-1] not in listed]


def check_pod_security(objects: list[dict[str, Any]]) -> list[str]:
    """Pod Security Standards "baseline": no privileged, host namespaces/paths/ports, extra capabilities..."""
    problems = []

    def seccomp_sel(where: str, sc: dict[str, Any]) -> None:
        if ((sc.get("seccompProfile") or {}).get("type")) == "Unconfined":
            problems.append(f"{where}: seccompProfile Unconfined")
        if ((sc.get("appArmorProfile") or {}).get("type")) == "Unconfined":
            problems.append(f"{where}: appArmorProfile Unconfined")
        se = sc.get("seLinuxOptions") or {}
        if se.get("type", "") not in BASELINE_SELINUX_TYPES or se.get("user") or se.get("role"):
            problems.append(f"{where}: seLinuxOptions {se} not allowed by baseline")
        if (sc.get("windowsOptions") or {}).get("hostProcess"):
            problems.append(f"{where}: windowsOptions.hostProcess")

    for pod in pod_templates(objects):
        spec = pod.spec
        for f in ("hostNetwork", "hostPID", "hostIPC"):
            if spec.get(f):
                problems.append(f"{pod.label}: {f}: true")
        for v in spec.get("volumes") or []:
            if "hostPath" in v:
                problems.append(f"{pod.label}: volume {v.get('name')} is a hostPath "
                                f"({(v.get('hostPath') or {}).get('path')})")
        psc = spec.get("securityContext") or {}
        seccomp_sel(f"{pod.label}: pod securityContext", psc)
        for s in psc.get("sysctls") or []:
            if s.get("name") not in SAFE_SYSCTLS:
                problems.append(f"{pod.label}: unsafe sysctl {s.get('name')}")
        for k, v in (pod.meta.get("annotations") or {}).items():
            if str(k).startswith("container.apparmor.security.beta.kubernetes.io/") and v == "unconfined":
                problems.append(f"{pod.label}: annotation {k}: unconfined")
        for cpath, c in containers_of(spec):
            where = f"{pod.label}: {cpath}"
            sc = c.get("securityContext") or {}
            if sc.get("privileged"):
                problems.append(f"{where}: privileged: true")
            added = set(((sc.get("capabilities") or {}).get("add")) or [])
            for cap in sorted(added - BASELINE_CAPABILITIES):
                problems.append(f"{where}: adds capability {cap}")
            if sc.get("procMount") not in (None, "Default"):
                problems.append(f"{where}: procMount {sc.get('procMount')}")
            seccomp_sel(where, sc)
            for p in c.get("ports") or []:
                if p.get("hostPort"):
                    problems.append(f"{where}: hostPort {p.get('hostPort')}")
    return problems


def _contains_password(text: str, password: str) -> bool:
    if len(password) >= 6:
        return password in text
    return re.search(r"(?<![A-Za-z0-9])" + re.escape(password) + r"(?![A-Za-z0-9])", text) is not None


def _walk_strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            sub = f"{path}.{k}" if path else str(k)
            yield f"{sub} (key)", str(k)
            yield from _walk_strings(v, sub)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk_strings(v, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def check_passwords_in_objects(objects: list[dict[str, Any]], passwords: dict[str, str]) -> list[str]:
    """No credential appears in any non-Secret object: ConfigMap data, env values, command/args, probes..."""
    problems = []
    pw = {label: p for label, p in passwords.items() if isinstance(p, str) and p}
    for obj in objects:
        if obj.get("kind") == "Secret":
            continue
        strings = list(_walk_strings(obj, ""))
        if obj.get("kind") == "ConfigMap":
            for k, v in (obj.get("binaryData") or {}).items():
                try:
                    strings.append((f"binaryData.{k} (decoded)", base64.b64decode(v).decode("utf-8", "replace")))
                except (ValueError, TypeError):
                    pass
        for path, s in strings:
            hits = [label for label, p in pw.items() if _contains_password(s, p)]
            if hits:
                problems.append(f"{obj_label(obj)}: {' / '.join(hits)} appears in {path}")
    return problems


def check_passwords_in_notes(manifests: dict[str, str], passwords: dict[str, str]) -> list[str]:
    """The rendered NOTES.txt (printed by helm install) shows no credential."""
    return [f"{name}: rendered notes show {label}" for name, text in sorted(manifests.items())
            if name.endswith("NOTES.txt") for label, p in passwords.items() if p and _contains_password(text, p)]


def check_passwords_in_files(files: dict[str, bytes], passwords_by_chart: dict[str, dict[str, str]]) -> list[str]:
    """No credential in any bundle file except the own chart's values.yaml."""
    problems = []
    for path in sorted(files):
        data = files[path]
        own_chart = path.split("/", 1)[0] if path.endswith("/values.yaml") and path.count("/") == 1 else None
        allowed = set((passwords_by_chart.get(own_chart) or {}).values()) if own_chart else set()
        text = data.decode("utf-8", "replace")
        for p in sorted(allowed, key=len, reverse=True):  # the own passwords may contain another's
            if p:
                text = text.replace(p, "\0")
        for chart, pws in sorted(passwords_by_chart.items()):
            for label, p in pws.items():
                if not p or p in allowed:
                    continue
                if _contains_password(text, p):
                    problems.append(f"{path}: contains {chart}'s {label}")
    return problems


def check_config_checksum(objects: list[dict[str, Any]]) -> list[str]:
    """Pods that mount a ConfigMap carry a non-empty checksum/config annotation."""
    problems = []
    for pod in pod_templates(objects):
        mounts_cm = False
        for v in pod.spec.get("volumes") or []:
            if "configMap" in v:
                mounts_cm = True
            for src in ((v.get("projected") or {}).get("sources") or []):
                if "configMap" in src:
                    mounts_cm = True
        if not mounts_cm:
            continue
        value = (pod.meta.get("annotations") or {}).get("checksum/config")
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{pod.label}: mounts a ConfigMap but its pod template has no checksum/config annotation")
    return problems


def check_expected_services(objects: list[dict[str, Any]], party: dict[str, Any] | None = None,
                            exchange: dict[str, Any] | None = None) -> list[str]:
    """The Services FATE's config files name exist, with FATE's ports."""
    problems = []
    services = {str(_meta(o).get("name")): o for o in objects_of(objects, "Service")}
    expected: dict[str, tuple[int, ...]] = {}
    if party is not None:
        for name in ("federation", "meta-service", "roll", "redis", "mysql", "fateflow", "fateboard"):
            expected[name] = SERVICE_PORTS[name]
        for egg in party.get("eggs") or ["egg0"]:
            expected[egg] = EGG_PORTS
        if party.get("dmz") is None:
            expected["proxy"] = SERVICE_PORTS["proxy"]
        else:
            expected["federation-dmz"] = ()
            expected["fateflow-dmz"] = ()
            if "proxy" in services:
                problems.append("Service/proxy: rendered although the party's proxy runs in the DMZ")
            for o in objects:
                if o.get("kind") in WORKLOAD_KINDS and _meta(o).get("name") == "proxy":
                    problems.append(f"{obj_label(o)}: rendered although the party's proxy runs in the DMZ")
    if exchange is not None:
        expected["proxy"] = SERVICE_PORTS["proxy"]
    for name, ports in expected.items():
        svc = services.get(name)
        if svc is None:
            problems.append(f"Service/{name}: missing (FATE reaches this component by that name)")
            continue
        have = {p.get("port") for p in (svc.get("spec") or {}).get("ports") or []}
        for port in ports:
            if port not in have:
                problems.append(f"Service/{name}: has no port {port}")
    return problems


def check_node_ports(objects: list[dict[str, Any]], party: dict[str, Any] | None = None,
                     exchange: dict[str, Any] | None = None) -> list[str]:
    """Proxy/exchange/DMZ Services carry the config's fixed NodePorts; no other random exposure."""
    problems = []
    services = {str(_meta(o).get("name")): o for o in objects_of(objects, "Service")}
    workloads = [t for t in pod_templates(objects) if t.workload]
    want: dict[str, tuple[int | None, int]] = {}  # service -> (nodePort, container port it must reach)
    if party is not None and party.get("dmz") is None:
        want["proxy"] = (party.get("nodePort"), PROXY_PORT)
    if party is not None and party.get("dmz") is not None:
        want["federation-dmz"] = (party["dmz"].get("federationNodePort"), FEDERATION_PORT)
        want["fateflow-dmz"] = (party["dmz"].get("fateflowNodePort"), FATEFLOW_GRPC_PORT)
    if exchange is not None:
        want["proxy"] = (exchange.get("nodePort"), PROXY_PORT)
    for name, (node_port, container_port) in want.items():
        svc = services.get(name)
        if svc is None:
            continue  # reported by check_expected_services
        spec = svc.get("spec") or {}
        if spec.get("type") not in ("NodePort", "LoadBalancer"):
            problems.append(f"Service/{name}: type is {spec.get('type') or 'ClusterIP'}, expected NodePort")
        ports = spec.get("ports") or []
        with_np = [p for p in ports if p.get("nodePort") == node_port]
        if not with_np:
            problems.append(f"Service/{name}: nodePort(s) {[p.get('nodePort') for p in ports]} do not include "
                            f"the config's {node_port}")
            continue
        selector = spec.get("selector") or {}
        matches = [t for t in workloads if selector and _selector_matches(selector, t.meta.get("labels") or {})]
        if matches and not any(container_port in resolve_target_port(p, matches) for p in with_np):
            problems.append(f"Service/{name}: nodePort {node_port} does not lead to container port {container_port}")
    for name, svc in services.items():
        spec = svc.get("spec") or {}
        if spec.get("type") not in ("NodePort", "LoadBalancer"):
            continue
        if name not in want:
            problems.append(f"Service/{name}: is exposed as {spec.get('type')}, but only "
                            f"{', '.join(sorted(want)) or 'no Service'} should be")
        for p in spec.get("ports") or []:
            np_ = p.get("nodePort")
            if np_ is None:
                problems.append(f"Service/{name}: port {p.get('name') or p.get('port')} has a random nodePort")
            elif not (NODE_PORT_RANGE[0] <= int(np_) <= NODE_PORT_RANGE[1]):
                problems.append(f"Service/{name}: nodePort {np_} is outside 30000-32767")
    return problems


def _parse_properties(text: str) -> dict[str, str]:
    props = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        m = re.match(r"^([^=:\s]+)\s*[=:]\s*(.*)$", line)
        if m:
            props[m.group(1)] = m.group(2).strip()
    return props


def check_proxy_wiring(objects: list[dict[str, Any]], party: dict[str, Any]) -> list[str]:
    """federation.properties / server_conf.json (where rendered) point at the party's proxy."""
    problems = []
    ns = party.get("namespace")
    if party.get("dmz") is None:
        ok_hosts, ok_port = in_cluster_names("proxy", ns), PROXY_PORT
        want = f"proxy:{PROXY_PORT}"
    else:
        ok_hosts, ok_port = {_norm_host(party["dmz"]["host"])}, party["dmz"]["port"]
        want = f"{party['dmz']['host']}:{ok_port} (the DMZ proxy)"
    for cm in objects_of(objects, "ConfigMap"):
        data = cm.get("data") or {}
        if "federation.properties" in data:
            props = _parse_properties(str(data["federation.properties"]))
            host, port = props.get("proxy.ip"), _as_int(props.get("proxy.port"))
            if _norm_host(host) not in ok_hosts or port != ok_port:
                problems.append(f"{obj_label(cm)}: federation.properties proxy is {host}:{props.get('proxy.port')}, expected {want}")
        if "server_conf.json" in data:
            try:
                conf = json.loads(str(data["server_conf.json"]))
                proxy = ((conf.get("servers") or {}).get("proxy") or {})
                host, port = proxy.get("host"), _as_int(proxy.get("port"))
                if _norm_host(host) not in ok_hosts or port != ok_port:
                    problems.append(f"{obj_label(cm)}: server_conf.json servers.proxy is {host}:{proxy.get('port')}, expected {want}")
            except (ValueError, AttributeError) as e:
                problems.append(f"{obj_label(cm)}: server_conf.json is not valid JSON: {e}")
    return problems


# --------------------------------------------------------------------------------------------
# Check 4: route reachability
# --------------------------------------------------------------------------------------------


def parse_route_table(text: str | bytes, where: str) -> tuple[dict[str, Any] | None, list[str]]:
    """``{"route_table": {...}}`` → the inner table, or None and the problems."""
    try:
        doc = json.loads(text)
    except ValueError as e:
        return None, [f"{where}: route_table.json is not JSON: {e}"]
    if not isinstance(doc, dict) or not isinstance(doc.get("route_table"), dict):
        return None, [f"{where}: route_table.json has no \"route_table\" object"]
    problems = []
    table = doc["route_table"]
    for dest, roles in table.items():
        if not isinstance(roles, dict):
            problems.append(f"{where}: route_table[{dest!r}] is not an object of roles")
            continue
        for role, eps in roles.items():
            if not isinstance(eps, list):
                problems.append(f"{where}: route_table[{dest!r}][{role!r}] is not a list of endpoints")
                continue
            for ep in eps:
                if not isinstance(ep, dict):
                    problems.append(f"{where}: route_table[{dest!r}][{role!r}] endpoint {ep!r} is not an object")
                elif "port" in ep and not (isinstance(ep["port"], int) and not isinstance(ep["port"], bool)):
                    problems.append(f"{where}: route_table[{dest!r}][{role!r}] port {ep['port']!r} is not a number")
    return table, problems


def route_table_from_objects(objects: list[dict[str, Any]], where: str) -> tuple[dict[str, Any] | None, list[str]]:
    for cm in objects_of(objects, "ConfigMap"):
        if _meta(cm).get("name") == "proxy-config":
            data = cm.get("data") or {}
            if "route_table.json" not in data:
                return None, [f"{where}: ConfigMap/proxy-config has no key route_table.json"]
            return parse_route_table(str(data["route_table.json"]), f"{where}: ConfigMap/proxy-config")
    return None, [f"{where}: no ConfigMap/proxy-config is rendered"]


@dataclass
class ProxyNode:
    key: str  # fate-<id>, dmz-<id> or fate-exchange
    title: str  # human name: "party 10000", "party 10000 (DMZ proxy)", "exchange"
    party: dict[str, Any] | None
    listen: tuple[str, int | None]
    in_cluster_ns: str | None  # namespace when the proxy runs in a cluster
    table: dict[str, Any] | None = None


def build_network(config: dict[str, Any], tables: dict[str, dict[str, Any] | None]) -> list[ProxyNode]:
    nodes = []
    for p in config["parties"]:
        if p["dmz"] is None:
            nodes.append(ProxyNode(p["release"], f"party {p['id']}", p, (_norm_host(p["address"]), p["nodePort"]),
                                   p["namespace"], tables.get(p["release"])))
        else:
            key = f"dmz-{p['id']}"
            nodes.append(ProxyNode(key, f"party {p['id']} (DMZ proxy)", p,
                                   (_norm_host(p["dmz"]["host"]), p["dmz"]["port"]), None, tables.get(key)))
    if config["exchange"] is not None:
        e = config["exchange"]
        nodes.append(ProxyNode("fate-exchange", "exchange", None, (_norm_host(e["address"]), e["nodePort"]),
                               e["namespace"], tables.get("fate-exchange")))
    return nodes


def _lookup(table: dict[str, Any], dest: str, role: str) -> tuple[dict[str, Any] | None, str]:
    """FATE proxy lookup: destination entry (else ``default``), role (else ``default``), first endpoint."""
    if dest in table:
        entry_key = dest
    elif "default" in table:
        entry_key = "default"
    else:
        return None, f"no entry {dest!r} and no 'default' entry"
    entry = table[entry_key]
    if not isinstance(entry, dict):
        return None, f"entry {entry_key!r} is not an object"
    if role in entry:
        role_key = role
    elif "default" in entry:
        role_key = "default"
    else:
        return None, f"entry {entry_key!r} has no role {role!r} and no 'default' role"
    eps = entry[role_key]
    if not isinstance(eps, list) or not eps or not isinstance(eps[0], dict) \
            or not eps[0].get("ip") or _as_int(eps[0].get("port")) is None:
        return None, f"entry {entry_key!r} role {role_key!r} has no usable endpoint ({eps!r})"
    return eps[0], f"entry {entry_key!r} role {role_key!r}"


def check_routes(config: dict[str, Any], tables: dict[str, dict[str, Any] | None],
                 in_scope: Callable[[str], bool] = lambda d: True) -> list[str]:
    """From every party (and the exchange) to every party, for roles ``fate`` and ``fateflow``.

    Proxies outside a per-party bundle's scope are trusted: a route that reaches one has left this
    bundle (their own bundles are checked on their own).
    """
    problems: list[str] = []
    nodes = build_network(config, tables)
    listeners: dict[tuple[str, int | None], ProxyNode] = {}
    for n in nodes:
        if n.listen in listeners:
            problems.append(f"{n.title} and {listeners[n.listen].title} both listen at {n.listen[0]}:{n.listen[1]}")
        else:
            listeners[n.listen] = n
    by_party = {n.party["id"]: n for n in nodes if n.party is not None}
    for n in nodes:
        if n.table is None and in_scope(n.key):
            problems.append(f"{n.title}: no route table available, routes through it cannot be checked")

    def resolve(cur: ProxyNode, ep: dict[str, Any]) -> ProxyNode | None:
        host, port = _norm_host(ep.get("ip")), _as_int(ep.get("port"))
        if (host, port) in listeners:
            return listeners[(host, port)]
        if cur.in_cluster_ns is not None and port == PROXY_PORT:
            if host in in_cluster_names("proxy", cur.in_cluster_ns):
                return cur
            for other in nodes:  # another proxy Service of the same cluster, by DNS name
                if other.in_cluster_ns and other is not cur and other.listen[0] == cur.listen[0] \
                        and host in in_cluster_names("proxy", other.in_cluster_ns) - {"proxy"}:
                    return other
        return None

    def deliver(dest: ProxyNode, role: str) -> str | None:
        """At the destination proxy: its own entry routes the role into the party."""
        table, party = dest.table or {}, dest.party or {}
        if party.get("id") not in table:
            return f"{dest.title} has no own entry {party.get('id')!r}"
        ep, how = _lookup({party["id"]: table[party["id"]]}, party["id"], role)
        if ep is None:
            return f"{dest.title}'s own entry: {how}"
        host, port = _norm_host(ep.get("ip")), _as_int(ep.get("port"))
        service = "federation" if role == "fate" else "fateflow"
        if dest.in_cluster_ns is not None:
            ok = host in in_cluster_names(service, dest.in_cluster_ns) and \
                port == (FEDERATION_PORT if role == "fate" else FATEFLOW_GRPC_PORT)
            want = f"{service}:{FEDERATION_PORT if role == 'fate' else FATEFLOW_GRPC_PORT}"
        else:
            d = party["dmz"]
            want_port = d["federationNodePort"] if role == "fate" else d["fateflowNodePort"]
            ok = host == _norm_host(party["address"]) and port == want_port
            want = f"{party['address']}:{want_port} ({service} NodePort)"
        if not ok:
            return f"{dest.title}'s own entry routes role {role!r} to {ep.get('ip')}:{ep.get('port')}, expected {want}"
        return None

    def simulate(src: ProxyNode, dest_id: str, role: str) -> str | None:
        dest = by_party.get(dest_id)
        cur, path = src, [src.title]
        visited = {src.key}
        for _ in range(HOP_LIMIT):
            if not in_scope(cur.key):
                return None
            if cur.table is None:
                return f"reaches {cur.title}, whose route table is unavailable (path {' -> '.join(path)})"
            if cur is dest:
                why = deliver(cur, role)
                return None if why is None else f"{why} (path {' -> '.join(path)})"
            ep, how = _lookup(cur.table, dest_id, role)
            if ep is None:
                return f"dead end at {cur.title}: {how} (path {' -> '.join(path)})"
            nxt = resolve(cur, ep)
            if nxt is None:
                return (f"dead end at {cur.title}: {how} sends to {ep.get('ip')}:{ep.get('port')}, where no proxy "
                        f"listens (path {' -> '.join(path)})")
            path.append(nxt.title)
            if nxt.key in visited:
                return f"route loop: {' -> '.join(path)}"
            visited.add(nxt.key)
            cur = nxt
        return f"more than {HOP_LIMIT} hops: {' -> '.join(path)}"

    sources = [n for n in nodes if n.table is not None and in_scope(n.key)]
    for src in sources:
        for dest_id, dest in by_party.items():
            for role in ("fate", "fateflow"):
                why = simulate(src, dest_id, role)
                if why:
                    frm = src.title.replace(" (DMZ proxy)", "")
                    problems.append(f"route {frm} -> party {dest_id} (role {role}): {why}")
    return problems


# --------------------------------------------------------------------------------------------
# Check 5: DMZ proxy (docker compose)
# --------------------------------------------------------------------------------------------


def _compose_ports(service: dict[str, Any]) -> list[tuple[int | None, int | None]]:
    """(published, target) for each ports entry of a compose service."""
    out = []
    for p in service.get("ports") or []:
        if isinstance(p, dict):
            out.append((_as_int(p.get("published")), _as_int(p.get("target"))))
            continue
        s = str(p).split("/", 1)[0]
        if s.startswith("["):  # [::1]:9370:9370
            s = s[s.index("]") + 2:] if "]:" in s else s
        parts = s.split(":")
        if len(parts) == 1:
            out.append((None, _as_int(parts[0])))
        else:
            out.append((_as_int(parts[-2]), _as_int(parts[-1])))
    return out


def _compose_mounts(service: dict[str, Any]) -> list[tuple[str, str]]:
    """(source relative to the compose dir, target) of each bind mount."""
    out = []
    for v in service.get("volumes") or []:
        if isinstance(v, dict):
            if v.get("type", "bind") != "bind":
                continue
            src, dst = str(v.get("source", "")), str(v.get("target", ""))
        else:
            parts = str(v).split(":")
            if len(parts) < 2:
                continue
            src, dst = parts[0], parts[1]
        if not (src.startswith(".") or src.startswith("/")):
            continue  # named volume
        out.append((posixpath.normpath(src), posixpath.normpath(dst)))
    return out


def check_dmz(party: dict[str, Any], images: dict[str, Any], files: dict[str, bytes]) -> list[str]:
    """``files`` are the dmz-<id>/ files keyed by their path inside that directory."""
    problems = []
    where = f"dmz-{party['id']}"
    dmz = party.get("dmz") or {}
    for f in ("docker-compose.yml", "conf/proxy.properties", "conf/route_table.json"):
        if f not in files:
            problems.append(f"{where}: {f} is missing")
    props = _parse_properties(files.get("conf/proxy.properties", b"").decode("utf-8", "replace"))
    proxy_port = _as_int(props.get("port")) or PROXY_PORT
    if "conf/proxy.properties" in files:
        if props.get("coordinator") != party["id"]:
            problems.append(f"{where}: conf/proxy.properties coordinator is {props.get('coordinator')!r}, expected {party['id']!r}")
        if props.get("route.table") != f"{PROXY_CONF_DIR}/route_table.json":
            problems.append(f"{where}: conf/proxy.properties route.table is {props.get('route.table')!r}, "
                            f"expected {PROXY_CONF_DIR}/route_table.json")
    if "docker-compose.yml" not in files:
        return problems
    try:
        compose = load_yaml(files["docker-compose.yml"]) or {}
    except yaml.YAMLError as e:
        return problems + [f"{where}: docker-compose.yml is not YAML: {e}"]
    services = compose.get("services") if isinstance(compose, dict) else None
    if not isinstance(services, dict) or not services:
        return problems + [f"{where}: docker-compose.yml has no services"]
    proxies = []
    for name, svc in services.items():
        svc = svc or {}
        bad = check_image_ref(svc.get("image"), images)
        if bad:
            problems.append(f"{where}: docker-compose service {name}: {bad}")
        repo, _, _ = _split_image(str(svc.get("image") or ""))
        if repo.rsplit("/", 1)[-1] == "proxy":
            proxies.append((name, svc))
        if svc.get("privileged") or svc.get("network_mode") == "host":
            problems.append(f"{where}: docker-compose service {name}: privileged or host network")
    if not proxies:
        return problems + [f"{where}: docker-compose.yml has no service running the proxy image "
                           f"({expected_image('proxy', images)})"]
    for name, svc in proxies:
        ports = _compose_ports(svc)
        if (dmz.get("port"), proxy_port) not in ports:
            problems.append(f"{where}: docker-compose service {name} does not publish {dmz.get('port')}:{proxy_port} "
                            f"(ports: {svc.get('ports')})")
        mounts = _compose_mounts(svc)

        def mounted(rel: str, target: str) -> bool:
            return any((src == rel or src.endswith("/" + rel)) and dst == target for src, dst in mounts)

        dir_mounted = mounted("conf", PROXY_CONF_DIR)
        for f in ("proxy.properties", "route_table.json"):
            if not mounted(f"conf/{f}", f"{PROXY_CONF_DIR}/{f}") and not dir_mounted:
                problems.append(f"{where}: docker-compose service {name} does not mount conf/{f} at {PROXY_CONF_DIR}/{f}")
        if dir_mounted:
            for f in ("applicationContext-proxy.xml", "log4j2.properties"):
                if f"conf/{f}" not in files:
                    problems.append(f"{where}: docker-compose service {name} mounts the whole conf/ over "
                                    f"{PROXY_CONF_DIR}, hiding the image's {f}, and conf/ has no {f}")
    return problems


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


@dataclass
class GroupResult:
    chart: str
    group: str
    problems: list[str] = field(default_factory=list)
    note: str = ""
    messages: list[str] = field(default_factory=list)  # extra output (lint messages)


def read_bundle(path: str, workdir: str) -> tuple[str, dict[str, bytes], list[str]]:
    """Returns (root directory on disk, files by relative path, problems)."""
    problems: list[str] = []
    files: dict[str, bytes] = {}
    if os.path.isdir(path):
        root = path
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for fn in sorted(filenames):
                full = os.path.join(dirpath, fn)
                rel = os.path.relpath(full, root).replace(os.sep, "/")
                if os.path.islink(full):
                    problems.append(f"bundle: {rel} is a symbolic link")
                    continue
                with open(full, "rb") as fh:
                    files[rel] = fh.read()
        return root, files, problems
    if not zipfile.is_zipfile(path):
        return path, files, [f"{path}: neither a directory nor a zip file"]
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        prefix = ""
        if "federation.yaml" not in names:
            tops = {n.split("/", 1)[0] for n in names}
            if len(tops) == 1 and f"{next(iter(tops))}/federation.yaml" in names:
                prefix = next(iter(tops)) + "/"
        root = os.path.join(workdir, "bundle")
        os.makedirs(root, exist_ok=True)
        for n in names:
            rel = n[len(prefix):] if n.startswith(prefix) else n
            norm = posixpath.normpath(rel)
            if rel.startswith("/") or norm.startswith("..") or "\\" in rel:
                problems.append(f"bundle: zip entry {n!r} escapes the bundle directory")
                continue
            data = zf.read(n)
            files[norm] = data
            dest = os.path.join(root, *norm.split("/"))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "wb") as fh:
                fh.write(data)
    return root, files, problems


def _passwords_of(values: dict[str, Any] | None) -> dict[str, str]:
    creds = (values or {}).get("credentials") or {}
    return {f"credentials.{k}": str(creds[k]) for k in CREDENTIAL_KEYS if isinstance(creds.get(k), (str, int)) and str(creds[k])}


def verify_bundle(path: str) -> list[GroupResult]:
    results: list[GroupResult] = []
    with tempfile.TemporaryDirectory(prefix="check_bundle_") as work:
        root, files, read_problems = read_bundle(path, work)
        results.append(GroupResult("bundle", "read", read_problems, f"{len(files)} files"))
        if not files:
            return results
        results.append(GroupResult("bundle", "sha256sums", check_sha256sums(files)))

        raw_config = None
        cfg_problems: list[str] = []
        if "federation.yaml" in files:
            try:
                raw_config = yaml.load(files["federation.yaml"], Loader=_ConfigLoader)
            except yaml.YAMLError as e:
                cfg_problems.append(f"federation.yaml is not YAML: {e}")
        config, norm_problems = normalize_config(raw_config) if raw_config is not None else (_empty_config(), [])
        cfg_problems += norm_problems
        results.append(GroupResult("bundle", "config", cfg_problems))

        provenance = None
        if "provenance.json" in files:
            try:
                provenance = json.loads(files["provenance.json"])
            except ValueError as e:
                cfg_problems.append(f"provenance.json is not JSON: {e}")
        in_scope = scope_of(provenance)

        chart_values: dict[str, Any] = {}
        charts: list[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]] = []  # name, ns, party, exchange
        for p in config["parties"]:
            charts.append((p["release"], p["namespace"], p, None))
        if config["exchange"] is not None:
            charts.append(("fate-exchange", config["exchange"]["namespace"], None, config["exchange"]))
        charts = [c for c in charts if in_scope(c[0])]
        for name, *_ in charts:
            if f"{name}/values.yaml" in files:
                try:
                    chart_values[name] = load_yaml(files[f"{name}/values.yaml"]) or {}
                except yaml.YAMLError as e:
                    cfg_problems.append(f"{name}: values.yaml is not YAML: {e}")
        results.append(GroupResult("bundle", "structure", check_structure(files, config, chart_values, in_scope)))

        passwords_by_chart = {name: _passwords_of(chart_values.get(name)) for name, *_ in charts}
        all_images: set[str] = set()
        tables: dict[str, dict[str, Any] | None] = {}
        route_parse: list[str] = []

        for name, ns, party, exchange in charts:
            chart_dir = os.path.join(root, name)
            if not os.path.isdir(chart_dir):
                results.append(GroupResult(name, "render", [f"{name}: chart directory is missing"]))
                continue
            try:
                lint_problems = lint_chart(chart_dir)
            except Exception as e:  # noqa: BLE001
                lint_problems = [f"helm lint failed: {e}"]
            results.append(GroupResult(name, "lint", lint_problems))
            try:
                manifests = render_chart(chart_dir, name, ns)
            except Exception as e:  # noqa: BLE001
                results.append(GroupResult(name, "render", [f"helm render failed: {e}"]))
                continue
            objects, sources, parse_problems = parse_manifests(manifests)
            results.append(GroupResult(name, "render", parse_problems + check_duplicates(objects, ns),
                                       f"{len(objects)} objects"))
            results.append(GroupResult(name, "schema", check_schemas(objects, sources)))
            values = chart_values.get(name) or {}
            external = set(config["images"]["pullSecrets"]) | {config["ingress"]["tlsSecret"]}
            external |= {str((values.get("credentials") or {}).get("existingSecret") or "")}
            external |= {str(s) for s in ((values.get("image") or {}).get("pullSecrets") or [])}
            external |= {str((values.get("ingress") or {}).get("tlsSecret") or "")}
            for ing in objects_of(objects, "Ingress"):
                external |= {str(t.get("secretName") or "") for t in (ing.get("spec") or {}).get("tls") or []}
            claims = {existing_claim(config)}
            results.append(GroupResult(name, "services", check_service_selectors(objects)))
            results.append(GroupResult(name, "references", check_references(objects, external, claims)))
            results.append(GroupResult(name, "images", check_images(objects, config["images"])))
            all_images |= collect_images(objects)
            results.append(GroupResult(name, "pod-security", check_pod_security(objects)))
            pw = {}
            for label, p in passwords_by_chart.get(name, {}).items():
                pw[label] = p
            results.append(GroupResult(name, "passwords", check_passwords_in_objects(objects, pw)
                                       + check_passwords_in_notes(manifests, pw)))
            results.append(GroupResult(name, "config-checksum", check_config_checksum(objects)))
            fate_names = check_expected_services(objects, party, exchange) + check_node_ports(objects, party, exchange)
            if party is not None:
                fate_names += check_proxy_wiring(objects, party)
            results.append(GroupResult(name, "fate-services", fate_names))
            if party is None or party["dmz"] is None:
                table, probs = route_table_from_objects(objects, name)
                tables[name] = table
                route_parse += probs

        for party in config["parties"]:
            if party["dmz"] is None or not in_scope(f"dmz-{party['id']}"):
                continue
            d = f"dmz-{party['id']}"
            sub = {p[len(d) + 1:]: b for p, b in files.items() if p.startswith(d + "/")}
            results.append(GroupResult(d, "dmz", check_dmz(party, config["images"], sub)))
            if "conf/route_table.json" in sub:
                table, probs = parse_route_table(sub["conf/route_table.json"], f"{d}/conf/route_table.json")
                tables[d] = table
                route_parse += probs
            else:
                tables[d] = None
            compose = sub.get("docker-compose.yml")
            try:
                for svc in ((load_yaml(compose) or {}).get("services") or {}).values() if compose else []:
                    if isinstance(svc, dict) and svc.get("image"):
                        all_images.add(str(svc["image"]))
            except (yaml.YAMLError, AttributeError):
                pass

        route_problems = route_parse + (check_routes(config, tables, in_scope) if config["parties"] else [])
        results.append(GroupResult("network", "routes", route_problems))
        results.append(GroupResult("bundle", "images.txt",
                                   check_images_txt(files.get("images.txt", b"").decode("utf-8", "replace"), all_images)
                                   if "images.txt" in files else []))
        results.append(GroupResult("bundle", "passwords-in-files", check_passwords_in_files(files, passwords_by_chart)))
    return results


def print_results(bundle: str, results: list[GroupResult], out=sys.stdout) -> bool:
    print(f"== {bundle}", file=out)
    ok = True
    for r in results:
        status = "ok" if not r.problems else f"FAIL ({len(r.problems)})"
        note = f"  [{r.note}]" if r.note else ""
        print(f"  {r.chart:<16} {r.group:<18} {status}{note}", file=out)
        for p in r.problems:
            prefix = "" if p.startswith(r.chart + ":") or r.chart in ("bundle", "network") else f"{r.chart}: "
            text = "\n        ".join(line for line in f"{prefix}{p}".splitlines() if line.strip())
            print(f"      - {text}", file=out)
        ok = ok and not r.problems
    print(f"== {bundle}: {'PASSED' if ok else 'FAILED'}", file=out)
    return ok


def main(argv: list[str] | None = None, out=sys.stdout) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or any(a in ("-h", "--help") for a in args):
        print("usage: " + __doc__.strip().splitlines()[2].strip(), file=out)
        return 2
    passed = failed = 0
    for bundle in args:
        try:
            results = verify_bundle(bundle)
        except Exception as e:  # noqa: BLE001 - a crash is a failed bundle, not a traceback
            results = [GroupResult("bundle", "verifier", [f"verifier crashed: {type(e).__name__}: {e}"])]
        if print_results(bundle, results, out):
            passed += 1
        else:
            failed += 1
    print(f"{passed} passed, {failed} failed", file=out)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
