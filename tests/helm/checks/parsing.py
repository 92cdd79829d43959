"""Reading the text the bundle is made of: YAML, Java properties, numbers and host names.

YAML is loaded without timestamps (Kubernetes objects are JSON, so ``2020-01-01`` is text), and
federation.yaml keeps each integer's source text so a party id ``0000`` is not read as ``0``.
"""

from __future__ import annotations

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
