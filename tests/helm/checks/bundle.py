"""Reading a bundle (a directory, or a zip of one with or without a top directory) and its scope.

Zip entries that would land outside the bundle and symbolic links are reported, not followed.
``provenance.json`` says which top-level directories a per-party bundle is meant to hold, and
whether the bundle is the whole federation's (only that one holds the TLS authority's key).
"""

from __future__ import annotations

import os
import posixpath
import zipfile
from typing import Any, Callable

from .parsing import id_text


def read_bundle(path: str, workdir: str) -> tuple[str, dict[str, bytes], list[str]]:
    """Returns (root directory on disk, files by relative path, problems)."""
    problems: list[str] = []
    files: dict[str, bytes] = {}
    if os.path.isdir(path):
        root = path
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for fn in sorted(filenames):
                full = os.path.join(dirpath, fn)
                rel = os.path.relpath(full, root).replace(os.sep, "/")
                if os.path.islink(full):
                    problems.append(f"bundle: {rel} is a symbolic link")
                    continue
                with open(full, "rb") as fh:
                    files[rel] = fh.read()
        return root, files, problems
    if not zipfile.is_zipfile(path):
        return path, files, [f"{path}: neither a directory nor a zip file"]
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        prefix = ""
        if "federation.yaml" not in names:
            tops = {n.split("/", 1)[0] for n in names}
            if len(tops) == 1 and f"{next(iter(tops))}/federation.yaml" in names:
                prefix = next(iter(tops)) + "/"
        root = os.path.join(workdir, "bundle")
        os.makedirs(root, exist_ok=True)
        for n in names:
            rel = n[len(prefix):] if n.startswith(prefix) else n
            norm = posixpath.normpath(rel)
            if rel.startswith("/") or norm.startswith("..") or "\\" in rel:
                problems.append(f"bundle: zip entry {n!r} escapes the bundle directory")
                continue
            data = zf.read(n)
            files[norm] = data
            dest = os.path.join(root, *norm.split("/"))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "wb") as fh:
                fh.write(data)
    return root, files, problems


def scope_of(provenance: dict[str, Any] | None) -> Callable[[str], bool]:
    """Which top-level directories a bundle is meant to hold (per-party bundles hold one party).

    ``provenance.json`` names the scope: ``all``, ``party`` (with ``party``) or ``exchange``.
    """
    scope = (provenance or {}).get("scope") or {}
    kind = scope.get("kind", "all") if isinstance(scope, dict) else "all"
    if kind == "party":
        pid = id_text(scope.get("party"))
        return lambda d: d in (f"fate-{pid}", f"dmz-{pid}")
    if kind == "exchange":
        return lambda d: d == "fate-exchange"
    return lambda d: True


def is_full_scope(provenance: dict[str, Any] | None) -> bool:
    """The bundle is the whole federation's (scope ``all``, or no scope given), not one party's
    or the exchange's."""
    scope = (provenance or {}).get("scope") or {}
    return not isinstance(scope, dict) or scope.get("kind", "all") == "all"
