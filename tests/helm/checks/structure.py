"""The bundle's files: SHA256SUMS covers every file, and the layout matches federation.yaml.

The layout is the top-level files every bundle has, one chart per party (plus the exchange) with
the Chart.yaml apiVersion of the target Helm, one dmz-<id>/ per DMZ party, nothing stale, each
party's values.yaml with its partyId as a string and passwords (or an existing Secret), and no
credentials left in the bundle's copy of federation.yaml.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Callable

import yaml

from .contract import line_facts
from .parsing import load_yaml


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
                    in_scope: Callable[[str], bool] = lambda d: True) -> list[str]:
    """Top-level files; one chart per party (+exchange), one dmz dir per DMZ party, nothing stale."""
    problems: list[str] = []
    for f in BUNDLE_TOP_FILES:
        if f not in files:
            problems.append(f"bundle: {f} is missing")
    tops = {p.split("/", 1)[0] for p in files if "/" in p}
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
    if config.get("credentials"):
        problems.append("federation.yaml: carries credentials (the bundle's copy must have none)")
    return problems
