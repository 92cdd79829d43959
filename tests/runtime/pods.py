"""What a rendered pod gives each of its containers: environment and files, as the kubelet would.

``Chart`` indexes one rendered release (ConfigMaps, Secrets, claims, PVs, Services, pods).
``container_env`` resolves literal values and ``secretKeyRef``/``configMapKeyRef`` entries;
``PodVolumes`` keeps each emptyDir of a pod in a host directory for the pod's whole life, so what
an init container writes is what the next container mounts; ``lay_out_mounts`` places ConfigMap
and Secret keys (whole volumes, ``items`` and ``subPath``) and copies emptyDirs into a root.
"""

from __future__ import annotations

import base64
import os
import posixpath
import shutil
from dataclasses import dataclass, field
from typing import Any, Iterator


@dataclass
class Pod:
    workload: str  # Deployment name
    spec: dict[str, Any]

    def containers(self) -> Iterator[tuple[bool, dict[str, Any]]]:
        for c in self.spec.get("initContainers") or []:
            yield True, c
        for c in self.spec.get("containers") or []:
            yield False, c

    def volume(self, name: str) -> dict[str, Any]:
        for v in self.spec.get("volumes") or []:
            if v.get("name") == name:
                return v
        raise KeyError(f"pod {self.workload}: no volume {name!r}")


@dataclass
class Chart:
    name: str  # directory in the bundle: fate-10000, fate-exchange
    namespace: str
    values: dict[str, Any]
    objects: list[dict[str, Any]]
    configmaps: dict[str, dict[str, str]] = field(default_factory=dict)
    secrets: dict[str, dict[str, str]] = field(default_factory=dict)
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    volumes: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    pods: list[Pod] = field(default_factory=list)

    def __post_init__(self) -> None:
        for obj in self.objects:
            kind, name = obj.get("kind"), (obj.get("metadata") or {}).get("name")
            if kind == "ConfigMap":
                self.configmaps[name] = {k: str(v) for k, v in (obj.get("data") or {}).items()}
            elif kind == "Secret":
                data = {k: base64.b64decode(v).decode() for k, v in (obj.get("data") or {}).items()}
                data.update({k: str(v) for k, v in (obj.get("stringData") or {}).items()})
                self.secrets[name] = data
            elif kind == "PersistentVolumeClaim":
                self.claims[name] = obj
            elif kind == "PersistentVolume":
                self.volumes[name] = obj
            elif kind == "Service":
                self.services[name] = obj
            elif kind in ("Deployment", "StatefulSet"):
                self.pods.append(Pod(name, obj["spec"]["template"]["spec"]))

    @property
    def party_id(self) -> str | None:
        pid = self.values.get("partyId")
        return None if pid is None else str(pid)


