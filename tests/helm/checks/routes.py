"""Route simulation: FATE's proxy lookup followed hop by hop over every party's, DMZ's and the
exchange's route table, so each party reaches each other party for the line's roles (1.x:
``fate`` and ``fateflow``; 2.x: ``fateflow``) without dead ends, loops or wrong final hops.

1.x proxies deliver a message when it reaches the destination party's proxy. 2.x OSX delivers
it locally when the destination is in its route table's ``self_party`` (a party's own id; the
exchange's ``default`` is no party, so it forwards everything), and otherwise forwards it. On
2.x each OSX's table is also held to its exact shape: ``self_party``; a party's own entry with
role ``fateflow``, with an exchange a ``default`` entry to it, else one entry per other party;
the exchange's one entry per party and no ``default``. With ``tls.enabled`` every endpoint of
an entry that is not the table's own party (every entry at the exchange) is a TLS route:
``useSSL`` true and the CA, certificate chain and key files named (that they are the mounted
Secret's files is the OSX wiring check's), while the own entry (fateflow, plaintext
inside the cluster) is not; without TLS no endpoint asks for TLS. The simulation is the same
either way: a peer's NodePort is its TLS port when TLS is on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from .contract import EXCHANGE_SELF_PARTY, LINE_1, LineFacts, TlsFacts, line_facts, tls_facts
from .objects import in_cluster_names, metadata_of, objects_of
from .parsing import as_int, norm_host


HOP_LIMIT = 10


def parse_route_table(text: str | bytes, where: str) -> tuple[dict[str, Any] | None, list[str]]:
    """``{"route_table": {...}}`` → the inner table, or None and the problems."""
    table, _, problems = parse_route_doc(text, where, LINE_1)
    return table, problems


def parse_route_doc(text: str | bytes, where: str,
                    line: LineFacts = LINE_1) -> tuple[dict[str, Any] | None, list[str] | None, list[str]]:
    """``{"route_table": {...}[, "self_party": [...]]}`` → (the inner table, ``self_party``, problems).

    ``self_party`` is read on 2.x only (OSX needs a list of party ids as strings); on 1.x it is None.
    """
    try:
        doc = json.loads(text)
    except ValueError as e:
        return None, None, [f"{where}: route_table.json is not JSON: {e}"]
    if not isinstance(doc, dict) or not isinstance(doc.get("route_table"), dict):
        return None, None, [f"{where}: route_table.json has no \"route_table\" object"]
    problems = []
    self_party = None
    if line.is_fate2:
        sp = doc.get("self_party")
        if not isinstance(sp, list) or not sp:
            problems.append(f"{where}: route_table.json has no \"self_party\" list (OSX does not start without it)")
        else:
            self_party = list(sp)
            for v in sp:
                if not isinstance(v, str):
                    problems.append(f"{where}: route_table.json self_party entry {v!r} is not a string")
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
    return table, self_party, problems


def route_doc_from_objects(objects: list[dict[str, Any]], where: str, line: LineFacts = LINE_1
                           ) -> tuple[dict[str, Any] | None, list[str] | None, list[str]]:
    """What a chart's proxy reads: ``route_table.json`` of the line's ConfigMap (1.x
    proxy-config, 2.x osx-config) → (table, ``self_party`` (2.x), problems)."""
    name = line.proxy_config
    for cm in objects_of(objects, "ConfigMap"):
        if metadata_of(cm).get("name") == name:
            data = cm.get("data") or {}
            if "route_table.json" not in data:
                return None, None, [f"{where}: ConfigMap/{name} has no key route_table.json"]
            return parse_route_doc(str(data["route_table.json"]), f"{where}: ConfigMap/{name}", line)
    return None, None, [f"{where}: no ConfigMap/{name} is rendered"]


def route_table_from_objects(objects: list[dict[str, Any]], where: str,
                             line: LineFacts = LINE_1) -> tuple[dict[str, Any] | None, list[str]]:
    """The route table a chart's proxy reads (see ``route_doc_from_objects``), and the problems."""
    table, _, problems = route_doc_from_objects(objects, where, line)
    return table, problems


@dataclass
class ProxyNode:
    """A FATE proxy of the network: where it listens and the route table it reads."""

    key: str  # fate-<id>, dmz-<id> or fate-exchange
    title: str  # human name: "party 10000", "party 10000 (DMZ proxy)", "exchange"
    party: dict[str, Any] | None
    listen: tuple[str, int | None]
    in_cluster_ns: str | None  # namespace when the proxy runs in a cluster
    table: dict[str, Any] | None = None
    self_party: list[Any] | None = None  # 2.x: the route table's self_party


