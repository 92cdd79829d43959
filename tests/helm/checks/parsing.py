"""Reading the text the bundle is made of: YAML, Java properties, numbers, host names and PEM
armour (the BEGIN/END lines and base64 body of certificates and keys; nothing cryptographic).

YAML is loaded without timestamps (Kubernetes objects are JSON, so ``2020-01-01`` is text), and
federation.yaml keeps each integer's source text so a party id ``0000`` is not read as ``0``.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text (Kubernetes objects are JSON: no dates)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class IntText(int):
    """An int that remembers how it was written (party ids such as ``0000``)."""

    text: str

    def __new__(cls, value: int, text: str) -> "IntText":
        obj = super().__new__(cls, value)
        obj.text = text
        return obj


class _ConfigLoader(_Loader):
    """Loader for federation.yaml: integers keep their source text."""


def _construct_int_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = yaml.SafeLoader.construct_yaml_int(loader, node)
    return IntText(value, str(node.value))


_ConfigLoader.add_constructor("tag:yaml.org,2002:int", _construct_int_text)


def load_yaml(text: str | bytes) -> Any:
    """One YAML document, timestamps kept as text."""
    return yaml.load(text, Loader=_Loader)


def load_yaml_all(text: str | bytes) -> list[Any]:
    """Every document of a YAML stream, timestamps kept as text."""
    return list(yaml.load_all(text, Loader=_Loader))


def load_config_yaml(text: str | bytes) -> Any:
    """federation.yaml: integers are ``IntText`` (see ``id_text``)."""
    return yaml.load(text, Loader=_ConfigLoader)


def id_text(value: Any) -> str:
    """A party id as it was written (``0000`` stays ``0000``)."""
    if isinstance(value, IntText):
        return value.text
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).lower()
    return str(value)


def as_int(value: Any) -> int | None:
    """An int, or a string of digits, as an int; None for anything else (booleans included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def norm_host(host: Any) -> str:
    """A host name or address compared as DNS does: no brackets, no trailing dot, lower case."""
    return str(host or "").strip().strip("[]").rstrip(".").lower()


def parse_properties(text: str) -> dict[str, str]:
    """A Java .properties file's ``key=value`` (or ``key: value``) lines; comments skipped."""
    props = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        m = re.match(r"^([^=:\s]+)\s*[=:]\s*(.*)$", line)
        if m:
            props[m.group(1)] = m.group(2).strip()
    return props


_PEM_LINE = re.compile(r"^-----(BEGIN|END) ([A-Z0-9]+(?: [A-Z0-9]+)*)-----$")


def pem_blocks(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The PEM blocks of a text: (label, base64 body without line breaks) each, and the armour's
    problems: a BEGIN without its END (or inside another block), an END without its BEGIN or of
    another label, an empty body or one that is not base64. Text outside the blocks is ignored."""
    blocks: list[tuple[str, str]] = []
    problems: list[str] = []
    label: str | None = None
    body: list[str] = []
    for raw_line in str(text).splitlines():
        line = raw_line.strip()
        m = _PEM_LINE.match(line)
        if m and m.group(1) == "BEGIN":
            if label is not None:
                problems.append(f"BEGIN {m.group(2)} inside the {label} block (its END line is missing)")
            label, body = m.group(2), []
        elif m:
            if label is None:
                problems.append(f"END {m.group(2)} without a BEGIN line")
            elif m.group(2) != label:
                problems.append(f"BEGIN {label} ends with END {m.group(2)}")
                label = None
            else:
                joined = "".join(body)
                if not joined:
                    problems.append(f"the {label} block is empty")
                else:
                    try:
                        base64.b64decode(joined, validate=True)
                        blocks.append((label, joined))
                    except (binascii.Error, ValueError):
                        problems.append(f"the {label} block's body is not base64")
                label = None
        elif label is not None and line:
            body.append(line)
    if label is not None:
        problems.append(f"BEGIN {label} has no END line")
    return blocks, problems


def check_pem(text: Any, label: str, where: str, single: bool = True) -> list[str]:
    """``text`` is PEM holding only ``label`` blocks (exactly one when ``single``), armour intact."""
    if not isinstance(text, str) or not text.strip():
        return [f"{where}: is empty (expected PEM, -----BEGIN {label}-----)"]
    blocks, armour = pem_blocks(text)
    problems = [f"{where}: PEM armour: {p}" for p in armour]
    if not blocks and not armour:
        problems.append(f"{where}: is not PEM (no -----BEGIN {label}----- block)")
    for other in sorted({b[0] for b in blocks if b[0] != label}):
        problems.append(f"{where}: holds a {other} block, expected {label}")
    count = sum(1 for b in blocks if b[0] == label)
    if single and count > 1:
        problems.append(f"{where}: holds {count} {label} blocks, expected one")
    return problems


def pem_bodies(text: Any) -> list[str]:
    """The base64 bodies of the PEM blocks of a text (for comparing PEM regardless of line ends)."""
    return [b for _, b in pem_blocks(str(text or ""))[0]]
