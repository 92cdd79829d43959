"""What FATE itself needs from a chart, by FATE line (``contract.line_facts`` of the party or
exchange): the Services its config files name, with FATE's ports (2.x: and one nodemanager
Deployment per egg entry, which has no Service); the config's fixed NodePorts on the
proxy/exchange/DMZ Services and no other exposure; and the proxy wiring. 1.x:
federation.properties / server_conf.json point at the party's proxy (in-cluster or DMZ). 2.x:
the OSX Deployment mounts broker.properties and route_table.json of ConfigMap/osx-config where
OSX reads them and runs OSX's Bootstrap on that directory, broker.properties holds what OSX
needs, and fateflow's service_conf.yaml points at the party's OSX.
"""

from __future__ import annotations

import json
import posixpath
import shlex
from typing import Any

import yaml

from .contract import (FATEFLOW_GRPC_PORT, FEDERATION_PORT, NODE_PORT_RANGE,
                       OSX_BOOTSTRAP, OSX_BROKER_PROPERTIES, OSX_CONF_DIR, OSX_CONF_KEYS,
                       OSX_PARTY_BROKER_PROPERTIES, OSX_UNREAD_PROPERTIES, PROXY_PORT,
                       line_facts)
from .images import split_image
from .objects import (WORKLOAD_KINDS, containers_of, in_cluster_names, metadata_of, obj_label, objects_of,
                      pod_templates, resolve_target_port, selector_matches)
from .parsing import as_int, load_yaml, norm_host, parse_properties


def check_expected_services(objects: list[dict[str, Any]], party: dict[str, Any] | None = None,
                            exchange: dict[str, Any] | None = None) -> list[str]:
    """The Services FATE's config files name exist, with FATE's ports (the line's; on 2.x the
    nodemanagers are Deployments without a Service, see ``_check_nodemanagers``)."""
    problems = []
    services = {str(metadata_of(o).get("name")): o for o in objects_of(objects, "Service")}
    expected: dict[str, tuple[int, ...]] = {}
    line = line_facts(party if party is not None else exchange)
    if party is not None:
        expected.update(line.party_services)
        if line.egg_service_ports is not None:
            for egg in party.get("eggs") or line.egg_names(1):
                expected[egg] = line.egg_service_ports
        else:  # 2.x: each egg is a nodemanager Deployment without a Service
            problems += _check_nodemanagers(objects, party)
        if party.get("dmz") is None:
            expected[line.proxy] = (line.proxy_port,)
        else:
            expected["federation-dmz"] = ()
            expected["fateflow-dmz"] = ()
            if line.proxy in services:
                problems.append(f"Service/{line.proxy}: rendered although the party's proxy runs in the DMZ")
            for o in objects:
                if o.get("kind") in WORKLOAD_KINDS and metadata_of(o).get("name") == line.proxy:
                    problems.append(f"{obj_label(o)}: rendered although the party's proxy runs in the DMZ")
    if exchange is not None:
        expected[line.proxy] = (line.proxy_port,)
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


