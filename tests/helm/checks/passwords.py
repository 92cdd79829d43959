"""Credentials stay in Secrets: no password from a chart's values.yaml in any other rendered object,
in the rendered NOTES.txt, or in any bundle file but that chart's own values.yaml. Reports name
the credential, never its value.
"""

from __future__ import annotations

import base64
import re
from typing import Any, Iterator

from .contract import LINE_1, LineFacts
from .objects import obj_label


def passwords_of(values: dict[str, Any] | None, line: LineFacts = LINE_1) -> dict[str, str]:
    """The non-empty credentials of a chart's values.yaml, by ``credentials.<key>`` label: the
    line's ``credential_keys`` (1.x: mysql root, mysql, redis; 2.x: mysql root, mysql, fateboard)."""
    creds = (values or {}).get("credentials") or {}
    return {f"credentials.{k}": str(creds[k]) for k in line.credential_keys
            if isinstance(creds.get(k), (str, int)) and str(creds[k])}


def _contains_password(text: str, password: str) -> bool:
    """A password under 6 characters only counts as a whole word (``fate`` is not in ``defaults``)."""
    if len(password) >= 6:
        return password in text
    return re.search(r"(?<![A-Za-z0-9])" + re.escape(password) + r"(?![A-Za-z0-9])", text) is not None


def _walk_strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, text) of every string and mapping key in a parsed object."""
    if isinstance(value, dict):
        for k, v in value.items():
            sub = f"{path}.{k}" if path else str(k)
            yield f"{sub} (key)", str(k)
            yield from _walk_strings(v, sub)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk_strings(v, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def check_passwords_in_objects(objects: list[dict[str, Any]], passwords: dict[str, str]) -> list[str]:
    """No credential appears in any non-Secret object: ConfigMap data, env values, command/args, probes..."""
    problems = []
    pw = {label: p for label, p in passwords.items() if isinstance(p, str) and p}
    for obj in objects:
        if obj.get("kind") == "Secret":
            continue
        strings = list(_walk_strings(obj, ""))
        if obj.get("kind") == "ConfigMap":
            for k, v in (obj.get("binaryData") or {}).items():
                try:
                    strings.append((f"binaryData.{k} (decoded)", base64.b64decode(v).decode("utf-8", "replace")))
                except (ValueError, TypeError):
                    pass
        for path, s in strings:
            hits = [label for label, p in pw.items() if _contains_password(s, p)]
            if hits:
                problems.append(f"{obj_label(obj)}: {' / '.join(hits)} appears in {path}")
    return problems


def check_passwords_in_notes(manifests: dict[str, str], passwords: dict[str, str]) -> list[str]:
    """The rendered NOTES.txt (printed by helm install) shows no credential."""
    return [f"{name}: rendered notes show {label}" for name, text in sorted(manifests.items())
            if name.endswith("NOTES.txt") for label, p in passwords.items() if p and _contains_password(text, p)]


def check_passwords_in_files(files: dict[str, bytes], passwords_by_chart: dict[str, dict[str, str]]) -> list[str]:
    """No credential in any bundle file except the own chart's values.yaml."""
    problems = []
    for path in sorted(files):
        data = files[path]
        own_chart = path.split("/", 1)[0] if path.endswith("/values.yaml") and path.count("/") == 1 else None
        allowed = set((passwords_by_chart.get(own_chart) or {}).values()) if own_chart else set()
        text = data.decode("utf-8", "replace")
        for p in sorted(allowed, key=len, reverse=True):  # the own passwords may contain another's
            if p:
                text = text.replace(p, "\0")
        for chart, pws in sorted(passwords_by_chart.items()):
            for label, p in pws.items():
                if not p or p in allowed:
                    continue
                if _contains_password(text, p):
                    problems.append(f"{path}: contains {chart}'s {label}")
    return problems
