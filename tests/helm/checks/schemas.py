"""Strict Kubernetes schema validation of every rendered object, for the oldest and the newest
Kubernetes the charts support (unknown fields are errors). kubernetes_validate is imported lazily.
"""

from __future__ import annotations

from typing import Any, Iterable

from .objects import obj_label


KUBE_VERSIONS = ("1.25.0", "1.37.0")


def check_schemas(objects: list[dict[str, Any]], sources: list[str] | None = None,
                  versions: Iterable[str] = KUBE_VERSIONS) -> list[str]:
    """Every object is valid, with no unknown field, for each Kubernetes version in ``versions``."""
    import kubernetes_validate

    problems = []
    for i, obj in enumerate(objects):
        where = f" ({sources[i]})" if sources else ""
        for v in versions:
            try:
                kubernetes_validate.validate(obj, v, strict=True)
            except kubernetes_validate.ValidationError as e:
                path = ".".join(str(p) for p in e.path) or "(top)"
                problems.append(f"{obj_label(obj)}{where}: invalid for Kubernetes {v}: {path}: {e.message}")
            except kubernetes_validate.SchemaNotFoundError as e:
                problems.append(f"{obj_label(obj)}{where}: Kubernetes {v}: {e.message}")
            except Exception as e:  # noqa: BLE001 - report, do not crash
                problems.append(f"{obj_label(obj)}{where}: Kubernetes {v}: could not validate: {e}")
    return problems