def container_env(chart: Chart, container: dict[str, Any], image_env: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(image_env or {})
    for entry in container.get("env") or []:
        name = entry["name"]
        if "value" in entry:
            env[name] = str(entry["value"])
            continue
        src = entry.get("valueFrom") or {}
        if "secretKeyRef" in src:
            ref = src["secretKeyRef"]
            env[name] = chart.secrets[ref["name"]][ref["key"]]
        elif "configMapKeyRef" in src:
            ref = src["configMapKeyRef"]
            env[name] = chart.configmaps[ref["name"]][ref["key"]]
    return env


class PodVolumes:
    """emptyDir volumes of one pod: one host directory each, alive as long as the pod."""

    def __init__(self, workdir: str) -> None:
        self.workdir = workdir
        self.dirs: dict[str, str] = {}

    def empty_dir(self, name: str) -> str:
        if name not in self.dirs:
            path = os.path.join(self.workdir, "emptydir-" + name)
            os.makedirs(path, exist_ok=True)
            self.dirs[name] = path
        return self.dirs[name]


def _keys_of_volume(chart: Chart, volume: dict[str, Any]) -> dict[str, str] | None:
    if "configMap" in volume:
        src = chart.configmaps.get(volume["configMap"]["name"], {})
        items = volume["configMap"].get("items")
    elif "secret" in volume:
        src = chart.secrets.get(volume["secret"]["secretName"], {})
        items = volume["secret"].get("items")
    else:
        return None
    if items:
        return {it["path"]: src[it["key"]] for it in items}
    return dict(src)


def _write(root: str, path: str, data: str, mode: int) -> None:
    target = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(data)
    os.chmod(target, mode)


@dataclass
class Placed:
    """What lay_out_mounts put into a root."""

    files: list[str] = field(default_factory=list)  # absolute paths of config files
    empty_dirs: list[tuple[str, str, str]] = field(default_factory=list)  # (volume, host dir, mount path[/subPath])
    data_dirs: list[str] = field(default_factory=list)  # mount paths of claim-backed volumes


def lay_out_mounts(chart: Chart, pod: Pod, container: dict[str, Any], root: str, volumes: PodVolumes) -> Placed:
    placed = Placed()
    for mount in container.get("volumeMounts") or []:
        volume = pod.volume(mount["name"])
        path = mount["mountPath"]
        sub = mount.get("subPath")
        keys = _keys_of_volume(chart, volume)
        mode = (volume.get("configMap") or volume.get("secret") or {}).get("defaultMode", 0o644)
        if keys is not None:
            if sub:
                if sub in keys:
                    _write(root, path, keys[sub], mode)
                    placed.files.append(path)
            else:
                for key, data in keys.items():
                    _write(root, posixpath.join(path, key), data, mode)
                    placed.files.append(posixpath.join(path, key))
        elif "emptyDir" in volume:
            host = volumes.empty_dir(mount["name"])
            src = os.path.join(host, sub) if sub else host
            target = os.path.join(root, path.lstrip("/"))
            if os.path.isfile(src):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(src, target)
                placed.files.append(path)
            else:
                os.makedirs(src, exist_ok=True)
                shutil.copytree(src, target, dirs_exist_ok=True)
            placed.empty_dirs.append((mount["name"], src, target))
        elif "persistentVolumeClaim" in volume:
            os.makedirs(os.path.join(root, path.lstrip("/")), exist_ok=True)
            placed.data_dirs.append(path)
    return placed


def save_empty_dirs(placed: Placed) -> None:
    """After a container ran: what it wrote into its emptyDir mounts goes back to the pod."""
    for _name, host, target in placed.empty_dirs:
        if os.path.isdir(target):
            shutil.copytree(target, host, dirs_exist_ok=True)
        elif os.path.isfile(target):
            shutil.copy2(target, host)


def service_names(charts: list[Chart]) -> set[str]:
    names = set()
    for chart in charts:
        names |= set(chart.services)
    return names


def data_directories(chart: Chart) -> list[tuple[tuple[Any, ...], str]]:
    """(where the data physically lives, which workload) for every claim-backed mount: NFS
    server + path + subPath, or claim name + subPath."""
    out = []
    for pod in chart.pods:
        for _init, c in pod.containers():
            for mount in c.get("volumeMounts") or []:
                volume = pod.volume(mount["name"])
                pvc = volume.get("persistentVolumeClaim")
                if not pvc:
                    continue
                claim = chart.claims.get(pvc["claimName"])
                pv_name = (claim or {}).get("spec", {}).get("volumeName")
                pv = chart.volumes.get(pv_name) if pv_name else None
                sub = mount.get("subPath", "")
                if pv and "nfs" in pv["spec"]:
                    nfs = pv["spec"]["nfs"]
                    key = ("nfs", nfs["server"], nfs["path"].rstrip("/"), sub)
                elif claim is not None:
                    key = ("claim", chart.namespace, pvc["claimName"], sub)
                else:  # an existing claim: its volume may be shared with other namespaces
                    key = ("existing-claim", pvc["claimName"], sub)
                out.append((key, f"{chart.name}/{pod.workload}"))
    return out
