"""Real Helm through helm_python: ``helm lint --strict`` of a chart and its install render (what
``helm template`` prints).

helm_python is imported lazily (only ``lint_chart`` and ``render_chart`` need it), so the pure
checks run with PyYAML alone. The rendered templates are parsed into objects here, and the
"render" group's own check (``check_duplicates``) rejects objects rendered twice or into another
namespace than the release's.
"""

from __future__ import annotations

from typing import Any

import yaml

from .objects import metadata_of, obj_label
from .parsing import load_yaml_all


def check_lint_report(report: dict[str, Any]) -> list[str]:
    """Any lint message of severity >= 2 (warning, error) or any lint error is a problem."""
    problems = []
    bad = [m for m in report.get("messages") or [] if int(m.get("severity", 0)) >= 2]
    errors = report.get("errors") or []
    if bad or errors:
        names = {0: "UNKNOWN", 1: "INFO", 2: "WARNING", 3: "ERROR"}
        for m in report.get("messages") or []:
            problems.append(f"lint {names.get(int(m.get('severity', 0)), m.get('severity'))} "
                            f"{m.get('path', '')}: {m.get('error', '')}")
        for e in errors:
            problems.append(f"lint error: {e}")
    return problems


def lint_chart(path: str) -> list[str]:
    """``helm lint --strict`` of the chart directory, judged by ``check_lint_report``."""
    import helm_python

    return check_lint_report(helm_python.lint(path, strict=True))


def render_chart(path: str, release: str, namespace: str) -> dict[str, str]:
    """The chart rendered for install as ``release`` into ``namespace``: template path -> text."""
    import helm_python

    with helm_python.Chart.load(path) as chart:
        return chart.render(None, name=release, namespace=namespace, is_install=True)


def parse_manifests(manifests: dict[str, str]) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """Rendered templates → (objects, source template per object, problems)."""
    objects: list[dict[str, Any]] = []
    sources: list[str] = []
    problems: list[str] = []
    for name in sorted(manifests):
        if name.endswith("NOTES.txt"):
            continue
        try:
            docs = load_yaml_all(manifests[name])
        except yaml.YAMLError as e:
            problems.append(f"{name}: rendered output is not YAML: {e}")
            continue
        for doc in docs:
            if doc is None or doc == {}:
                continue
            if not isinstance(doc, dict) or "kind" not in doc or "apiVersion" not in doc:
                problems.append(f"{name}: a rendered document is not a Kubernetes object: {str(doc)[:80]!r}")
                continue
            objects.append(doc)
            sources.append(name)
    return objects, sources, problems


def check_duplicates(objects: list[dict[str, Any]], namespace: str | None = None) -> list[str]:
    """No two objects of the same kind and name; namespaced objects stay in the release namespace."""
    problems = []
    seen: set[tuple[str, str, str]] = set()
    cluster_scoped = {"PersistentVolume", "Namespace", "ClusterRole", "ClusterRoleBinding", "StorageClass",
                      "IngressClass", "PriorityClass", "CustomResourceDefinition"}
    for o in objects:
        key = (str(o.get("apiVersion", "")).split("/")[0] if "/" in str(o.get("apiVersion", "")) else "",
               str(o.get("kind")), str(metadata_of(o).get("name")))
        if key in seen:
            problems.append(f"{obj_label(o)}: rendered twice")
        seen.add(key)
        ns = metadata_of(o).get("namespace")
        if namespace and ns not in (None, "") and o.get("kind") not in cluster_scoped and ns != namespace:
            problems.append(f"{obj_label(o)}: metadata.namespace is {ns!r}, but the release namespace is {namespace!r}")
    return problems
