"""Runs every check group on one bundle, in report order: the bundle's files, then per chart lint,
render, schema and the cross-checks, then each DMZ directory, the routes over the whole network,
images.txt and passwords in files. Charts outside a per-party bundle's scope are skipped. The
FATE line of federation.yaml (``contract.line_facts`` of the normalised config) chooses what
the line-specific checks expect, and its ``tls.enabled`` (``contract.tls_facts``) what OSX's
Services, wiring, routes and the bundle's key material must be. The TLS checks report in the
existing groups (fate-services, config-checksum, routes, passwords, passwords-in-files,
structure), so a bundle without TLS gets the same report as before.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

import yaml

from .bundle import is_full_scope, read_bundle, scope_of
from .config import empty_config, existing_claim, normalize_config
from .contract import line_facts, tls_facts
from .crosscheck import check_config_checksum, check_references, check_service_selectors
from .dmz import check_dmz
from .fate_services import check_expected_services, check_node_ports, check_osx_checksum, check_proxy_wiring
from .helm import check_duplicates, lint_chart, parse_manifests, render_chart
from .images import check_images, check_images_txt, collect_images
from .keys import check_keys_in_files, check_keys_in_notes, check_keys_in_objects, check_tls_secret_values, keys_of
from .objects import objects_of
from .parsing import load_config_yaml, load_yaml
from .passwords import (check_passwords_in_files, check_passwords_in_notes, check_passwords_in_objects,
                        passwords_of)
from .podsecurity import check_pod_security
from .results import GroupResult
from .routes import check_routes, parse_route_table, route_doc_from_objects
from .schemas import check_schemas
from .structure import check_sha256sums, check_structure


def verify_bundle(path: str) -> list[GroupResult]:
    """Every check group's result for the bundle at ``path`` (a directory or a zip)."""
    results: list[GroupResult] = []
    with tempfile.TemporaryDirectory(prefix="check_bundle_") as work:
        root, files, read_problems = read_bundle(path, work)
        results.append(GroupResult("bundle", "read", read_problems, f"{len(files)} files"))
        if not files:
            return results
        results.append(GroupResult("bundle", "sha256sums", check_sha256sums(files)))

        raw_config = None
        cfg_problems: list[str] = []
        if "federation.yaml" in files:
            try:
                raw_config = load_config_yaml(files["federation.yaml"])
            except yaml.YAMLError as e:
                cfg_problems.append(f"federation.yaml is not YAML: {e}")
        config, norm_problems = normalize_config(raw_config) if raw_config is not None else (empty_config(), [])
        cfg_problems += norm_problems
        results.append(GroupResult("bundle", "config", cfg_problems))

        provenance = None
        if "provenance.json" in files:
            try:
                provenance = json.loads(files["provenance.json"])
            except ValueError as e:
                cfg_problems.append(f"provenance.json is not JSON: {e}")
        in_scope = scope_of(provenance)
        line = line_facts(config)

        chart_values: dict[str, Any] = {}
        charts: list[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]] = []  # name, ns, party, exchange
        for p in config["parties"]:
            charts.append((p["release"], p["namespace"], p, None))
        if config["exchange"] is not None:
            charts.append(("fate-exchange", config["exchange"]["namespace"], None, config["exchange"]))
        charts = [c for c in charts if in_scope(c[0])]
        for name, *_ in charts:
            if f"{name}/values.yaml" in files:
                try:
                    chart_values[name] = load_yaml(files[f"{name}/values.yaml"]) or {}
                except yaml.YAMLError as e:
                    cfg_problems.append(f"{name}: values.yaml is not YAML: {e}")
        full_scope = is_full_scope(provenance)
        results.append(GroupResult("bundle", "structure",
                                   check_structure(files, config, chart_values, in_scope, full_scope)))

        passwords_by_chart = {name: passwords_of(chart_values.get(name), line) for name, *_ in charts}
        all_images: set[str] = set()
        tables: dict[str, dict[str, Any] | None] = {}
        self_parties: dict[str, list[Any] | None] = {}
        route_parse: list[str] = []

        for name, ns, party, exchange in charts:
            chart_dir = os.path.join(root, name)
            if not os.path.isdir(chart_dir):
                results.append(GroupResult(name, "render", [f"{name}: chart directory is missing"]))
                continue
            try:
                lint_problems = lint_chart(chart_dir)
            except Exception as e:  # noqa: BLE001
                lint_problems = [f"helm lint failed: {e}"]
            results.append(GroupResult(name, "lint", lint_problems))
            try:
                manifests = render_chart(chart_dir, name, ns)
            except Exception as e:  # noqa: BLE001
                results.append(GroupResult(name, "render", [f"helm render failed: {e}"]))
                continue
            objects, sources, parse_problems = parse_manifests(manifests)
            results.append(GroupResult(name, "render", parse_problems + check_duplicates(objects, ns),
                                       f"{len(objects)} objects"))
            results.append(GroupResult(name, "schema", check_schemas(objects, sources)))
            values = chart_values.get(name) or {}
            external = set(config["images"]["pullSecrets"]) | {config["ingress"]["tlsSecret"]}
            external |= {str((values.get("credentials") or {}).get("existingSecret") or "")}
            external |= {str(s) for s in ((values.get("image") or {}).get("pullSecrets") or [])}
            external |= {str((values.get("ingress") or {}).get("tlsSecret") or "")}
            for ing in objects_of(objects, "Ingress"):
                external |= {str(t.get("secretName") or "") for t in (ing.get("spec") or {}).get("tls") or []}
            claims = {existing_claim(config)}
            results.append(GroupResult(name, "services", check_service_selectors(objects)))
            results.append(GroupResult(name, "references", check_references(objects, external, claims)))
            results.append(GroupResult(name, "images", check_images(objects, config["images"])))
            all_images |= collect_images(objects)
            results.append(GroupResult(name, "pod-security", check_pod_security(objects)))
            pw = {}
            for label, p in passwords_by_chart.get(name, {}).items():
                pw[label] = p
            keys = keys_of(values, line)
            results.append(GroupResult(name, "passwords", check_passwords_in_objects(objects, pw)
                                       + check_passwords_in_notes(manifests, pw)
                                       + check_keys_in_objects(objects, keys) + check_keys_in_notes(manifests, keys)
                                       + check_tls_secret_values(objects, values, tls_facts(party or exchange))))
            results.append(GroupResult(name, "config-checksum", check_config_checksum(objects)
                                       + check_osx_checksum(objects, sources, manifests, party, exchange)))
            fate_names = check_expected_services(objects, party, exchange) + check_node_ports(objects, party, exchange)
            if party is not None or line.is_fate2:
                fate_names += check_proxy_wiring(objects, party, exchange)
            results.append(GroupResult(name, "fate-services", fate_names))
            if party is None or party["dmz"] is None:
                table, self_party, probs = route_doc_from_objects(objects, name, line)
                tables[name] = table
                self_parties[name] = self_party
                route_parse += probs

        for party in config["parties"]:
            if party["dmz"] is None or not in_scope(f"dmz-{party['id']}"):
                continue
            d = f"dmz-{party['id']}"
            sub = {p[len(d) + 1:]: b for p, b in files.items() if p.startswith(d + "/")}
            results.append(GroupResult(d, "dmz", check_dmz(party, config["images"], sub)))
            if "conf/route_table.json" in sub:
                table, probs = parse_route_table(sub["conf/route_table.json"], f"{d}/conf/route_table.json")
                tables[d] = table
                route_parse += probs
            else:
                tables[d] = None
            compose = sub.get("docker-compose.yml")
            try:
                for svc in ((load_yaml(compose) or {}).get("services") or {}).values() if compose else []:
                    if isinstance(svc, dict) and svc.get("image"):
                        all_images.add(str(svc["image"]))
            except (yaml.YAMLError, AttributeError):
                pass

        route_problems = route_parse + (check_routes(config, tables, in_scope, self_parties) if config["parties"] else [])
        results.append(GroupResult("network", "routes", route_problems))
        results.append(GroupResult("bundle", "images.txt",
                                   check_images_txt(files.get("images.txt", b"").decode("utf-8", "replace"), all_images,
                                                    exact=line.exact_images_txt)
                                   if "images.txt" in files else []))
        results.append(GroupResult("bundle", "passwords-in-files", check_passwords_in_files(files, passwords_by_chart)
                                   + check_keys_in_files(files, chart_values, line, full_scope)))
    return results
