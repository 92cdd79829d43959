"""Cross-checks between the objects of one chart, the wiring ``kubectl apply`` would not catch:
Services select a pod template and reach one of its ports, every ConfigMap/Secret/PVC/volume
reference (keys, subPaths, env, probes, pull secrets) and every Ingress backend resolves, and pods
that mount a ConfigMap carry a checksum annotation so a config change restarts them.
"""

from __future__ import annotations

from typing import Any, Iterable

from .objects import (containers_of, metadata_of, obj_label, objects_of, pod_templates, resolve_target_port,
                      selector_matches)


def check_service_selectors(objects: list[dict[str, Any]]) -> list[str]:
    """Each Service selects >= 1 workload pod template and each targetPort is one of its containerPorts."""
    problems = []
    workloads = [t for t in pod_templates(objects) if t.workload]
    for svc in objects_of(objects, "Service"):
        spec = svc.get("spec") or {}
        if spec.get("type") == "ExternalName":
            continue
        selector = spec.get("selector") or {}
        if not selector:
            problems.append(f"{obj_label(svc)}: has no selector, so it has no endpoints")
            continue
        matches = [t for t in workloads if selector_matches(selector, t.meta.get("labels") or {})]
        if not matches:
            problems.append(f"{obj_label(svc)}: selector {dict(selector)} matches no pod template "
                            f"(pod templates: {', '.join(t.label for t in workloads) or 'none'})")
            continue
        for port in spec.get("ports") or []:
            target = port.get("targetPort", port.get("port"))
            if not resolve_target_port(port, matches):
                hint = ""
                if isinstance(target, str) and target.isdigit():
                    hint = " (a string targetPort is a port *name*; write the number unquoted)"
                problems.append(f"{obj_label(svc)}: port {port.get('name') or port.get('port')}: targetPort "
                                f"{target!r}/{port.get('protocol') or 'TCP'} is not a containerPort of "
                                f"{', '.join(t.label for t in matches)}{hint}")
    return problems


def _keys_of(obj: dict[str, Any]) -> set[str]:
    """The keys of a ConfigMap or Secret (data, binaryData, stringData)."""
    keys: set[str] = set()
    for f in ("data", "binaryData", "stringData"):
        keys |= {str(k) for k in (obj.get(f) or {})}
    return keys


