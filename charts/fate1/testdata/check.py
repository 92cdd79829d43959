#!/usr/bin/env python3
"""Lint, render and validate the fate-party and fate-exchange chart sources.

For every values file under charts/fate1/testdata/<chart>/values-*.yaml this script

1. assembles a temporary chart directory: the chart sources (templates/, values.schema.json,
   .helmignore), charts/common/_common.tpl as templates/_common.tpl (as the generator does), the
   test Chart.yaml of charts/fate1/testdata/<chart>/ (appVersion set to the values' fateVersion)
   and the values file as values.yaml;
2. runs Helm's strict lint (any message of severity >= 2, i.e. warning or error, fails);
3. renders the chart offline (helm_python, Helm v4 SDK) as an install;
4. validates every rendered object strictly against the Kubernetes 1.25.0 and 1.37.0 schemas;
5. cross-checks the objects: Service selectors and target ports, ConfigMap/Secret references,
   image registry, passwords, pod security (Pod Security "baseline" plus our defaults), probes,
   persistence, config file contents, NOTES.txt.

It also lints and renders the Helm 2 variant of fate-party (Chart apiVersion v1 and
helm2/secret.yaml in place of templates/secret.yaml), and checks that invalid values are rejected
by the schema or by fate.validateValues.

Run with the project's tool venv:
    ~/.cache/fate-chartgen-tools/venv/bin/python charts/fate1/testdata/check.py [-v] [-k SUBSTRING]
Exit status 0 when everything passes.
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any, Callable

import helm_python
import kubernetes_validate
import yaml

HERE = Path(__file__).resolve().parent
CHARTS = HERE.parent
# Helpers every chart shares; the generator copies them into each chart as templates/_common.tpl.
COMMON_HELPERS = CHARTS.parent / "common" / "_common.tpl"
KUBE_VERSIONS = ("1.25.0", "1.37.0")
PARTY = "fate-party"
EXCHANGE = "fate-exchange"
SOURCE_ITEMS = ("templates", "values.schema.json", ".helmignore")
CREDENTIAL_KEYS = {"mysql-root-password", "mysql-password", "redis-password"}
FATE_IMAGES = {"egg", "federation", "meta-service", "proxy", "roll", "python", "fateboard"}
REQUIRED_LABELS = (
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
    "app.kubernetes.io/component",
    "app.kubernetes.io/part-of",
    "helm.sh/chart",
    "fedai.org/party-id",
)
SELECTOR_LABELS = {"app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component"}


class CheckError(AssertionError):
    """A failed check, with a message that names the object."""


def expect(cond: bool, msg: str) -> None:
    if not cond:
        raise CheckError(msg)


# --------------------------------------------------------------------------------------------
# Assembling, linting, rendering
# --------------------------------------------------------------------------------------------


def assemble(workdir: Path, chart: str, values_file: Path, helm2: bool = False) -> Path:
    """Build <workdir>/<chart>/ from the sources, the test Chart.yaml and a values file."""
    src = CHARTS / chart
    dst = workdir / chart
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for item in SOURCE_ITEMS:
        path = src / item
        if path.is_dir():
            shutil.copytree(path, dst / item)
        else:
            shutil.copy2(path, dst / item)
    shutil.copy2(COMMON_HELPERS, dst / "templates" / "_common.tpl")
    chart_yaml = HERE / chart / ("Chart-helm2.yaml" if helm2 else "Chart.yaml")
    meta = yaml.safe_load(chart_yaml.read_text())
    values = yaml.safe_load(values_file.read_text())
    meta["appVersion"] = str(values["fateVersion"])
    (dst / "Chart.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    shutil.copy2(values_file, dst / "values.yaml")
    if helm2:
        shutil.copy2(src / "helm2" / "secret.yaml", dst / "templates" / "secret.yaml")
    return dst


def lint(chart_dir: Path) -> list[dict[str, Any]]:
    """Strict lint; returns the informational messages, fails on anything of severity >= 2."""
    result = helm_python.lint(str(chart_dir), strict=True)
    messages = result.get("messages") or []
    bad = [m for m in messages if int(m.get("severity", 0)) >= 2]
    expect(not bad, "helm lint --strict: " + "; ".join(f"[{m['severity']}] {m['path']}: {m['error']}" for m in bad))
    expect(not result.get("errors"), f"helm lint errors: {result.get('errors')}")
    return [m for m in messages if int(m.get("severity", 0)) < 2]


def render(chart_dir: Path, release: str, namespace: str, values: dict | None = None) -> dict[str, str]:
    with helm_python.Chart.load(str(chart_dir)) as chart:
        return chart.render(values, name=release, namespace=namespace, is_install=True)


def split(rendered: dict[str, str]) -> tuple[list[tuple[str, dict]], str]:
    """Rendered templates → [(template, object)] and the NOTES.txt text."""
    objects: list[tuple[str, dict]] = []
    notes = ""
    for template, text in sorted(rendered.items()):
        if template.endswith("NOTES.txt"):
            notes = text
            continue
        for doc in yaml.safe_load_all(text):
            if doc is None:
                continue
            expect(isinstance(doc, dict), f"{template}: a document is not a mapping")
            objects.append((template, doc))
    return objects, notes


# --------------------------------------------------------------------------------------------
# Helpers over rendered objects
# --------------------------------------------------------------------------------------------


def oid(obj: dict) -> str:
    return f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"


def by_kind(objects: list[tuple[str, dict]], kind: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for _, obj in objects:
        if obj["kind"] == kind:
            name = obj["metadata"]["name"]
            expect(name not in out, f"duplicate {kind}/{name}")
            out[name] = obj
    return out


def all_containers(pod_spec: dict) -> list[dict]:
    return list(pod_spec.get("initContainers") or []) + list(pod_spec.get("containers") or [])


def passwords_of(values: dict) -> list[str]:
    creds = values.get("credentials") or {}
    return [creds[k] for k in ("mysqlRootPassword", "mysqlPassword", "redisPassword") if creds.get(k)]


# --------------------------------------------------------------------------------------------
# Generic checks (both charts)
# --------------------------------------------------------------------------------------------


def check_kubernetes_schemas(objects: list[tuple[str, dict]]) -> None:
    for template, obj in objects:
        for version in KUBE_VERSIONS:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except Exception as exc:  # the library raises several exception types
                raise CheckError(f"{template}: {oid(obj)} is invalid for Kubernetes {version}: {exc}") from exc


def check_metadata(objects: list[tuple[str, dict]], release: str, party_label: str, app_version: str) -> None:
    for template, obj in objects:
        meta = obj["metadata"]
        expect("namespace" not in meta, f"{template}: {oid(obj)} sets metadata.namespace")
        labels = meta.get("labels") or {}
        for key in REQUIRED_LABELS:
            expect(key in labels, f"{oid(obj)}: label {key} missing")
        expect(labels["app.kubernetes.io/instance"] == release, f"{oid(obj)}: wrong instance label")
        expect(labels["fedai.org/party-id"] == party_label,
               f"{oid(obj)}: fedai.org/party-id is {labels['fedai.org/party-id']!r}, want {party_label!r}")
        expect(labels["app.kubernetes.io/version"] == app_version, f"{oid(obj)}: wrong version label")


def check_workloads(objects: list[tuple[str, dict]], values: dict, registry: str) -> None:
    """Deployments: shape, selectors, pod security, images, probes, references."""
    configmaps = by_kind(objects, "ConfigMap")
    secrets = by_kind(objects, "Secret")
    claims = by_kind(objects, "PersistentVolumeClaim")
    existing_secret = (values.get("credentials") or {}).get("existingSecret") or ""
    existing_claim = (values.get("persistence") or {}).get("existingClaim") or ""
    probes_enabled = values["probes"]["enabled"]
    pull_secrets = [{"name": n} for n in values["image"]["pullSecrets"]]

    for name, dep in by_kind(objects, "Deployment").items():
        where = f"Deployment/{name}"
        spec = dep["spec"]
        expect(spec.get("replicas") == 1, f"{where}: replicas must be 1")
        expect(spec.get("strategy", {}).get("type") == "Recreate", f"{where}: strategy must be Recreate")
        selector = spec["selector"]["matchLabels"]
        expect(set(selector) == SELECTOR_LABELS, f"{where}: selector labels {sorted(selector)}")
        template = spec["template"]
        pod_labels = template["metadata"]["labels"]
        for key, value in selector.items():
            expect(pod_labels.get(key) == value, f"{where}: pod template does not carry selector label {key}")
        pod = template["spec"]

        # Pod Security "baseline" plus the chart's defaults.
        expect(pod.get("automountServiceAccountToken") is False, f"{where}: automountServiceAccountToken must be false")
        expect(pod.get("enableServiceLinks") is False, f"{where}: enableServiceLinks must be false")
        expect(pod.get("securityContext", {}).get("seccompProfile", {}).get("type") == "RuntimeDefault",
               f"{where}: pod seccompProfile must be RuntimeDefault")
        for flag in ("hostNetwork", "hostPID", "hostIPC"):
            expect(not pod.get(flag), f"{where}: {flag} is set")
        for vol in pod.get("volumes") or []:
            expect("hostPath" not in vol, f"{where}: hostPath volume {vol['name']}")
        if pull_secrets:
            expect(pod.get("imagePullSecrets") == pull_secrets, f"{where}: imagePullSecrets {pod.get('imagePullSecrets')}")
        else:
            expect("imagePullSecrets" not in pod, f"{where}: unexpected imagePullSecrets")

        volumes = {v["name"]: v for v in pod.get("volumes") or []}
        mounts_configmap = False
        for c in all_containers(pod):
            cwhere = f"{where} container {c['name']}"
            sc = c.get("securityContext") or {}
            expect(sc.get("allowPrivilegeEscalation") is False, f"{cwhere}: allowPrivilegeEscalation must be false")
            expect(not sc.get("privileged"), f"{cwhere}: privileged")
            expect(not (sc.get("capabilities") or {}).get("add"), f"{cwhere}: adds capabilities")
            expect(c.get("imagePullPolicy") == values["image"]["pullPolicy"], f"{cwhere}: imagePullPolicy")
            for port in c.get("ports") or []:
                expect(not port.get("hostPort"), f"{cwhere}: hostPort")
            image = c["image"]
            expect(not image.endswith(":latest") and ":" in image.rsplit("/", 1)[-1], f"{cwhere}: unpinned image {image}")
            if registry:
                expect(image.startswith(registry.rstrip("/") + "/"), f"{cwhere}: image {image} ignores the registry {registry}")
            # env: no literal values that look like credentials; secret references resolve
            for env in c.get("env") or []:
                ref = (env.get("valueFrom") or {}).get("secretKeyRef")
                if ref:
                    if existing_secret:
                        expect(ref["name"] == existing_secret, f"{cwhere}: env {env['name']} uses Secret {ref['name']}")
                        expect(ref["key"] in CREDENTIAL_KEYS, f"{cwhere}: env {env['name']} key {ref['key']}")
                    else:
                        expect(ref["name"] in secrets, f"{cwhere}: env {env['name']} references missing Secret {ref['name']}")
                        expect(ref["key"] in (secrets[ref["name"]].get("data") or {}),
                               f"{cwhere}: env {env['name']} references missing key {ref['key']}")
                cm_ref = (env.get("valueFrom") or {}).get("configMapKeyRef")
                if cm_ref:
                    expect(cm_ref["name"] in configmaps and cm_ref["key"] in configmaps[cm_ref["name"]]["data"],
                           f"{cwhere}: env {env['name']} references a missing ConfigMap key")
                if "PASSWORD" in env["name"] or env["name"] == "MYSQL_PWD":
                    expect("value" not in env, f"{cwhere}: {env['name']} has a literal value")
            # mounts resolve
            for m in c.get("volumeMounts") or []:
                expect(m["name"] in volumes, f"{cwhere}: mount of undeclared volume {m['name']}")
                vol = volumes[m["name"]]
                if "configMap" in vol:
                    mounts_configmap = True
                    cm_name = vol["configMap"]["name"]
                    expect(cm_name in configmaps, f"{cwhere}: volume {m['name']} references missing ConfigMap {cm_name}")
                    data = configmaps[cm_name]["data"]
                    items = vol["configMap"].get("items")
                    for item in items or []:
                        expect(item["key"] in data, f"{where}: volume {m['name']} item key {item['key']} not in {cm_name}")
                    if "subPath" in m:
                        files = [i["path"] for i in items] if items else list(data)
                        expect(m["subPath"] in files, f"{cwhere}: subPath {m['subPath']} not in ConfigMap {cm_name}")
                if "secret" in vol:
                    expect(vol["secret"]["secretName"] in secrets or vol["secret"]["secretName"] == existing_secret,
                           f"{cwhere}: missing Secret volume")
        for vol in volumes.values():
            if "persistentVolumeClaim" in vol:
                claim = vol["persistentVolumeClaim"]["claimName"]
                expect(claim in claims or claim == existing_claim, f"{where}: claim {claim} is neither rendered nor the existing claim")
        if mounts_configmap:
            annotation = (template["metadata"].get("annotations") or {}).get("checksum/config", "")
            expect(re.fullmatch(r"[0-9a-f]{64}", annotation) is not None, f"{where}: checksum/config annotation missing")

        for c in pod["containers"]:
            port_names = {p["name"] for p in c.get("ports") or []}
            for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                if probes_enabled:
                    expect(probe in c, f"{where} container {c['name']}: {probe} missing")
                    expect(c[probe]["tcpSocket"]["port"] in port_names, f"{where} container {c['name']}: {probe} port")
                    expect("host" not in c[probe]["tcpSocket"], f"{where}: probe sets host")
                else:
                    expect(probe not in c, f"{where} container {c['name']}: {probe} although probes are disabled")


def check_services(objects: list[tuple[str, dict]]) -> None:
    pods = {name: dep["spec"]["template"] for name, dep in by_kind(objects, "Deployment").items()}
    node_ports: list[int] = []
    for name, svc in by_kind(objects, "Service").items():
        selector = svc["spec"]["selector"]
        matches = [d for d, t in pods.items() if all(t["metadata"]["labels"].get(k) == v for k, v in selector.items())]
        expect(len(matches) == 1, f"Service/{name}: selector matches {matches or 'no pod template'}")
        containers = pods[matches[0]]["spec"]["containers"]
        ports = [p for c in containers for p in c.get("ports") or []]
        for port in svc["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            ok = any(p["name"] == target for p in ports) if isinstance(target, str) else any(p["containerPort"] == target for p in ports)
            expect(ok, f"Service/{name}: targetPort {target} is not a container port of Deployment/{matches[0]}")
            if "nodePort" in port:
                node_ports.append(port["nodePort"])
                expect(svc["spec"]["type"] == "NodePort", f"Service/{name}: nodePort on a {svc['spec']['type']} Service")
                expect(30000 <= port["nodePort"] <= 32767, f"Service/{name}: nodePort out of range")
        if svc["spec"]["type"] == "NodePort":
            expect(all("nodePort" in p for p in svc["spec"]["ports"]), f"Service/{name}: NodePort without a fixed nodePort")
    expect(len(node_ports) == len(set(node_ports)), f"node ports not distinct: {node_ports}")


def check_no_passwords(objects: list[tuple[str, dict]], rendered: dict[str, str], values: dict) -> None:
    secrets = passwords_of(values)
    if not secrets:
        return
    for template, text in rendered.items():
        for pw in secrets:
            expect(pw not in text, f"{template}: contains a password in plain text")
    for template, obj in objects:
        if obj["kind"] == "ConfigMap":
            blob = json.dumps(obj.get("data") or {})
            encoded = [base64.b64encode(p.encode()).decode() for p in secrets]
            expect(not any(e in blob for e in encoded), f"{oid(obj)}: contains a base64 password")
        if obj["kind"] == "Deployment":
            for c in all_containers(obj["spec"]["template"]["spec"]):
                blob = json.dumps([c.get("command"), c.get("args"), [e.get("value") for e in c.get("env") or []]])
                expect(not any(p in blob for p in secrets), f"{oid(obj)} container {c['name']}: password in command/args/env")


def check_route_table(configmaps: dict[str, dict], route_table: dict) -> dict[str, str]:
    cm = configmaps["proxy-config"]["data"]
    doc = json.loads(cm["route_table.json"])
    expect(doc == {"route_table": route_table, "permission": {"default_allow": True}},
           f"route_table.json does not match proxy.routeTable: {doc}")
    props = dict(line.split("=", 1) for line in cm["proxy.properties"].splitlines() if line and not line.startswith("#"))
    expect(props["route.table"] == "/data/projects/fate/proxy/conf/route/route_table.json", "proxy.properties route.table path")
    expect(props["ip"] == "0.0.0.0" and props["port"] == "9370", "proxy.properties ip/port")
    return props


def check_proxy_deployment(dep: dict) -> None:
    pod = dep["spec"]["template"]["spec"]
    mounts = {m["mountPath"]: m for m in pod["containers"][0]["volumeMounts"]}
    route = mounts.get("/data/projects/fate/proxy/conf/route")
    expect(route is not None and "subPath" not in route, "proxy: route table must be mounted as a directory without subPath")
    expect(mounts["/data/projects/fate/proxy/conf/proxy.properties"].get("subPath") == "proxy.properties", "proxy.properties subPath")


# --------------------------------------------------------------------------------------------
# Party-specific checks
# --------------------------------------------------------------------------------------------


def check_party(objects: list[tuple[str, dict]], notes: str, values: dict, helm2: bool) -> None:
    deployments = by_kind(objects, "Deployment")
    services = by_kind(objects, "Service")
    configmaps = by_kind(objects, "ConfigMap")
    secrets = by_kind(objects, "Secret")
    claims = by_kind(objects, "PersistentVolumeClaim")
    volumes = by_kind(objects, "PersistentVolume")
    ingresses = by_kind(objects, "Ingress")
    eggs = [e["name"] for e in values["eggs"]]
    proxy = values["proxy"]
    dmz = values.get("dmz") or {}
    dmz_mode = bool(dmz.get("federationNodePort"))
    party = values["partyId"]
    persistence = values["persistence"]

    # --- object inventory
    want_deps = set(eggs) | {"federation", "meta-service", "roll", "redis", "mysql", "python"}
    want_svcs = set(eggs) | {"federation", "meta-service", "roll", "redis", "mysql", "fateflow", "fateboard"}
    want_cms = {"egg-config", "python-config", "redis-config", "federation-config", "fateboard-config",
                "roll-config", "meta-service-config", "mysql-config"}
    if proxy["enabled"]:
        want_deps.add("proxy")
        want_svcs.add("proxy")
        want_cms.add("proxy-config")
    if dmz_mode:
        want_svcs |= {"federation-dmz", "fateflow-dmz"}
    expect(set(deployments) == want_deps, f"Deployments {sorted(deployments)} != {sorted(want_deps)}")
    expect(set(services) == want_svcs, f"Services {sorted(services)} != {sorted(want_svcs)}")
    expect(set(configmaps) == want_cms, f"ConfigMaps {sorted(configmaps)} != {sorted(want_cms)}")
    if values["credentials"]["existingSecret"]:
        expect(not secrets, "a Secret is rendered although credentials.existingSecret is set")
    else:
        expect(set(secrets) == {"fate-credentials"}, f"Secrets {sorted(secrets)}")
        sec = secrets["fate-credentials"]
        expect(sec["metadata"].get("annotations", {}).get("helm.sh/resource-policy") == "keep", "Secret must be kept")
        expect(set(sec["data"]) == CREDENTIAL_KEYS, f"Secret keys {sorted(sec['data'])}")
        want = {"mysql-root-password": values["credentials"]["mysqlRootPassword"],
                "mysql-password": values["credentials"]["mysqlPassword"],
                "redis-password": values["credentials"]["redisPassword"]}
        for key, plain in want.items():
            expect(base64.b64decode(sec["data"][key]).decode() == plain, f"Secret key {key} does not hold the value")
    expect(bool(ingresses) == values["ingress"]["enabled"], "Ingress presence does not follow ingress.enabled")
    kinds = {obj["kind"] for _, obj in objects}
    expect(kinds <= {"Deployment", "Service", "ConfigMap", "Secret", "Ingress", "PersistentVolume", "PersistentVolumeClaim"},
           f"unexpected kinds {kinds}")

    # --- services: ClusterIP except proxy and the DMZ ones
    for name, svc in services.items():
        want_type = "NodePort" if name in {"proxy", "federation-dmz", "fateflow-dmz"} else "ClusterIP"
        expect(svc["spec"]["type"] == want_type, f"Service/{name} type {svc['spec']['type']}")
    if proxy["enabled"]:
        expect(services["proxy"]["spec"]["ports"][0]["nodePort"] == proxy["nodePort"], "proxy nodePort")
        check_proxy_deployment(deployments["proxy"])
    if dmz_mode:
        fed = services["federation-dmz"]["spec"]["ports"]
        flow = services["fateflow-dmz"]["spec"]["ports"]
        expect([(p["port"], p["nodePort"]) for p in fed] == [(9394, dmz["federationNodePort"])], "federation-dmz ports")
        expect([(p["port"], p["nodePort"]) for p in flow] == [(9360, dmz["fateflowNodePort"])], "fateflow-dmz exposes only 9360")
    expected_ports = {"federation": [9394], "meta-service": [8590], "roll": [8011], "redis": [6379], "mysql": [3306],
                      "fateflow": [9360, 9380], "fateboard": [8080], **{e: [7888, 7778] for e in eggs}}
    for name, ports in expected_ports.items():
        expect([p["port"] for p in services[name]["spec"]["ports"]] == ports, f"Service/{name} ports")

    # --- node selectors and resources from values
    component_values = {"federation": values["federation"], "meta-service": values["metaService"], "roll": values["roll"],
                        "redis": values["redis"], "mysql": values["mysql"], "python": values["python"]}
    if proxy["enabled"]:
        component_values["proxy"] = proxy
    for egg in values["eggs"]:
        component_values[egg["name"]] = egg
    for name, comp in component_values.items():
        pod = deployments[name]["spec"]["template"]["spec"]
        expect((pod.get("nodeSelector") or {}) == comp["nodeSelector"], f"Deployment/{name}: nodeSelector")
    resource_values = {"federation": values["federation"]["resources"], "meta-service": values["metaService"]["resources"],
                       "roll": values["roll"]["resources"], "redis": values["redis"]["resources"],
                       "mysql": values["mysql"]["resources"], **{e: values["egg"]["resources"] for e in eggs}}
    if proxy["enabled"]:
        resource_values["proxy"] = proxy["resources"]
    for name, res in resource_values.items():
        got = deployments[name]["spec"]["template"]["spec"]["containers"][0].get("resources")
        expect((got or {}) == res, f"Deployment/{name}: resources {got} != {res}")
    py_containers = {c["name"]: c for c in deployments["python"]["spec"]["template"]["spec"]["containers"]}
    expect(set(py_containers) == {"python", "fateboard"}, "python pod containers")
    expect((py_containers["python"].get("resources") or {}) == values["python"]["fateflow"]["resources"], "fateflow resources")
    expect((py_containers["fateboard"].get("resources") or {}) == values["python"]["fateboard"]["resources"], "fateboard resources")

    # --- images
    registry = values["image"]["registry"].rstrip("/")
    for name, dep in deployments.items():
        for c in all_containers(dep["spec"]["template"]["spec"]):
            image = c["image"]
            repo, tag = image.rsplit(":", 1)
            short = repo.rsplit("/", 1)[-1]
            if short in FATE_IMAGES:
                expect(repo == f"{registry or 'federatedai'}/{short}" and tag == values["image"]["tag"], f"{name}: FATE image {image}")
            elif short in ("mysql", "redis"):
                want_tag = values["image"]["mysqlTag" if short == "mysql" else "redisTag"]
                want_repo = f"{registry}/{short}" if registry else short
                expect(repo == want_repo and tag == want_tag, f"{name}: {short} image {image}")
            else:
                raise CheckError(f"{name}: unknown image {image}")

    # --- dependency order (init containers)
    def waits(dep_name: str) -> list[str]:
        out = []
        for c in deployments[dep_name]["spec"]["template"]["spec"].get("initContainers") or []:
            if c["name"].startswith("wait-for-"):
                redis_image = deployments["redis"]["spec"]["template"]["spec"]["containers"][0]["image"]
                expect(c["image"] == redis_image,
                       f"{dep_name}: {c['name']} must run bash in the redis image (FATE's JVM images have no bash)")
                out += c["command"][4:]
        return out

    # meta-service's init-metadata (mysql image) waits for mysql itself with mysqladmin ping.
    expect(waits("meta-service") == [], "meta-service has no separate wait-for container")
    expect(waits("roll") == ["meta-service:8590"], "roll waits for meta-service")
    expect(waits("federation") == ["meta-service:8590"], "federation waits for meta-service")
    expect(waits("python") == ["mysql:3306", "redis:6379"], "python waits for mysql and redis")
    for egg in eggs:
        expect(waits(egg) == ["meta-service:8590"], f"{egg} waits for meta-service")
    meta_inits = [c["name"] for c in deployments["meta-service"]["spec"]["template"]["spec"]["initContainers"]]
    expect(meta_inits == ["init-metadata", "compose-config"], f"meta-service init containers {meta_inits}")
    init_md = deployments["meta-service"]["spec"]["template"]["spec"]["initContainers"][0]
    expect(init_md["image"].rsplit(":", 1)[0].endswith("mysql"), "init-metadata uses the mysql image")
    expect(any(e["name"] == "MYSQL_PWD" and "secretKeyRef" in e.get("valueFrom", {}) for e in init_md["env"]), "MYSQL_PWD from Secret")

    # --- bash syntax of every inline script
    for name, dep in deployments.items():
        for c in all_containers(dep["spec"]["template"]["spec"]):
            cmd = c.get("command") or []
            if len(cmd) >= 3 and cmd[0] == "bash" and cmd[1] == "-c":
                bash_syntax(cmd[2], f"{name}/{c['name']}")

    # --- hostAliases and egg env
    for egg in eggs:
        pod = deployments[egg]["spec"]["template"]["spec"]
        expect(pod.get("hostAliases") == [{"ip": "127.0.0.1", "hostnames": [egg]}], f"{egg}: hostAliases")
        env = {e["name"]: e.get("value") for e in pod["containers"][0]["env"]}
        expect(env["PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION"] == "cpp", f"{egg}: protobuf env")
        expect("$" not in env["LD_LIBRARY_PATH"], f"{egg}: LD_LIBRARY_PATH contains a literal $")
        expect(env["PYTHONPATH"] and env["GLOG_log_dir"], f"{egg}: env")
    expect(deployments["python"]["spec"]["template"]["spec"].get("hostAliases") == [{"ip": "127.0.0.1", "hostnames": ["fateflow"]}],
           "python: hostAliases fateflow")

    # --- persistence
    ptype = persistence["type"]
    mounts_by_dep = {
        "mysql": ("/var/lib/mysql", "mysql", "mysql-data"),
        "redis": ("/data", "redis", "redis-data"),
        "python": ("/data/projects/fate/python/logs", "python-logs", "python-logs"),
        **{e: ("/data/projects/fate/data-dir", f"{e}-data", f"{e}-data") for e in eggs},
    }
    for dep_name, (path, sub, own_claim) in mounts_by_dep.items():
        pod = deployments[dep_name]["spec"]["template"]["spec"]
        vols = {v["name"]: v for v in pod["volumes"]}
        mounted = [(c["name"], m) for c in pod["containers"] for m in c.get("volumeMounts") or [] if m["mountPath"] == path]
        expect(mounted, f"{dep_name}: nothing mounted at {path}")
        for cname, m in mounted:
            vol = vols[m["name"]]
            if ptype == "none":
                expect("emptyDir" in vol and "subPath" not in m, f"{dep_name}/{cname}: want an emptyDir at {path}")
            else:
                want_claim = {"nfs": "fate-data", "existingClaim": persistence["existingClaim"], "storageClass": own_claim}[ptype]
                expect(vol.get("persistentVolumeClaim", {}).get("claimName") == want_claim, f"{dep_name}: claim for {path}")
                # A volume that several parties may share (NFS export, existing claim): one
                # directory per party.
                want_sub = f"{sub}-{values['partyId']}" if ptype in ("nfs", "existingClaim") else sub
                expect(m.get("subPath") == want_sub, f"{dep_name}/{cname}: subPath {m.get('subPath')} != {want_sub}")
    if ptype == "nfs":
        pv_name = f"{party_namespace(values)}-{party_release(values)}-nfs"
        expect(set(volumes) == {pv_name}, f"PersistentVolumes {sorted(volumes)} != {pv_name}")
        pv = volumes[pv_name]["spec"]
        expect(pv["nfs"] == {"server": persistence["nfs"]["server"], "path": persistence["nfs"]["path"]}, "PV nfs source")
        expect(pv["capacity"]["storage"] == persistence["nfs"]["size"] and pv["accessModes"] == ["ReadWriteMany"], "PV size/mode")
        expect(pv.get("storageClassName") == "", "PV storageClassName must be empty")
        expect(set(claims) == {"fate-data"}, f"claims {sorted(claims)}")
        pvc = claims["fate-data"]["spec"]
        expect(pvc["volumeName"] == pv_name and pvc["storageClassName"] == "" and pvc["accessModes"] == ["ReadWriteMany"],
               "fate-data must bind the NFS PV by name")
        expect(pvc["resources"]["requests"]["storage"] == persistence["nfs"]["size"], "fate-data size")
    elif ptype == "storageClass":
        expect(not volumes, "no PersistentVolume with storageClass")
        want = {"mysql-data": persistence["sizes"]["mysql"], "redis-data": persistence["sizes"]["redis"],
                "python-logs": persistence["sizes"]["python"], **{f"{e}-data": persistence["sizes"]["egg"] for e in eggs}}
        expect(set(claims) == set(want), f"claims {sorted(claims)} != {sorted(want)}")
        for name, size in want.items():
            spec = claims[name]["spec"]
            expect(spec["resources"]["requests"]["storage"] == size and spec["accessModes"] == ["ReadWriteOnce"], f"claim {name}")
            if persistence["storageClass"]:
                expect(spec.get("storageClassName") == persistence["storageClass"], f"claim {name}: storageClassName")
            else:
                expect("storageClassName" not in spec, f"claim {name}: storageClassName must be omitted for the default class")
    else:
        expect(not volumes and not claims, f"{ptype}: the chart must not create volumes or claims")
    for obj in list(claims.values()) + list(volumes.values()):
        kept = (obj["metadata"].get("annotations") or {}).get("helm.sh/resource-policy") == "keep"
        expect(kept == persistence["keep"], f"{oid(obj)}: resource-policy keep != persistence.keep")

    # --- ingress
    if values["ingress"]["enabled"]:
        ing = ingresses["fateboard-ingress"]
        expect(ing["apiVersion"] == "networking.k8s.io/v1", "Ingress apiVersion")
        spec = ing["spec"]
        if values["ingress"]["className"]:
            expect(spec.get("ingressClassName") == values["ingress"]["className"], "ingressClassName")
        rule = spec["rules"][0]
        expect(rule["host"] == values["ingress"]["host"], "Ingress host")
        path = rule["http"]["paths"][0]
        expect(path["path"] == "/" and path["pathType"] == "Prefix", "Ingress path")
        expect(path["backend"]["service"] == {"name": "fateboard", "port": {"number": 8080}}, "Ingress backend")
        if values["ingress"]["tlsSecret"]:
            expect(spec.get("tls") == [{"hosts": [values["ingress"]["host"]], "secretName": values["ingress"]["tlsSecret"]}], "Ingress TLS")
        else:
            expect("tls" not in spec, "Ingress TLS without tlsSecret")

    # --- config file contents
    proxy_host, proxy_port = proxy["host"], proxy["port"]
    if proxy["enabled"]:
        props = check_route_table(configmaps, proxy["routeTable"])
        expect(props["coordinator"] == party, "proxy.properties coordinator")
    server_conf = json.loads(configmaps["python-config"]["data"]["server_conf.json"])
    servers = server_conf["servers"]
    expect(servers["proxy"] == {"host": proxy_host, "port": proxy_port}, f"server_conf.json proxy {servers['proxy']}")
    expect(servers["fateboard"] == {"host": "fateboard", "port": 8080}, "server_conf.json fateboard")
    expect(servers["roll"] == {"host": "roll", "port": 8011}, "server_conf.json roll")
    expect(servers["fateflow"] == {"host": "fateflow", "grpc.port": 9360, "http.port": 9380}, "server_conf.json fateflow")
    expect(servers["federation"] == {"host": "federation", "port": 9394}, "server_conf.json federation")
    check_settings_py(configmaps["python-config"]["data"]["settings.py"], values)
    exec_settings_py(configmaps["python-config"]["data"]["settings.py"], configmaps["python-config"]["data"]["server_conf.json"], values)
    fed = properties(configmaps["federation-config"]["data"]["federation.properties"])
    expect(fed == {"party.id": party, "service.port": "9394", "meta.service.ip": "meta-service", "meta.service.port": "8590",
                   "proxy.ip": proxy_host, "proxy.port": str(proxy_port)}, f"federation.properties {fed}")
    roll = properties(configmaps["roll-config"]["data"]["roll.properties"])
    expect(roll == {"party.id": party, "service.port": "8011", "meta.service.ip": "meta-service", "meta.service.port": "8590"},
           "roll.properties")
    meta = properties(configmaps["meta-service-config"]["data"]["meta-service.properties"])
    expect("jdbc.password" not in meta, "meta-service.properties must not hold jdbc.password")
    expect(meta["jdbc.url"].startswith(f"jdbc:mysql://mysql:3306/{values['mysql']['database']}?"), "meta-service jdbc.url")
    expect(meta["jdbc.username"] == values["mysql"]["user"] and meta["service.port"] == "8590", "meta-service.properties")
    egg_props = properties(configmaps["egg-config"]["data"]["egg.properties"])
    expect(egg_props["party.id"] == party and egg_props["service.port"] == "7888", "egg.properties")
    expect(egg_props["eggroll.computing.processor.session.max.count"] == str(values["egg"]["sessionMaxCount"]), "sessionMaxCount")
    expect(egg_props["eggroll.computing.processor.bootstrap.script"] == "/data/projects/fate/eggroll/egg/conf/processor-starter.sh",
           "egg.properties bootstrap script")
    bash_syntax(configmaps["egg-config"]["data"]["processor-starter.sh"], "processor-starter.sh")
    check_processor_starter(configmaps["egg-config"]["data"]["processor-starter.sh"])
    redis_conf = configmaps["redis-config"]["data"]["redis.conf"]
    for line in ("bind 0.0.0.0", "databases 50", "dir /data", "appendonly yes"):
        expect(line in redis_conf.splitlines(), f"redis.conf lacks {line!r}")
    expect("requirepass" not in redis_conf, "redis.conf in the ConfigMap must not hold requirepass")
    redis_main = deployments["redis"]["spec"]["template"]["spec"]["containers"][0]
    expect(redis_main.get("args") == ["redis-server", "/usr/local/etc/redis/redis.conf"] and "command" not in redis_main,
           "redis must run redis-server with only the config file")
    board = properties(configmaps["fateboard-config"]["data"]["application.properties"])
    expect(board["fateflow.url"] == "http://fateflow:9380", "fateboard fateflow.url")
    expect(board["management.endpoints.web.exposure.include"] == "health,info", "fateboard actuator exposure")
    expect(board["spring.datasource.password"] == "${MYSQL_PASSWORD}", "fateboard password from env")
    expect(board["spring.datasource.url"].startswith(f"jdbc:mysql://mysql:3306/{values['mysql']['database']}?"), "fateboard JDBC")
    sql = configmaps["mysql-config"]["data"]
    expect(sorted(sql) == ["register-nodes.sql", "schema.sql"], "mysql-config keys")
    creates = re.findall(r"CREATE TABLE IF NOT EXISTS `(\w+)`", sql["schema.sql"])
    expect(creates == ["dtable", "fragment", "node", "task", "result"], f"schema.sql tables {creates}")
    expect("DROP" not in sql["schema.sql"].upper() and "DELETE" not in sql["register-nodes.sql"].upper(), "SQL must not drop or delete")
    reg = sql["register-nodes.sql"]
    for egg in eggs:
        expect(f"SELECT '{egg}', 7888, 'EGG'" in reg and f"SELECT '{egg}', 7778, 'STORAGE'" in reg, f"register-nodes.sql: {egg}")
    expect(f"SELECT '{proxy_host}', {proxy_port}, 'PROXY'" in reg, "register-nodes.sql: proxy row")
    expect("SELECT 'roll', 8011, 'ROLL'" in reg, "register-nodes.sql: roll row")
    expect(reg.count("INSERT INTO") == reg.count("WHERE NOT EXISTS"), "every INSERT must be guarded by WHERE NOT EXISTS")

    # --- NOTES.txt
    expect(notes.strip(), "NOTES.txt is empty")
    expect(f"/data/projects/python/venv/bin/python run_toy_example.py {party} <other party id> 1" in notes, "NOTES: toy example command")
    expect("kubectl exec -it -c python deploy/python" in notes, "NOTES: exec command")
    expect("kubectl port-forward" in notes, "NOTES: port-forward")
    if values["ingress"]["enabled"]:
        expect(values["ingress"]["host"] in notes and "hosts file" in notes, "NOTES: ingress host / hosts-file line")
    if proxy["enabled"]:
        expect(f":{proxy['nodePort']}" in notes and "firewall" in notes, "NOTES: proxy NodePort and firewalls")
    if dmz_mode:
        expect("DMZ mode" in notes and str(dmz["federationNodePort"]) in notes and str(dmz["fateflowNodePort"]) in notes,
               "NOTES: DMZ instructions")
    expect(("WARNING: persistence.type is none" in notes) == (ptype == "none"), "NOTES: persistence warning")
    if not values["credentials"]["existingSecret"]:
        if helm2:
            expect("keep the same passwords" in notes, "NOTES: Helm 2 password note")
        else:
            expect("stored\npasswords are kept" in notes or "passwords are kept" in notes.replace("\n", " "), "NOTES: kept passwords")


def party_namespace(values: dict) -> str:
    return f"fate-{values['partyId']}"


def party_release(values: dict) -> str:
    return f"fate-{values['partyId']}"


def properties(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        out[key] = value
    return out


def bash_syntax(script: str, what: str) -> None:
    proc = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
    expect(proc.returncode == 0, f"{what}: bash syntax error: {proc.stderr.strip()}")


def check_processor_starter(script: str) -> None:
    """Run the starter with a fake venv and python; check the arguments it passes."""
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "venv" / "bin").mkdir(parents=True)
        (t / "bin").mkdir()
        (t / "venv" / "bin" / "activate").write_text(f'export PATH="{t}/bin:$PATH"\n')
        fake = t / "bin" / "python"
        fake.write_text('#!/bin/bash\nprintf "%s\\n" "PYTHONPATH=$PYTHONPATH" "$@"\n')
        fake.chmod(0o755)
        hostname = t / "bin" / "hostname"
        hostname.write_text('#!/bin/bash\necho "10.1.2.3 fd00::1"\n')
        hostname.chmod(0o755)
        starter = t / "processor-starter.sh"
        starter.write_text(script)
        starter.chmod(0o755)
        logs = t / "logs"
        args = ["--venv", str(t / "venv"), "--python-path", "/a:/b", "--engine-path", "/x/processor.py", "--port", "50001",
                "--data-dir", "/d", "--logs-dir", str(logs), "--node-manager", "egg0:7888", "--engine-addr", "ignored"]
        env = {"PATH": f"{t}/bin:/usr/bin:/bin", "PYTHONPATH": "/base"}
        proc = subprocess.run([str(starter), *args], env=env, capture_output=True, text=True)
        expect(proc.returncode == 0, f"processor-starter.sh failed: {proc.stderr}")
        log = (logs / "processor-50001.log").read_text().splitlines()
        expect(log == ["PYTHONPATH=/base:/a:/b", "/x/processor.py", "-p", "50001", "-d", "/d", "-m", "egg0:7888", "-a", "10.1.2.3"],
               f"processor-starter.sh ran python with {log}")


SETTINGS_STUBS = {
    "arch/__init__.py": "",
    "arch/api/__init__.py": "",
    "arch/api/utils/__init__.py": "",
    "arch/api/utils/core.py": "def get_lan_ip():\n    return '10.0.0.9'\n",
    "arch/api/utils/file_utils.py": (
        "import json, os\n"
        "def get_project_base_directory():\n    return os.environ['STUB_BASE']\n"
        "def load_json_conf(path):\n"
        "    with open(os.path.join(get_project_base_directory(), path)) as f:\n        return json.load(f)\n"),
    "arch/api/utils/log_utils.py": (
        "class LoggerFactory:\n    directory = None\n"
        "    @classmethod\n    def set_directory(cls, d):\n        cls.directory = d\n"
        "def getLogger(name):\n    assert LoggerFactory.directory, 'set_directory must come first'\n    return name\n"),
    "fate_flow/__init__.py": "",
    "fate_flow/entity/__init__.py": "",
    "fate_flow/entity/runtime_config.py": (
        "class RuntimeConfig:\n    calls = []\n"
        "    @classmethod\n    def init_config(cls, **kw):\n        cls.calls.append(kw)\n"),
    "fate_flow/utils/__init__.py": "",
    "fate_flow/utils/setting_utils.py": (
        "class CenterConfig:\n    kwargs = None\n"
        "    @classmethod\n    def get_settings(cls, **kw):\n        cls.kwargs = kw\n        return {}\n"),
}

SETTINGS_PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import settings
from fate_flow.entity.runtime_config import RuntimeConfig
from fate_flow.utils.setting_utils import CenterConfig
print(json.dumps({
    "DATABASE": settings.DATABASE, "REDIS": settings.REDIS, "PROXY": [settings.PROXY_HOST, settings.PROXY_PORT],
    "BOARD_DASHBOARD_URL": settings.BOARD_DASHBOARD_URL, "RuntimeConfig": RuntimeConfig.calls,
    "CenterConfig": CenterConfig.kwargs, "log_dir": __import__("arch.api.utils.log_utils", fromlist=["x"]).LoggerFactory.directory,
}))
"""


