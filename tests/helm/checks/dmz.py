"""A DMZ party's dmz-<id>/ directory: the docker compose file runs the proxy image from the
configured registry, publishes the DMZ port, and mounts proxy.properties and route_table.json
where the proxy reads them (without hiding the image's other config files).
"""

from __future__ import annotations

import posixpath
from typing import Any

import yaml

from .contract import PROXY_CONF_DIR, PROXY_PORT
from .images import check_image_ref, expected_image, split_image
from .parsing import as_int, load_yaml, parse_properties


def _compose_ports(service: dict[str, Any]) -> list[tuple[int | None, int | None]]:
    """(published, target) for each ports entry of a compose service."""
    out = []
    for p in service.get("ports") or []:
        if isinstance(p, dict):
            out.append((as_int(p.get("published")), as_int(p.get("target"))))
            continue
        s = str(p).split("/", 1)[0]
        if s.startswith("["):  # [::1]:9370:9370
            s = s[s.index("]") + 2:] if "]:" in s else s
        parts = s.split(":")
        if len(parts) == 1:
            out.append((None, as_int(parts[0])))
        else:
            out.append((as_int(parts[-2]), as_int(parts[-1])))
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
    """The DMZ proxy of ``party`` as its dmz-<id>/ directory runs it.

    ``files`` are the dmz-<id>/ files keyed by their path inside that directory.
    """
    problems = []
    where = f"dmz-{party['id']}"
    dmz = party.get("dmz") or {}
    for f in ("docker-compose.yml", "conf/proxy.properties", "conf/route_table.json"):
        if f not in files:
            problems.append(f"{where}: {f} is missing")
    props = parse_properties(files.get("conf/proxy.properties", b"").decode("utf-8", "replace"))
    proxy_port = as_int(props.get("port")) or PROXY_PORT
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
        repo, _, _ = split_image(str(svc.get("image") or ""))
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
