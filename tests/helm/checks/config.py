"""The config document (federation.yaml) a bundle carries, with every default applied.

Follows the document format of src/generator/config.rs; the checks of the other modules compare
the rendered charts against this normalised form. ``fateVersion`` says the FATE line (absent,
1.2.0 or 1.3.0: 1.x; 2.2.0: 2.x); the normalised config, each party, the exchange and
``images`` carry it as ``line`` (see ``contract.line_facts``), and what the line cannot do
(FATE 2.2: Helm 2, DMZ proxies) is a problem here. ``tls`` (mutual TLS between the proxies,
FATE 2.2 only) is normalised to ``{enabled, validityDays}``, and each party and the exchange
carry ``tls`` (a bool; ``contract.tls_facts`` reads it). Also checks the ports the document
claims: NodePorts in Kubernetes' range, and no two listeners on one address and port.
"""

from __future__ import annotations

from typing import Any

from .contract import FATE_VERSIONS, LINE_1, LINES, NODE_PORT_RANGE, PROXY_PORT, LineFacts, line_of_version
from .parsing import as_int, id_text, norm_host

#: Days a certificate the generator issues stays valid unless ``tls.validityDays`` says otherwise.
DEFAULT_TLS_VALIDITY_DAYS = 365


def normalize_config(raw: Any) -> tuple[dict[str, Any], list[str]]:
    """Turn a parsed federation.yaml into a dict with every default applied.

    Returns ``(config, problems)``. The config has: ``version``, ``fateVersion``, ``line``,
    ``target``, ``parties`` (each with ``id``, ``address``, ``nodePort``, ``namespace``,
    ``release``, ``dmz`` or None, ``eggs`` (the line's egg Deployment names), ``line``),
    ``exchange`` (``address``, ``nodePort``, ``namespace``, ``release``, ``line``) or None,
    ``images`` (``registry``, ``tag``, ``mysqlTag``, ``redisTag``, ``pullPolicy``,
    ``pullSecrets``, ``line``; on 2.x ``tag`` is empty unless given: each image then has its
    release's tag), ``storage``, ``ingress``, ``credentials``, ``tls`` (``enabled``,
    ``validityDays``) and ``certificates`` (as written: a bundle's copy must have none).
    """
    problems: list[str] = []
    if not isinstance(raw, dict):
        return empty_config(), ["federation.yaml: not a mapping"]
    version = raw.get("version")
    if version != 1:
        problems.append(f"federation.yaml: version is {version!r}, expected 1")
    fate_version = str(raw.get("fateVersion") or "1.2.0")
    line = line_of_version(fate_version)
    if line is None:
        problems.append(f"federation.yaml: fateVersion {fate_version!r} is not "
                        f"{', '.join(sorted(FATE_VERSIONS)[:-1])} or {sorted(FATE_VERSIONS)[-1]}")
        line = LINE_1
    target = str(raw.get("target") or "helm3")
    if line.targets is not None and target not in line.targets:
        problems.append(f"federation.yaml: target {target} is not for FATE {fate_version} "
                        f"(its charts are for {' or '.join(line.targets)})")

    images_raw = raw.get("images") or {}
    images = {
        "registry": str(images_raw.get("registry") or "").rstrip("/"),
        # 1.x: one tag for every FATE image; 2.x: the given tag, else each image's release tag.
        "tag": str(images_raw.get("tag") or ("" if line.is_fate2 else f"{fate_version}-release")),
        "mysqlTag": str(images_raw.get("mysqlTag") or "8.0.36"),
        "redisTag": str(images_raw.get("redisTag") or "5.0.14"),
        "pullPolicy": str(images_raw.get("pullPolicy") or "IfNotPresent"),
        "pullSecrets": [str(s) for s in (images_raw.get("pullSecrets") or [])],
        "line": line.name,
    }
    storage = raw.get("storage") or {"type": "none"}
    ingress_raw = raw.get("ingress") or {}
    ingress = {
        "enabled": ingress_raw.get("enabled", True) is not False,
        "className": str(ingress_raw.get("className") or "nginx"),
        "tlsSecret": str(ingress_raw.get("tlsSecret") or ""),
    }
    doc_placement = raw.get("placement") or {}
    tls, tls_problems = _normalize_tls(raw.get("tls"), line, fate_version)
    problems += tls_problems

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
                "port": as_int(d.get("port", PROXY_PORT)),
                "federationNodePort": as_int(d.get("federationNodePort")),
                "fateflowNodePort": as_int(d.get("fateflowNodePort")),
            }
            for k, v in dmz.items():
                if v in (None, ""):
                    problems.append(f"federation.yaml: party {pid} dmz.{k} is missing")
            if not line.dmz:
                problems.append(f"federation.yaml: party {pid} has a dmz, but FATE {fate_version} cannot run a "
                                f"party's proxy outside its cluster")
        node_port = as_int(p.get("nodePort"))
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
                "eggs": line.egg_names(egg_count),
                "line": line.name,
                "tls": tls["enabled"],
            }
        )
    if not parties:
        problems.append("federation.yaml: no parties")

    exchange = None
    if raw.get("exchange") is not None:
        e = raw["exchange"] or {}
        exchange = {
            "address": str(e.get("address") or ""),
            "nodePort": as_int(e.get("nodePort")),
            "namespace": str(e.get("namespace") or "fate-exchange"),
            "release": "fate-exchange",
            "line": line.name,
            "tls": tls["enabled"],
        }
        if not exchange["address"] or exchange["nodePort"] is None:
            problems.append("federation.yaml: exchange needs address and nodePort")

    config = {
        "version": version,
        "fateVersion": fate_version,
        "line": line.name,
        "target": target,
        "parties": parties,
        "exchange": exchange,
        "images": images,
        "storage": storage if isinstance(storage, dict) else {"type": str(storage)},
        "ingress": ingress,
        "credentials": raw.get("credentials") or {},
        "tls": tls,
        "certificates": raw.get("certificates") or {},
    }
    problems += check_config_ports(config)
    return config, problems


