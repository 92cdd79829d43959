"""Synthetic data for the chart checker's self-tests: a config and the objects, DMZ files and whole
bundles a correct generator would produce, which each test then breaks in one place. Both FATE
lines: ``make_config(fate_version="2.2.0")`` gives a FATE 2.2 config, and the builders below
then produce what the charts of charts/fate2 render (OSX, clustermanager, nodemanagers,
fateflow, fateboard, mysql), and ``make_config(fate_version="2.2.0", tls=True)`` the same with
mutual TLS between the OSX instances (Secret osx-tls, Service osx-tls, TLS routes; the
certificates and keys are fake PEM: right armour, random-looking base64, no cryptography).

The pure checks need only PyYAML. The schema test and the end-to-end CLI tests are skipped when
helm_python / kubernetes_validate are not importable (``HAVE_TOOLS``); run with
~/.cache/fate-chartgen-tools/venv/bin/python to include them.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import unittest
import zipfile

import yaml

from checks.config import normalize_config
from checks.contract import line_facts, tls_facts
from checks.images import collect_images, expected_image

try:
    import helm_python  # noqa: F401
    import kubernetes_validate  # noqa: F401

    HAVE_TOOLS = True
except ImportError:  # pragma: no cover - depends on the interpreter
    HAVE_TOOLS = False

REGISTRY = "harbor.example:8443/federatedai"
PASSWORDS = {
    "mysqlRootPassword": "Root-7fQx93kLz2",
    "mysqlPassword": "Fate-u8Rk2mWq41",
    "redisPassword": "Redis-p3Nz8vTy65",
}
#: A FATE 2.2 party's passwords (no redis; fateboard has a login).
PASSWORDS_2 = {
    "mysqlRootPassword": "Root-2kWq81vXs4",
    "mysqlPassword": "Fate-9hTz35nLp7",
    "fateboardPassword": "Board-m4Rx62cQe8",
}
#: values.yaml credentials key of each fate-credentials Secret key.
SECRET_KEYS = {"mysql-root-password": "mysqlRootPassword", "mysql-password": "mysqlPassword",
               "redis-password": "redisPassword", "fateboard-password": "fateboardPassword"}
FATE2 = "2.2.0"


def fake_pem(label: str, seed: str, size: int = 0) -> str:
    """A PEM block with the right armour and a deterministic base64 body (not a real key or
    certificate: the checks here read the armour only)."""
    size = size or (138 if "PRIVATE KEY" in label else 460)
    data = b""
    while len(data) < size:
        data += hashlib.sha256(f"{seed}:{len(data)}".encode()).digest()
    body = base64.b64encode(data[:size]).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


#: The federation authority of the synthetic TLS bundles: its certificate and key.
TLS_CA = fake_pem("CERTIFICATE", "authority")
TLS_CA_KEY = fake_pem("PRIVATE KEY", "authority-key")
TLS_DIR = "/data/projects/fate/osx/conf/tls"


def tls_pair(owner: str) -> tuple[str, str]:
    """The certificate and key of party ``owner``'s OSX (or the exchange's, "exchange")."""
    return fake_pem("CERTIFICATE", f"cert-{owner}"), fake_pem("PRIVATE KEY", f"key-{owner}")


def tls_values_for(config: dict, owner: str) -> dict:
    """values.yaml ``osx.tls`` of ``owner``'s chart."""
    if not tls_facts(config):
        return {"enabled": False, "ca": "", "cert": "", "key": ""}
    cert, key = tls_pair(owner)
    return {"enabled": True, "ca": TLS_CA, "cert": cert, "key": key}


def tls_endpoint(ep: dict) -> dict:
    """An endpoint of a TLS route: useSSL and the mounted Secret's files."""
    return dict(ep, useSSL=True, caFile=f"{TLS_DIR}/ca.crt", certChainFile=f"{TLS_DIR}/tls.crt",
                privateKeyFile=f"{TLS_DIR}/tls.key")


def passwords_for(config: dict) -> dict:
    """The synthetic passwords of the config's FATE line."""
    return PASSWORDS_2 if line_facts(config).is_fate2 else PASSWORDS


def make_config(**kw) -> dict:
    """The normalised config of ``make_raw_config(**kw)``."""
    config, problems = normalize_config(make_raw_config(**kw))
    assert not problems, problems
    return config


def make_raw_config(registry: str = "", exchange: bool = True, dmz_party: str | None = None,
                    eggs: int = 1, pull_secrets: list[str] | None = None, fate_version: str = "1.2.0",
                    tag: str | None = None, tls: bool = False) -> dict:
    """A federation.yaml document: parties 10000 and 9999, an exchange unless ``exchange=False``."""
    raw = {
        "version": 1,
        "fateVersion": fate_version,
        "parties": [
            {"id": "10000", "address": "192.168.11.2", "nodePort": 30010},
            {"id": "9999", "address": "192.168.11.3", "nodePort": 30009},
        ],
        "images": {"registry": registry} if registry else {},
        "placement": {"eggs": [f"n{i}" for i in range(eggs)]},
    }
    if pull_secrets:
        raw["images"]["pullSecrets"] = pull_secrets
    if tag:
        raw["images"]["tag"] = tag
    if tls:
        raw["tls"] = {"enabled": True, "validityDays": 365}
    if exchange:
        raw["exchange"] = {"address": "192.168.11.4", "nodePort": 30000}
    if dmz_party:
        for p in raw["parties"]:
            if p["id"] == dmz_party:
                del p["nodePort"]
                p["dmz"] = {"host": "10.0.13.1", "port": 9370, "federationNodePort": 30394,
                            "fateflowNodePort": 30360}
    return raw