def build_network(config: dict[str, Any], tables: dict[str, dict[str, Any] | None],
                  self_parties: dict[str, list[Any] | None] | None = None) -> list[ProxyNode]:
    """One proxy per party (in its cluster, or in its DMZ) and the exchange's, with its route table
    (and on 2.x its ``self_party``)."""
    sp = self_parties or {}
    nodes = []
    for p in config["parties"]:
        if p["dmz"] is None:
            nodes.append(ProxyNode(p["release"], f"party {p['id']}", p, (norm_host(p["address"]), p["nodePort"]),
                                   p["namespace"], tables.get(p["release"]), sp.get(p["release"])))
        else:
            key = f"dmz-{p['id']}"
            nodes.append(ProxyNode(key, f"party {p['id']} (DMZ proxy)", p,
                                   (norm_host(p["dmz"]["host"]), p["dmz"]["port"]), None, tables.get(key), sp.get(key)))
    if config["exchange"] is not None:
        e = config["exchange"]
        nodes.append(ProxyNode("fate-exchange", "exchange", None, (norm_host(e["address"]), e["nodePort"]),
                               e["namespace"], tables.get("fate-exchange"), sp.get("fate-exchange")))
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
                 in_scope: Callable[[str], bool] = lambda d: True,
                 self_parties: dict[str, list[Any] | None] | None = None) -> list[str]:
    """From every party (and the exchange) to every party, for the line's roles (1.x ``fate`` and
    ``fateflow``, 2.x ``fateflow``); on 2.x also each table's ``self_party`` (``self_parties``,
    by chart) and shape.

    Proxies outside a per-party bundle's scope are trusted: a route that reaches one has left this
    bundle (their own bundles are checked on their own).
    """
    problems: list[str] = []
    line = line_facts(config)
    nodes = build_network(config, tables, self_parties)
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
    if line.is_fate2:
        problems += _check_osx_tables(config, [n for n in nodes if n.table is not None and in_scope(n.key)])

    def resolve(cur: ProxyNode, ep: dict[str, Any]) -> ProxyNode | None:
        host, port = norm_host(ep.get("ip")), as_int(ep.get("port"))
        if (host, port) in listeners:
            return listeners[(host, port)]
        if cur.in_cluster_ns is not None and port == line.proxy_port:
            if host in in_cluster_names(line.proxy, cur.in_cluster_ns):
                return cur
            for other in nodes:  # another proxy Service of the same cluster, by DNS name
                if other.in_cluster_ns and other is not cur and other.listen[0] == cur.listen[0] \
                        and host in in_cluster_names(line.proxy, other.in_cluster_ns) - {line.proxy}:
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
        service, service_port = line.deliver[role]
        if dest.in_cluster_ns is not None:
            ok = host in in_cluster_names(service, dest.in_cluster_ns) and port == service_port
            want = f"{service}:{service_port}"
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
            if line.is_fate2:  # OSX keeps what its self_party names, and forwards the rest
                if cur.self_party is None:
                    return f"reaches {cur.title}, whose self_party is unavailable (path {' -> '.join(path)})"
                local = dest_id in cur.self_party
                if local and cur is not dest:
                    return (f"{cur.title} keeps it: its self_party {cur.self_party} names party {dest_id} "
                            f"(path {' -> '.join(path)})")
            else:
                local = cur is dest
            if local:
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
            for role in line.deliver:
                why = simulate(src, dest_id, role)
                if why:
                    frm = src.title.replace(" (DMZ proxy)", "")
                    problems.append(f"route {frm} -> party {dest_id} (role {role}): {why}")
    return problems


def _endpoint_text(ep: Any) -> str:
    return f"{ep.get('ip')}:{ep.get('port')}" if isinstance(ep, dict) else repr(ep)


