"""What FATE itself needs from a chart: the Services its config files name, with FATE's ports;
the config's fixed NodePorts on the proxy/exchange/DMZ Services and no other exposure; and
federation.properties / server_conf.json pointing at the party's proxy (in-cluster or DMZ).
"""

from __future__ import annotations

import json
from typing import Any

from .contract import (EGG_PORTS, FATEFLOW_GRPC_PORT, FEDERATION_PORT, NODE_PORT_RANGE, PROXY_PORT,
                       SERVICE_PORTS)
from .objects import (WORKLOAD_KINDS, in_cluster_names, metadata_of, obj_label, objects_of, pod_templates,
                      resolve_target_port, selector_matches)
from .parsing import as_int, norm_host, parse_properties


def check_expected_services(objects: list[dict[str, Any]], party: dict[str, Any] | None = None,
                            exchange: dict[str, Any] | None = None) -> list[str]:
    """The Services FATE's config files name exist, with FATE's ports."""
    problems = []
    services = {str(metadata_of(o).get("name")): o for o in objects_of(objects, "Service")}
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
                if o.get("kind") in WORKLOAD_KINDS and metadata_of(o).get("name") == "proxy":
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
    services = {str(metadata_of(o).get("name")): o for o in objects_of(objects, "Service")}
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
        matches = [t for t in workloads if selector and selector_matches(selector, t.meta.get("labels") or {})]
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


def check_proxy_wiring(objects: list[dict[str, Any]], party: dict[str, Any]) -> list[str]:
    """federation.properties / server_conf.json (where rendered) point at the party's proxy."""
    problems = []
    ns = party.get("namespace")
    if party.get("dmz") is None:
        ok_hosts, ok_port = in_cluster_names("proxy", ns), PROXY_PORT
        want = f"proxy:{PROXY_PORT}"
    else:
        ok_hosts, ok_port = {norm_host(party["dmz"]["host"])}, party["dmz"]["port"]
        want = f"{party['dmz']['host']}:{ok_port} (the DMZ proxy)"
    for cm in objects_of(objects, "ConfigMap"):
        data = cm.get("data") or {}
        if "federation.properties" in data:
            props = parse_properties(str(data["federation.properties"]))
            host, port = props.get("proxy.ip"), as_int(props.get("proxy.port"))
            if norm_host(host) not in ok_hosts or port != ok_port:
                problems.append(f"{obj_label(cm)}: federation.properties proxy is {host}:{props.get('proxy.port')}, expected {want}")
        if "server_conf.json" in data:
            try:
                conf = json.loads(str(data["server_conf.json"]))
                proxy = ((conf.get("servers") or {}).get("proxy") or {})
                host, port = proxy.get("host"), as_int(proxy.get("port"))
                if norm_host(host) not in ok_hosts or port != ok_port:
                    problems.append(f"{obj_label(cm)}: server_conf.json servers.proxy is {host}:{proxy.get('port')}, expected {want}")
            except (ValueError, AttributeError) as e:
                problems.append(f"{obj_label(cm)}: server_conf.json is not valid JSON: {e}")
    return problems