def party_of(config: dict, pid: str) -> dict:
    return next(p for p in config["parties"] if p["id"] == pid)


def image(name: str, images: dict) -> str:
    return expected_image(name, images)


def _labels(release: str, component: str) -> dict:
    return {
        "app.kubernetes.io/name": "fate",
        "app.kubernetes.io/instance": release,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/managed-by": "Helm",
    }


def _selector(release: str, component: str) -> dict:
    lab = _labels(release, component)
    return {k: lab[k] for k in ("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component")}


def _deployment(release: str, component: str, containers: list, volumes: list | None = None,
                init: list | None = None, pull_secrets: list[str] | None = None) -> dict:
    spec = {"containers": containers}
    if init:
        spec["initContainers"] = init
    if volumes:
        spec["volumes"] = volumes
    if pull_secrets:
        spec["imagePullSecrets"] = [{"name": s} for s in pull_secrets]
    meta = {"labels": _labels(release, component)}
    if any("configMap" in v for v in volumes or []):
        meta["annotations"] = {"checksum/config": hashlib.sha256(component.encode()).hexdigest()}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": component, "labels": _labels(release, component)},
        "spec": {
            "replicas": 1,
            "strategy": {"type": "Recreate"},
            "selector": {"matchLabels": _selector(release, component)},
            "template": {"metadata": meta, "spec": spec},
        },
    }


def _container(name: str, img: str, ports: list[tuple[str, int]], mounts: list | None = None,
               env: list | None = None, policy: str = "IfNotPresent") -> dict:
    c = {"name": name, "image": img, "imagePullPolicy": policy}
    if ports:
        c["ports"] = [{"name": n, "containerPort": p, "protocol": "TCP"} for n, p in ports]
    if mounts:
        c["volumeMounts"] = mounts
    if env:
        c["env"] = env
    return c


def _service(release: str, name: str, component: str, ports: list[tuple[str, int, object]],
             node_ports: dict | None = None) -> dict:
    spec = {
        "type": "NodePort" if node_ports else "ClusterIP",
        "selector": _selector(release, component),
        "ports": [],
    }
    for pname, port, target in ports:
        entry = {"name": pname, "port": port, "targetPort": target, "protocol": "TCP"}
        if node_ports and pname in node_ports:
            entry["nodePort"] = node_ports[pname]
        spec["ports"].append(entry)
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "labels": _labels(release, component)}, "spec": spec}


def configmap(name: str, data: dict) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}


def _secret_env(var: str, key: str) -> dict:
    return {"name": var, "valueFrom": {"secretKeyRef": {"name": "fate-credentials", "key": key}}}


def _cm_mount(volume: str, key: str, path: str) -> dict:
    return {"name": volume, "mountPath": path, "subPath": key, "readOnly": True}


def route_table_for(config: dict, owner: str) -> dict:
    """The "route_table" object a correct generator writes for ``owner`` (party id or "exchange")."""
    if line_facts(config).is_fate2:
        return route_doc_2(config, owner)["route_table"]
    if owner == "exchange":
        table = {}
        for p in config["parties"]:
            listen = (p["dmz"]["host"], p["dmz"]["port"]) if p["dmz"] else (p["address"], p["nodePort"])
            table[p["id"]] = {"default": [{"ip": listen[0], "port": listen[1]}]}
        return table
    me = party_of(config, owner)
    table: dict = {}
    if me["dmz"]:
        table[owner] = {
            "fate": [{"ip": me["address"], "port": me["dmz"]["federationNodePort"]}],
            "fateflow": [{"ip": me["address"], "port": me["dmz"]["fateflowNodePort"]}],
        }
    else:
        table[owner] = {"fate": [{"ip": "federation", "port": 9394}], "fateflow": [{"ip": "fateflow", "port": 9360}]}
    if config["exchange"]:
        e = config["exchange"]
        table["default"] = {"default": [{"ip": e["address"], "port": e["nodePort"]}]}
    else:
        for p in config["parties"]:
            if p["id"] != owner:
                listen = (p["dmz"]["host"], p["dmz"]["port"]) if p["dmz"] else (p["address"], p["nodePort"])
                table[p["id"]] = {"default": [{"ip": listen[0], "port": listen[1]}]}
    return table


