"""What FATE itself needs from a chart, by FATE line (``contract.line_facts`` of the party or
exchange): the Services its config files name, with FATE's ports (2.x: and one nodemanager
Deployment per egg entry, which has no Service); the config's fixed NodePorts on the
proxy/exchange/DMZ Services and no other exposure; and the proxy wiring. 1.x:
federation.properties / server_conf.json point at the party's proxy (in-cluster or DMZ). 2.x:
the OSX Deployment mounts broker.properties and route_table.json of ConfigMap/osx-config where
OSX reads them and runs OSX's Bootstrap on that directory, broker.properties holds what OSX
needs, and fateflow's service_conf.yaml points at the party's OSX.

2.x with ``tls.enabled`` (``contract.tls_facts``): the NodePort is Service/osx-tls (OSX's TLS
port 9371); Service/osx is ClusterIP on 9370 at a party (its fateflow's plaintext way in) and
absent at the exchange. The Secret osx-tls (kubernetes.io/tls: ca.crt, tls.crt, tls.key, PEM
armour intact) is mounted into OSX with a mode only its owner reads, and every file
broker.properties and route_table.json name resolves, through the container's mounts, to the
Secret's key it must be; OSX listens on 9371, its probes watch that port, broker.properties turns
on the TLS server with client certificates required, and the pod's checksum covers the Secret's
template (``check_osx_checksum``). Without TLS there is none of it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import json
import posixpath
import shlex
from typing import Any

import yaml

from .contract import (FATEFLOW_GRPC_PORT, FEDERATION_PORT, NODE_PORT_RANGE,
                       OSX_BOOTSTRAP, OSX_BROKER_PROPERTIES, OSX_CONF_DIR, OSX_CONF_KEYS,
                       OSX_PARTY_BROKER_PROPERTIES, OSX_UNREAD_PROPERTIES, PROXY_PORT,
                       TlsFacts, line_facts, tls_facts)
from .images import split_image
from .objects import (WORKLOAD_KINDS, containers_of, in_cluster_names, metadata_of, obj_label, objects_of,
                      pod_templates, resolve_target_port, selector_matches)
from .parsing import as_int, check_pem, load_yaml, norm_host, parse_properties, pem_bodies


def check_expected_services(objects: list[dict[str, Any]], party: dict[str, Any] | None = None,
                            exchange: dict[str, Any] | None = None) -> list[str]:
    """The Services FATE's config files name exist, with FATE's ports (the line's; on 2.x the
    nodemanagers are Deployments without a Service, see ``_check_nodemanagers``)."""
    problems = []
    services = {str(metadata_of(o).get("name")): o for o in objects_of(objects, "Service")}
    expected: dict[str, tuple[int, ...]] = {}
    line = line_facts(party if party is not None else exchange)
    tls = tls_facts(party if party is not None else exchange)
    if party is not None:
        expected.update(line.party_services)
        if line.egg_service_ports is not None:
            for egg in party.get("eggs") or line.egg_names(1):
                expected[egg] = line.egg_service_ports
        else:  # 2.x: each egg is a nodemanager Deployment without a Service
            problems += _check_nodemanagers(objects, party)
        if party.get("dmz") is None:
            expected[line.proxy] = (line.proxy_port,)
            if tls is not None:
                expected[tls.service] = (tls.port,)
                problems += _check_in_cluster_proxy(objects, services.get(line.proxy), line.proxy_port)
        else:
            expected["federation-dmz"] = ()
            expected["fateflow-dmz"] = ()
            if line.proxy in services:
                problems.append(f"Service/{line.proxy}: rendered although the party's proxy runs in the DMZ")
            for o in objects:
                if o.get("kind") in WORKLOAD_KINDS and metadata_of(o).get("name") == line.proxy:
                    problems.append(f"{obj_label(o)}: rendered although the party's proxy runs in the DMZ")
    if exchange is not None:
        if tls is None:
            expected[line.proxy] = (line.proxy_port,)
        else:
            expected[tls.service] = (tls.port,)
            if line.proxy in services:
                problems.append(f"Service/{line.proxy}: rendered at the exchange, which with TLS is reached only at "
                                f"Service/{tls.service} (it has no in-cluster client for plaintext {line.proxy_port})")
    if tls is None and line.tls is not None and line.tls.service in services:
        problems.append(f"Service/{line.tls.service}: rendered although federation.yaml has no tls.enabled")
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


def _check_in_cluster_proxy(objects: list[dict[str, Any]], svc: dict[str, Any] | None, port: int) -> list[str]:
    """2.x with TLS: the party's plaintext proxy Service (its fateflow's) leads to OSX's plaintext
    port, not its TLS port (that it is not exposed is ``check_node_ports``'s)."""
    if svc is None:
        return []  # reported as missing
    name = metadata_of(svc).get("name")
    spec = svc.get("spec") or {}
    problems = []
    selector = spec.get("selector") or {}
    matches = [t for t in pod_templates(objects) if t.workload and selector
               and selector_matches(selector, t.meta.get("labels") or {})]
    ports = [p for p in spec.get("ports") or [] if p.get("port") == port]
    if matches and ports and not any(port in resolve_target_port(p, matches) for p in ports):
        problems.append(f"Service/{name}: port {port} does not lead to container port {port} (fateflow speaks "
                        f"plaintext gRPC to it)")
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
    tls = tls_facts(party if party is not None else exchange)
    # with TLS, peers reach OSX's TLS port; its plaintext port is not exposed
    proxy, proxy_port = (tls.service, tls.port) if tls is not None else (line.proxy, line.proxy_port)
    if party is not None and party.get("dmz") is None:
        want[proxy] = (party.get("nodePort"), proxy_port)
    if party is not None and party.get("dmz") is not None:
        want["federation-dmz"] = (party["dmz"].get("federationNodePort"), FEDERATION_PORT)
        want["fateflow-dmz"] = (party["dmz"].get("fateflowNodePort"), FATEFLOW_GRPC_PORT)
    if exchange is not None:
        want[proxy] = (exchange.get("nodePort"), proxy_port)
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
    key OSX does not read; a party's fateflow service_conf.yaml sends federation through its OSX.
    With TLS on (or off) also ``_check_osx_tls``."""
    line = line_facts(party if party is not None else exchange)
    problems: list[str] = []
    cm_name = line.proxy_config
    props: dict[str, str] | None = None
    route_doc: Any = None
    spec: dict[str, Any] = {}
    osx: list[dict[str, Any]] = []
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
        try:
            route_doc = json.loads(str(data.get("route_table.json") or "null"))
        except ValueError:
            route_doc = None  # the routes check reports it

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

    if line.tls is not None:
        problems += _check_osx_tls(objects, tls_facts(party if party is not None else exchange), line.tls,
                                   f"ConfigMap/{cm_name}", props, route_doc, dep, spec, osx)

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


def _mounted_file(pod_spec: dict[str, Any], container: dict[str, Any], path: str) -> dict[str, Any] | None:
    """What the container sees at the absolute ``path``: the mount that covers it (the deepest
    mountPath wins, as in the kernel) as ``{mount, volume, kind, source, key, mode}`` (``kind``
    the volume type, ``source`` its ConfigMap/Secret name, ``key`` the key shown there, ``mode``
    the file's mode); None when no mount covers it (the image's own file)."""
    path = posixpath.normpath(path)
    best: tuple[int, dict[str, Any], str] | None = None
    for m in container.get("volumeMounts") or []:
        if not isinstance(m, dict):
            continue
        mp = posixpath.normpath(str(m.get("mountPath") or "/"))
        if m.get("subPath"):
            if path != mp:
                continue
            rel = posixpath.normpath(str(m["subPath"]))
        elif path.startswith(mp.rstrip("/") + "/"):
            rel = path[len(mp.rstrip("/")) + 1:]
        else:
            continue
        if best is None or len(mp) > best[0]:
            best = (len(mp), m, rel)
    if best is None:
        return None
    _, mount, rel = best
    vol = next((v for v in pod_spec.get("volumes") or [] if isinstance(v, dict) and v.get("name") == mount.get("name")),
               None) or {}
    kind = next((k for k in ("secret", "configMap", "emptyDir", "persistentVolumeClaim", "projected", "hostPath")
                 if k in vol), "volume")
    src = vol.get(kind) if isinstance(vol.get(kind), dict) else {}
    source = str(src.get("secretName") if kind == "secret" else src.get("name") or "")
    default_mode = as_int(src.get("defaultMode"))
    mode = 0o644 if default_mode is None else default_mode
    key: str | None = rel if "/" not in rel else None
    items = src.get("items")
    if isinstance(items, list) and items:
        item = next((it for it in items if isinstance(it, dict) and posixpath.normpath(str(it.get("path"))) == rel), None)
        key = str(item.get("key")) if item else None
        if item and as_int(item.get("mode")) is not None:
            mode = as_int(item.get("mode"))
    return {"mount": str(mount.get("mountPath")), "volume": str(mount.get("name")), "kind": kind, "source": source,
            "key": key, "mode": mode}


def _file_problem(pod_spec: dict[str, Any], container: dict[str, Any], path: Any, tls: TlsFacts, key: str) -> str | None:
    """Why ``path`` (as OSX resolves it: relative to its working directory) is not the key ``key``
    of Secret ``tls.secret`` in the container, or None."""
    if not isinstance(path, str) or not path:
        return "is missing"
    full = path if path.startswith("/") else posixpath.join(str(container.get("workingDir") or "/"), path)
    seen = _mounted_file(pod_spec, container, full)
    if seen is None:
        return f"is {path}, where no volume is mounted (expected Secret/{tls.secret} key {key})"
    if seen["kind"] != "secret" or seen["source"] != tls.secret or seen["key"] != key:
        what = (f"key {seen['key']} of " if seen["key"] else "a path inside ") + \
               (f"{'Secret' if seen['kind'] == 'secret' else seen['kind']}/{seen['source']}" if seen["source"]
                else f"volume {seen['volume']} ({seen['kind']})")
        return f"is {path}, which is {what} (mounted at {seen['mount']}), expected Secret/{tls.secret} key {key}"
    return None


def _probe_port(container: dict[str, Any], probe: dict[str, Any]) -> Any:
    """The container port number a probe checks (a named port resolved), or the port as written."""
    for handler in ("tcpSocket", "grpc", "httpGet"):
        if isinstance(probe.get(handler), dict):
            port = probe[handler].get("port")
            if isinstance(port, str) and not port.isdigit():
                return next((cp.get("containerPort") for cp in container.get("ports") or []
                             if isinstance(cp, dict) and cp.get("name") == port), port)
            return as_int(port)
    return None


def _check_osx_tls(objects: list[dict[str, Any]], tls: TlsFacts | None, facts: TlsFacts, cm: str,
                   props: dict[str, str] | None, route_doc: Any, dep: dict[str, Any] | None,
                   spec: dict[str, Any], osx: list[dict[str, Any]]) -> list[str]:
    """2.x OSX with ``tls`` (None: TLS off, then ``facts`` names what must be absent): see the
    module docstring."""
    problems: list[str] = []
    secret = next((o for o in objects_of(objects, "Secret") if metadata_of(o).get("name") == facts.secret), None)
    if tls is None:
        for key in facts.broker_tls_keys:
            if props is not None and key in props:
                problems.append(f"{cm}: broker.properties sets {key}, but federation.yaml has no "
                                f"tls.enabled")
        if props is not None and props.get(facts.server_switch, "false") != "false":
            problems.append(f"{cm}: broker.properties {facts.server_switch} is "
                            f"{props[facts.server_switch]!r}, but federation.yaml has no tls.enabled")
        if secret is not None:
            problems.append(f"Secret/{facts.secret}: rendered although federation.yaml has no tls.enabled")
        return problems

    if props is not None:
        for key, value in tls.broker_properties.items():
            if props.get(key) != value:
                got = "missing" if key not in props else repr(props[key])
                why = (" (without it OSX does one-way TLS only: any client reaches it)"
                       if key == "grpc.ssl.open.client.validate" else "")
                problems.append(f"{cm}: broker.properties {key} is {got}, expected {value!r}{why}")

    # the Secret: type, exactly its keys, PEM armour of each
    files: dict[str, str] = {}
    if secret is None:
        problems.append(f"Secret/{tls.secret}: missing (OSX's certificate, key and the federation authority's "
                        f"certificate)")
    else:
        where = obj_label(secret)
        if secret.get("type") != tls.secret_type:
            problems.append(f"{where}: type is {secret.get('type')!r}, expected {tls.secret_type}")
        data = secret.get("data") or {}
        string_data = secret.get("stringData") or {}
        for k, v in data.items():
            try:
                files[str(k)] = base64.b64decode(str(v), validate=True).decode("utf-8")
            except (binascii.Error, ValueError, UnicodeDecodeError):
                problems.append(f"{where}: data.{k} is not base64 of text")
        files.update({str(k): str(v) for k, v in string_data.items()})
        keys = set(data) | set(string_data)
        for k in sorted(set(tls.secret_keys) - keys):
            problems.append(f"{where}: has no key {k}")
        for k in sorted(keys - set(tls.secret_keys)):
            problems.append(f"{where}: has an unexpected key {k} (expected exactly {', '.join(tls.secret_keys)})")
        for k, label in tls.secret_keys.items():
            if k in files:
                problems += check_pem(files[k], label, f"{where} {k}", single=k == "tls.key")
        if "tls.crt" in files and "ca.crt" in files and pem_bodies(files["tls.crt"]) \
                and pem_bodies(files["tls.crt"])[:1] == pem_bodies(files["ca.crt"])[:1]:
            problems.append(f"{where}: tls.crt is the authority's certificate (ca.crt), not this OSX's own")

    if dep is None:
        return problems
    label = obj_label(dep)
    volumes = [v for v in spec.get("volumes") or [] if isinstance(v, dict)
               and (v.get("secret") or {}).get("secretName") == tls.secret]
    if not volumes:
        problems.append(f"{label}: no volume of Secret/{tls.secret}")
    for v in volumes:
        src = v.get("secret") or {}
        default_mode = as_int(src.get("defaultMode"))
        items = [it for it in src.get("items") or [] if isinstance(it, dict)]
        shown = {str(it.get("key")): as_int(it.get("mode")) for it in items} if items \
            else dict.fromkeys(tls.secret_keys, None)
        for key, mode in sorted(shown.items()):
            mode = mode if mode is not None else (0o644 if default_mode is None else default_mode)
            if mode & 0o077:
                problems.append(f"{label}: volume {v.get('name')} shows Secret/{tls.secret} key {key} with mode "
                                f"{mode:04o}: its group or others can read it (expected no group/other bits, 0400)")
    pod_sc = spec.get("securityContext") or {}
    for c in osx:
        where = f"{label}: container {c.get('name')}"
        if not any(isinstance(m, dict) and m.get("name") in {v.get("name") for v in volumes}
                   for m in c.get("volumeMounts") or []):
            problems.append(f"{where}: does not mount Secret/{tls.secret}")
        uid = as_int((c.get("securityContext") or {}).get("runAsUser", pod_sc.get("runAsUser")))
        if uid not in (None, 0) and pod_sc.get("fsGroup") is None and volumes:
            problems.append(f"{where}: runs as user {uid}, but the Secret's files are root's with an owner-only mode "
                            f"and the pod sets no fsGroup: OSX cannot read them")
        if not any(isinstance(p, dict) and p.get("containerPort") == tls.port for p in c.get("ports") or []):
            problems.append(f"{where}: has no container port {tls.port} (OSX's TLS port, grpc.tls.port)")
        for probe_key in ("startupProbe", "readinessProbe", "livenessProbe"):
            probe = c.get(probe_key)
            if not isinstance(probe, dict) or "exec" in probe:
                continue
            port = _probe_port(c, probe)
            if port != tls.port:
                problems.append(f"{where}: {probe_key} checks port {port}, expected the TLS port {tls.port} (OSX "
                                f"keeps running without its TLS server when it cannot read its certificate or key)")
        if props is not None:
            for key, secret_key in tls.broker_files.items():
                why = _file_problem(spec, c, props.get(key), tls, secret_key)
                if why:
                    problems.append(f"{where}: broker.properties {key} {why}")
        table = route_doc.get("route_table") if isinstance(route_doc, dict) else None
        for dest, roles in sorted((table or {}).items()) if isinstance(table, dict) else []:
            for role, eps in sorted(roles.items()) if isinstance(roles, dict) else []:
                for i, ep in enumerate(eps if isinstance(eps, list) else []):
                    if not isinstance(ep, dict) or ep.get(tls.route_flag) is not True:
                        continue  # whether it must be TLS is the routes check's
                    for key, secret_key in tls.route_files.items():
                        if key not in ep:
                            continue  # reported by the routes check
                        why = _file_problem(spec, c, ep.get(key), tls, secret_key)
                        if why:
                            problems.append(f"{where}: route_table.json entry {dest!r} role {role!r} endpoint {i} "
                                            f"{key} {why}")
    return problems


def check_osx_checksum(objects: list[dict[str, Any]], sources: list[str], manifests: dict[str, str],
                       party: dict[str, Any] | None = None, exchange: dict[str, Any] | None = None) -> list[str]:
    """2.x: the OSX pod's ``checksum/config`` is the sha256 of the rendered templates of
    ConfigMap/osx-config and, with TLS, Secret/osx-tls (``objects[i]`` was rendered from
    ``sources[i]``, whose text is ``manifests[sources[i]]``), so a changed route table or new
    certificates roll OSX (it reads its certificates once, at start; subPath files are never
    refreshed). Without TLS the (empty) template of the Secret may be part of it."""
    holder = party if party is not None else exchange
    line = line_facts(holder)
    if line.tls is None:
        return []
    tls = tls_facts(holder)
    dep = next((o for o in objects_of(objects, "Deployment") if metadata_of(o).get("name") == line.proxy), None)
    if dep is None:
        return []  # reported by the wiring check

    def source_of(kind: str, name: str) -> str | None:
        return next((src for o, src in zip(objects, sources)
                     if o.get("kind") == kind and metadata_of(o).get("name") == name), None)

    cm_src = source_of("ConfigMap", line.proxy_config)
    if cm_src is None:
        return []  # reported by the wiring check
    sec_src = source_of("Secret", line.tls.secret)
    required = [cm_src] + ([sec_src] if tls is not None and sec_src else [])
    optional = [n for n in manifests if n.endswith("/templates/" + line.tls.checksum_templates[-1]) and n not in required]

    def digest(names: tuple[str, ...]) -> str:
        return hashlib.sha256("".join(manifests.get(n, "") for n in names).encode()).hexdigest()

    accepted = {digest(p) for p in itertools.permutations(required)}
    if tls is None:
        accepted |= {digest(p) for p in itertools.permutations(required + optional)}
    meta = ((dep.get("spec") or {}).get("template") or {}).get("metadata") or {}
    value = (meta.get("annotations") or {}).get("checksum/config")
    if value in accepted:
        return []
    if sec_src and tls is not None and value == digest((cm_src,)):
        return [f"{obj_label(dep)}: checksum/config covers {cm_src} but not {sec_src}: new certificates would not "
                f"restart OSX, which reads them only at start"]
    return [f"{obj_label(dep)}: checksum/config {str(value)[:12]}... is not the sha256 of the rendered "
            f"{' and '.join(required)}: a changed route table{' or certificate' if sec_src and tls else ''} "
            f"would not restart OSX"]