def exec_settings_py(text: str, server_conf: str, values: dict) -> None:
    """Import the rendered settings.py against stub FATE modules and check what it computes."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for rel, body in SETTINGS_STUBS.items():
            (base / rel).parent.mkdir(parents=True, exist_ok=True)
            (base / rel).write_text(body)
        (base / "arch" / "conf").mkdir()
        (base / "arch" / "conf" / "server_conf.json").write_text(server_conf)
        (base / "settings.py").write_text(text)
        # Run as a script, like fate_flow_server.py: settings.py reads __main__.__file__.
        (base / "probe.py").write_text(SETTINGS_PROBE)
        env = {"STUB_BASE": str(base), "MYSQL_PASSWORD": "pw-mysql", "REDIS_PASSWORD": "pw-redis", "PATH": "/usr/bin:/bin"}
        proc = subprocess.run([sys.executable, str(base / "probe.py"), str(base)], env=env, capture_output=True, text=True, cwd=base)
        expect(proc.returncode == 0, f"settings.py does not import: {proc.stderr.strip().splitlines()[-1:]}")
        got = json.loads(proc.stdout)
    expect(got["DATABASE"] == {"name": values["mysql"]["database"], "user": values["mysql"]["user"], "passwd": "pw-mysql",
                               "host": "mysql", "port": 3306, "max_connections": 100, "stale_timeout": 30}, f"DATABASE {got['DATABASE']}")
    expect(got["REDIS"] == {"host": "redis", "port": 6379, "password": "pw-redis", "max_connections": 500}, f"REDIS {got['REDIS']}")
    expect(got["PROXY"] == [values["proxy"]["host"], values["proxy"]["port"]], f"PROXY_HOST/PORT {got['PROXY']}")
    expect(got["BOARD_DASHBOARD_URL"].startswith("http://fateboard:8080/index.html#/dashboard?job_id={}"), "BOARD_DASHBOARD_URL")
    expect(got["RuntimeConfig"] == [{"WORK_MODE": 1}, {"HTTP_PORT": 9380}], f"RuntimeConfig calls {got['RuntimeConfig']}")
    expect(got["log_dir"].endswith("/logs/fate_flow"), "log directory")
    want_center = {"path": "/servers/servings", "servings_zk_path": "/FATE-SERVICES/serving/online/publishLoad/providers",
                   "use_zk": False, "hosts": ["127.0.0.1:2181"]}
    if values["fateVersion"] == "1.3.0":
        want_center["server_conf_path"] = "arch/conf/server_conf.json"
    expect(got["CenterConfig"] == want_center, f"CenterConfig.get_settings arguments {got['CenterConfig']}")


def check_settings_py(text: str, values: dict) -> None:
    compile(text, "settings.py", "exec")
    v13 = values["fateVersion"] == "1.3.0"
    names = set(re.findall(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=", text, flags=re.M))
    common = {"WORK_MODE", "USE_LOCAL_DATABASE", "USE_AUTHENTICATION", "PRIVILEGE_COMMAND_WHITELIST", "USE_CONFIGURATION_CENTER",
              "ZOOKEEPER_HOSTS", "MAX_CONCURRENT_JOB_RUN", "MAX_CONCURRENT_JOB_RUN_HOST", "_ONE_DAY_IN_SECONDS",
              "DEFAULT_GRPC_OVERALL_TIMEOUT", "REDIS_QUEUE_DB_INDEX", "DATABASE", "REDIS", "API_VERSION", "ROLE", "SERVERS",
              "MAIN_MODULE", "SERVER_MODULE", "TASK_EXECUTOR_MODULE", "DEFAULT_WORKFLOW_DATA_TYPE", "HEADERS",
              "SERVINGS_ZK_PATH", "FATE_FLOW_ZK_PATH", "stat_logger", "detect_logger", "access_logger", "IP", "GRPC_PORT",
              "HTTP_PORT", "CLUSTER_STANDALONE_JOB_SERVER_PORT", "server_conf", "PROXY_HOST", "PROXY_PORT", "BOARD_HOST",
              "BOARD_PORT", "SERVINGS", "BOARD_DASHBOARD_URL"}
    only13 = {"CHECK_NODES_IDENTITY", "JOB_DEFAULT_TIMEOUT", "FATE_FLOW_MODEL_TRANSFER_PATH", "FATE_MANAGER_GET_NODE_INFO",
              "FATE_MANAGER_NODE_CHECK", "SERVER_CONF_PATH", "SERVING_PATH", "MANAGER_HOST", "MANAGER_PORT"}
    missing = common - names
    expect(not missing, f"settings.py lacks {sorted(missing)}")
    if v13:
        expect(only13 <= names, f"settings.py 1.3.0 lacks {sorted(only13 - names)}")
        expect("PRIVILEGE_COMMAND_WHITELIST = []" in text and "'Connection': 'close'" in text, "settings.py 1.3.0 values")
        expect("server_conf_path=SERVER_CONF_PATH" in text, "settings.py 1.3.0 CenterConfig call")
    else:
        expect(not (only13 & names), f"settings.py 1.2.0 has 1.3-only names {sorted(only13 & names)}")
        expect("PRIVILEGE_COMMAND_WHITELIST = ['save_pipeline', 'clean']" in text, "settings.py 1.2.0 whitelist")
        expect("Connection" not in text, "settings.py 1.2.0 HEADERS")
    expect("os.environ['MYSQL_PASSWORD']" in text and "os.environ['REDIS_PASSWORD']" in text, "settings.py passwords from env")
    expect(f"'name': '{values['mysql']['database']}'" in text and f"'user': '{values['mysql']['user']}'" in text, "settings.py DATABASE")
    imports = ["import os", "from arch.api.utils import file_utils, log_utils",
               "from fate_flow.entity.runtime_config import RuntimeConfig", "from arch.api.utils.core import get_lan_ip",
               "import __main__", "from fate_flow.utils.setting_utils import CenterConfig"]
    for imp in imports:
        expect(imp in text.splitlines(), f"settings.py lacks `{imp}`")
    expect(text.rstrip().endswith("RuntimeConfig.init_config(WORK_MODE=WORK_MODE)\nRuntimeConfig.init_config(HTTP_PORT=HTTP_PORT)"),
           "settings.py must end with the RuntimeConfig calls")
    expect("LoggerFactory.set_directory" in text.split("stat_logger")[0], "settings.py: set_directory before the loggers")


# --------------------------------------------------------------------------------------------
# Exchange-specific checks
# --------------------------------------------------------------------------------------------


def check_exchange(objects: list[tuple[str, dict]], notes: str, values: dict) -> None:
    kinds = sorted(oid(o) for _, o in objects)
    expect(kinds == ["ConfigMap/proxy-config", "Deployment/proxy", "Service/proxy"], f"exchange objects {kinds}")
    configmaps = by_kind(objects, "ConfigMap")
    props = check_route_table(configmaps, values["proxy"]["routeTable"])
    expect(props["coordinator"] == values["proxy"]["coordinator"], "exchange coordinator (must stay a string such as 0000)")
    svc = by_kind(objects, "Service")["proxy"]
    expect(svc["spec"]["type"] == "NodePort" and svc["spec"]["ports"][0]["nodePort"] == values["proxy"]["nodePort"], "exchange NodePort")
    dep = by_kind(objects, "Deployment")["proxy"]
    check_proxy_deployment(dep)
    pod = dep["spec"]["template"]["spec"]
    expect((pod.get("nodeSelector") or {}) == values["proxy"]["nodeSelector"], "exchange nodeSelector")
    expect((pod["containers"][0].get("resources") or {}) == values["proxy"]["resources"], "exchange resources")
    registry = values["image"]["registry"].rstrip("/")
    expect(pod["containers"][0]["image"] == f"{registry or 'federatedai'}/proxy:{values['image']['tag']}", "exchange image")
    expect(notes.strip() and f":{values['proxy']['nodePort']}" in notes and "firewall" in notes, "exchange NOTES")


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------


# Template functions and objects that Helm 2 (Sprig 2.22, Go text/template) does not have.
HELM3_ONLY = re.compile(r"(?<![\w.$])(lookup|get|dig|toRawJson|must[A-Z]\w*|seq|htpasswd|durationRound|fromYamlArray|fromJsonArray|"
                        r"randInt|bcrypt|osBase|osDir|osExt|osClean|osIsAbs)(?![\w-])|\.Capabilities\.HelmVersion")


def check_helm2_functions(chart: str, replace_secret: bool) -> int:
    """Scan the template actions of a chart's Helm 2 variant for Helm-3-only functions."""
    files = sorted((CHARTS / chart / "templates").iterdir())
    if replace_secret:
        files = [f for f in files if f.name != "secret.yaml"] + [CHARTS / chart / "helm2" / "secret.yaml"]
    for path in files:
        text = re.sub(r"\{\{-?\s*/\*.*?\*/\s*-?\}\}", "", path.read_text(), flags=re.S)  # drop comments
        for action in re.findall(r"\{\{(.*?)\}\}", text, flags=re.S):
            action = re.sub(r'"(?:[^"\\]|\\.)*"', '""', action)  # ignore string literals
            hit = HELM3_ONLY.search(action)
            expect(hit is None, f"{path.relative_to(CHARTS)}: Helm 2 has no {hit.group(0) if hit else ''!r} (in {{{{{action.strip()}}}}})")
    return len(files)