def route_doc_2(config: dict, owner: str) -> dict:
    """FATE 2.2: the route_table.json OSX of ``owner`` (party id or "exchange") reads."""
    table: dict = {}
    peer = tls_endpoint if tls_facts(config) else dict  # with TLS every route to a peer is TLS
    if owner == "exchange":
        for p in config["parties"]:
            table[p["id"]] = {"default": [peer({"ip": p["address"], "port": p["nodePort"]})]}
        return {"route_table": table, "self_party": ["default"]}
    table[owner] = {"fateflow": [{"ip": "fateflow", "port": 9360}]}
    if config["exchange"]:
        e = config["exchange"]
        table["default"] = {"default": [peer({"ip": e["address"], "port": e["nodePort"]})]}
    else:
        for p in config["parties"]:
            if p["id"] != owner:
                table[p["id"]] = {"default": [peer({"ip": p["address"], "port": p["nodePort"]})]}
    return {"route_table": table, "self_party": [owner]}


def self_parties_for(config: dict) -> dict:
    """FATE 2.2: each chart's route table ``self_party``, keyed like ``tables_for``."""
    out = {p["release"]: [p["id"]] for p in config["parties"]}
    if config["exchange"]:
        out["fate-exchange"] = ["default"]
    return out


OSX_COMMAND = ["java", "-server", "-XX:+UseG1GC", "-cp", "conf/broker/:lib/*:extension/*:pb_lib/v3/*",
               "org.fedai.osx.broker.Bootstrap", "-c", "/data/projects/fate/osx/conf"]


def _osx_objects_2(config: dict, release: str, owner: str, node_port: int) -> list[dict]:
    """FATE 2.2: ConfigMap/osx-config, Deployment/osx and its NodePort Service/osx; with TLS also
    Secret/osx-tls, the NodePort Service/osx-tls and (at a party) Service/osx as ClusterIP."""
    images = config["images"]
    tls = tls_facts(config) is not None
    props = "grpc.port=9370\nopen.http.server=false\n"
    if owner != "exchange":
        props += "eggroll.cluster.manager.ip=clustermanager\neggroll.cluster.manager.port=4670\n"
    if tls:
        props += ("open.grpc.tls.server=true\ngrpc.tls.port=9371\n"
                  f"grpc.server.cert.chain.file={TLS_DIR}/tls.crt\ngrpc.server.private.key.file={TLS_DIR}/tls.key\n"
                  f"grpc.server.ca.file={TLS_DIR}/ca.crt\ngrpc.ssl.open.client.validate=true\n")
    else:
        props += "open.grpc.tls.server=false\n"
    conf = "/data/projects/fate/osx/conf/broker"
    mounts = [_cm_mount("osx-config", "broker.properties", f"{conf}/broker.properties"),
              _cm_mount("osx-config", "route_table.json", f"{conf}/route_table.json")]
    volumes = [{"name": "osx-config", "configMap": {"name": "osx-config"}}]
    ports = [("osx", 9370)]
    if tls:
        mounts.append({"name": "osx-tls", "mountPath": TLS_DIR, "readOnly": True})
        volumes.append({"name": "osx-tls", "secret": {"secretName": "osx-tls", "defaultMode": 0o400}})
        ports.append(("osx-tls", 9371))
    osx = _container("osx", image("osx", images), ports, mounts,
                     [{"name": "JAVA_TOOL_OPTIONS", "value": "-Xmx1536m"}], policy=images["pullPolicy"])
    osx["command"] = list(OSX_COMMAND)
    osx["workingDir"] = "/data/projects/fate/osx"
    probe_port = "osx-tls" if tls else "osx"
    osx["startupProbe"] = {"tcpSocket": {"port": probe_port}, "periodSeconds": 10, "failureThreshold": 60}
    osx["readinessProbe"] = {"tcpSocket": {"port": probe_port}, "periodSeconds": 10}
    osx["livenessProbe"] = {"tcpSocket": {"port": probe_port}, "periodSeconds": 10}
    cm = configmap("osx-config", {"broker.properties": props,
                                  "route_table.json": json.dumps(route_doc_2(config, owner), indent=2)})
    dep = _deployment(release, "osx", [osx], volumes, pull_secrets=images["pullSecrets"])
    objs = [cm, dep]
    if tls:
        pems = tls_values_for(config, owner)
        objs.append({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
                     "metadata": {"name": "osx-tls", "labels": _labels(release, "osx")},
                     "data": {k: base64.b64encode(pems[v].encode()).decode()
                              for k, v in (("ca.crt", "ca"), ("tls.crt", "cert"), ("tls.key", "key"))}})
        if owner != "exchange":
            objs.append(_service(release, "osx", "osx", [("grpc", 9370, "osx")]))
        objs.append(_service(release, "osx-tls", "osx", [("grpc-tls", 9371, "osx-tls")], {"grpc-tls": node_port}))
    else:
        objs.append(_service(release, "osx", "osx", [("grpc", 9370, "osx")], {"grpc": node_port}))
    set_osx_checksum(objs)
    return objs


def template_name(obj: dict, chart: str = "fate-party") -> str:
    """The template a synthetic object is rendered from: ``<chart>/templates/<kind>-<name>.yaml``."""
    return f"{chart}/templates/{obj['kind'].lower()}-{obj['metadata']['name']}.yaml"


def manifests_for(objs: list[dict], chart: str = "fate-party") -> tuple[list[str], dict[str, str]]:
    """(source of each object, rendered text by template), one template per object."""
    sources = [template_name(o, chart) for o in objs]
    return sources, {src: yaml.safe_dump(o) for src, o in zip(sources, objs)}


