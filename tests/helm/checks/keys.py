"""TLS material (FATE 2.2 with ``tls.enabled``): where private keys and certificates may be, by
their PEM armour and content; nothing cryptographic (another check verifies the certificates).

- A private key (any ``-----BEGIN ... PRIVATE KEY-----`` armour, also base64-encoded, or the
  body of a known key) is only in a chart's own values.yaml (``osx.tls.key``), in Secret objects,
  and, in the full bundle only, at ``tls/ca.key`` (the federation authority's). Never in a
  ConfigMap, an env literal, a command line, the rendered notes, federation.yaml, the README,
  provenance.json, a template, another chart's files or a per-party bundle.
- Each OSX has a key of its own (no two charts share one, none is the authority's).
- values.yaml ``osx.tls`` says TLS is on exactly when federation.yaml does, with a CA
  certificate, a certificate and a PKCS#8 key of intact armour; every chart's CA is the bundle's
  ``tls/ca.crt`` (when present) and the same in every chart; the rendered Secret osx-tls holds
  the values' PEM.

Reports name the key (``fate-10000's osx.tls.key``), never its text.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from .contract import LINE_1, LineFacts, PRIVATE_KEY_ARMOUR, TlsFacts
from .objects import metadata_of, obj_label, objects_of
from .parsing import check_pem, pem_bodies
from .passwords import _walk_strings

_ARMOUR = re.compile(PRIVATE_KEY_ARMOUR)
#: base64 of "-----BEGIN " (a PEM block encoded as a whole, as a Secret's data holds it).
_B64_PEM = re.compile(r"LS0tLS1CRUdJTi[A-Za-z0-9+/=]{16,}")
#: Body lines shorter than this are not searched for (a key's last line may be a few characters).
_MIN_NEEDLE = 24

AUTHORITY_KEY_LABEL = "the federation authority's key (tls/ca.key)"


def tls_values(values: dict[str, Any] | None, facts: TlsFacts) -> dict[str, Any]:
    """The chart's ``osx.tls`` mapping ({} when absent)."""
    node: Any = values or {}
    for part in facts.values_path:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def keys_of(values: dict[str, Any] | None, line: LineFacts = LINE_1) -> dict[str, str]:
    """The private keys a chart's values.yaml holds, by label (``osx.tls.key``); {} on 1.x."""
    if line.tls is None:
        return {}
    key = tls_values(values, line.tls).get("key")
    return {".".join((*line.tls.values_path, "key")): key} if isinstance(key, str) and key.strip() else {}


def _needles(pem: str) -> list[str]:
    """The body lines of a PEM text, long enough to be searched for."""
    out = []
    inside = False
    for line in pem.splitlines():
        line = line.strip()
        if line.startswith("-----BEGIN "):
            inside = True
        elif line.startswith("-----END "):
            inside = False
        elif inside and len(line) >= _MIN_NEEDLE:
            out.append(line)
    return out


def _b64_private_keys(text: str) -> int:
    """How many base64-encoded PEM private keys the text holds."""
    count = 0
    for m in _B64_PEM.finditer(text):
        chunk = m.group(0)
        chunk = chunk[: len(chunk) - len(chunk) % 4]
        try:
            decoded = base64.b64decode(chunk).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            continue
        if _ARMOUR.search(decoded):
            count += 1
    return count


def _leaks(text: str, keys: dict[str, str]) -> list[str]:
    """What private key material a text shows: armour, a base64-encoded key, a known key's body."""
    found = []
    if _ARMOUR.search(text):
        found.append("a private key (PEM armour)")
    if _b64_private_keys(text):
        found.append("a base64-encoded private key")
    for label, pem in keys.items():
        if any(n in text for n in _needles(pem)):
            found.append(label)
    return found


def check_keys_in_objects(objects: list[dict[str, Any]], keys: dict[str, str]) -> list[str]:
    """No private key in any non-Secret object: ConfigMap data (also binaryData, decoded), env
    literals, command and args, annotations..."""
    problems = []
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
            for what in _leaks(s, keys):
                problems.append(f"{obj_label(obj)}: {what} appears in {path}")
    return problems


def check_keys_in_notes(manifests: dict[str, str], keys: dict[str, str]) -> list[str]:
    """The rendered NOTES.txt shows no private key."""
    return [f"{name}: rendered notes show {what}" for name, text in sorted(manifests.items())
            if name.endswith("NOTES.txt") for what in _leaks(text, keys)]


def check_tls_secret_values(objects: list[dict[str, Any]], values: dict[str, Any] | None,
                            tls: TlsFacts | None) -> list[str]:
    """With TLS, the rendered Secret holds the chart's values.yaml PEM: ca.crt the authority's
    certificate, tls.crt the certificate, tls.key the key (its existence and armour are the OSX
    wiring check's)."""
    if tls is None:
        return []
    secret = next((o for o in objects_of(objects, "Secret") if metadata_of(o).get("name") == tls.secret), None)
    if secret is None:
        return []
    mine = tls_values(values, tls)
    problems = []
    for secret_key, value_key in (("ca.crt", "ca"), ("tls.crt", "cert"), ("tls.key", "key")):
        if secret_key in (secret.get("stringData") or {}):
            text = str(secret["stringData"][secret_key])
        elif secret_key in (secret.get("data") or {}):
            try:
                text = base64.b64decode(str(secret["data"][secret_key])).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                continue  # reported by the wiring check
        else:
            continue
        if pem_bodies(text) != pem_bodies(mine.get(value_key)):
            problems.append(f"{obj_label(secret)}: {secret_key} is not values.yaml "
                            f"{'.'.join(tls.values_path)}.{value_key}")
    return problems