def run_case(workdir: Path, chart: str, values_file: Path, helm2: bool, verbose: bool) -> str:
    values = yaml.safe_load(values_file.read_text())
    chart_dir = assemble(workdir, chart, values_file, helm2=helm2)
    infos = lint(chart_dir)
    if chart == PARTY:
        release = namespace = f"fate-{values['partyId']}"
        party_label = values["partyId"]
    else:
        release = namespace = "fate-exchange"
        party_label = values["proxy"]["coordinator"]
    rendered = render(chart_dir, release, namespace)
    objects, notes = split(rendered)
    check_kubernetes_schemas(objects)
    check_metadata(objects, release, party_label, str(values["fateVersion"]))
    check_workloads(objects, values, values["image"]["registry"])
    check_services(objects)
    check_no_passwords(objects, rendered, values)
    if chart == PARTY:
        check_party(objects, notes, values, helm2)
    else:
        check_exchange(objects, notes, values)
    if verbose:
        print(notes)
    counts: dict[str, int] = {}
    for _, obj in objects:
        counts[obj["kind"]] = counts.get(obj["kind"], 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    info = f"; lint info: {len(infos)} ({'; '.join(sorted({m['error'] for m in infos}))})" if infos else ""
    return f"{len(objects)} objects ({summary}){info}"


def expect_rejected(workdir: Path, chart: str, values_file: Path, patch: Callable[[dict], None], pattern: str) -> str:
    """Render with patched values; the schema or fate.validateValues must reject them."""
    values = yaml.safe_load(values_file.read_text())
    patched = copy.deepcopy(values)
    patch(patched)
    case_file = workdir / "patched-values.yaml"
    case_file.write_text(yaml.safe_dump(patched, sort_keys=False))
    chart_dir = assemble(workdir, chart, case_file)
    try:
        render(chart_dir, "fate-test", "fate-test")
    except helm_python.HelmError as exc:
        message = str(exc)
        expect(re.search(pattern, message) is not None, f"rejected, but the message does not match {pattern!r}: {message}")
        return message.strip().splitlines()[-1].strip()
    raise CheckError(f"values were accepted but must be rejected ({pattern})")


def negative_cases() -> list[tuple[str, str, str, Callable[[dict], None], str]]:
    party = "values-exchange-mode.yaml"
    exch = "values-exchange.yaml"

    def setp(path: str, value: Any) -> Callable[[dict], None]:
        def patch(v: dict) -> None:
            keys = path.split(".")
            node = v
            for k in keys[:-1]:
                node = node[k]
            node[keys[-1]] = value
        return patch

    def dmz_with_proxy(v: dict) -> None:
        v["dmz"] = {"federationNodePort": 30101, "fateflowNodePort": 30102}

    def dmz_half(v: dict) -> None:
        v["proxy"]["enabled"] = False
        v["proxy"]["host"] = "192.168.13.1"
        v["dmz"] = {"federationNodePort": 30101}

    def dup_eggs(v: dict) -> None:
        v["eggs"] = [{"name": "egg0", "nodeSelector": {}}, {"name": "egg0", "nodeSelector": {}}]

    def typo(v: dict) -> None:
        v["partyID"] = v.pop("partyId")

    def no_own_route(v: dict) -> None:
        v["proxy"]["routeTable"] = {"default": {"default": [{"ip": "192.168.11.4", "port": 30000}]}}

    def same_node_ports(v: dict) -> None:
        v["proxy"]["enabled"] = False
        v["proxy"]["host"] = "192.168.13.1"
        v["dmz"] = {"federationNodePort": 30101, "fateflowNodePort": 30101}

    def exch_coordinator_party(v: dict) -> None:
        v["proxy"]["routeTable"]["0000"] = {"default": [{"ip": "192.168.11.9", "port": 30001}]}

    return [
        (PARTY, party, "typo in a top-level key", typo, r"additional properties 'partyID'|partyID"),
        (PARTY, party, "partyId given as a number", setp("partyId", 10000), r"partyId"),
        (PARTY, party, "proxy.nodePort outside 30000-32767", setp("proxy.nodePort", 8080), r"nodePort"),
        (PARTY, party, "unknown persistence.type", setp("persistence.type", "hostPath"), r"persistence"),
        (PARTY, party, "unknown fateVersion", setp("fateVersion", "1.4.0"), r"fateVersion"),
        (PARTY, party, "unknown pullPolicy", setp("image.pullPolicy", "Sometimes"), r"pullPolicy"),
        (PARTY, party, "route endpoint without port", setp("proxy.routeTable.default.default", [{"ip": "10.0.0.1"}]), r"port"),
        (PARTY, party, "egg name that is not eggN", setp("eggs", [{"name": "mysql", "nodeSelector": {}}]), r"eggs"),
        (PARTY, party, "DMZ node ports with the proxy enabled", dmz_with_proxy, r"VALUES VALIDATION:[\s\S]*proxy.enabled false"),
        (PARTY, party, "only one DMZ node port", dmz_half, r"VALUES VALIDATION:[\s\S]*set both federationNodePort"),
        (PARTY, party, "DMZ node ports not distinct", same_node_ports, r"VALUES VALIDATION:[\s\S]*distinct"),
        (PARTY, party, "duplicate egg names", dup_eggs, r"VALUES VALIDATION:[\s\S]*used twice"),
        (PARTY, party, "nfs without server", setp("persistence.type", "nfs"), r"VALUES VALIDATION:[\s\S]*persistence.nfs"),
        (PARTY, party, "existingClaim without a name", setp("persistence.type", "existingClaim"), r"VALUES VALIDATION:[\s\S]*existingClaim"),
        (PARTY, party, "empty password without existingSecret", setp("credentials.redisPassword", ""), r"VALUES VALIDATION:[\s\S]*redisPassword"),
        (PARTY, party, "route table without the own party", no_own_route, r"VALUES VALIDATION:[\s\S]*own party"),
        (PARTY, party, "mysql.user root", setp("mysql.user", "root"), r"VALUES VALIDATION:[\s\S]*root"),
        (PARTY, party, "a Java heap above 75% of the memory limit", setp("roll.javaHeap", "1600m"), r"VALUES VALIDATION:[\s\S]*roll.javaHeap: 1600m is more than 75%"),
        (PARTY, party, "a Java heap in the wrong syntax", setp("egg.javaHeap", "2Gi"), r"javaHeap"),
        (PARTY, party, "the fateboard heap of its image under a 1Gi limit", setp("python.fateboard.javaHeap", "2048m"), r"VALUES VALIDATION:[\s\S]*python.fateboard.javaHeap"),
        (EXCHANGE, exch, "a Java heap above the limit", setp("proxy.javaHeap", "3g"), r"VALUES VALIDATION:[\s\S]*proxy.javaHeap"),
        (EXCHANGE, exch, "coordinator given as a number", setp("proxy.coordinator", 0), r"coordinator"),
        (EXCHANGE, exch, "missing nodePort", setp("proxy.nodePort", None), r"nodePort"),
        (EXCHANGE, exch, "coordinator that is also a party", exch_coordinator_party, r"VALUES VALIDATION:[\s\S]*coordinator"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print NOTES.txt of every case")
    parser.add_argument("-k", default="", help="only cases whose name contains this text")
    args = parser.parse_args()

    lookup_free = (CHARTS / PARTY / "helm2" / "secret.yaml").read_text()
    failures = 0
    passed = 0
    print(f"helm SDK {helm_python.helm_sdk_version()}, Kubernetes schemas {', '.join(KUBE_VERSIONS)}")

    cases: list[tuple[str, str, Path, bool]] = []
    for chart in (PARTY, EXCHANGE):
        for values_file in sorted((HERE / chart).glob("values-*.yaml")):
            cases.append((f"{chart}/{values_file.name}", chart, values_file, False))
    for name in ("values-exchange-mode.yaml", "values-mesh.yaml", "values-existing-secret.yaml"):
        cases.append((f"{PARTY}/{name} [Helm 2: Chart v1 + helm2/secret.yaml]", PARTY, HERE / PARTY / name, True))

    with tempfile.TemporaryDirectory(prefix="fate-chart-check-") as tmp:
        workdir = Path(tmp)
        try:
            expect("lookup" not in lookup_free, "helm2/secret.yaml mentions lookup")
            print("PASS  helm2/secret.yaml contains no `lookup`")
            passed += 1
        except CheckError as exc:
            print(f"FAIL  helm2/secret.yaml: {exc}")
            failures += 1
        for chart, replace in ((PARTY, True), (EXCHANGE, False)):
            try:
                count = check_helm2_functions(chart, replace)
                print(f"PASS  {chart}: {count} template files of the Helm 2 variant use no Helm-3-only function")
                passed += 1
            except CheckError as exc:
                print(f"FAIL  {chart} Helm 2 functions: {exc}")
                failures += 1
        for name, chart, values_file, helm2 in cases:
            if args.k not in name:
                continue
            try:
                summary = run_case(workdir, chart, values_file, helm2, args.verbose)
                print(f"PASS  {name}: {summary}")
                passed += 1
            except Exception as exc:  # report every case, not just the first failure
                failures += 1
                print(f"FAIL  {name}: {exc}")
                if not isinstance(exc, CheckError):
                    traceback.print_exc()
        for chart, base, what, patch, pattern in negative_cases():
            name = f"{chart} rejects {what}"
            if args.k not in name:
                continue
            try:
                message = expect_rejected(workdir, chart, HERE / chart / base, patch, pattern)
                print(f"PASS  {name}: {message[:110]}")
                passed += 1
            except Exception as exc:
                failures += 1
                print(f"FAIL  {name}: {exc}")
    print(f"\n{passed} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