def set_osx_checksum(objs: list[dict]) -> None:
    """The OSX pod's checksum/config: sha256 of the rendered osx-config (and osx-tls) templates."""
    text = "".join(yaml.safe_dump(o) for o in objs if (o["kind"], o["metadata"]["name"])
                   in (("ConfigMap", "osx-config"), ("Secret", "osx-tls")))
    dep = next(o for o in objs if o["kind"] == "Deployment" and o["metadata"]["name"] == "osx")
    dep["spec"]["template"]["metadata"].setdefault("annotations", {})["checksum/config"] = \
        hashlib.sha256(text.encode()).hexdigest()


def _wait_for(name: str, img: str, target: str, pol: str) -> dict:
    return _container(name, img, [], None, None, policy=pol) | {
        "command": ["bash", "-c", 'until timeout 5 bash -c "exec 3<>/dev/tcp/${1%:*}/${1##*:}"; do sleep 3; done',
                    "wait-for", target]}


def party_objects_2(config: dict, pid: str, passwords: dict | None = None) -> list[dict]:
    """What a correct FATE 2.2 fate-<pid> chart renders (abridged but structurally complete)."""
    party = party_of(config, pid)
    rel, images = party["release"], config["images"]
    pol, ps = images["pullPolicy"], images["pullSecrets"]
    pw = passwords or PASSWORDS_2
    pod_ip = {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}
    java = {"name": "JAVA_TOOL_OPTIONS", "value": "-Xmx1536m"}

    def cm_vol(name: str) -> dict:
        return {"name": name, "configMap": {"name": name}}

    objs: list[dict] = [
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "fate-credentials"}, "type": "Opaque",
         "stringData": {"mysql-root-password": pw["mysqlRootPassword"], "mysql-password": pw["mysqlPassword"],
                        "fateboard-password": pw["fateboardPassword"]}},
        configmap("eggroll-config", {"eggroll.properties": (
            "[eggroll]\neggroll.resourcemanager.clustermanager.jdbc.url=jdbc:mysql://mysql:3306/fate\n"
            "eggroll.resourcemanager.clustermanager.jdbc.username=fate\n"
            "eggroll.resourcemanager.clustermanager.host=clustermanager\n"
            "eggroll.resourcemanager.clustermanager.port=4670\neggroll.resourcemanager.nodemanager.port=4671\n"
            f"eggroll.resourcemanager.process.tag={pid}\n")}),
        configmap("fateflow-config", {"service_conf.yaml": yaml.safe_dump({
            "party_id": pid, "fateflow": {"host": "", "http_port": 9380, "grpc_port": 9360, "proxy_name": "osx"},
            "database": {"engine": "mysql", "mysql": {"name": "fate", "user": "fate", "passwd": "", "host": "mysql",
                                                      "port": 3306}},
            "default_engines": {"computing": "eggroll", "federation": "osx", "storage": "eggroll"},
            "computing": {"eggroll": {"host": "clustermanager", "port": 4670}},
            "federation": {"osx": {"host": "osx", "port": 9370, "mode": "stream"}}}, sort_keys=False)}),
        configmap("fateboard-config", {"application.properties": "server.port=8080\nfateflow.url=http://fateflow:9380\n"
                                                                 "server.board.login.username=admin\n"}),
        configmap("mysql-config", {"schema.sql": "CREATE TABLE IF NOT EXISTS `server_node` (`server_node_id` SERIAL);\n"}),
    ]
    objs += _osx_objects_2(config, rel, pid, party["nodePort"])
    objs.append(_deployment(rel, "clustermanager", [_container(
        "clustermanager", image("eggroll", images), [("clustermanager", 4670)],
        [{"name": "eggroll-config", "mountPath": "/etc/fate/eggroll", "readOnly": True}],
        [java, _secret_env("MYSQL_PASSWORD", "mysql-password")], policy=pol)],
        [cm_vol("mysql-config"), cm_vol("eggroll-config")],
        init=[_container("init-schema", image("mysql", images), [],
                         [{"name": "mysql-config", "mountPath": "/etc/fate/sql", "readOnly": True}],
                         [_secret_env("MYSQL_PWD", "mysql-password")], policy=pol)
              | {"command": ["bash", "-c", "mysql -h mysql -u fate fate < /etc/fate/sql/schema.sql"]}],
        pull_secrets=ps))
    objs.append(_service(rel, "clustermanager", "clustermanager", [("clustermanager", 4670, "clustermanager")]))
    for egg in party["eggs"]:
        objs.append(_deployment(rel, egg, [_container(
            "nodemanager", image("eggroll", images), [("nodemanager", 4671)],
            [{"name": "eggroll-config", "mountPath": "/etc/fate/eggroll", "readOnly": True},
             {"name": "data", "mountPath": "/data/projects/fate/eggroll/data"}],
            [java, pod_ip], policy=pol)], [cm_vol("eggroll-config"), {"name": "data", "emptyDir": {}}],
            init=[_wait_for("wait-for-clustermanager", image("eggroll", images), "clustermanager:4670", pol)],
            pull_secrets=ps))
    objs.append(_deployment(rel, "fateflow", [_container(
        "fateflow", image("fateflow", images), [("grpc", 9360), ("http", 9380)],
        [{"name": "fateflow-config", "mountPath": "/etc/fate/fateflow", "readOnly": True},
         {"name": "data", "mountPath": "/data/projects/fate/fate_flow/logs"}],
        [pod_ip, _secret_env("MYSQL_PASSWORD", "mysql-password")], policy=pol)],
        [cm_vol("fateflow-config"), {"name": "data", "emptyDir": {}}],
        init=[_wait_for("wait-for-mysql", image("fateflow", images), "mysql:3306", pol)], pull_secrets=ps))
    objs.append(_service(rel, "fateflow", "fateflow", [("grpc", 9360, "grpc"), ("http", 9380, "http")]))
    objs.append(_deployment(rel, "fateboard", [_container(
        "fateboard", image("fateboard", images), [("fateboard", 8080)],
        [{"name": "fateboard-config", "mountPath": "/etc/fate/fateboard", "readOnly": True}],
        [java, _secret_env("FATEBOARD_PASSWORD", "fateboard-password")], policy=pol)],
        [cm_vol("fateboard-config")], pull_secrets=ps))
    objs.append(_service(rel, "fateboard", "fateboard", [("http", 8080, "fateboard")]))
    objs.append(_deployment(rel, "mysql", [_container(
        "mysql", image("mysql", images), [("mysql", 3306)], [{"name": "data", "mountPath": "/var/lib/mysql"}],
        [_secret_env("MYSQL_ROOT_PASSWORD", "mysql-root-password"), {"name": "MYSQL_DATABASE", "value": "fate"},
         {"name": "MYSQL_USER", "value": "fate"}, _secret_env("MYSQL_PASSWORD", "mysql-password")], policy=pol)],
        [{"name": "data", "emptyDir": {}}], pull_secrets=ps))
    objs.append(_service(rel, "mysql", "mysql", [("mysql", 3306, "mysql")]))
    objs.append({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "fateboard-ingress"},
                 "spec": {"ingressClassName": "nginx", "rules": [{"host": f"{pid}.fateboard.fedai.org", "http": {
                     "paths": [{"path": "/", "pathType": "Prefix",
                                "backend": {"service": {"name": "fateboard", "port": {"number": 8080}}}}]}}]}})
    return objs