def check_tls_values(chart: str, values: dict[str, Any] | None, tls: TlsFacts | None, line: LineFacts) -> list[str]:
    """values.yaml ``osx.tls``: on exactly when federation.yaml's ``tls.enabled``; with TLS a CA
    certificate, this OSX's certificate (not the CA's) and one PKCS#8 key; without, no material."""
    facts = line.tls
    if facts is None or not isinstance(values, dict):
        return []
    node = tls_values(values, facts)
    where = f"{chart}: values.yaml {'.'.join(facts.values_path)}"
    problems = []
    if tls is None:
        if node.get("enabled") is True:
            problems.append(f"{where}.enabled is true, but federation.yaml has no tls.enabled")
        for k in ("ca", "cert", "key"):
            if isinstance(node.get(k), str) and node[k].strip():
                problems.append(f"{where}.{k} holds PEM although TLS is off")
        return problems
    if node.get("enabled") is not True:
        problems.append(f"{where}.enabled is {node.get('enabled')!r}, expected true (federation.yaml has tls.enabled)")
    problems += check_pem(node.get("ca"), facts.secret_keys["ca.crt"], f"{where}.ca", single=False)
    problems += check_pem(node.get("cert"), facts.secret_keys["tls.crt"], f"{where}.cert", single=False)
    problems += check_pem(node.get("key"), facts.secret_keys["tls.key"], f"{where}.key")
    cert, ca = pem_bodies(node.get("cert")), pem_bodies(node.get("ca"))
    if cert and ca and cert[0] in ca:
        problems.append(f"{where}.cert is the authority's certificate, not this OSX's own")
    return problems


def check_same_authority(files: dict[str, bytes], chart_values: dict[str, Any], tls: TlsFacts | None) -> list[str]:
    """With TLS, every chart's ``osx.tls.ca`` is the bundle's ``tls/ca.crt`` (when the bundle has
    one) and the same in every chart: one federation authority verifies every peer."""
    if tls is None:
        return []
    problems = []
    bundle_ca = files.get(tls.bundle_ca_cert)
    want = pem_bodies(bundle_ca.decode("utf-8", "replace")) if bundle_ca is not None else None
    first: tuple[str, list[str]] | None = None
    path = ".".join(tls.values_path)
    for chart, values in sorted(chart_values.items()):
        ca = pem_bodies(tls_values(values, tls).get("ca"))
        if not ca:
            continue  # reported by check_tls_values
        if want is not None and ca != want:
            problems.append(f"{chart}: values.yaml {path}.ca is not the bundle's {tls.bundle_ca_cert} (every chart "
                            f"verifies its peers against the same authority)")
        elif want is None and first is not None and ca != first[1]:
            problems.append(f"{chart}: values.yaml {path}.ca differs from {first[0]}'s (every chart verifies its peers "
                            f"against the same authority)")
        if first is None:
            first = (chart, ca)
    return problems


def check_keys_in_files(files: dict[str, bytes], chart_values: dict[str, Any], line: LineFacts,
                        full_scope: bool = True) -> list[str]:
    """Private keys only where they belong (see the module docstring); each chart's key its own."""
    problems: list[str] = []
    facts = line.tls
    keys_by_chart = {chart: keys_of(values, line) for chart, values in sorted(chart_values.items())}
    known: dict[str, tuple[str | None, str]] = {}  # label -> (owning chart or None, pem)
    for chart, keys in keys_by_chart.items():
        for label, pem in keys.items():
            known[f"{chart}'s {label}"] = (chart, pem)
    ca_key_path = facts.bundle_ca_key if facts is not None else None
    if ca_key_path and ca_key_path in files:
        known[AUTHORITY_KEY_LABEL] = (None, files[ca_key_path].decode("utf-8", "replace"))
        if not full_scope:
            problems.append(f"{ca_key_path}: the federation authority's private key is in a per-party bundle "
                            f"(only the full bundle holds it)")

    bodies = {label: pem_bodies(pem) for label, (_, pem) in known.items()}
    labels = sorted(known)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if bodies[a] and bodies[a] == bodies[b]:
                problems.append(f"{a} and {b} are the same key (each OSX has a key of its own, the authority's is "
                                f"only at {ca_key_path})")

    for path in sorted(files):
        text = files[path].decode("utf-8", "replace")
        own_chart = path.split("/", 1)[0] if path.endswith("/values.yaml") and path.count("/") == 1 else None
        allowed: str | None = None  # the label of the one key this file may hold
        if own_chart is not None and own_chart in keys_by_chart:
            own = [f"{own_chart}'s {label}" for label in keys_by_chart[own_chart]]
            allowed = own[0] if own else None
        elif path == ca_key_path:
            allowed = AUTHORITY_KEY_LABEL
        rest = text
        if allowed is not None:
            for needle in _needles(known[allowed][1]):
                rest = rest.replace(needle, "\0")
            allowed_armour = len(_ARMOUR.findall(known[allowed][1]))
        else:
            allowed_armour = 0
        armour = len(_ARMOUR.findall(text))
        if armour > allowed_armour:
            where = ("outside osx.tls.key" if own_chart in keys_by_chart and allowed else
                     "besides the authority's" if allowed == AUTHORITY_KEY_LABEL else "")
            problems.append(f"{path}: holds a private key{' ' + where if where else ''} (PEM armour; private keys "
                            f"are only in a chart's own values.yaml, Secrets and the full bundle's {ca_key_path})")
        if _b64_private_keys(text):
            problems.append(f"{path}: holds a base64-encoded private key")
        for label in labels:
            if label == allowed or bodies[label] == bodies.get(allowed or "", None):
                continue
            if any(n in rest for n in _needles(known[label][1])):
                problems.append(f"{path}: contains {label}")
    return problems
