"""The bundle's files: SHA256SUMS covers every file, and the layout matches federation.yaml.

The layout is the top-level files every bundle has, one chart per party (plus the exchange) with
the Chart.yaml apiVersion of the target Helm, one dmz-<id>/ per DMZ party, nothing stale, each
party's values.yaml with its partyId as a string and passwords (or an existing Secret), and no
credentials left in the bundle's copy of federation.yaml.

With ``tls.enabled`` (FATE 2.2) the full bundle also holds the federation authority's
certificate ``tls/ca.crt`` and, when the tool holds it, its key ``tls/ca.key`` (intact PEM
armour; SHA256SUMS covers them like every file); a per-party bundle and a bundle without TLS
hold no ``tls/``. Each chart's ``osx.tls`` agrees with federation.yaml, and every chart trusts
the same authority (``keys.check_tls_values``, ``keys.check_same_authority``); federation.yaml
carries no certificates.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Callable

import yaml

from .contract import TlsFacts, line_facts, tls_facts
from .keys import check_same_authority, check_tls_values
from .parsing import check_pem, load_yaml


BUNDLE_TOP_FILES = (
    "federation.yaml",
    "README.md",
    "install.sh",
    "uninstall.sh",
    "verify.sh",
    "images.txt",
    "mirror-images.sh",
    "provenance.json",
    "SHA256SUMS",
)


def parse_sha256sums(text: str) -> tuple[dict[str, str], list[str]]:
    """``sha256sum`` output (text or binary marker, optional ``./``) -> digests by path, problems."""
    entries: dict[str, str] = {}
    problems: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = re.match(r"^([0-9a-fA-F]{64}) [ *](.+)$", line)
        if not m:
            problems.append(f"SHA256SUMS line {n}: not '<sha256>  <path>': {line!r}")
            continue
        path = m.group(2)
        if path.startswith("./"):
            path = path[2:]
        if path in entries:
            problems.append(f"SHA256SUMS line {n}: {path} is listed twice")
        entries[path] = m.group(1).lower()
    return entries, problems


def check_sha256sums(files: dict[str, bytes]) -> list[str]:
    """SHA256SUMS matches every listed file, and lists every file except itself."""
    if "SHA256SUMS" not in files:
        return ["SHA256SUMS is missing"]
    try:
        text = files["SHA256SUMS"].decode("utf-8")
    except UnicodeDecodeError:
        return ["SHA256SUMS is not UTF-8"]
    entries, problems = parse_sha256sums(text)
    for path, digest in sorted(entries.items()):
        if path not in files:
            problems.append(f"SHA256SUMS lists {path}, which is not in the bundle")
        elif hashlib.sha256(files[path]).hexdigest() != digest:
            problems.append(f"SHA256SUMS: checksum of {path} does not match its content")
    for path in sorted(files):
        if path != "SHA256SUMS" and path not in entries:
            problems.append(f"SHA256SUMS does not list {path}")
    if "SHA256SUMS" in entries:
        problems.append("SHA256SUMS lists itself")
    return problems


def check_structure(files: dict[str, bytes], config: dict[str, Any], chart_values: dict[str, Any],
                    in_scope: Callable[[str], bool] = lambda d: True, full_scope: bool = True) -> list[str]:
    """Top-level files; one chart per party (+exchange), one dmz dir per DMZ party, the TLS
    authority's files (full bundle with TLS only), nothing stale. ``full_scope``: the bundle is
    the whole federation's (provenance.json scope ``all``), not a per-party one."""
    problems: list[str] = []
    for f in BUNDLE_TOP_FILES:
        if f not in files:
            problems.append(f"bundle: {f} is missing")
    tls = tls_facts(config)
    line = line_facts(config)
    tls_dir = (line.tls.bundle_ca_cert.split("/", 1)[0] if line.tls is not None else None)
    tops = {p.split("/", 1)[0] for p in files if "/" in p} - {tls_dir}
    problems += _check_tls_files(files, tls, line.tls, full_scope)
    expected: set[str] = set()
    for party in config["parties"]:
        expected.add(party["release"])
        if party["dmz"] is not None:
            expected.add(f"dmz-{party['id']}")
    if config["exchange"] is not None:
        expected.add("fate-exchange")
    expected = {d for d in expected if in_scope(d)}
    for d in sorted(expected - tops):
        problems.append(f"bundle: directory {d}/ is missing")
    for d in sorted(tops - expected):
        problems.append(f"bundle: directory {d}/ is not in federation.yaml (stale or unexpected output)")
    charts = [p["release"] for p in config["parties"]] + (["fate-exchange"] if config["exchange"] else [])
    for chart in charts:
        if chart not in tops:
            continue
        for f in ("Chart.yaml", "values.yaml", "values.schema.json"):
            if f"{chart}/{f}" not in files:
                problems.append(f"{chart}: {f} is missing")
        if not any(p.startswith(f"{chart}/templates/") for p in files):
            problems.append(f"{chart}: templates/ is missing or empty")
        chart_yaml = files.get(f"{chart}/Chart.yaml")
        if chart_yaml is not None:
            try:
                meta = load_yaml(chart_yaml) or {}
                want = "v1" if config.get("target") == "helm2" else "v2"
                if meta.get("apiVersion") != want:
                    problems.append(f"{chart}: Chart.yaml apiVersion is {meta.get('apiVersion')!r}, "
                                    f"expected {want} for target {config.get('target')}")
            except yaml.YAMLError as e:
                problems.append(f"{chart}: Chart.yaml is not YAML: {e}")
    for party in config["parties"]:
        values = chart_values.get(party["release"])
        if not isinstance(values, dict):
            continue
        if not isinstance(values.get("partyId"), str) or values.get("partyId") != party["id"]:
            problems.append(f"{party['release']}: values.yaml partyId is {values.get('partyId')!r}, "
                            f"expected the string {party['id']!r}")
        creds = values.get("credentials") if isinstance(values.get("credentials"), dict) else {}
        if not creds.get("existingSecret"):
            for k in line_facts(config).credential_keys:
                if not creds.get(k):
                    problems.append(f"{party['release']}: values.yaml credentials.{k} is empty and there is "
                                    f"no credentials.existingSecret")
    for chart in charts:
        if chart in chart_values:
            problems += check_tls_values(chart, chart_values.get(chart), tls, line)
    problems += check_same_authority(files, {c: v for c, v in chart_values.items() if c in charts}, tls)
    if config.get("credentials"):
        problems.append("federation.yaml: carries credentials (the bundle's copy must have none)")
    if config.get("certificates"):
        problems.append("federation.yaml: carries certificates (the bundle's copy must have none: keys are only in "
                        "the charts' values.yaml and tls/ca.key)")
    return problems