def exchange_objects_2(config: dict) -> list[dict]:
    """What a correct FATE 2.2 fate-exchange chart renders."""
    return _osx_objects_2(config, "fate-exchange", "exchange", config["exchange"]["nodePort"])


def party_objects(config: dict, pid: str, passwords: dict | None = None) -> list[dict]:
    """What a correct fate-<pid> chart renders (abridged but structurally complete)."""
    if line_facts(config).is_fate2:
        return party_objects_2(config, pid, passwords)
    party = party_of(config, pid)
    rel, images = party["release"], config["images"]
    pol = images["pullPolicy"]
    ps = images["pullSecrets"]
    pw = passwords or PASSWORDS
    dmz = party["dmz"]
    proxy_host, proxy_port = (dmz["host"], dmz["port"]) if dmz else ("proxy", 9370)
    objs: list[dict] = [
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "fate-credentials"}, "type": "Opaque",
         "stringData": {"mysql-root-password": pw["mysqlRootPassword"], "mysql-password": pw["mysqlPassword"],
                        "redis-password": pw["redisPassword"]}},
        configmap("proxy-config", {
            "proxy.properties": f"coordinator={pid}\nip=0.0.0.0\nport=9370\n"
                                "route.table=/data/projects/fate/proxy/conf/route_table.json\n",
            "route_table.json": json.dumps({"route_table": route_table_for(config, pid),
                                            "permission": {"default_allow": True}}),
        }),
        configmap("federation-config", {
            "federation.properties": f"party.id={pid}\nservice.port=9394\nmeta.service.ip=meta-service\n"
                                     f"meta.service.port=8590\nproxy.ip={proxy_host}\nproxy.port={proxy_port}\n"}),
        configmap("python-config", {
            "server_conf.json": json.dumps({"servers": {
                "proxy": {"host": proxy_host, "port": proxy_port}, "roll": {"host": "roll", "port": 8011},
                "federation": {"host": "federation", "port": 9394},
                "fateflow": {"host": "fateflow", "grpc.port": 9360, "http.port": 9380},
                "fateboard": {"host": "fateboard", "port": 8080}}}),
            "settings.py": "WORK_MODE = 1\nDATABASE = {'user': 'fate', 'passwd': os.environ['MYSQL_PASSWORD']}\n"}),
        configmap("redis-config", {"redis.conf": "bind 0.0.0.0\ndatabases 50\ndir /data\n"}),
        configmap("egg-config", {"egg.properties": f"party.id={pid}\nservice.port=7888\n"}),
        configmap("roll-config", {"roll.properties": f"party.id={pid}\nservice.port=8011\n"}),
        configmap("meta-service-config", {"meta-service.properties": f"party.id={pid}\nservice.port=8590\n"}),
    ]

    def cm_vol(name: str) -> dict:
        return {"name": name, "configMap": {"name": name}}

    if not dmz:
        objs.append(_deployment(rel, "proxy", [_container(
            "proxy", image("proxy", images), [("grpc", 9370)],
            [_cm_mount("proxy-config", "proxy.properties", "/data/projects/fate/proxy/conf/proxy.properties"),
             _cm_mount("proxy-config", "route_table.json", "/data/projects/fate/proxy/conf/route_table.json")],
            policy=pol)], [cm_vol("proxy-config")], pull_secrets=ps))
        objs.append(_service(rel, "proxy", "proxy", [("grpc", 9370, "grpc")], {"grpc": party["nodePort"]}))
    else:
        objs.append(_service(rel, "federation-dmz", "federation", [("grpc", 9394, 9394)],
                             {"grpc": dmz["federationNodePort"]}))
        objs.append(_service(rel, "fateflow-dmz", "python", [("grpc", 9360, "grpc")],
                             {"grpc": dmz["fateflowNodePort"]}))
    for comp, port, cm, key, path in (
        ("federation", 9394, "federation-config", "federation.properties", "/data/projects/fate/federation/conf/federation.properties"),
        ("meta-service", 8590, "meta-service-config", "meta-service.properties", "/data/projects/fate/meta-service/conf/meta-service.properties"),
        ("roll", 8011, "roll-config", "roll.properties", "/data/projects/fate/roll/conf/roll.properties"),
    ):
        objs.append(_deployment(rel, comp, [_container(comp, image(comp, images), [("grpc", port)],
                                                       [_cm_mount(cm, key, path)], policy=pol)],
                                [cm_vol(cm)], pull_secrets=ps))
        objs.append(_service(rel, comp, comp, [("grpc", port, port)]))
    objs.append(_deployment(rel, "redis", [_container(
        "redis", image("redis", images), [("redis", 6379)],
        [_cm_mount("redis-config", "redis.conf", "/usr/local/etc/redis/redis.conf")],
        [_secret_env("REDIS_PASSWORD", "redis-password")], policy=pol) | {
        "command": ["sh", "-c", 'exec redis-server /usr/local/etc/redis/redis.conf --requirepass "$REDIS_PASSWORD"']}],
        [cm_vol("redis-config")], pull_secrets=ps))
    objs.append(_service(rel, "redis", "redis", [("redis", 6379, "redis")]))
    objs.append(_deployment(rel, "mysql", [_container(
        "mysql", image("mysql", images), [("mysql", 3306)], None,
        [_secret_env("MYSQL_ROOT_PASSWORD", "mysql-root-password"), {"name": "MYSQL_DATABASE", "value": "fate"},
         {"name": "MYSQL_USER", "value": "fate"}, _secret_env("MYSQL_PASSWORD", "mysql-password")], policy=pol)],
        pull_secrets=ps))
    objs.append(_service(rel, "mysql", "mysql", [("mysql", 3306, "mysql")]))
    objs.append(_deployment(rel, "python", [
        _container("python", image("python", images), [("grpc", 9360), ("http", 9380)],
                   [_cm_mount("python-config", "server_conf.json", "/data/projects/fate/python/arch/conf/server_conf.json"),
                    _cm_mount("python-config", "settings.py", "/data/projects/fate/python/fate_flow/settings.py"),
                    {"name": "logs", "mountPath": "/data/projects/fate/python/logs"}],
                   [_secret_env("MYSQL_PASSWORD", "mysql-password"), _secret_env("REDIS_PASSWORD", "redis-password")],
                   policy=pol),
        _container("fateboard", image("fateboard", images), [("http-board", 8080)],
                   [{"name": "logs", "mountPath": "/data/projects/fate/python/logs"}],
                   [_secret_env("MYSQL_PASSWORD", "mysql-password")], policy=pol),
    ], [cm_vol("python-config"), {"name": "logs", "emptyDir": {}}],
        init=[_container("wait-mysql", image("mysql", images), [], None,
                         [_secret_env("MYSQL_PWD", "mysql-password")], policy=pol)
              | {"command": ["sh", "-c", "until mysqladmin ping -h mysql -u fate; do sleep 2; done"]}],
        pull_secrets=ps))
    objs.append(_service(rel, "fateflow", "python", [("grpc", 9360, "grpc"), ("http", 9380, "http")]))
    objs.append(_service(rel, "fateboard", "python", [("http", 8080, "http-board")]))
    for egg in party["eggs"]:
        objs.append(_deployment(rel, egg, [_container(
            egg, image("egg", images), [("egg", 7888), ("storage", 7778)],
            [_cm_mount("egg-config", "egg.properties", "/data/projects/fate/eggroll/egg/conf/egg.properties"),
             _cm_mount("python-config", "server_conf.json", "/data/projects/fate/eggroll/python/eggroll/conf/server_conf.json")],
            policy=pol)], [cm_vol("egg-config"), cm_vol("python-config")], pull_secrets=ps))
        objs.append(_service(rel, egg, egg, [("egg", 7888, "egg"), ("storage", 7778, "storage")]))
    objs.append({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "fateboard"},
                 "spec": {"ingressClassName": "nginx", "rules": [{"host": f"{pid}.fateboard.fedai.org", "http": {
                     "paths": [{"path": "/", "pathType": "Prefix",
                                "backend": {"service": {"name": "fateboard", "port": {"number": 8080}}}}]}}]}})
    return objs