def _normalize_tls(raw: Any, line: LineFacts, fate_version: str) -> tuple[dict[str, Any], list[str]]:
    """``tls`` with its defaults (off, 365 days); TLS on a line without it, or a validity outside
    1-3650 days, is a problem."""
    problems: list[str] = []
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return {"enabled": False, "validityDays": DEFAULT_TLS_VALIDITY_DAYS}, ["federation.yaml: tls is not a mapping"]
    enabled = raw.get("enabled", False)
    if not isinstance(enabled, bool):
        problems.append(f"federation.yaml: tls.enabled is {enabled!r}, expected true or false")
        enabled = False
    days = as_int(raw.get("validityDays", DEFAULT_TLS_VALIDITY_DAYS))
    if days is None or not (1 <= days <= 3650):
        problems.append(f"federation.yaml: tls.validityDays {raw.get('validityDays')!r} is not 1 to 3650 days")
    if enabled and line.tls is None:
        problems.append(f"federation.yaml: tls.enabled, but FATE {fate_version} has no TLS between its proxies "
                        f"(only {', '.join(v for v in FATE_VERSIONS if LINES[FATE_VERSIONS[v]].tls)})")
        enabled = False
    return {"enabled": enabled, "validityDays": days}, problems


def empty_config() -> dict[str, Any]:
    """The config of a bundle without a readable federation.yaml: no parties, all defaults."""
    return {
        "version": None, "fateVersion": "1.2.0", "line": LINE_1.name, "target": "helm3", "parties": [],
        "exchange": None,
        "images": {"registry": "", "tag": "1.2.0-release", "mysqlTag": "8.0.36", "redisTag": "5.0.14",
                   "pullPolicy": "IfNotPresent", "pullSecrets": [], "line": LINE_1.name},
        "storage": {"type": "none"}, "ingress": {"enabled": True, "className": "nginx", "tlsSecret": ""},
        "credentials": {}, "tls": {"enabled": False, "validityDays": DEFAULT_TLS_VALIDITY_DAYS}, "certificates": {},
    }


def existing_claim(config: dict[str, Any]) -> str:
    """The PersistentVolumeClaim the config says exists already (``storage.type: existingClaim``), or ""."""
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
        key = (norm_host(host), port)
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
