"""Helpers over rendered Kubernetes objects (plain dicts): names, pod templates, containers,
label selectors, Service ports, in-cluster DNS names. No checks of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator


#: Pod templates a Service may select (per the brief: Deployment/StatefulSet/DaemonSet/Job).
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job")


def obj_label(obj: dict[str, Any]) -> str:
    """``Kind/name``, how reports name an object."""
    return f"{obj.get('kind', '?')}/{(obj.get('metadata') or {}).get('name', '?')}"


def metadata_of(obj: dict[str, Any]) -> dict[str, Any]:
    """The object's metadata ({} when absent)."""
    return obj.get("metadata") or {}


def objects_of(objects: Iterable[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """The objects of one kind."""
    return [o for o in objects if isinstance(o, dict) and o.get("kind") == kind]


@dataclass
class PodTemplate:
    """A pod template and the object holding it."""

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
            out.append(PodTemplate(o, obj_label(o), metadata_of(o), spec, False))
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


def selector_matches(selector: dict[str, Any], labels: dict[str, Any]) -> bool:
    """A Service's equality selector matches the labels (values compared as text)."""
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


def in_cluster_names(service: str, namespace: str | None) -> set[str]:
    """The DNS names a Service answers to inside the cluster (short, namespaced, FQDN)."""
    names = {service}
    if namespace:
        names |= {f"{service}.{namespace}", f"{service}.{namespace}.svc", f"{service}.{namespace}.svc.cluster.local"}
    return names
