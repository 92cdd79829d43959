"""The image facts (``charts/images.yaml``) and the pure checks of a container against them.

Everything here works on plain data (rendered Kubernetes objects as dicts, file contents as text)
and returns lists of problem strings, so ``test_runtime.py`` can plant each fault and prove that
the check finds it.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import posixpath
import re
from dataclasses import dataclass
from typing import Any, Iterable

import yaml

FACTS_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "charts", "images.yaml")


def load_facts(path: str = FACTS_PATH) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass
class ImageRef:
    name: str  # the image's own name: egg, mysql, redis, ...
    tag: str


def parse_image(ref: str) -> ImageRef:
    last = ref.rsplit("/", 1)[-1]
    name, _, tag = last.partition(":")
    return ImageRef(name, tag)


def entry_image_name(key: str, entry: dict[str, Any]) -> str:
    """The image name an entry describes: the last path component of its ``image:`` (entries
    whose name another entry already uses, e.g. ``fateboard-2.1``), else its key."""
    return posixpath.basename(str(entry.get("image") or key))


def entry_tags(facts: dict[str, Any], entry: dict[str, Any]) -> set[str]:
    """The tags an entry covers: its ``tags:``; a 1.x FATE entry without them covers the
    imageTag of every line that tags all its images alike."""
    if "tags" in entry:
        return set(entry["tags"])
    if entry["kind"] == "fate":
        return {line["imageTag"] for line in facts["fateLines"].values() if "imageTag" in line}
    return set()


def image_facts(facts: dict[str, Any], ref: str) -> tuple[dict[str, Any] | None, str | None]:
    """The facts of an image reference: the entry whose image name and tags match, and a problem
    when the image or its tag is not covered (a known image with another tag still gets facts,
    so its scripts can run: the entry keyed by the image's own name, else the first one)."""
    image = parse_image(ref)
    named = [(key, entry) for key, entry in facts["images"].items() if entry_image_name(key, entry) == image.name]
    if not named:
        return None, f"image {ref}: no facts for {image.name!r} in charts/images.yaml"
    covered: set[str] = set()
    for _key, entry in named:
        tags = entry_tags(facts, entry)
        if image.tag in tags:
            return entry, None
        covered |= tags
    entry = next((e for key, e in named if key == image.name), named[0][1])
    return entry, f"image {ref}: tag {image.tag!r} is not one the facts cover ({', '.join(sorted(covered))})"


def fate_line_of(facts: dict[str, Any], tag: str, image: str | None = None) -> str | None:
    """The FATE line (a ``fateLines`` key) an image tag belongs to. A 1.x line's imageTag tags
    all its images; a line with ``imageTags`` tags each image by name. With ``image`` (an image
    name such as ``fateboard``, or a reference) only that image's tag of a line counts, and a
    1.x imageTag only for an image a 1.x entry describes; without it any tag of a line does."""
    name = parse_image(image).name if image else None
    one_x = {entry_image_name(key, entry) for key, entry in facts["images"].items()
             if entry["kind"] == "fate" and "tags" not in entry}
    for line, info in facts["fateLines"].items():
        if info.get("imageTag") == tag and (name is None or name in one_x):
            return line
        per_image = info.get("imageTags") or {}
        if (tag in per_image.values()) if name is None else (per_image.get(name) == tag):
            return line
    return None


# ------------------------------------------------------------------------------------------
# Interpreter and JVM heap
# ------------------------------------------------------------------------------------------

def check_interpreter(where: str, container: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    command = container.get("command")
    if not command:
        return []
    program = posixpath.basename(str(command[0]))
    tools = set(entry.get("tools", []))
    if program not in tools:
        family = "BusyBox sh only" if entry["shell"] == "busybox" else entry["shell"]
        return [f"{where}: runs {program!r}, which its image does not have ({family}; it has {', '.join(sorted(tools))})"]
    return []


def check_command_files(where: str, container: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    """A replaced start command may only name files the image contains (a jar, a venv python),
    resolved against the container's working directory."""
    command = container.get("command")
    if not command:
        return []
    cwd = container.get("workingDir") or entry.get("workdir") or "/"
    contains = set(entry.get("contains", []))
    problems = []
    for arg in map(str, list(command) + list(container.get("args") or [])):
        if arg.endswith(".jar") or arg.startswith("/data/projects/python/venv/"):
            path = posixpath.normpath(posixpath.join(cwd, arg))
            if path not in contains:
                problems.append(f"{where}: its command names {path}, which the image does not contain")
    return problems


_XMX = re.compile(r"-Xmx([0-9]+[kKmMgG])")
_JAVA_UNITS = {"k": 1 / 1024, "m": 1, "g": 1024}
_K8S_UNITS = {"": 1 / 1048576, "Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "Ti": 1048576,
              "K": 1e3 / 1048576, "M": 1e6 / 1048576, "G": 1e9 / 1048576, "T": 1e12 / 1048576}


def heap_mib(size: str) -> float:
    return int(size[:-1]) * _JAVA_UNITS[size[-1].lower()]


def quantity_mib(quantity: Any) -> float | None:
    m = re.fullmatch(r"([0-9]+)([KMGT]i?|)", str(quantity))
    return int(m.group(1)) * _K8S_UNITS[m.group(2)] if m else None


def effective_heap(container: dict[str, Any], entry: dict[str, Any]) -> str | None:
    """The -Xmx the JVM ends up with: the command line (the container's, else the image's start
    command) wins over JAVA_TOOL_OPTIONS, which the JVM reads before its arguments."""
    command = container.get("command")
    cmdline = " ".join(map(str, (command or []) + (container.get("args") or []))) if command else entry.get("cmd", "")
    found = _XMX.findall(cmdline)
    if found:
        return found[-1]
    for env in container.get("env") or []:
        if env.get("name") == "JAVA_TOOL_OPTIONS" and "value" in env:
            found = _XMX.findall(str(env["value"]))
            if found:
                return found[-1]
    return None


def check_java_heap(where: str, container: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    if "java" not in entry:
        return []
    heap = effective_heap(container, entry)
    if heap is None:
        return [f"{where}: no -Xmx: Java {entry['java']['version']} sizes its heap from the node's RAM "
                "(it does not see cgroup v2 limits)"]
    limit = ((container.get("resources") or {}).get("limits") or {}).get("memory")
    limit_mib = quantity_mib(limit) if limit is not None else None
    if limit_mib is None:
        return [f"{where}: heap -Xmx{heap} but no readable memory limit"]
    if heap_mib(heap) > 0.75 * limit_mib:
        return [f"{where}: heap -Xmx{heap} is more than 75% of its memory limit {limit}"]
    return []


# ------------------------------------------------------------------------------------------
# Files the component reads, and their keys
# ------------------------------------------------------------------------------------------

def parse_properties(text: str) -> dict[str, str]:
    """Java properties as FATE's files use them: key=value or key: value, # and ! comments."""
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#!":
            continue
        m = re.match(r"([^=:\s]+)\s*[=:]\s*(.*)$", line) or re.match(r"(\S+)\s+(.*)$", line) or re.match(r"(\S+)()$", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _json_paths(doc: Any) -> set[str]:
    out = set()
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.add(k)
            if isinstance(v, dict):
                out |= {f"{k}.{sub}" for sub in v}
    return out


def route_endpoints(doc: Any) -> Iterable[tuple[str, str, Any]]:
    """(party, role, endpoint) of every entry of a route table's ``route_table.<party>.<role>[]``."""
    table = doc.get("route_table") if isinstance(doc, dict) else None
    for party, roles in (table.items() if isinstance(table, dict) else []):
        for role, entries in (roles.items() if isinstance(roles, dict) else []):
            for endpoint in (entries if isinstance(entries, list) else []):
                yield str(party), str(role), endpoint


def _endpoint_values(text: str, key: str) -> list[str]:
    """The distinct non-empty values of one endpoint field over a JSON route table."""
    try:
        doc = json.loads(text)
    except ValueError:
        return []  # reported by the route table's own fact
    values: list[str] = []
    for _party, _role, endpoint in route_endpoints(doc):
        value = endpoint.get(key) if isinstance(endpoint, dict) else None
        if isinstance(value, str) and value.strip() and value not in values:
            values.append(value)
    return values


def resolve_reads(entry: dict[str, Any], read_file) -> list[tuple[dict[str, Any], str]]:
    """(file fact, absolute path) for every file the component reads; ``pathFrom`` entries are
    resolved through the file that names them (``read_file(path)`` → text or None): its
    properties ``key``, or with ``endpointKey`` that field of every endpoint of a JSON route
    table. Relative values are relative to ``relativeTo`` (the component's working directory).
    A file two facts name alike (the TLS server's and a route's certificate) is listed once."""
    out = []
    seen: set[tuple[str, str, str]] = set()
    for fact in entry.get("files", []):
        if "path" in fact:
            out.append((fact, fact["path"]))
            continue
        src = fact["pathFrom"]
        text = read_file(src["file"])
        if text is None:
            continue
        if "endpointKey" in src:
            values = _endpoint_values(text, src["endpointKey"])
        else:
            value = parse_properties(text).get(src["key"])
            values = [value] if value else []
        for value in values:
            path = posixpath.normpath(posixpath.join(src["relativeTo"], value))
            if (path, fact["format"], str(fact.get("pem"))) not in seen:
                seen.add((path, fact["format"], str(fact.get("pem"))))
                out.append((fact, path))
    return out


def _yaml_paths(doc: Any, prefix: str = "") -> set[str]:
    """Dotted paths of a YAML mapping's leaves (a list or scalar is a leaf)."""
    out: set[str] = set()
    if isinstance(doc, dict):
        for k, v in doc.items():
            path = f"{prefix}{k}"
            if isinstance(v, dict) and v:
                out |= _yaml_paths(v, path + ".")
            else:
                out.add(path)
    return out


def _covered(path: str, names: set[str]) -> bool:
    """A dotted path is covered by a name that is it or one of its prefixes."""
    parts = path.split(".")
    return any(".".join(parts[:i]) in names for i in range(1, len(parts) + 1))


def check_file_keys(where: str, fact: dict[str, Any], path: str, text: str | None,
                    roles: Iterable[str] = ()) -> list[str]:
    """The keys a component reads from one file: every required one present (plus those the
    fact's ``requiredBy`` names for any of ``roles``: the container, or party / exchange), none
    it does not read."""
    fmt = fact["format"]
    if fmt in ("directory", "bash-script", "python-module"):
        return [] if text is not None or fmt == "directory" else [f"{where}: {path} is missing"]
    if text is None:
        return [f"{where}: {path} is not there (the component reads it)"]
    endpoint_problems: list[str] = []
    if fmt == "pem":
        return check_pem(where, path, text, fact["pem"])
    if fmt == "properties":
        keys = set(parse_properties(text))
    elif fmt in ("server-conf", "route-table"):
        try:
            doc = json.loads(text)
        except ValueError as e:
            return [f"{where}: {path} is not JSON: {e}"]
        if fmt == "server-conf":
            keys = {k for k in _json_paths(doc) if k.startswith("servers.")}
        else:  # route table: its top-level objects; entries are party ids chosen by the user
            keys = set(doc) if isinstance(doc, dict) else set()
            if fact.get("endpointKeys"):
                endpoint_problems = check_endpoints(where, path, doc, fact["endpointKeys"])
    elif fmt == "yaml":
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as e:
            return [f"{where}: {path} is not YAML: {e}"]
        paths = _yaml_paths(doc)
        required = set(fact.get("required", []))
        for role in roles:
            required |= set((fact.get("requiredBy") or {}).get(role, []))
        known = required | set(fact.get("optional", []))
        problems = [f"{where}: {path} lacks {k}, which the component needs"
                    for k in sorted(required) if not any(p == k or p.startswith(k + ".") for p in paths)]
        problems += [f"{where}: {path} sets {k}, which the component does not read"
                     for k in sorted(paths) if not _covered(k, known)]
        return problems
    else:
        return [f"{where}: unknown file format {fmt!r} in the facts"]
    required = set(fact.get("required", []))
    for role in roles:
        required |= set((fact.get("requiredBy") or {}).get(role, []))
    known = required | set(fact.get("optional", []))
    for needs in (fact.get("requiredBy") or {}).values():
        known |= set(needs)
    problems = [f"{where}: {path} lacks {k}, which the component needs" for k in sorted(required - keys)]
    problems += [f"{where}: {path} sets {k}, which the component does not read" for k in sorted(keys - known)]
    return problems + endpoint_problems


def check_endpoints(where: str, path: str, doc: Any, facts: dict[str, Any]) -> list[str]:
    """The fields of every endpoint of a route table (``endpointKeys``): the ``required`` ones
    present (a ``port`` a JSON number, ``useSSL``/``useKeyStore`` JSON booleans), none the
    component does not read, and with ``useSSL`` (and no ``useKeyStore``) every field of
    ``withUseSSL`` set."""
    required = list(facts.get("required", []))
    known = set(required) | set(facts.get("optional", [])) | set(facts.get("withUseSSL", []))
    problems = []
    for party, role, endpoint in route_endpoints(doc):
        at = f"{where}: {path} route_table.{party}.{role}"
        if not isinstance(endpoint, dict):
            problems.append(f"{at}: an endpoint is not an object")
            continue
        problems += [f"{at}: an endpoint lacks {k}, which the component needs" for k in required if k not in endpoint]
        problems += [f"{at}: an endpoint sets {k}, which the component does not read" for k in sorted(endpoint) if k not in known]
        if "port" in endpoint and (isinstance(endpoint["port"], bool) or not isinstance(endpoint["port"], int)):
            problems.append(f"{at}: port {endpoint['port']!r} is not a JSON number")
        for flag in ("useSSL", "useKeyStore"):
            if flag in endpoint and not isinstance(endpoint[flag], bool):
                problems.append(f"{at}: {flag} {endpoint[flag]!r} is not a JSON boolean")
        if endpoint.get("useSSL") is True and endpoint.get("useKeyStore") is not True:
            blank = [k for k in facts.get("withUseSSL", []) if not (isinstance(endpoint.get(k), str) and endpoint[k].strip())]
            if blank:
                problems.append(f"{at}: useSSL without {', '.join(blank)}: the component then dials TLS with "
                                "no client certificate and the JVM's default trust")
    return problems


# ------------------------------------------------------------------------------------------
# PEM files (certificates and keys)
# ------------------------------------------------------------------------------------------

_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.S)

#: Private-key PEM labels other than PKCS#8's, and what they are.
_OTHER_KEYS = {
    "RSA PRIVATE KEY": "a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY)",
    "EC PRIVATE KEY": "a SEC1 EC key (BEGIN EC PRIVATE KEY)",
    "ENCRYPTED PRIVATE KEY": "an encrypted PKCS#8 key (no password is given)",
    "DSA PRIVATE KEY": "a traditional DSA key (BEGIN DSA PRIVATE KEY)",
    "OPENSSH PRIVATE KEY": "an OpenSSH key",
}


def _der_children(data: bytes) -> list[int] | None:
    """The tags of the elements of a DER SEQUENCE that is all of ``data``; None when ``data``
    is not one (definite lengths only, as DER requires)."""
    def tlv(i: int) -> tuple[int, int] | None:  # (tag, end of the element)
        if i + 2 > len(data):
            return None
        first = data[i + 1]
        if first < 0x80:
            length, header = first, 2
        else:
            n = first & 0x7F
            if n == 0 or n > 4 or i + 2 + n > len(data):
                return None
            length, header = int.from_bytes(data[i + 2:i + 2 + n], "big"), 2 + n
        end = i + header + length
        return (data[i], end) if end <= len(data) else None

    outer = tlv(0)
    if outer is None or outer[0] != 0x30 or outer[1] != len(data):
        return None
    i = 2 + (data[1] & 0x7F if data[1] >= 0x80 else 0)
    tags = []
    while i < len(data):
        item = tlv(i)
        if item is None:
            return None
        tags.append(item[0])
        i = item[1]
    return tags


def check_pem(where: str, path: str, text: str, kind: str) -> list[str]:
    """A PEM file the component reads: ``CERTIFICATE`` (one or more X.509 certificates, a chain
    leaf first or a bundle of authorities) or ``PRIVATE KEY`` (one unencrypted PKCS#8 key, the
    only kind netty reads without BouncyCastle). Each block is base64 of the DER structure its
    label names."""
    at = f"{where}: {path}"
    blocks = list(_PEM_BLOCK.finditer(text))
    if not blocks:
        return [f"{at} holds no PEM block (the component reads a PEM {kind})"]
    problems = []
    labels = [m.group(1) for m in blocks]
    if kind == "PRIVATE KEY":
        if len(blocks) != 1:
            problems.append(f"{at} holds {len(blocks)} PEM blocks ({', '.join(labels)}), not one key")
        if labels[0] in _OTHER_KEYS:
            problems.append(f"{at} is {_OTHER_KEYS[labels[0]]}: the component reads only unencrypted PKCS#8 (BEGIN PRIVATE KEY)")
        elif labels[0] != "PRIVATE KEY":
            problems.append(f"{at} holds a {labels[0]} block, not a private key")
    elif kind == "CERTIFICATE":
        others = sorted({label for label in labels if label != "CERTIFICATE"})
        if "CERTIFICATE" not in labels:
            problems.append(f"{at} holds no certificate, only {', '.join(others)}")
        elif others:
            problems.append(f"{at} holds {', '.join(others)} besides its certificates")
    else:
        return [f"{where}: unknown PEM kind {kind!r} in the facts"]
    for m in blocks:
        if m.group(1) != kind:
            continue
        body = m.group(2)
        if ":" in body:
            problems.append(f"{at}: a {kind} block has PEM headers (an encrypted or legacy block)")
            continue
        try:
            der = base64.b64decode("".join(body.split()), validate=True)
        except (binascii.Error, ValueError):
            problems.append(f"{at}: a {kind} block is not base64")
            continue
        tags = _der_children(der)
        if kind == "CERTIFICATE" and tags != [0x30, 0x30, 0x03]:
            problems.append(f"{at}: a CERTIFICATE block is not an X.509 certificate (DER SEQUENCE of tbsCertificate, "
                            "signatureAlgorithm, signature)")
        if kind == "PRIVATE KEY" and (tags is None or tags[:3] != [0x02, 0x30, 0x04]):
            problems.append(f"{at}: the PRIVATE KEY block is not a PKCS#8 PrivateKeyInfo (version, algorithm, key)")
    return problems


# ------------------------------------------------------------------------------------------
# Mounts of main containers
# ------------------------------------------------------------------------------------------

def check_mounts(where: str, placed: Iterable[str], read_paths: Iterable[str], data_dirs: Iterable[str],
                 script_reads: Iterable[str] = ()) -> list[str]:
    """Every file a main container gets must be where its component reads it, or be read by the
    container's own start script (``script_reads``: it composes the component's file from it).
    ``placed`` are the absolute paths of mounted files (a directory mount contributes each of its
    files), ``data_dirs`` the mount paths of data volumes."""
    reads = set(read_paths) | set(script_reads)
    problems = []
    for path in placed:
        if path not in reads:
            problems.append(f"{where}: mounts {path}, which the component never reads")
    for d in data_dirs:
        if d not in reads:
            problems.append(f"{where}: keeps data at {d}, where the component does not write")
    return problems


# ------------------------------------------------------------------------------------------
# Database schemas a component expects
# ------------------------------------------------------------------------------------------

def metadata_tables(facts: dict[str, Any], *images: str) -> dict[str, list[str]]:
    """Table → columns that the first of ``images`` with ``metadataSql.tables`` facts expects."""
    for ref in images:
        entry, _problem = image_facts(facts, ref)
        tables = ((entry or {}).get("metadataSql") or {}).get("tables")
        if tables:
            return {name: list(cols) for name, cols in tables.items()}
    return {}


def check_tables(found: dict[str, list[str]], want: dict[str, list[str]]) -> list[str]:
    """The tables a schema created against those a component reads: every table with every
    column; tables of other components in the same database are not this schema's concern."""
    if not want:
        return ["no facts name the tables this schema must create"]
    problems = []
    for table, columns in sorted(want.items()):
        have = found.get(table)
        if have is None:
            problems.append(f"table {table} is missing")
            continue
        missing = [c for c in columns if c not in have]
        extra = [c for c in have if c not in columns]
        if missing:
            problems.append(f"table {table} lacks columns {missing}")
        if extra:
            problems.append(f"table {table} has columns eggroll does not know: {extra}")
    return problems