def _check_nodemanagers(objects: list[dict[str, Any]], party: dict[str, Any]) -> list[str]:
    """2.x: one nodemanager Deployment per egg entry (no more), each listening on the nodemanager
    port and told its pod IP (it advertises that address; no Service leads to it)."""
    line = line_facts(party)
    problems = []
    want = list(party.get("eggs") or line.egg_names(1))
    deployments = {str(metadata_of(o).get("name")): o for o in objects_of(objects, "Deployment")}
    prefix = line.egg_name.split("{", 1)[0]
    for name in sorted(n for n in deployments if n.startswith(prefix) and n not in want):
        problems.append(f"Deployment/{name}: rendered, but the config has {len(want)} egg "
                        f"entr{'y' if len(want) == 1 else 'ies'} ({', '.join(want)})")
    for name in want:
        dep = deployments.get(name)
        if dep is None:
            problems.append(f"Deployment/{name}: missing (one nodemanager per placement.eggs entry)")
            continue
        spec = (((dep.get("spec") or {}).get("template") or {}).get("spec")) or {}
        containers = [c for c in spec.get("containers") or [] if isinstance(c, dict)]
        listening = [c for c in containers
                     if any(p.get("containerPort") == line.egg_port for p in c.get("ports") or [])]
        if not listening:
            problems.append(f"Deployment/{name}: no container listens on the nodemanager port {line.egg_port}")
            continue
        for c in listening:
            told = any(e.get("name") == "POD_IP"
                       and (((e.get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath")) == "status.podIP"
                       for e in c.get("env") or [] if isinstance(e, dict))
            if not told:
                problems.append(f"Deployment/{name}: container {c.get('name')} has no env POD_IP from "
                                f"status.podIP (the clustermanager reaches a nodemanager at the pod IP it advertises)")
    return problems


def check_node_ports(objects: list[dict[str, Any]], party: dict[str, Any] | None = None,
                     exchange: dict[str, Any] | None = None) -> list[str]:
    """Proxy/exchange/DMZ Services carry the config's fixed NodePorts; no other random exposure."""
    problems = []
    services = {str(metadata_of(o).get("name")): o for o in objects_of(objects, "Service")}
    workloads = [t for t in pod_templates(objects) if t.workload]
    want: dict[str, tuple[int | None, int]] = {}  # service -> (nodePort, container port it must reach)
    line = line_facts(party if party is not None else exchange)
    if party is not None and party.get("dmz") is None:
        want[line.proxy] = (party.get("nodePort"), line.proxy_port)
    if party is not None and party.get("dmz") is not None:
        want["federation-dmz"] = (party["dmz"].get("federationNodePort"), FEDERATION_PORT)
        want["fateflow-dmz"] = (party["dmz"].get("fateflowNodePort"), FATEFLOW_GRPC_PORT)
    if exchange is not None:
        want[line.proxy] = (exchange.get("nodePort"), line.proxy_port)
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


def check_proxy_wiring(objects: list[dict[str, Any]], party: dict[str, Any] | None = None,
                       exchange: dict[str, Any] | None = None) -> list[str]:
    """The party's (or on 2.x also the exchange's) proxy wiring.

    1.x party: federation.properties / server_conf.json (where rendered) point at the party's
    proxy; 1.x exchange: nothing to check here. 2.x: see ``check_osx_wiring``.
    """
    line = line_facts(party if party is not None else exchange)
    if line.is_fate2:
        return check_osx_wiring(objects, party, exchange)
    if party is None:
        return []
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


def _mounted_key(pod_spec: dict[str, Any], mount: dict[str, Any], configmap: str) -> str | None:
    """The key of ConfigMap ``configmap`` a subPath mount shows, or None (another volume, no subPath)."""
    vol = next((v for v in pod_spec.get("volumes") or [] if isinstance(v, dict) and v.get("name") == mount.get("name")), None)
    sub = mount.get("subPath")
    if vol is None or not sub or "configMap" not in vol or (vol.get("configMap") or {}).get("name") != configmap:
        return None
    items = (vol.get("configMap") or {}).get("items")
    if items:
        return next((str(it.get("key")) for it in items if str(it.get("path", it.get("key"))) == str(sub)), None)
    return str(sub)


def _java_argv(container: dict[str, Any]) -> list[str] | None:
    """The argv of a container that runs ``java`` (directly, or as ``sh -c '... java ...'``)."""
    argv = [str(a) for a in (container.get("command") or []) + (container.get("args") or [])]
    if argv and posixpath.basename(argv[0]) == "java":
        return argv
    if len(argv) >= 3 and posixpath.basename(argv[0]) in ("sh", "bash", "ash") and argv[1] == "-c":
        try:
            words = shlex.split(argv[2], comments=True)
        except ValueError:
            return None
        for i, w in enumerate(words):
            if posixpath.basename(w) == "java":
                return words[i:]
    return None


def check_osx_wiring(objects: list[dict[str, Any]], party: dict[str, Any] | None = None,
                     exchange: dict[str, Any] | None = None) -> list[str]:
    """2.x: the OSX Deployment mounts ConfigMap/osx-config's broker.properties and route_table.json
    at ``conf/broker/<key>`` (subPath) and runs ``java ... org.fedai.osx.broker.Bootstrap -c
    <conf>``; broker.properties holds OSX's port, no HTTP server, a party's clustermanager, and no
    key OSX does not read; a party's fateflow service_conf.yaml sends federation through its OSX."""
    line = line_facts(party if party is not None else exchange)
    problems: list[str] = []
    cm_name = line.proxy_config
    cm = next((o for o in objects_of(objects, "ConfigMap") if metadata_of(o).get("name") == cm_name), None)
    if cm is None:
        problems.append(f"ConfigMap/{cm_name}: missing (OSX reads {' and '.join(OSX_CONF_KEYS)} from it)")
    else:
        data = cm.get("data") or {}
        if "broker.properties" not in data:
            problems.append(f"ConfigMap/{cm_name}: has no key broker.properties")
        else:
            props = parse_properties(str(data["broker.properties"]))
            want = dict(OSX_BROKER_PROPERTIES)
            if party is not None:
                want.update(OSX_PARTY_BROKER_PROPERTIES)
            for key, value in want.items():
                if props.get(key) != value:
                    got = "missing" if key not in props else repr(props[key])
                    problems.append(f"ConfigMap/{cm_name}: broker.properties {key} is {got}, expected {value!r}")
            for key in OSX_UNREAD_PROPERTIES:
                if key in props:
                    problems.append(f"ConfigMap/{cm_name}: broker.properties sets {key}, which OSX does not read "
                                    f"(its party is route_table.json's self_party)")
        for key in OSX_CONF_KEYS:
            if key != "broker.properties" and key not in data:
                problems.append(f"ConfigMap/{cm_name}: has no key {key}")

    dep = next((o for o in objects_of(objects, "Deployment") if metadata_of(o).get("name") == line.proxy), None)
    if dep is None:
        problems.append(f"Deployment/{line.proxy}: missing")
    else:
        spec = (((dep.get("spec") or {}).get("template") or {}).get("spec")) or {}
        osx = [c for cpath, c in containers_of(spec) if cpath.startswith("containers[")
               and split_image(str(c.get("image") or ""))[0].rsplit("/", 1)[-1] == "osx"]
        if not osx:
            problems.append(f"{obj_label(dep)}: no container runs the osx image")
        for c in osx:
            where = f"{obj_label(dep)}: container {c.get('name')}"
            for key in OSX_CONF_KEYS:
                path = f"{OSX_CONF_DIR}/broker/{key}"
                mounts = [m for m in c.get("volumeMounts") or [] if isinstance(m, dict)
                          and posixpath.normpath(str(m.get("mountPath") or "")) == path]
                if not any(_mounted_key(spec, m, cm_name) == key for m in mounts):
                    problems.append(f"{where}: does not mount ConfigMap/{cm_name} key {key} at {path} (with subPath)")
            argv = _java_argv(c)
            if argv is None:
                problems.append(f"{where}: does not run java (expected java ... {OSX_BOOTSTRAP} -c {OSX_CONF_DIR})")
                continue
            try:
                at = argv.index(OSX_BOOTSTRAP)
            except ValueError:
                problems.append(f"{where}: java does not run {OSX_BOOTSTRAP}")
                continue
            rest = argv[at + 1:]
            conf = rest[rest.index("-c") + 1] if "-c" in rest[:-1] else None
            if conf is None or posixpath.normpath(conf) != OSX_CONF_DIR:
                problems.append(f"{where}: {OSX_BOOTSTRAP} runs with -c {conf}, expected -c {OSX_CONF_DIR} "
                                f"(where broker/ is mounted)")

    if party is not None:
        ok_hosts = in_cluster_names(line.proxy, party.get("namespace"))
        for o in objects_of(objects, "ConfigMap"):
            text = (o.get("data") or {}).get("service_conf.yaml")
            if text is None:
                continue
            try:
                conf = load_yaml(str(text)) or {}
                osx = ((conf.get("federation") or {}).get("osx") or {})
                host, port = osx.get("host"), as_int(osx.get("port"))
                engine = (conf.get("default_engines") or {}).get("federation")
            except (yaml.YAMLError, AttributeError) as e:
                problems.append(f"{obj_label(o)}: service_conf.yaml is not a YAML mapping: {e}")
                continue
            if norm_host(host) not in ok_hosts or port != line.proxy_port:
                problems.append(f"{obj_label(o)}: service_conf.yaml federation.osx is {host}:{osx.get('port')}, "
                                f"expected {line.proxy}:{line.proxy_port}")
            if engine != "osx":
                problems.append(f"{obj_label(o)}: service_conf.yaml default_engines.federation is {engine!r}, expected 'osx'")
    return problems