def exchange_objects(config: dict) -> list[dict]:
    if line_facts(config).is_fate2:
        return exchange_objects_2(config)
    images, rel = config["images"], "fate-exchange"
    return [
        configmap("proxy-config", {
            "proxy.properties": "coordinator=0000\nip=0.0.0.0\nport=9370\n"
                                "route.table=/data/projects/fate/proxy/conf/route_table.json\n",
            "route_table.json": json.dumps({"route_table": route_table_for(config, "exchange"),
                                            "permission": {"default_allow": True}})}),
        _deployment(rel, "proxy", [_container(
            "proxy", image("proxy", images), [("grpc", 9370)],
            [_cm_mount("proxy-config", "route_table.json", "/data/projects/fate/proxy/conf/route_table.json")],
            policy=images["pullPolicy"])], [{"name": "proxy-config", "configMap": {"name": "proxy-config"}}],
            pull_secrets=images["pullSecrets"]),
        _service(rel, "proxy", "proxy", [("grpc", 9370, "grpc")], {"grpc": config["exchange"]["nodePort"]}),
    ]


def find(objects: list[dict], kind: str, name: str) -> dict:
    return next(o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name)


def pod_spec(obj: dict) -> dict:
    return obj["spec"]["template"]["spec"]


def tables_for(config: dict) -> dict:
    tables = {}
    for p in config["parties"]:
        tables[f"dmz-{p['id']}" if p["dmz"] else p["release"]] = route_table_for(config, p["id"])
    if config["exchange"]:
        tables["fate-exchange"] = route_table_for(config, "exchange")
    return tables