def _check_tls_files(files: dict[str, bytes], tls: TlsFacts | None, facts: TlsFacts | None,
                     full_scope: bool) -> list[str]:
    """``tls/``: in the full bundle with TLS, ``ca.crt`` (one or more certificates) and optionally
    ``ca.key`` (one PKCS#8 key), nothing else; otherwise no ``tls/`` at all."""
    if facts is None:
        return []  # a line without TLS: tls/ is an unexpected directory like any other
    tls_dir = facts.bundle_ca_cert.split("/", 1)[0] + "/"
    here = sorted(p for p in files if p.startswith(tls_dir))
    problems = []
    if tls is None:
        return [f"bundle: {p} is there, but federation.yaml has no tls.enabled" for p in here]
    if not full_scope:
        return [f"bundle: {p} is only in the full bundle, not in a per-party one" for p in here]
    if facts.bundle_ca_cert not in files:
        problems.append(f"bundle: {facts.bundle_ca_cert} is missing (the federation authority's certificate)")
    for p in here:
        if p == facts.bundle_ca_cert:
            problems += check_pem(files[p].decode("utf-8", "replace"), facts.secret_keys["ca.crt"], p, single=False)
        elif p == facts.bundle_ca_key:
            problems += check_pem(files[p].decode("utf-8", "replace"), facts.secret_keys["tls.key"], p)
        else:
            problems.append(f"bundle: {p} is unexpected (the full bundle's {tls_dir} holds "
                            f"{facts.bundle_ca_cert.rsplit('/', 1)[1]} and {facts.bundle_ca_key.rsplit('/', 1)[1]})")
    return problems
