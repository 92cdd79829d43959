"""Unit tests for check_bundle.py and the checks package: each check is fed synthetic data with
one planted problem and must find it, then the corrected data and must pass.

    python -m unittest discover -s tests/helm

The pure checks need only PyYAML. The schema test and the end-to-end CLI tests (which write a
complete synthetic bundle of static charts and run the real helm_python lint/render) are skipped
when helm_python / kubernetes_validate are not importable; run with
~/.cache/fate-chartgen-tools/venv/bin/python to include them.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest
import zipfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import check_bundle as cb  # noqa: E402
from checks.bundle import scope_of  # noqa: E402
from checks.config import normalize_config  # noqa: E402
from checks.crosscheck import check_config_checksum, check_references, check_service_selectors  # noqa: E402
from checks.dmz import check_dmz  # noqa: E402
from checks.fate_services import check_expected_services, check_node_ports, check_proxy_wiring  # noqa: E402
from checks.helm import check_duplicates, check_lint_report, parse_manifests  # noqa: E402
from checks.images import (check_image_ref, check_images, check_images_txt, collect_images,  # noqa: E402
                           expected_image)
from checks.objects import obj_label  # noqa: E402
from checks.parsing import load_config_yaml  # noqa: E402
from checks.passwords import (check_passwords_in_files, check_passwords_in_notes,  # noqa: E402
                              check_passwords_in_objects)
from checks.podsecurity import check_pod_security  # noqa: E402
from checks.routes import check_routes, parse_route_table, route_table_from_objects  # noqa: E402
from checks.schemas import check_schemas  # noqa: E402
from checks.structure import BUNDLE_TOP_FILES, check_sha256sums, check_structure  # noqa: E402

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


# --------------------------------------------------------------------------------------------
# Synthetic data: a config and the objects a correct party/exchange chart would render
# --------------------------------------------------------------------------------------------


def make_config(registry: str = "", exchange: bool = True, dmz_party: str | None = None,
                eggs: int = 1, pull_secrets: list[str] | None = None) -> dict:
    raw = {
        "version": 1,
        "fateVersion": "1.2.0",
        "parties": [
            {"id": "10000", "address": "192.168.11.2", "nodePort": 30010},
            {"id": "9999", "address": "192.168.11.3", "nodePort": 30009},
        ],
        "images": {"registry": registry} if registry else {},
        "placement": {"eggs": [f"n{i}" for i in range(eggs)]},
    }
    if pull_secrets:
        raw["images"]["pullSecrets"] = pull_secrets
    if exchange:
        raw["exchange"] = {"address": "192.168.11.4", "nodePort": 30000}
    if dmz_party:
        for p in raw["parties"]:
            if p["id"] == dmz_party:
                del p["nodePort"]
                p["dmz"] = {"host": "10.0.13.1", "port": 9370, "federationNodePort": 30394,
                            "fateflowNodePort": 30360}
    config, problems = normalize_config(raw)
    assert not problems, problems
    return config


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


def _configmap(name: str, data: dict) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}


def _secret_env(var: str, key: str) -> dict:
    return {"name": var, "valueFrom": {"secretKeyRef": {"name": "fate-credentials", "key": key}}}


def _cm_mount(volume: str, key: str, path: str) -> dict:
    return {"name": volume, "mountPath": path, "subPath": key, "readOnly": True}


def route_table_for(config: dict, owner: str) -> dict:
    """The "route_table" object a correct generator writes for ``owner`` (party id or "exchange")."""
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


def party_objects(config: dict, pid: str, passwords: dict | None = None) -> list[dict]:
    """What a correct fate-<pid> chart renders (abridged but structurally complete)."""
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
        _configmap("proxy-config", {
            "proxy.properties": f"coordinator={pid}\nip=0.0.0.0\nport=9370\n"
                                "route.table=/data/projects/fate/proxy/conf/route_table.json\n",
            "route_table.json": json.dumps({"route_table": route_table_for(config, pid),
                                            "permission": {"default_allow": True}}),
        }),
        _configmap("federation-config", {
            "federation.properties": f"party.id={pid}\nservice.port=9394\nmeta.service.ip=meta-service\n"
                                     f"meta.service.port=8590\nproxy.ip={proxy_host}\nproxy.port={proxy_port}\n"}),
        _configmap("python-config", {
            "server_conf.json": json.dumps({"servers": {
                "proxy": {"host": proxy_host, "port": proxy_port}, "roll": {"host": "roll", "port": 8011},
                "federation": {"host": "federation", "port": 9394},
                "fateflow": {"host": "fateflow", "grpc.port": 9360, "http.port": 9380},
                "fateboard": {"host": "fateboard", "port": 8080}}}),
            "settings.py": "WORK_MODE = 1\nDATABASE = {'user': 'fate', 'passwd': os.environ['MYSQL_PASSWORD']}\n"}),
        _configmap("redis-config", {"redis.conf": "bind 0.0.0.0\ndatabases 50\ndir /data\n"}),
        _configmap("egg-config", {"egg.properties": f"party.id={pid}\nservice.port=7888\n"}),
        _configmap("roll-config", {"roll.properties": f"party.id={pid}\nservice.port=8011\n"}),
        _configmap("meta-service-config", {"meta-service.properties": f"party.id={pid}\nservice.port=8590\n"}),
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
    images, rel = config["images"], "fate-exchange"
    return [
        _configmap("proxy-config", {
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


# --------------------------------------------------------------------------------------------
# The synthetic data is correct: every check passes on it
# --------------------------------------------------------------------------------------------


class CorrectDataPasses(Base):
    def each_variant(self):
        for kw in ({}, {"registry": REGISTRY}, {"exchange": False}, {"dmz_party": "9999"},
                   {"eggs": 3, "registry": REGISTRY, "pull_secrets": ["harbor-pull"]},
                   {"exchange": False, "dmz_party": "10000"}):
            yield kw, make_config(**kw)

    def test_all_object_checks_pass(self):
        for kw, config in self.each_variant():
            with self.subTest(**kw):
                for p in config["parties"]:
                    objs = party_objects(config, p["id"])
                    self.assertClean(check_service_selectors(objs))
                    self.assertClean(check_references(objs, external_secrets=config["images"]["pullSecrets"]))
                    self.assertClean(check_images(objs, config["images"]))
                    self.assertClean(check_pod_security(objs))
                    self.assertClean(check_passwords_in_objects(objs, creds()))
                    self.assertClean(check_config_checksum(objs))
                    self.assertClean(check_expected_services(objs, party=p))
                    self.assertClean(check_node_ports(objs, party=p))
                    self.assertClean(check_proxy_wiring(objs, p))
                    self.assertClean(check_duplicates(objs, p["namespace"]))
                if config["exchange"]:
                    objs = exchange_objects(config)
                    self.assertClean(check_service_selectors(objs))
                    self.assertClean(check_references(objs, external_secrets=config["images"]["pullSecrets"]))
                    self.assertClean(check_images(objs, config["images"]))
                    self.assertClean(check_expected_services(objs, exchange=config["exchange"]))
                    self.assertClean(check_node_ports(objs, exchange=config["exchange"]))

    def test_routes_pass(self):
        for kw, config in self.each_variant():
            with self.subTest(**kw):
                self.assertClean(check_routes(config, tables_for(config)))

    def test_route_table_from_rendered_configmap(self):
        config = make_config()
        table, problems = route_table_from_objects(party_objects(config, "10000"), "fate-10000")
        self.assertClean(problems)
        self.assertEqual(table, route_table_for(config, "10000"))


# --------------------------------------------------------------------------------------------
# Check 1: SHA256SUMS
# --------------------------------------------------------------------------------------------


def sums_for(files: dict[str, bytes]) -> bytes:
    return "".join(f"{hashlib.sha256(b).hexdigest()}  {p}\n" for p, b in sorted(files.items())).encode()


class Sha256SumsTest(Base):
    def setUp(self):
        self.files = {"federation.yaml": b"version: 1\n", "fate-10000/values.yaml": b"partyId: '10000'\n"}
        self.files["SHA256SUMS"] = sums_for(self.files)

    def test_correct(self):
        self.assertClean(check_sha256sums(self.files))

    def test_modified_file(self):
        self.files["fate-10000/values.yaml"] = b"partyId: '10001'\n"
        self.assertFinds(check_sha256sums(self.files), "checksum of fate-10000/values.yaml does not match")

    def test_unlisted_file(self):
        self.files["fate-10000/templates/extra.yaml"] = b"{}"
        self.assertFinds(check_sha256sums(self.files), "does not list fate-10000/templates/extra.yaml")

    def test_listed_but_missing(self):
        del self.files["federation.yaml"]
        self.assertFinds(check_sha256sums(self.files), "lists federation.yaml, which is not in the bundle")

    def test_binary_marker_and_missing_sums(self):
        self.files["SHA256SUMS"] = self.files["SHA256SUMS"].replace(b"  fate", b" *fate")
        self.assertClean(check_sha256sums(self.files))
        del self.files["SHA256SUMS"]
        self.assertFinds(check_sha256sums(self.files), "SHA256SUMS is missing")


# --------------------------------------------------------------------------------------------
# Config document and bundle structure
# --------------------------------------------------------------------------------------------


class ConfigTest(Base):
    def test_party_id_digits_survive_yaml(self):
        raw = load_config_yaml("version: 1\nparties:\n- {id: 0000, address: a, nodePort: 30001}\n")
        config, problems = normalize_config(raw)
        self.assertClean(problems)
        self.assertEqual(config["parties"][0]["id"], "0000")
        self.assertEqual(config["parties"][0]["release"], "fate-0000")

    def test_defaults(self):
        config = make_config(eggs=2)
        p = party_of(config, "10000")
        self.assertEqual(p["namespace"], "fate-10000")
        self.assertEqual(p["eggs"], ["egg0", "egg1"])
        self.assertEqual(config["images"]["tag"], "1.2.0-release")
        self.assertEqual(config["exchange"]["namespace"], "fate-exchange")

    def test_node_port_clash_and_range(self):
        raw = {"version": 1, "parties": [{"id": "1", "address": "h", "nodePort": 30010},
                                         {"id": "2", "address": "H", "nodePort": 30010},
                                         {"id": "3", "address": "x", "nodePort": 8080}]}
        _, problems = normalize_config(raw)
        self.assertFinds(problems, "party 2 nodePort H:30010 is also used by party 1 nodePort",
                         "party 3 nodePort 8080 is outside the NodePort range")

    def test_structure(self):
        config = make_config(dmz_party="9999")
        files = {f: b"" for f in BUNDLE_TOP_FILES}
        for chart in ("fate-10000", "fate-9999", "fate-exchange"):
            files.update({f"{chart}/Chart.yaml": b"apiVersion: v2\nname: x\nversion: 1.2.0\n",
                          f"{chart}/values.yaml": b"", f"{chart}/values.schema.json": b"{}",
                          f"{chart}/templates/a.yaml": b""})
        files["dmz-9999/docker-compose.yml"] = b""
        values = {"fate-10000": {"partyId": "10000", "credentials": dict(PASSWORDS)},
                  "fate-9999": {"partyId": "9999", "credentials": {"existingSecret": "my-creds"}}}
        self.assertClean(check_structure(files, config, values))
        values["fate-10000"]["credentials"]["redisPassword"] = ""
        self.assertFinds(check_structure(files, config, values), "fate-10000: values.yaml credentials.redisPassword is empty")
        files["fate-8888/Chart.yaml"] = b""
        del files["dmz-9999/docker-compose.yml"]
        values["fate-10000"]["partyId"] = 10000
        self.assertFinds(check_structure(files, config, values), "fate-8888/ is not in federation.yaml",
                         "directory dmz-9999/ is missing", "partyId is 10000, expected the string '10000'")


# --------------------------------------------------------------------------------------------
# Check 2: lint report, parsing, schema
# --------------------------------------------------------------------------------------------


class LintAndSchemaTest(Base):
    def test_lint_warning_fails_and_prints_all_messages(self):
        report = {"messages": [{"severity": 1, "path": "Chart.yaml", "error": "icon is recommended"},
                               {"severity": 2, "path": "templates/ingress.yaml", "error": "deprecated"}], "errors": []}
        problems = check_lint_report(report)
        self.assertFinds(problems, "WARNING templates/ingress.yaml: deprecated", "INFO Chart.yaml: icon is recommended")
        report["messages"].pop()
        self.assertClean(check_lint_report(report))

    def test_parse_manifests_skips_notes_and_empty_docs(self):
        objs, sources, problems = parse_manifests({
            "c/templates/NOTES.txt": "hello {{",
            "c/templates/a.yaml": "---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
            "c/templates/b.yaml": "just: text\n",
        })
        self.assertEqual([obj_label(o) for o in objs], ["ConfigMap/a"])
        self.assertEqual(sources, ["c/templates/a.yaml"])
        self.assertFinds(problems, "c/templates/b.yaml: a rendered document is not a Kubernetes object")

    @unittest.skipUnless(HAVE_TOOLS, "kubernetes_validate not importable")
    def test_schema(self):
        config = make_config()
        objs = party_objects(config, "10000")
        self.assertClean(check_schemas(objs))
        bad = copy.deepcopy(objs)
        find(bad, "Service", "proxy")["spec"]["ports"][0]["nodePort"] = "30010"
        bad.append({"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "old"}, "spec": {}})
        self.assertFinds(check_schemas(bad), "Service/proxy: invalid for Kubernetes 1.25.0: spec.ports.0.nodePort",
                         "Service/proxy: invalid for Kubernetes 1.37.0", "Ingress/old: Kubernetes 1.25.0: Couldn't find schema")

    def test_duplicates_and_namespace(self):
        objs = [_configmap("a", {}), _configmap("a", {}), {"apiVersion": "v1", "kind": "ConfigMap",
                                                           "metadata": {"name": "b", "namespace": "other"}}]
        self.assertFinds(check_duplicates(objs, "fate-10000"), "ConfigMap/a: rendered twice",
                         "ConfigMap/b: metadata.namespace is 'other'")


# --------------------------------------------------------------------------------------------
# Check 3: cross-checks
# --------------------------------------------------------------------------------------------


class ServiceSelectorTest(Base):
    def setUp(self):
        self.objs = party_objects(make_config(), "10000")

    def test_selector_mismatch(self):
        svc = find(self.objs, "Service", "roll")
        svc["spec"]["selector"]["app.kubernetes.io/component"] = "rol"
        self.assertFinds(check_service_selectors(self.objs), "Service/roll: selector", "matches no pod template")
        svc["spec"]["selector"]["app.kubernetes.io/component"] = "roll"
        self.assertClean(check_service_selectors(self.objs))

    def test_wrong_numeric_target_port(self):
        find(self.objs, "Service", "federation")["spec"]["ports"][0]["targetPort"] = 9395
        self.assertFinds(check_service_selectors(self.objs),
                         "Service/federation: port grpc: targetPort 9395/TCP is not a containerPort of Deployment/federation")

    def test_wrong_named_target_port(self):
        find(self.objs, "Service", "fateflow")["spec"]["ports"][1]["targetPort"] = "htp"
        self.assertFinds(check_service_selectors(self.objs), "Service/fateflow: port http: targetPort 'htp'")

    def test_string_number_target_port_is_a_name(self):
        find(self.objs, "Service", "roll")["spec"]["ports"][0]["targetPort"] = "8011"
        self.assertFinds(check_service_selectors(self.objs), "a string targetPort is a port *name*")

    def test_missing_target_port_defaults_to_port(self):
        port = find(self.objs, "Service", "meta-service")["spec"]["ports"][0]
        del port["targetPort"]
        self.assertClean(check_service_selectors(self.objs))
        port["port"] = 8591
        self.assertFinds(check_service_selectors(self.objs), "targetPort 8591/TCP")

    def test_no_selector(self):
        del find(self.objs, "Service", "mysql")["spec"]["selector"]
        self.assertFinds(check_service_selectors(self.objs), "Service/mysql: has no selector")


class ReferencesTest(Base):
    def setUp(self):
        self.objs = party_objects(make_config(), "10000")

    def test_missing_configmap_key_for_subpath(self):
        cm = find(self.objs, "ConfigMap", "proxy-config")
        text = cm["data"].pop("route_table.json")
        self.assertFinds(check_references(self.objs),
                         "Deployment/proxy: containers[0](proxy): mount proxy-config subPath 'route_table.json' names no key")
        cm["data"]["route_table.json"] = text
        self.assertClean(check_references(self.objs))

    def test_missing_items_key(self):
        dep = find(self.objs, "Deployment", "roll")
        pod_spec(dep)["volumes"][0]["configMap"]["items"] = [{"key": "rol.properties", "path": "roll.properties"}]
        self.assertFinds(check_references(self.objs), "ConfigMap 'roll-config' has no key 'rol.properties' (items)")
        pod_spec(dep)["volumes"][0]["configMap"]["items"] = [{"key": "roll.properties", "path": "roll.properties"}]
        self.assertClean(check_references(self.objs))

    def test_subpath_must_name_item_path_when_items_remap(self):
        dep = find(self.objs, "Deployment", "roll")
        pod_spec(dep)["volumes"][0]["configMap"]["items"] = [{"key": "roll.properties", "path": "conf/roll.props"}]
        self.assertFinds(check_references(self.objs), "subPath 'roll.properties' names no key")

    def test_missing_configmap(self):
        pod_spec(find(self.objs, "Deployment", "roll"))["volumes"][0]["configMap"]["name"] = "rol-config"
        self.assertFinds(check_references(self.objs), "Deployment/roll: volume roll-config: ConfigMap 'rol-config' is not rendered")

    def test_secret_key_ref(self):
        env = pod_spec(find(self.objs, "Deployment", "mysql"))["containers"][0]["env"][0]
        env["valueFrom"]["secretKeyRef"]["key"] = "root-password"
        self.assertFinds(check_references(self.objs), "env MYSQL_ROOT_PASSWORD: Secret 'fate-credentials' has no key 'root-password'")
        env["valueFrom"]["secretKeyRef"] = {"name": "my-creds", "key": "mysql-root-password"}
        self.assertFinds(check_references(self.objs), "Secret 'my-creds' is not rendered")
        self.assertClean(check_references(self.objs, external_secrets={"my-creds"}))

    def test_config_map_key_ref_and_env_from(self):
        c = pod_spec(find(self.objs, "Deployment", "roll"))["containers"][0]
        c["env"] = [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "roll-config", "key": "nope"}}}]
        c["envFrom"] = [{"configMapRef": {"name": "ghost"}}, {"secretRef": {"name": "ghost-secret"}}]
        self.assertFinds(check_references(self.objs), "ConfigMap 'roll-config' has no key 'nope'",
                         "envFrom ConfigMap 'ghost' is not rendered", "envFrom Secret 'ghost-secret' is not rendered")

    def test_pvc(self):
        pod_spec(find(self.objs, "Deployment", "mysql"))["volumes"] = [
            {"name": "data", "persistentVolumeClaim": {"claimName": "fate-data"}}]
        self.assertFinds(check_references(self.objs), "PersistentVolumeClaim 'fate-data' is not rendered")
        self.assertClean(check_references(self.objs, existing_claims={"fate-data"}))
        self.objs.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "fate-data"},
                          "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
        self.assertClean(check_references(self.objs))

    def test_probe_named_port(self):
        c = pod_spec(find(self.objs, "Deployment", "roll"))["containers"][0]
        c["readinessProbe"] = {"tcpSocket": {"port": "grpc"}}
        self.assertClean(check_references(self.objs))
        c["livenessProbe"] = {"tcpSocket": {"port": "roll"}}
        self.assertFinds(check_references(self.objs), "livenessProbe.tcpSocket.port 'roll' is not a named port")

    def test_volume_mount_without_volume(self):
        pod_spec(find(self.objs, "Deployment", "python"))["volumes"].pop()  # logs
        self.assertFinds(check_references(self.objs), "volumeMount 'logs' names no volume")

    def test_ingress_backend(self):
        find(self.objs, "Ingress", "fateboard")["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["port"]["number"] = 80
        self.assertFinds(check_references(self.objs), "Ingress/fateboard: backend port 80 is not a port of Service/fateboard")

    def test_image_pull_secret_must_be_configured(self):
        pod_spec(find(self.objs, "Deployment", "roll"))["imagePullSecrets"] = [{"name": "regcred"}]
        self.assertFinds(check_references(self.objs), "imagePullSecret 'regcred' is neither rendered nor a configured pullSecret")
        self.assertClean(check_references(self.objs, external_secrets=["regcred"]))


class ImagesTest(Base):
    def test_image_from_wrong_registry(self):
        config = make_config(registry=REGISTRY)
        objs = party_objects(config, "10000")
        c = pod_spec(find(objs, "Deployment", "roll"))["containers"][0]
        c["image"] = "harbor.other/federatedai/roll:1.2.0-release"
        self.assertFinds(check_images(objs, config["images"]),
                         "Deployment/roll: containers[0](roll): image 'harbor.other/federatedai/roll:1.2.0-release' "
                         "is not from the configured registry")
        c["image"] = f"{REGISTRY}/roll:1.2.0-release"
        self.assertClean(check_images(objs, config["images"]))

    def test_init_container_from_docker_hub_while_registry_set(self):
        config = make_config(registry=REGISTRY)
        objs = party_objects(config, "10000")
        init = pod_spec(find(objs, "Deployment", "python"))["initContainers"][0]
        init["image"] = "mysql:8"
        self.assertFinds(check_images(objs, config["images"]), "initContainers[0](wait-mysql): image 'mysql:8'",
                         "not from the configured registry")
        init["image"] = f"{REGISTRY}/mysql:8.0.36"
        self.assertClean(check_images(objs, config["images"]))

    def test_no_registry_rules(self):
        images = make_config()["images"]
        self.assertIsNone(check_image_ref("federatedai/proxy:1.2.0-release", images))
        self.assertIsNone(check_image_ref("mysql:8.0.36", images))
        self.assertIsNone(check_image_ref("redis:5.0.14", images))
        for bad, why in (("federatedai/mysql:8.0.36", "comes from Docker Hub as mysql:8.0.36"),
                         ("proxy:1.2.0-release", "with no registry"),
                         ("docker.io/federatedai/proxy:1.2.0-release", "with no registry"),
                         ("federatedai/proxy:latest", "floating tag 'latest'"),
                         ("federatedai/proxy", "has no tag"),
                         ("mysql:8", "has tag '8', expected mysql:8.0.36"),
                         ("federatedai/busybox:1.36", "'busybox' is not a FATE, mysql or redis image"),
                         ("federatedai/proxy@sha256:" + "0" * 64, "uses a digest"),
                         (None, "has no image")):
            with self.subTest(image=bad):
                self.assertIn(why, check_image_ref(bad, images) or "")

    def test_registry_with_port_and_tag(self):
        images = make_config(registry=REGISTRY)["images"]
        self.assertIsNone(check_image_ref(f"{REGISTRY}/redis:5.0.14", images))
        self.assertIn("is not from the configured registry", check_image_ref(f"{REGISTRY}/sub/redis:5.0.14", images))
        self.assertIn("floating tag 'latest'", check_image_ref(f"{REGISTRY}/egg:latest", images))
        self.assertIn("has no tag", check_image_ref(f"{REGISTRY}/egg", images))

    def test_pull_policy_and_pull_secrets(self):
        config = make_config(registry=REGISTRY, pull_secrets=["harbor-pull"])
        objs = party_objects(config, "10000")
        spec = pod_spec(find(objs, "Deployment", "roll"))
        del spec["imagePullSecrets"]
        spec["containers"][0]["imagePullPolicy"] = "Always"
        self.assertFinds(check_images(objs, config["images"]), "imagePullPolicy 'Always', config says 'IfNotPresent'",
                         "Deployment/roll: imagePullSecrets lacks the configured pull secret 'harbor-pull'")


class PodSecurityTest(Base):
    def setUp(self):
        self.objs = party_objects(make_config(), "10000")

    def test_host_path_volume(self):
        pod_spec(find(self.objs, "Deployment", "egg0"))["volumes"].append(
            {"name": "data", "hostPath": {"path": "/data/projects/fate/data-dir", "type": "DirectoryOrCreate"}})
        self.assertFinds(check_pod_security(self.objs), "Deployment/egg0: volume data is a hostPath (/data/projects/fate/data-dir)")

    def test_privileged_host_namespaces_host_port(self):
        spec = pod_spec(find(self.objs, "Deployment", "proxy"))
        spec["hostNetwork"] = True
        spec["hostPID"] = True
        spec["containers"][0]["securityContext"] = {"privileged": True, "capabilities": {"add": ["NET_ADMIN", "CHOWN"]}}
        spec["containers"][0]["ports"][0]["hostPort"] = 9370
        self.assertFinds(check_pod_security(self.objs), "Deployment/proxy: hostNetwork: true", "hostPID: true",
                         "containers[0](proxy): privileged: true", "adds capability NET_ADMIN", "hostPort 9370")
        self.assertNotIn("CHOWN", "\n".join(check_pod_security(self.objs)))

    def test_init_container_privileged(self):
        pod_spec(find(self.objs, "Deployment", "python"))["initContainers"][0]["securityContext"] = {"privileged": True}
        self.assertFinds(check_pod_security(self.objs), "initContainers[0](wait-mysql): privileged: true")


class PasswordsTest(Base):
    def setUp(self):
        self.objs = party_objects(make_config(), "10000")

    def test_password_in_configmap(self):
        cm = find(self.objs, "ConfigMap", "meta-service-config")
        cm["data"]["meta-service.properties"] += f"jdbc.password={PASSWORDS['mysqlPassword']}\n"
        self.assertFinds(check_passwords_in_objects(self.objs, creds()),
                         "ConfigMap/meta-service-config: credentials.mysqlPassword appears in data.meta-service.properties")
        self.assertNotIn(PASSWORDS["mysqlPassword"], "\n".join(check_passwords_in_objects(self.objs, creds())),
                         "the report must not print the password")

    def test_password_in_binary_data(self):
        import base64
        self.objs.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "bin"},
                          "binaryData": {"x": base64.b64encode(PASSWORDS["redisPassword"].encode()).decode()}})
        self.assertFinds(check_passwords_in_objects(self.objs, creds()), "ConfigMap/bin: credentials.redisPassword")

    def test_password_in_env_value(self):
        env = pod_spec(find(self.objs, "Deployment", "mysql"))["containers"][0]["env"]
        env[0] = {"name": "MYSQL_ROOT_PASSWORD", "value": PASSWORDS["mysqlRootPassword"]}
        self.assertFinds(check_passwords_in_objects(self.objs, creds()),
                         "Deployment/mysql: credentials.mysqlRootPassword appears in spec.template.spec.containers[0].env[0].value")

    def test_password_in_args(self):
        c = pod_spec(find(self.objs, "Deployment", "redis"))["containers"][0]
        c["args"] = ["--requirepass", PASSWORDS["redisPassword"]]
        self.assertFinds(check_passwords_in_objects(self.objs, creds()), "credentials.redisPassword appears in "
                         "spec.template.spec.containers[0].args[1]")

    def test_password_in_init_container_command(self):
        init = pod_spec(find(self.objs, "Deployment", "python"))["initContainers"][0]
        init["command"] = ["sh", "-c", f"mysqladmin ping -h mysql -ufate -p{PASSWORDS['mysqlPassword']}"]
        self.assertFinds(check_passwords_in_objects(self.objs, creds()), "initContainers[0].command[2]")

    def test_password_in_secret_is_fine(self):
        self.assertClean(check_passwords_in_objects(self.objs, creds()))

    def test_short_password_matches_whole_words_only(self):
        self.assertClean(check_passwords_in_objects([_configmap("a", {"k": "defaults"})], {"p": "fate"}))
        self.assertFinds(check_passwords_in_objects([_configmap("a", {"k": "pass=fate\n"})], {"p": "fate"}), "ConfigMap/a")

    def test_password_in_rendered_notes(self):
        notes = {"c/templates/NOTES.txt": f"mysql root password: {PASSWORDS['mysqlRootPassword']}\n"}
        self.assertFinds(check_passwords_in_notes(notes, creds()), "c/templates/NOTES.txt: rendered notes show credentials.mysqlRootPassword")
        self.assertClean(check_passwords_in_notes({"c/templates/NOTES.txt": "kubectl get secret fate-credentials"}, creds()))

    def test_password_in_bundle_files(self):
        pw = {"fate-10000": creds(), "fate-9999": creds({k: v + "-b" for k, v in PASSWORDS.items()}), "fate-exchange": {}}
        files = {
            "fate-10000/values.yaml": f"credentials:\n  mysqlPassword: {PASSWORDS['mysqlPassword']}\n".encode(),
            "fate-9999/values.yaml": b"credentials: {}\n",
            "README.md": b"nothing secret\n",
            "install.sh": b"helm install\n",
        }
        self.assertClean(check_passwords_in_files(files, pw))
        files["install.sh"] += f"--set credentials.redisPassword={PASSWORDS['redisPassword']}-b\n".encode()
        files["fate-9999/values.yaml"] += PASSWORDS["mysqlRootPassword"].encode()
        files["federation.yaml"] = f"credentials: {{'10000': {{mysqlPassword: {PASSWORDS['mysqlPassword']}}}}}".encode()
        self.assertFinds(check_passwords_in_files(files, pw), "install.sh: contains fate-9999's credentials.redisPassword",
                         "fate-9999/values.yaml: contains fate-10000's credentials.mysqlRootPassword",
                         "federation.yaml: contains fate-10000's credentials.mysqlPassword")


class ChecksumTest(Base):
    def test_checksum_annotation(self):
        objs = party_objects(make_config(), "10000")
        self.assertClean(check_config_checksum(objs))
        del find(objs, "Deployment", "proxy")["spec"]["template"]["metadata"]["annotations"]
        self.assertFinds(check_config_checksum(objs), "Deployment/proxy: mounts a ConfigMap but its pod template has no checksum/config")


class FateServicesTest(Base):
    def test_missing_service_and_port(self):
        config = make_config(eggs=2)
        party = party_of(config, "10000")
        objs = [o for o in party_objects(config, "10000") if not (o["kind"] == "Service" and o["metadata"]["name"] in ("fateflow", "egg1"))]
        find(objs, "Service", "roll")["spec"]["ports"][0]["port"] = 8012
        self.assertFinds(check_expected_services(objs, party=party), "Service/fateflow: missing",
                         "Service/egg1: missing", "Service/roll: has no port 8011")

    def test_proxy_nodeport(self):
        config = make_config()
        party = party_of(config, "10000")
        objs = party_objects(config, "10000")
        find(objs, "Service", "proxy")["spec"]["ports"][0]["nodePort"] = 30011
        self.assertFinds(check_node_ports(objs, party=party), "Service/proxy: nodePort(s) [30011] do not include the config's 30010")

    def test_exchange_nodeport_and_type(self):
        config = make_config()
        objs = exchange_objects(config)
        svc = find(objs, "Service", "proxy")
        svc["spec"]["type"] = "ClusterIP"
        del svc["spec"]["ports"][0]["nodePort"]
        self.assertFinds(check_node_ports(objs, exchange=config["exchange"]),
                         "Service/proxy: type is ClusterIP, expected NodePort", "do not include the config's 30000")

    def test_dmz_services(self):
        config = make_config(dmz_party="9999")
        party = party_of(config, "9999")
        objs = party_objects(config, "9999")
        find(objs, "Service", "federation-dmz")["spec"]["ports"][0]["nodePort"] = 30395
        self.assertFinds(check_node_ports(objs, party=party), "Service/federation-dmz: nodePort(s) [30395] do not include the config's 30394")
        find(objs, "Service", "federation-dmz")["spec"]["ports"][0]["nodePort"] = 30394
        find(objs, "Service", "fateflow-dmz")["spec"]["ports"][0]["targetPort"] = "http"
        self.assertFinds(check_node_ports(objs, party=party), "Service/fateflow-dmz: nodePort 30360 does not lead to container port 9360")
        # a proxy in the cluster although the party runs it in the DMZ, and a random NodePort
        objs += [o for o in party_objects(make_config(), "9999") if o["metadata"]["name"] == "proxy" and o["kind"] != "ConfigMap"]
        find(objs, "Service", "fateboard")["spec"]["type"] = "NodePort"
        problems = check_expected_services(objs, party=party) + check_node_ports(objs, party=party)
        self.assertFinds(problems, "Service/proxy: rendered although the party's proxy runs in the DMZ",
                         "Deployment/proxy: rendered although", "Service/fateboard: is exposed as NodePort",
                         "Service/fateboard: port http has a random nodePort")

    def test_proxy_wiring(self):
        config = make_config(dmz_party="9999")
        party = party_of(config, "9999")
        objs = party_objects(make_config(), "9999")  # rendered as if the proxy were in the cluster
        self.assertFinds(check_proxy_wiring(objs, party), "federation.properties proxy is proxy:9370, expected 10.0.13.1:9370",
                         "server_conf.json servers.proxy is proxy:9370")


# --------------------------------------------------------------------------------------------
# Check 4: routes
# --------------------------------------------------------------------------------------------


class RoutesTest(Base):
    def test_missing_party_in_exchange_table(self):
        config = make_config()
        tables = tables_for(config)
        del tables["fate-exchange"]["9999"]
        tables["fate-exchange"]["default"] = {}
        problems = check_routes(config, tables)
        self.assertFinds(problems, "route party 10000 -> party 9999 (role fate): dead end at exchange: "
                                   "entry 'default' has no role 'fate' and no 'default' role (path party 10000 -> exchange)",
                         "route exchange -> party 9999 (role fate)")
        self.assertNotIn("-> party 10000", "\n".join(problems))

    def test_route_loop(self):
        config = make_config(exchange=False)
        tables = tables_for(config)
        # 10000 sends 9999's traffic to its own proxy Service (the old direct-mode default)
        del tables["fate-10000"]["9999"]
        tables["fate-10000"]["default"] = {"default": [{"ip": "proxy", "port": 9370}]}
        self.assertFinds(check_routes(config, tables),
                         "route party 10000 -> party 9999 (role fate): route loop: party 10000 -> party 10000")

    def test_route_loop_between_parties(self):
        config = make_config()
        tables = tables_for(config)
        tables["fate-exchange"]["9999"] = {"default": [{"ip": "192.168.11.2", "port": 30010}]}
        tables["fate-10000"]["9999"] = {"default": [{"ip": "192.168.11.4", "port": 30000}]}
        self.assertFinds(check_routes(config, tables),
                         "route party 10000 -> party 9999 (role fate): route loop: party 10000 -> exchange -> party 10000")

    def test_route_to_unknown_address(self):
        config = make_config()
        tables = tables_for(config)
        tables["fate-exchange"]["9999"] = {"default": [{"ip": "192.168.11.3", "port": 9370}]}
        self.assertFinds(check_routes(config, tables),
                         "dead end at exchange: entry '9999' role 'default' sends to 192.168.11.3:9370, where no proxy listens")

    def test_dmz_peer_must_be_routed_to_dmz_host(self):
        config = make_config(exchange=False, dmz_party="9999")
        tables = tables_for(config)
        self.assertClean(check_routes(config, tables))
        tables["fate-10000"]["9999"] = {"default": [{"ip": "192.168.11.3", "port": 30009}]}
        self.assertFinds(check_routes(config, tables), "route party 10000 -> party 9999 (role fate): dead end at party 10000")

    def test_own_entry(self):
        config = make_config(dmz_party="9999")
        tables = tables_for(config)
        tables["fate-10000"]["10000"]["fateflow"] = [{"ip": "fateflow", "port": 9380}]
        tables["dmz-9999"]["9999"]["fate"] = [{"ip": "federation", "port": 9394}]
        self.assertFinds(check_routes(config, tables),
                         "route party 9999 -> party 10000 (role fateflow): party 10000's own entry routes role 'fateflow' "
                         "to fateflow:9380, expected fateflow:9360 (path party 9999 (DMZ proxy) -> exchange -> party 10000)",
                         "route exchange -> party 9999 (role fate): party 9999 (DMZ proxy)'s own entry routes role 'fate' to "
                         "federation:9394, expected 192.168.11.3:30394")
        del tables["fate-10000"]["10000"]
        self.assertFinds(check_routes(config, tables), "party 10000 has no own entry '10000'")

    def test_namespaced_service_names_are_in_cluster(self):
        config = make_config()
        tables = tables_for(config)
        tables["fate-10000"]["10000"]["fate"] = [{"ip": "federation.fate-10000.svc.cluster.local", "port": 9394}]
        self.assertClean(check_routes(config, tables))
        tables["fate-10000"]["10000"]["fate"] = [{"ip": "federation.fate-9999.svc", "port": 9394}]
        self.assertFinds(check_routes(config, tables), "own entry routes role 'fate' to federation.fate-9999.svc:9394")

    def test_missing_table(self):
        config = make_config()
        tables = tables_for(config)
        tables["fate-exchange"] = None
        self.assertFinds(check_routes(config, tables), "exchange: no route table available",
                         "route party 10000 -> party 9999 (role fate): reaches exchange, whose route table is unavailable")

    def test_route_table_json_parsing(self):
        _, problems = parse_route_table('{"route_table": {"9999": {"default": [{"ip": "a", "port": "30009"}]}}}', "x")
        self.assertFinds(problems, "x: route_table['9999']['default'] port '30009' is not a number")
        self.assertFinds(parse_route_table("{", "x")[1], "x: route_table.json is not JSON")
        self.assertFinds(parse_route_table('{"9999": {}}', "x")[1], 'no "route_table" object')
        objs = [o for o in party_objects(make_config(), "10000") if o["metadata"]["name"] != "proxy-config"]
        self.assertFinds(route_table_from_objects(objs, "fate-10000")[1], "fate-10000: no ConfigMap/proxy-config")


# --------------------------------------------------------------------------------------------
# Check 5: DMZ
# --------------------------------------------------------------------------------------------


class DmzTest(Base):
    def setUp(self):
        self.config = make_config(registry=REGISTRY, dmz_party="9999")
        self.party = party_of(self.config, "9999")
        self.files = dmz_files(self.config, "9999")

    def compose(self) -> dict:
        return yaml.safe_load(self.files["docker-compose.yml"])

    def set_compose(self, doc: dict) -> None:
        self.files["docker-compose.yml"] = yaml.safe_dump(doc).encode()

    def test_correct(self):
        self.assertClean(check_dmz(self.party, self.config["images"], self.files))

    def test_long_syntax(self):
        doc = self.compose()
        doc["services"]["proxy"]["ports"] = [{"target": 9370, "published": "9370", "protocol": "tcp"}]
        doc["services"]["proxy"]["volumes"] = [
            {"type": "bind", "source": "./conf/proxy.properties", "target": "/data/projects/fate/proxy/conf/proxy.properties"},
            {"type": "bind", "source": "./conf/route_table.json", "target": "/data/projects/fate/proxy/conf/route_table.json"}]
        self.set_compose(doc)
        self.assertClean(check_dmz(self.party, self.config["images"], self.files))

    def test_wrong_image(self):
        doc = self.compose()
        doc["services"]["proxy"]["image"] = "federatedai/proxy:1.2.0-release"
        self.set_compose(doc)
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files),
                         "dmz-9999: docker-compose service proxy: image 'federatedai/proxy:1.2.0-release' is not from the configured registry")

    def test_port_not_published(self):
        doc = self.compose()
        doc["services"]["proxy"]["ports"] = ["9371:9370"]
        self.set_compose(doc)
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files), "does not publish 9370:9370")

    def test_conf_not_mounted(self):
        doc = self.compose()
        doc["services"]["proxy"]["volumes"] = doc["services"]["proxy"]["volumes"][:1]
        self.set_compose(doc)
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files),
                         "does not mount conf/route_table.json at /data/projects/fate/proxy/conf/route_table.json")

    def test_whole_conf_dir_hides_image_files(self):
        doc = self.compose()
        doc["services"]["proxy"]["volumes"] = ["./conf:/data/projects/fate/proxy/conf"]
        self.set_compose(doc)
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files),
                         "hiding the image's applicationContext-proxy.xml")

    def test_proxy_properties(self):
        self.files["conf/proxy.properties"] = b"coordinator=10000\nport=9370\nroute.table=/tmp/r.json\n"
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files),
                         "coordinator is '10000', expected '9999'", "route.table is '/tmp/r.json'")
        del self.files["conf/route_table.json"]
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files), "conf/route_table.json is missing")


class ImagesTxtTest(Base):
    def test_images_txt(self):
        used = {f"{REGISTRY}/proxy:1.2.0-release", f"{REGISTRY}/mysql:8.0.36"}
        self.assertClean(check_images_txt("federatedai/proxy:1.2.0-release\n# comment\nmysql:8.0.36\n", used))
        self.assertFinds(check_images_txt("federatedai/proxy:1.2.0-release\n", used),
                         f"images.txt does not list {REGISTRY}/mysql:8.0.36")


# --------------------------------------------------------------------------------------------
# End to end: a synthetic bundle of static charts through the real helm_python and the CLI
# --------------------------------------------------------------------------------------------


def write_bundle(root: str, config_raw: dict, registry: str = "") -> None:
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
    for p in config["parties"]:
        objs = party_objects(config, p["id"])
        used |= collect_images(objs)
        chart = p["release"]
        files[f"{chart}/Chart.yaml"] = yaml.safe_dump({
            "apiVersion": "v2", "name": chart, "version": "1.2.0", "appVersion": "1.2.0",
            "description": "FATE party", "icon": "https://fate.fedai.org/icon.png"}).encode()
        files[f"{chart}/values.yaml"] = yaml.safe_dump(
            {"partyId": p["id"], "credentials": dict(PASSWORDS, existingSecret="")}).encode()
        files[f"{chart}/values.schema.json"] = schema
        for o in objs:
            if o["kind"] == "Secret":  # a real chart takes the passwords from values.yaml
                o = copy.deepcopy(o)
                o["stringData"] = {k: f"@@{v}@@" for k, v in (("mysql-root-password", "mysqlRootPassword"),
                                                              ("mysql-password", "mysqlPassword"),
                                                              ("redis-password", "redisPassword"))}
                text = yaml.safe_dump(o)
                for key in ("mysqlRootPassword", "mysqlPassword", "redisPassword"):
                    text = text.replace(f"'@@{key}@@'", f"@@{key}@@").replace(
                        f"@@{key}@@", "{{ .Values.credentials.%s | quote }}" % key)
            else:
                text = yaml.safe_dump(o)
            files[f"{chart}/templates/{o['kind'].lower()}-{o['metadata']['name']}.yaml"] = text.encode()
        files[f"{chart}/templates/NOTES.txt"] = b"Party {{ .Values.partyId }} installed.\n"
    if config["exchange"]:
        objs = exchange_objects(config)
        used |= collect_images(objs)
        files["fate-exchange/Chart.yaml"] = yaml.safe_dump({
            "apiVersion": "v2", "name": "fate-exchange", "version": "1.2.0", "appVersion": "1.2.0",
            "description": "FATE exchange", "icon": "https://fate.fedai.org/icon.png"}).encode()
        files["fate-exchange/values.yaml"] = b"fateVersion: '1.2.0'\n"
        files["fate-exchange/values.schema.json"] = schema
        for o in objs:
            files[f"fate-exchange/templates/{o['kind'].lower()}-{o['metadata']['name']}.yaml"] = yaml.safe_dump(o).encode()
    for p in config["parties"]:
        if p["dmz"]:
            for rel, data in dmz_files(config, p["id"]).items():
                files[f"dmz-{p['id']}/{rel}"] = data
            used.add(expected_image("proxy", config["images"]))
    files["images.txt"] = "".join(f"{i}\n" for i in sorted(used)).encode()
    files["SHA256SUMS"] = sums_for(files)
    for rel, data in files.items():
        full = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as fh:
            fh.write(data)


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


@unittest.skipUnless(HAVE_TOOLS, "helm_python / kubernetes_validate not importable")
class EndToEndTest(Base):
    RAW = {
        "version": 1,
        "fateVersion": "1.2.0",
        "parties": [
            {"id": "10000", "address": "192.168.11.2", "nodePort": 30010},
            {"id": "9999", "address": "192.168.11.3",
             "dmz": {"host": "10.0.13.1", "port": 9370, "federationNodePort": 30394, "fateflowNodePort": 30360}},
        ],
        "exchange": {"address": "192.168.11.4", "nodePort": 30000},
        "images": {"registry": REGISTRY},
    }

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="check_bundle_test_")
        self.root = os.path.join(self.tmp, "bundle")
        write_bundle(self.root, self.RAW)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_cli(self, *paths: str) -> tuple[int, str]:
        out = io.StringIO()
        rc = cb.main(list(paths), out=out)
        return rc, out.getvalue()

    def test_good_bundle_dir_and_zip(self):
        zipped = os.path.join(self.tmp, "bundle.zip")
        zip_dir(self.root, zipped)
        nested = os.path.join(self.tmp, "nested.zip")
        zip_dir(self.root, nested, prefix="fate-bundle/")
        rc, out = self.run_cli(self.root, zipped, nested)
        self.assertEqual(rc, 0, out)
        self.assertTrue(out.rstrip().endswith("\n3 passed, 0 failed"), out)
        for line in ("fate-10000       lint               ok", "fate-exchange    schema             ok",
                     "dmz-9999         dmz                ok", "network          routes             ok"):
            self.assertIn(line, out)

    def test_planted_problems_fail_the_bundle(self):
        good = os.path.join(self.tmp, "good")
        shutil.copytree(self.root, good)
        # a password in a rendered ConfigMap, a selector mismatch, and the exchange forgetting a party
        cm = os.path.join(self.root, "fate-10000", "templates", "configmap-roll-config.yaml")
        doc = read_yaml(cm)
        doc["data"]["roll.properties"] += f"x={PASSWORDS['redisPassword']}\n"
        write_yaml(cm, doc)
        svc = os.path.join(self.root, "fate-10000", "templates", "service-fateboard.yaml")
        doc = read_yaml(svc)
        doc["spec"]["selector"]["app.kubernetes.io/component"] = "board"
        write_yaml(svc, doc)
        ex = os.path.join(self.root, "fate-exchange", "templates", "configmap-proxy-config.yaml")
        doc = read_yaml(ex)
        table = json.loads(doc["data"]["route_table.json"])
        del table["route_table"]["9999"]
        doc["data"]["route_table.json"] = json.dumps(table)
        write_yaml(ex, doc)
        refresh_sums(self.root)
        rc, out = self.run_cli(good, self.root)
        self.assertEqual(rc, 1, out)
        self.assertTrue(out.rstrip().endswith("\n1 passed, 1 failed"), out)
        self.assertIn("fate-10000: ConfigMap/roll-config: credentials.redisPassword appears in data.roll.properties", out)
        self.assertIn("fate-10000: Service/fateboard: selector", out)
        self.assertIn("route party 10000 -> party 9999 (role fate): dead end at exchange: no entry '9999' and no "
                      "'default' entry", out)
        self.assertNotIn(PASSWORDS["redisPassword"], out)

    def test_tampered_file_and_lint_warning(self):
        with open(os.path.join(self.root, "README.md"), "ab") as fh:
            fh.write(b"edited\n")
        chart_yaml = os.path.join(self.root, "fate-10000", "Chart.yaml")
        meta = read_yaml(chart_yaml)
        meta["version"] = "not-semver"
        write_yaml(chart_yaml, meta)
        rc, out = self.run_cli(self.root)
        self.assertEqual(rc, 1, out)
        self.assertIn("SHA256SUMS: checksum of README.md does not match its content", out)
        self.assertRegex(out, r"fate-10000 +lint +FAIL")
        self.assertTrue(out.rstrip().endswith("0 passed, 1 failed"))

    def test_zip_entry_escaping_the_bundle(self):
        zipped = os.path.join(self.tmp, "evil.zip")
        zip_dir(self.root, zipped)
        with zipfile.ZipFile(zipped, "a") as zf:
            zf.writestr("../outside.txt", "x")
        rc, out = self.run_cli(zipped)
        self.assertEqual(rc, 1, out)
        self.assertIn("zip entry '../outside.txt' escapes the bundle directory", out)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "outside.txt")))

    def test_not_a_bundle(self):
        rc, out = self.run_cli(os.path.join(self.tmp, "missing.zip"))
        self.assertEqual(rc, 1)
        self.assertIn("neither a directory nor a zip file", out)


if __name__ == "__main__":
    unittest.main()


class ScopedBundleTest(Base):
    """Per-party bundles (provenance.json scope) hold one party; what they hold is still checked."""

    def test_scope_filters_expected_directories(self):
        config = make_config(dmz_party="9999")
        in_scope = scope_of({"scope": {"kind": "party", "party": "9999"}})
        files = {f: b"" for f in BUNDLE_TOP_FILES}
        files.update({"fate-9999/Chart.yaml": b"apiVersion: v2\nname: x\nversion: 1.2.0\n",
                      "fate-9999/values.yaml": b"", "fate-9999/values.schema.json": b"{}",
                      "fate-9999/templates/a.yaml": b"", "dmz-9999/docker-compose.yml": b""})
        values = {"fate-9999": {"partyId": "9999", "credentials": dict(PASSWORDS)}}
        self.assertClean(check_structure(files, config, values, in_scope))
        del files["dmz-9999/docker-compose.yml"]
        self.assertFinds(check_structure(files, config, values, in_scope), "directory dmz-9999/ is missing")
        files["fate-10000/Chart.yaml"] = b""
        self.assertFinds(check_structure(files, config, values, in_scope), "fate-10000/ is not in federation.yaml")

    def test_scoped_routes_trust_other_bundles_but_check_their_own(self):
        config = make_config()
        tables = tables_for(config)
        only_10000 = scope_of({"scope": {"kind": "party", "party": "10000"}})
        scoped = {"fate-10000": tables["fate-10000"]}
        self.assertClean(check_routes(config, scoped, only_10000))
        scoped["fate-10000"]["default"] = {"default": [{"ip": "192.168.11.99", "port": 30000}]}
        self.assertFinds(check_routes(config, scoped, only_10000),
                         "route party 10000 -> party 9999 (role fate): dead end at party 10000")
        exchange_only = scope_of({"scope": {"kind": "exchange"}})
        self.assertClean(check_routes(config, {"fate-exchange": tables["fate-exchange"]}, exchange_only))
        broken = {"fate-exchange": dict(tables["fate-exchange"])}
        del broken["fate-exchange"]["9999"]
        self.assertFinds(check_routes(config, broken, exchange_only), "route exchange -> party 9999")