def _check_osx_tables(config: dict[str, Any], nodes: list[ProxyNode]) -> list[str]:
    """2.x: each OSX route table's ``self_party`` and exact shape (see the module docstring)."""
    line = line_facts(config)
    tls = tls_facts(config)
    problems: list[str] = []
    exchange = config.get("exchange")
    parties = config["parties"]
    listen = {p["id"]: (p["address"], p["nodePort"]) for p in parties}
    own_service, own_port = line.deliver["fateflow"]
    for n in nodes:
        table = n.table or {}
        where = f"{n.title}: route table"
        if n.party is None:
            want_self = [EXCHANGE_SELF_PARTY]
            want_entries = {p["id"]: listen[p["id"]] for p in parties}
        else:
            pid = n.party["id"]
            want_self = [pid]
            if exchange is not None:
                want_entries = {"default": (exchange["address"], exchange["nodePort"])}
            else:
                want_entries = {p["id"]: listen[p["id"]] for p in parties if p["id"] != pid}
            want_entries[pid] = None  # the own entry, checked below
        if n.self_party is not None and n.self_party != want_self:
            problems.append(f"{where}: self_party is {json.dumps(n.self_party)}, expected {json.dumps(want_self)}")
        for key in sorted(set(want_entries) - set(table)):
            problems.append(f"{where}: has no entry {key!r}")
        for key in sorted(set(table) - set(want_entries)):
            why = ("the exchange routes every party by its own entry" if n.party is None
                   else "with an exchange, other parties are reached through its 'default' entry" if exchange
                   else "without an exchange, each other party has an entry of its own")
            problems.append(f"{where}: has an unexpected entry {key!r} ({why})")
        own = set() if n.party is None else {n.party["id"]}
        for key, entry in sorted(table.items()):
            if isinstance(entry, dict):
                problems += _check_tls_endpoints(where, key, entry, key in own, tls, line)
        for key, addr in sorted(want_entries.items()):
            entry = table.get(key)
            if not isinstance(entry, dict):
                continue
            if addr is None:  # the own entry: role fateflow to the party's fateflow
                eps = entry.get("fateflow")
                ep = eps[0] if isinstance(eps, list) and eps else None
                if not (isinstance(ep, dict) and norm_host(ep.get("ip")) in in_cluster_names(own_service, n.in_cluster_ns)
                        and as_int(ep.get("port")) == own_port):
                    problems.append(f"{where}: own entry {key!r} role 'fateflow' is "
                                    f"{_endpoint_text(ep) if ep is not None else 'missing'}, "
                                    f"expected {own_service}:{own_port}")
                continue
            if not entry:
                problems.append(f"{where}: entry {key!r} has no roles")
            for role, eps in entry.items():
                if not isinstance(eps, list) or not eps:
                    problems.append(f"{where}: entry {key!r} role {role!r} has no endpoints")
                    continue
                for ep in eps:
                    if not isinstance(ep, dict) or norm_host(ep.get("ip")) != norm_host(addr[0]) \
                            or as_int(ep.get("port")) != addr[1]:
                        target = "the exchange" if key == "default" else f"party {key}"
                        problems.append(f"{where}: entry {key!r} role {role!r} sends to {_endpoint_text(ep)}, "
                                        f"expected {target} at {addr[0]}:{addr[1]}")
    return problems


def _check_tls_endpoints(where: str, key: str, entry: dict[str, Any], own: bool, tls: TlsFacts | None,
                         line: LineFacts) -> list[str]:
    """2.x: the TLS fields of one route table entry's endpoints (see the module docstring)."""
    facts = tls or line.tls
    if facts is None:
        return []
    problems = []
    for role, eps in sorted(entry.items()):
        for ep in eps if isinstance(eps, list) else []:
            if not isinstance(ep, dict):
                continue
            flag = ep.get(facts.route_flag)
            at = f"{where}: entry {key!r} role {role!r} endpoint {_endpoint_text(ep)}"
            if own:
                if flag is True:
                    problems.append(f"{at} has {facts.route_flag} true, but the own party's fateflow listens in "
                                    f"plaintext inside the cluster")
            elif tls is None:
                if flag is True:
                    problems.append(f"{at} has {facts.route_flag} true, but federation.yaml has no tls.enabled "
                                    f"(the peer listens in plaintext)")
            else:
                if flag is not True:
                    problems.append(f"{at} has {facts.route_flag} {json.dumps(flag) if facts.route_flag in ep else 'missing'}, "
                                    f"expected true (with tls.enabled the peer accepts only TLS at its NodePort)")
                for file_key in facts.route_files:
                    value = ep.get(file_key)
                    if not isinstance(value, str) or not value:
                        got = "missing" if file_key not in ep else json.dumps(value)
                        problems.append(f"{at} {file_key} is {got}, expected the path of the mounted Secret's "
                                        f"{facts.route_files[file_key]}")
    return problems