def dmz_files(config: dict, pid: str) -> dict[str, bytes]:
    party = party_of(config, pid)
    compose = {
        "services": {"proxy": {
            "image": image("proxy", config["images"]),
            "restart": "always",
            "ports": [f"{party['dmz']['port']}:9370"],
            "volumes": ["./conf/proxy.properties:/data/projects/fate/proxy/conf/proxy.properties:ro",
                        "./conf/route_table.json:/data/projects/fate/proxy/conf/route_table.json:ro"],
        }}
    }
    return {
        "docker-compose.yml": yaml.safe_dump(compose).encode(),
        "conf/proxy.properties": f"coordinator={pid}\nip=0.0.0.0\nport=9370\n"
                                 "route.table=/data/projects/fate/proxy/conf/route_table.json\n".encode(),
        "conf/route_table.json": json.dumps({"route_table": route_table_for(config, pid),
                                             "permission": {"default_allow": True}}).encode(),
    }


def creds(passwords: dict | None = None) -> dict[str, str]:
    return {f"credentials.{k}": v for k, v in (passwords or PASSWORDS).items()}


class Base(unittest.TestCase):
    def assertFinds(self, problems: list[str], *needles: str) -> None:
        self.assertTrue(problems, "the planted problem was not found")
        text = "\n".join(problems)
        for n in needles:
            self.assertIn(n, text)

    def assertClean(self, problems: list[str]) -> None:
        self.assertEqual(problems, [], "\n".join(problems))


def sums_for(files: dict[str, bytes]) -> bytes:
    return "".join(f"{hashlib.sha256(b).hexdigest()}  {p}\n" for p, b in sorted(files.items())).encode()


#: values.yaml ``osx.tls`` key of each osx-tls Secret key.
TLS_SECRET_KEYS = {"ca.crt": "ca", "tls.crt": "cert", "tls.key": "key"}


def _template_text(obj: dict, osx_templates: list[str]) -> str:
    """A static template of a synthetic object, as a real chart writes it: the Secrets take their
    values from values.yaml, the OSX pod's checksum is Helm's sha256 of the osx-config (and
    osx-tls) templates."""
    o = copy.deepcopy(obj)
    name = o["metadata"]["name"]
    if o["kind"] == "Secret" and name == "osx-tls":
        o["data"] = {k: f"@@tls.{v}@@" for k, v in TLS_SECRET_KEYS.items()}
        text = yaml.safe_dump(o)
        for v in TLS_SECRET_KEYS.values():
            text = text.replace(f"'@@tls.{v}@@'", f"@@tls.{v}@@").replace(
                f"@@tls.{v}@@", "{{ .Values.osx.tls.%s | b64enc | quote }}" % v)
        return text
    if o["kind"] == "Secret":
        o["stringData"] = {k: f"@@{SECRET_KEYS[k]}@@" for k in o["stringData"]}
        text = yaml.safe_dump(o)
        for key in SECRET_KEYS.values():
            text = text.replace(f"'@@{key}@@'", f"@@{key}@@").replace(
                f"@@{key}@@", "{{ .Values.credentials.%s | quote }}" % key)
        return text
    if o["kind"] == "Deployment" and name == "osx":
        o["spec"]["template"]["metadata"]["annotations"]["checksum/config"] = "@@checksum@@"
        text = yaml.safe_dump(o)
        includes = " ".join('(include (print $.Template.BasePath "/%s") .)' % t for t in osx_templates)
        return text.replace("'@@checksum@@'", "@@checksum@@").replace(
            "@@checksum@@", '"{{ print %s | sha256sum }}"' % includes)
    return yaml.safe_dump(o)