def check_references(objects: list[dict[str, Any]], external_secrets: Iterable[str] = (),
                     existing_claims: Iterable[str] = ()) -> list[str]:
    """ConfigMap/Secret/PVC/volume references of every pod template, and Ingress backends, resolve."""
    problems: list[str] = []
    external = {s for s in external_secrets if s}
    claims_ext = {c for c in existing_claims if c}
    configmaps = {str(metadata_of(o).get("name")): _keys_of(o) for o in objects_of(objects, "ConfigMap")}
    secrets = {str(metadata_of(o).get("name")): _keys_of(o) for o in objects_of(objects, "Secret")}
    pvcs = {str(metadata_of(o).get("name")) for o in objects_of(objects, "PersistentVolumeClaim")}
    services = {str(metadata_of(o).get("name")): o for o in objects_of(objects, "Service")}

    def cm_keys(name: str) -> set[str] | None:
        return configmaps.get(name)

    def check_source(where: str, kind: str, name: Any, items: list[dict[str, Any]] | None) -> set[str] | None:
        """Checks a configMap/secret volume source; returns the file names it provides (None: unknown)."""
        name = str(name or "")
        if kind == "ConfigMap":
            keys = cm_keys(name)
        else:
            if name in external:
                return None
            keys = secrets.get(name)
        if keys is None:
            problems.append(f"{where}: {kind} {name!r} is not rendered by the chart")
            return None
        if items:
            provided: set[str] = set()
            for it in items:
                if str(it.get("key")) not in keys:
                    problems.append(f"{where}: {kind} {name!r} has no key {it.get('key')!r} (items)")
                provided.add(str(it.get("path", it.get("key"))))
            return provided
        return set(keys)

    for pod in pod_templates(objects):
        spec = pod.spec
        vols: dict[str, dict[str, Any]] = {}
        provided_files: dict[str, set[str] | None] = {}
        for v in spec.get("volumes") or []:
            vname = str(v.get("name"))
            vols[vname] = v
            where = f"{pod.label}: volume {vname}"
            if "configMap" in v:
                cm = v["configMap"] or {}
                provided_files[vname] = check_source(where, "ConfigMap", cm.get("name"), cm.get("items"))
            elif "secret" in v:
                sec = v["secret"] or {}
                provided_files[vname] = check_source(where, "Secret", sec.get("secretName"), sec.get("items"))
            elif "projected" in v:
                files: set[str] | None = set()
                for src in (v["projected"] or {}).get("sources") or []:
                    for key, kind, name_key in (("configMap", "ConfigMap", "name"), ("secret", "Secret", "name")):
                        if key in src:
                            got = check_source(where, kind, src[key].get(name_key), src[key].get("items"))
                            files = None if files is None or got is None else files | got
                provided_files[vname] = files
            elif "persistentVolumeClaim" in v:
                claim = str((v["persistentVolumeClaim"] or {}).get("claimName"))
                if claim not in pvcs and claim not in claims_ext:
                    problems.append(f"{where}: PersistentVolumeClaim {claim!r} is not rendered and is not the "
                                    f"config's existingClaim")
        vct = {str(metadata_of(t).get("name")) for t in ((pod.owner.get("spec") or {}).get("volumeClaimTemplates") or [])} \
            if pod.owner.get("kind") == "StatefulSet" else set()
        for ref in spec.get("imagePullSecrets") or []:
            name = str((ref or {}).get("name"))
            if name not in external and name not in secrets:
                problems.append(f"{pod.label}: imagePullSecret {name!r} is neither rendered nor a configured pullSecret")
        for cpath, c in containers_of(spec):
            where = f"{pod.label}: {cpath}"
            for env in c.get("env") or []:
                vf = env.get("valueFrom") or {}
                if "configMapKeyRef" in vf:
                    ref = vf["configMapKeyRef"] or {}
                    keys = cm_keys(str(ref.get("name")))
                    if keys is None:
                        problems.append(f"{where}: env {env.get('name')}: ConfigMap {ref.get('name')!r} is not rendered")
                    elif str(ref.get("key")) not in keys:
                        problems.append(f"{where}: env {env.get('name')}: ConfigMap {ref.get('name')!r} has no key {ref.get('key')!r}")
                if "secretKeyRef" in vf:
                    ref = vf["secretKeyRef"] or {}
                    name = str(ref.get("name"))
                    if name in external:
                        continue
                    keys = secrets.get(name)
                    if keys is None:
                        problems.append(f"{where}: env {env.get('name')}: Secret {name!r} is not rendered "
                                        f"and is not credentials.existingSecret")
                    elif str(ref.get("key")) not in keys:
                        problems.append(f"{where}: env {env.get('name')}: Secret {name!r} has no key {ref.get('key')!r}")
            for ef in c.get("envFrom") or []:
                if "configMapRef" in ef and cm_keys(str(ef["configMapRef"].get("name"))) is None:
                    problems.append(f"{where}: envFrom ConfigMap {ef['configMapRef'].get('name')!r} is not rendered")
                if "secretRef" in ef:
                    name = str(ef["secretRef"].get("name"))
                    if name not in external and name not in secrets:
                        problems.append(f"{where}: envFrom Secret {name!r} is not rendered")
            port_names = {str(p.get("name")) for p in c.get("ports") or [] if p.get("name")}
            for probe_key in ("livenessProbe", "readinessProbe", "startupProbe"):
                for handler in ("tcpSocket", "httpGet"):
                    port = ((c.get(probe_key) or {}).get(handler) or {}).get("port")
                    if isinstance(port, str) and port not in port_names:
                        problems.append(f"{where}: {probe_key}.{handler}.port {port!r} is not a named port of the container")
            for vm in c.get("volumeMounts") or []:
                vname = str(vm.get("name"))
                if vname not in vols and vname not in vct:
                    problems.append(f"{where}: volumeMount {vname!r} names no volume of the pod")
                    continue
                sub = vm.get("subPath")
                if sub and vname in provided_files and provided_files[vname] is not None:
                    files = provided_files[vname] or set()
                    dirs = {"/".join(f.split("/")[:i]) for f in files for i in range(1, f.count("/") + 1)}
                    if str(sub) not in files and str(sub) not in dirs:
                        v = vols[vname]
                        src = v.get("configMap", {}).get("name") if "configMap" in v else \
                            v.get("secret", {}).get("secretName") if "secret" in v else "projected"
                        problems.append(f"{where}: mount {vname} subPath {sub!r} names no key of {src!r} "
                                        f"(has: {', '.join(sorted(files)) or 'nothing'})")
    for ing in objects_of(objects, "Ingress"):
        spec = ing.get("spec") or {}
        backends = []
        if spec.get("defaultBackend"):
            backends.append(spec["defaultBackend"])
        for rule in spec.get("rules") or []:
            for p in ((rule.get("http") or {}).get("paths") or []):
                backends.append(p.get("backend") or {})
        for b in backends:
            svc_ref = b.get("service")
            if not svc_ref:
                continue
            svc = services.get(str(svc_ref.get("name")))
            if svc is None:
                problems.append(f"{obj_label(ing)}: backend Service {svc_ref.get('name')!r} is not rendered")
                continue
            port = svc_ref.get("port") or {}
            ports = (svc.get("spec") or {}).get("ports") or []
            if "number" in port and not any(p.get("port") == port["number"] for p in ports):
                problems.append(f"{obj_label(ing)}: backend port {port['number']} is not a port of {obj_label(svc)}")
            if "name" in port and not any(p.get("name") == port["name"] for p in ports):
                problems.append(f"{obj_label(ing)}: backend port name {port['name']!r} is not a port of {obj_label(svc)}")
    return problems


def check_config_checksum(objects: list[dict[str, Any]]) -> list[str]:
    """Pods that mount a ConfigMap carry a non-empty checksum/config annotation."""
    problems = []
    for pod in pod_templates(objects):
        mounts_cm = False
        for v in pod.spec.get("volumes") or []:
            if "configMap" in v:
                mounts_cm = True
            for src in ((v.get("projected") or {}).get("sources") or []):
                if "configMap" in src:
                    mounts_cm = True
        if not mounts_cm:
            continue
        value = (pod.meta.get("annotations") or {}).get("checksum/config")
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{pod.label}: mounts a ConfigMap but its pod template has no checksum/config annotation")
    return problems
