"""Route simulation: FATE's proxy lookup followed hop by hop over every party's, DMZ's and the
exchange's route table, so each party reaches each other party for roles ``fate`` and
``fateflow`` without dead ends, loops or wrong final hops.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from .contract import FATEFLOW_GRPC_PORT, FEDERATION_PORT, PROXY_PORT
from .objects import in_cluster_names, metadata_of, objects_of
from .parsing import as_int, norm_host


HOP_LIMIT = 10


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
    """The route table a chart's proxy reads: ``route_table.json`` of ConfigMap/proxy-config."""
    for cm in objects_of(objects, "ConfigMap"):
        if metadata_of(cm).get("name") == "proxy-config":
            data = cm.get("data") or {}
            if "route_table.json" not in data:
                return None, [f"{where}: ConfigMap/proxy-config has no key route_table.json"]
            return parse_route_table(str(data["route_table.json"]), f"{where}: ConfigMap/proxy-config")
    return None, [f"{where}: no ConfigMap/proxy-config is rendered"]


@dataclass
class ProxyNode:
    """A FATE proxy of the network: where it listens and the route table it reads."""

    key: str  # fate-<id>, dmz-<id> or fate-exchange
    title: str  # human name: "party 10000", "party 10000 (DMZ proxy)", "exchange"
    party: dict[str, Any] | None
    listen: tuple[str, int | None]
    in_cluster_ns: str | None  # namespace when the proxy runs in a cluster
    table: dict[str, Any] | None = None


def build_network(config: dict[str, Any], tables: dict[str, dict[str, Any] | None]) -> list[ProxyNode]:
    """One proxy per party (in its cluster, or in its DMZ) and the exchange's, with its route table."""
    nodes = []
    for p in config["parties"]:
        if p["dmz"] is None:
            nodes.append(ProxyNode(p["release"], f"party {p['id']}", p, (norm_host(p["address"]), p["nodePort"]),
                                   p["namespace"], tables.get(p["release"])))
        else:
            key = f"dmz-{p['id']}"
            nodes.append(ProxyNode(key, f"party {p['id']} (DMZ proxy)", p,
                                   (norm_host(p["dmz"]["host"]), p["dmz"]["port"]), None, tables.get(key)))
    if config["exchange"] is not None:
        e = config["exchange"]
        nodes.append(ProxyNode("fate-exchange", "exchange", None, (norm_host(e["address"]), e["nodePort"]),
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
            or not eps[0].get("ip") or as_int(eps[0].get("port")) is None:
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
        host, port = norm_host(ep.get("ip")), as_int(ep.get("port"))
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
        host, port = norm_host(ep.get("ip")), as_int(ep.get("port"))
        service = "federation" if role == "fate" else "fateflow"
        if dest.in_cluster_ns is not None:
            ok = host in in_cluster_names(service, dest.in_cluster_ns) and \
                port == (FEDERATION_PORT if role == "fate" else FATEFLOW_GRPC_PORT)
            want = f"{service}:{FEDERATION_PORT if role == 'fate' else FATEFLOW_GRPC_PORT}"
        else:
            d = party["dmz"]
            want_port = d["federationNodePort"] if role == "fate" else d["fateflowNodePort"]
            ok = host == norm_host(party["address"]) and port == want_port
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