def write_bundle(root: str, config_raw: dict, registry: str = "") -> None:
    """Writes ``bundle_files(config_raw)`` under ``root``."""
    for rel, data in bundle_files(config_raw).items():
        full = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as fh:
            fh.write(data)


def bundle_files(config_raw: dict) -> dict[str, bytes]:
    """The files of the full bundle a correct generator writes for ``config_raw`` (static charts)."""
    config, problems = normalize_config(config_raw)
    assert not problems, problems
    files: dict[str, bytes] = {}
    files["federation.yaml"] = yaml.safe_dump(config_raw, sort_keys=False).encode()
    files["README.md"] = b"# FATE federation\n\nRun ./install.sh\n"
    files["install.sh"] = b"#!/bin/sh\nset -e\n"
    files["uninstall.sh"] = b"#!/bin/sh\n"
    files["verify.sh"] = b"#!/bin/sh\n"
    files["mirror-images.sh"] = b"#!/bin/sh\nwhile read -r img; do echo \"$img\"; done < images.txt\n"
    files["provenance.json"] = b'{"generator": "fate-chartgen", "scope": {"kind": "all"}}\n'
    used: set[str] = set()
    schema = json.dumps({"type": "object"}).encode()
    version = config["fateVersion"]
    fate2 = line_facts(config).is_fate2

    def add_templates(chart: str, objs: list[dict]) -> None:
        osx_sources = [template_name(o, chart).split("/templates/", 1)[1] for o in objs
                       if (o["kind"], o["metadata"]["name"]) in (("ConfigMap", "osx-config"), ("Secret", "osx-tls"))]
        for o in objs:
            text = _template_text(o, osx_sources)
            files[template_name(o, chart)] = text.encode()

    for p in config["parties"]:
        objs = party_objects(config, p["id"])
        used |= collect_images(objs)
        chart = p["release"]
        files[f"{chart}/Chart.yaml"] = yaml.safe_dump({
            "apiVersion": "v2", "name": chart, "version": version, "appVersion": version,
            "description": "FATE party", "icon": "https://fate.fedai.org/icon.png"}).encode()
        values = {"partyId": p["id"], "credentials": dict(passwords_for(config), existingSecret="")}
        if fate2:
            values["osx"] = {"tls": tls_values_for(config, p["id"])}
        files[f"{chart}/values.yaml"] = yaml.safe_dump(values).encode()
        files[f"{chart}/values.schema.json"] = schema
        add_templates(chart, objs)
        files[f"{chart}/templates/NOTES.txt"] = b"Party {{ .Values.partyId }} installed.\n"
    if config["exchange"]:
        objs = exchange_objects(config)
        used |= collect_images(objs)
        files["fate-exchange/Chart.yaml"] = yaml.safe_dump({
            "apiVersion": "v2", "name": "fate-exchange", "version": version, "appVersion": version,
            "description": "FATE exchange", "icon": "https://fate.fedai.org/icon.png"}).encode()
        values = {"fateVersion": version}
        if fate2:
            values["osx"] = {"tls": tls_values_for(config, "exchange")}
        files["fate-exchange/values.yaml"] = yaml.safe_dump(values).encode()
        files["fate-exchange/values.schema.json"] = schema
        add_templates("fate-exchange", objs)
    for p in config["parties"]:
        if p["dmz"]:
            for rel, data in dmz_files(config, p["id"]).items():
                files[f"dmz-{p['id']}/{rel}"] = data
            used.add(expected_image("proxy", config["images"]))
    if tls_facts(config):
        files["tls/ca.crt"] = TLS_CA.encode()
        files["tls/ca.key"] = TLS_CA_KEY.encode()
    files["images.txt"] = "".join(f"{i}\n" for i in sorted(used)).encode()
    files["SHA256SUMS"] = sums_for(files)
    return files


def read_yaml(path: str):
    with open(path) as fh:
        return yaml.safe_load(fh)


def write_yaml(path: str, doc) -> None:
    with open(path, "w") as fh:
        yaml.safe_dump(doc, fh)


def refresh_sums(root: str) -> None:
    files = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            full = os.path.join(dirpath, n)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if rel != "SHA256SUMS":
                with open(full, "rb") as fh:
                    files[rel] = fh.read()
    with open(os.path.join(root, "SHA256SUMS"), "wb") as fh:
        fh.write(sums_for(files))


def zip_dir(root: str, dest: str, prefix: str = "") -> None:
    with zipfile.ZipFile(dest, "w") as zf:
        for dirpath, _, names in os.walk(root):
            for n in sorted(names):
                full = os.path.join(dirpath, n)
                zf.write(full, prefix + os.path.relpath(full, root).replace(os.sep, "/"))
