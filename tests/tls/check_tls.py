#!/usr/bin/env python3
"""Real TLS over the certificates of FATE 2.2 bundles with ``tls: {enabled: true}``.

    python tests/tls/check_tls.py [--cli FATE_CHARTGEN] BUNDLE [BUNDLE...]   # zips or directories

For every bundle, with OpenSSL 3 (every process has a time limit and is gone when the check is):

* certificate — each chart's certificate (the rendered Secret ``osx-tls``, as OSX gets it)
                verifies against the federation authority for TLS servers and clients
                (``openssl verify -x509_strict -purpose sslserver|sslclient``) with
                ``-verify_ip`` / ``-verify_hostname`` set to the address its peers dial
                (federation.yaml: the party's or the exchange's ``address``); its validity is
                ``validityDays`` plus the hour it is backdated, it has not expired, and it does
                not outlive its authority;
* key         — the key is unencrypted PKCS#8 (``BEGIN PRIVATE KEY``: OSX's netty reads only
                that), ECDSA P-256, and is the key of the certificate (same public key);
* wiring      — the Secret holds values.yaml's ``osx.tls`` and is mounted into OSX;
                broker.properties names its files (TLS server on 9371, client certificates
                required) and every route entry to another party or the exchange uses TLS with
                the same three files (all three: with one missing OSX silently dials without a
                client certificate), while the own party's entries stay plaintext;
* authority   — every chart carries the same authority, the one in ``tls/ca.crt``; the full
                bundle has ``tls/ca.key`` (PKCS#8, the key of ``tls/ca.crt``), a per-party bundle
                does not; the authority is a CA certificate that verifies itself;
* routes      — every TLS route entry leads to a chart of the federation (its ``ip`` is that
                chart's address);
* handshake→X — for every route (A dials X): a real mutual-TLS handshake between
                ``openssl s_server`` with X's files (``-Verify 1 -verify_return_error``) and
                ``openssl s_client`` with A's files, checking X's name as OSX does (the route's
                ``ip``): the client's verification returns 0, the server got A's certificate,
                and data flows both ways;
* refusals→X  — on the same route: a client certificate of a FOREIGN authority (a second
                bundle of the same federation.yaml, issued by a new run of the CLI) is refused by
                the server; a server with a foreign certificate is refused by the client; a
                client without a certificate is refused (client validation is on); and the client
                refuses X under the wrong name (``-verify_hostname wrong.example``);
* foreign-ca  — the second bundle exists and its authority is not this one.

Per-party bundles (``provenance.json`` scope party/exchange) are checked one by one, then
together: the bundles of one federation.yaml get a report of their own with the authority,
route, handshake and refusal groups across them.

Prints one line per check group and ``N passed, M failed`` (reports: bundles, then federations of
per-party bundles). Exits 1 when any fails.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import concurrent.futures
import datetime
import ipaddress
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "helm"))

from checks.bundle import read_bundle  # noqa: E402  (the chart checker's bundle reading)
from checks.config import normalize_config  # noqa: E402
from checks.helm import render_chart  # noqa: E402
from checks.parsing import load_config_yaml, norm_host, parse_properties  # noqa: E402
from checks.results import GroupResult, print_results  # noqa: E402  (and its report)

OPENSSL = os.environ.get("OPENSSL", "openssl")
#: Time limit of one openssl command (verify, x509, pkey) and of each side of a handshake.
OPENSSL_TIMEOUT = 10.0
#: Time limit of the CLI run that issues the foreign authority.
CLI_TIMEOUT = 120.0
#: Threads running openssl processes at once (each waits on its processes).
WORKERS = max(4, min(16, (os.cpu_count() or 2) * 2))
#: Never trust the system's certificates: only the files under test.
NO_DEFAULT_TRUST = ["-no-CApath", "-no-CAstore"]
#: The issuer backdates every certificate by an hour (clock skew between parties).
BACKDATE_SECONDS = 3600
#: How far the validity may be from validityDays + the backdate (the issuer reads the clock once).
VALIDITY_SLACK_SECONDS = 120
DEFAULT_VALIDITY_DAYS = 365
#: Where the chart mounts the Secret osx-tls, and OSX's working directory (relative paths).
OSX_WORKDIR = "/data/projects/fate/osx"
SECRET = "osx-tls"
SECRET_KEYS = {"ca": "ca.crt", "cert": "tls.crt", "key": "tls.key"}
#: broker.properties keys naming the Secret's files, and route entry fields doing the same.
SERVER_FILE_KEYS = {"grpc.server.ca.file": "ca", "grpc.server.cert.chain.file": "cert",
                    "grpc.server.private.key.file": "key"}
ROUTE_FILE_KEYS = {"caFile": "ca", "certChainFile": "cert", "privateKeyFile": "key"}
SERVER_SETTINGS = {"open.grpc.tls.server": "true", "grpc.tls.port": "9371", "grpc.ssl.open.client.validate": "true"}
WRONG_NAME = "wrong.example"
#: What the client sends; the server (``s_server -rev``) answers it reversed, and closes the
#: connection on the line ``CLOSE`` that follows.
PROBE = "fate-tls-probe"


# ------------------------------------------------------------------------------------------
# Running openssl
# ------------------------------------------------------------------------------------------

@dataclass
class Run:
    code: int | None  # None: killed at the time limit
    out: str
    err: str


def openssl(*args: str, input: str | None = None, timeout: float = OPENSSL_TIMEOUT) -> Run:
    """One openssl command with a time limit (the process is killed when it is exceeded)."""
    try:
        p = subprocess.run([OPENSSL, *args], input=input, capture_output=True, text=True, timeout=timeout,
                           stdin=None if input is not None else subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        return Run(None, _text(e.stdout), _text(e.stderr) + f"\n(killed after {timeout:.0f}s)")
    return Run(p.returncode, p.stdout, p.stderr)


def _text(data: Any) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else str(data)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# ------------------------------------------------------------------------------------------
# PEM and certificates
# ------------------------------------------------------------------------------------------

_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\s*(.*?)-----END \1-----", re.S)


def pem_blocks(text: str) -> list[tuple[str, bytes | None]]:
    """(label, DER bytes or None when the body is not base64) of every PEM block."""
    out = []
    for m in _PEM.finditer(text or ""):
        body = "".join(line for line in m.group(2).splitlines() if ":" not in line)
        try:
            out.append((m.group(1), base64.b64decode("".join(body.split()), validate=True)))
        except (binascii.Error, ValueError):
            out.append((m.group(1), None))
    return out


def same_pem(a: str, b: str) -> bool:
    """Two PEM texts hold the same blocks (whitespace and line breaks aside)."""
    return bool(pem_blocks(a)) and pem_blocks(a) == pem_blocks(b)


#: What each wrong private-key PEM label is, and why OSX cannot read it.
KEY_LABELS = {
    "RSA PRIVATE KEY": "a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY)",
    "EC PRIVATE KEY": "a SEC1 EC key (BEGIN EC PRIVATE KEY)",
    "ENCRYPTED PRIVATE KEY": "an encrypted PKCS#8 key (OSX passes no key password)",
}


def is_ip(address: str) -> bool:
    try:
        ipaddress.ip_address(norm_host(address))
        return True
    except ValueError:
        return False


def name_args(address: str) -> list[str]:
    """The openssl options that check a peer certificate for ``address`` as OSX's gRPC client
    does (the route's ``ip`` is the authority: an IP SAN for an IP literal, a DNS SAN else)."""
    host = norm_host(address)
    return ["-verify_ip", host] if is_ip(host) else ["-verify_hostname", host]


def parse_date(text: str) -> float | None:
    """An ``openssl x509 -dateopt iso_8601`` date (``2026-12-02 20:49:46Z``) as a Unix time."""
    try:
        return datetime.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%SZ").replace(
            tzinfo=datetime.timezone.utc).timestamp()
    except ValueError:
        return None


@dataclass
class CertInfo:
    subject: str
    not_before: float | None
    not_after: float | None
    is_ca: bool
    pubkey: str


_CERT_INFO: dict[bytes, tuple[CertInfo | None, str]] = {}


def cert_info(path: str) -> tuple[CertInfo | None, str]:
    """The first certificate of a PEM file, as openssl reads it; (None, why) when it cannot
    (remembered by the file's content)."""
    try:
        with open(path, "rb") as fh:
            content = fh.read()
    except OSError as e:
        return None, str(e)
    if content not in _CERT_INFO:
        _CERT_INFO[content] = _cert_info(path)
    return _CERT_INFO[content]


def _cert_info(path: str) -> tuple[CertInfo | None, str]:
    r = openssl("x509", "-in", path, "-noout", "-subject", "-startdate", "-enddate", "-dateopt", "iso_8601",
                "-ext", "basicConstraints")
    if r.code != 0:
        return None, _last_line(r.err) or "openssl x509 cannot read it"
    fields = dict(line.split("=", 1) for line in r.out.splitlines() if "=" in line and not line.startswith(" "))
    pub = openssl("x509", "-in", path, "-noout", "-pubkey")
    return CertInfo(subject=fields.get("subject", "").strip(),
                    not_before=parse_date(fields.get("notBefore", "")),
                    not_after=parse_date(fields.get("notAfter", "")),
                    is_ca="CA:TRUE" in r.out,
                    pubkey=pub.out.strip() if pub.code == 0 else ""), ""


def key_pubkey(path: str) -> tuple[str, str]:
    r = openssl("pkey", "-in", path, "-pubout")
    return (r.out.strip(), "") if r.code == 0 else ("", _last_line(r.err) or "openssl pkey cannot read it")


def fmt_time(t: float | None) -> str:
    if t is None:
        return "?"
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")


# ------------------------------------------------------------------------------------------
# One OSX's TLS material
# ------------------------------------------------------------------------------------------

@dataclass
class Route:
    """A TLS route entry of an OSX route table: whom it dials (``ip``, as the certificate must
    name it) for which destination party key."""

    party: str
    ip: str
    port: Any


@dataclass
class Endpoint:
    """One chart's OSX: the address peers dial and its three files on disk."""

    name: str  # fate-<id> or fate-exchange
    address: str
    ca: str  # paths of the PEM files (the authority, this OSX's certificate, its key)
    cert: str
    key: str
    routes: list[Route] = field(default_factory=list)

    def text(self, which: str) -> str:
        with open(getattr(self, which), encoding="utf-8") as fh:
            return fh.read()


def write_endpoint(directory: str, name: str, address: str, ca: str, cert: str, key: str,
                   routes: Iterable[Route] = ()) -> Endpoint:
    """Writes the three PEM texts under ``directory/name/`` (as the Secret's file names)."""
    d = os.path.join(directory, name)
    os.makedirs(d, exist_ok=True)
    paths = {}
    for which, text in (("ca", ca), ("cert", cert), ("key", key)):
        paths[which] = os.path.join(d, SECRET_KEYS[which])
        with open(paths[which], "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(paths[which], 0o600)
    return Endpoint(name, address, paths["ca"], paths["cert"], paths["key"], list(routes))


# ------------------------------------------------------------------------------------------
# Certificate, key and authority checks
# ------------------------------------------------------------------------------------------

def check_certificate(ep: Endpoint, authority: str, validity_days: int | None, now: float | None = None) -> tuple[list[str], str]:
    """(problems, note) of one OSX certificate against the authority's certificate file."""
    now = time.time() if now is None else now
    problems: list[str] = []
    blocks = pem_blocks(ep.text("cert"))
    if not blocks or any(label != "CERTIFICATE" for label, _der in blocks):
        labels = ", ".join(label for label, _der in blocks) or "no PEM block"
        return [f"the certificate file holds {labels}, not CERTIFICATE blocks"], ""
    info, why = cert_info(ep.cert)
    if info is None:
        return [f"the certificate cannot be read: {why}"], ""
    names = name_args(ep.address)
    for purpose in ("sslserver", "sslclient"):
        r = openssl("verify", "-x509_strict", *NO_DEFAULT_TRUST, "-CAfile", authority, "-purpose", purpose,
                    *names, ep.cert)
        if r.code != 0:
            detail = " ".join(line.strip() for line in (r.out + r.err).splitlines() if line.strip().startswith("error") and "verification failed" not in line)
            problems.append(f"does not verify as a TLS {purpose[3:]} for {' '.join(names)} against the authority: "
                            f"{detail or _last_line(r.out + r.err)}")
    if info.not_before is None or info.not_after is None:
        problems.append("its validity dates cannot be read")
    else:
        if validity_days is not None:
            want = validity_days * 86400 + BACKDATE_SECONDS
            span = info.not_after - info.not_before
            if abs(span - want) > VALIDITY_SLACK_SECONDS:
                problems.append(f"valid for {span / 86400:.3f} days ({fmt_time(info.not_before)} to {fmt_time(info.not_after)}), "
                                f"expected validityDays {validity_days} plus the hour it is backdated")
        if info.not_after <= now:
            problems.append(f"expired on {fmt_time(info.not_after)}")
        elif info.not_before > now:
            problems.append(f"not valid before {fmt_time(info.not_before)}")
        ca, _why = cert_info(authority)
        if ca and ca.not_after is not None and info.not_after > ca.not_after:
            problems.append(f"outlives its authority ({fmt_time(info.not_after)} after {fmt_time(ca.not_after)})")
    if info.is_ca:
        problems.append("is a CA certificate (CA:TRUE), not an end entity")
    days_left = (info.not_after - now) / 86400 if info.not_after else 0
    return problems, f"{' '.join(names)}; {days_left:.0f} days left"


def check_key(ep: Endpoint) -> tuple[list[str], str]:
    """(problems, note) of one OSX private key: PKCS#8, EC P-256, the certificate's key."""
    problems: list[str] = []
    blocks = pem_blocks(ep.text("key"))
    labels = [label for label, _der in blocks]
    if not blocks:
        return ["the key file holds no PEM block"], ""
    if len(blocks) > 1:
        problems.append(f"the key file holds {len(blocks)} PEM blocks ({', '.join(labels)}), not one key")
    label = labels[0]
    if label in KEY_LABELS:
        problems.append(f"the key is {KEY_LABELS[label]}: OSX's netty reads only unencrypted PKCS#8 (BEGIN PRIVATE KEY)")
    elif label != "PRIVATE KEY":
        problems.append(f"the key file holds a {label} block, not BEGIN PRIVATE KEY")
    if label == "ENCRYPTED PRIVATE KEY":
        return problems, ""
    text = openssl("pkey", "-in", ep.key, "-noout", "-text")
    if text.code != 0:
        problems.append(f"openssl cannot read the key: {_last_line(text.err)}")
        return problems, ""
    first = text.out.splitlines()[0].strip() if text.out else "?"
    kind = "EC P-256" if ("prime256v1" in text.out or "NIST CURVE: P-256" in text.out) else first
    if kind != "EC P-256":
        problems.append(f"the key is not ECDSA P-256 ({first})")
    pub, why = key_pubkey(ep.key)
    info, why_cert = cert_info(ep.cert)
    if not pub:
        problems.append(f"no public key from the key: {why}")
    elif info is None or not info.pubkey:
        problems.append(f"no public key from the certificate: {why_cert}")
    elif pub != info.pubkey:
        problems.append("the key is not the certificate's: their public keys differ")
    return problems, kind


def check_authority(endpoints: list[Endpoint], bundle_ca: str | None, bundle_ca_key: str | None,
                    full: bool, workdir: str) -> tuple[list[str], str]:
    """Every chart carries one authority, the bundle's ``tls/ca.crt``; the full bundle has its
    key (PKCS#8, matching), a per-party bundle does not; it is a CA that verifies itself."""
    problems: list[str] = []
    if not endpoints:
        return ["no chart has TLS material"], ""
    reference = bundle_ca if bundle_ca is not None else endpoints[0].text("ca")
    where = "tls/ca.crt" if bundle_ca is not None else f"{endpoints[0].name}'s osx.tls.ca"
    for ep in endpoints:
        if not same_pem(ep.text("ca"), reference):
            problems.append(f"{ep.name}: osx.tls.ca is not the authority of {where}")
    if full:
        if bundle_ca is None:
            problems.append("the bundle has no tls/ca.crt (the federation authority's certificate)")
        if bundle_ca_key is None:
            problems.append("the bundle has no tls/ca.key (the authority's key, to issue certificates later)")
    elif bundle_ca_key is not None:
        problems.append("a per-party bundle holds tls/ca.key: the authority's key belongs to the full bundle only")
    ca_path = os.path.join(workdir, "authority.crt")
    with open(ca_path, "w", encoding="utf-8") as fh:
        fh.write(reference)
    info, why = cert_info(ca_path)
    if info is None:
        problems.append(f"the authority's certificate cannot be read: {why}")
        return problems, ""
    if not info.is_ca:
        problems.append("the authority's certificate is not a CA (basicConstraints CA:TRUE)")
    r = openssl("verify", "-x509_strict", *NO_DEFAULT_TRUST, "-CAfile", ca_path, ca_path)
    if r.code != 0:
        problems.append(f"the authority does not verify itself: {_last_line(r.out + r.err)}")
    if bundle_ca_key is not None:
        key_path = os.path.join(workdir, "authority.key")
        with open(key_path, "w", encoding="utf-8") as fh:
            fh.write(bundle_ca_key)
        os.chmod(key_path, 0o600)
        label = (pem_blocks(bundle_ca_key) or [("no PEM block", None)])[0][0]
        if label != "PRIVATE KEY":
            problems.append(f"tls/ca.key is {KEY_LABELS.get(label, label)}, not PKCS#8 (BEGIN PRIVATE KEY)")
        pub, why = key_pubkey(key_path)
        if not pub:
            problems.append(f"tls/ca.key cannot be read: {why}")
        elif pub != info.pubkey:
            problems.append("tls/ca.key is not the key of the authority's certificate")
    return problems, f"{info.subject}, until {fmt_time(info.not_after)}"


# ------------------------------------------------------------------------------------------
# The chart's wiring: Secret, mount, broker.properties, route table
# ------------------------------------------------------------------------------------------

def _secret_data(obj: dict[str, Any]) -> dict[str, str]:
    out = {k: str(v) for k, v in (obj.get("stringData") or {}).items()}
    for k, v in (obj.get("data") or {}).items():
        try:
            out[k] = base64.b64decode(str(v)).decode()
        except (binascii.Error, UnicodeDecodeError):
            out[k] = ""
    return out


def check_wiring(objects: list[dict[str, Any]], tls_values: dict[str, Any]) -> tuple[list[str], dict[str, str], list[Route]]:
    """(problems, the Secret's files by role ca/cert/key, the TLS routes to other parties) of
    one rendered chart with ``osx.tls`` values."""
    problems: list[str] = []
    by_kind: dict[tuple[str, str], dict[str, Any]] = {}
    for o in objects:
        by_kind[(str(o.get("kind")), str((o.get("metadata") or {}).get("name")))] = o
    secret = by_kind.get(("Secret", SECRET))
    files: dict[str, str] = {}
    if secret is None:
        problems.append(f"no Secret {SECRET} is rendered")
    else:
        data = _secret_data(secret)
        for role, key in SECRET_KEYS.items():
            if key not in data:
                problems.append(f"Secret {SECRET} has no {key}")
                continue
            files[role] = data[key]
            if not same_pem(data[key], str(tls_values.get(role) or "")):
                problems.append(f"Secret {SECRET} {key} is not values.yaml's osx.tls.{role}")
    # Where OSX gets the Secret's files.
    mount = None
    deployment = by_kind.get(("Deployment", "osx"))
    if deployment is None:
        problems.append("no Deployment osx is rendered")
        osx_container: dict[str, Any] = {}
    else:
        spec = ((deployment.get("spec") or {}).get("template") or {}).get("spec") or {}
        osx_container = next((c for c in spec.get("containers") or [] if c.get("name") == "osx"), {})
        volumes = {v.get("name"): v for v in spec.get("volumes") or []}
        for m in osx_container.get("volumeMounts") or []:
            v = volumes.get(m.get("name")) or {}
            if (v.get("secret") or {}).get("secretName") == SECRET and not m.get("subPath"):
                if (v.get("secret") or {}).get("items"):
                    problems.append(f"the {SECRET} volume lists items: its files may not all be there")
                mount = str(m.get("mountPath")).rstrip("/")
        if mount is None:
            problems.append(f"the osx container does not mount the Secret {SECRET} as a directory")
    workdir = osx_container.get("workingDir") or OSX_WORKDIR
    expected = {role: f"{mount}/{key}" for role, key in SECRET_KEYS.items()} if mount else {}

    def resolve(path: str) -> str:
        return os.path.normpath(os.path.join(workdir, path)) if path else ""

    config = by_kind.get(("ConfigMap", "osx-config"))
    data = (config or {}).get("data") or {}
    if "broker.properties" not in data:
        problems.append("no broker.properties in ConfigMap osx-config")
    else:
        props = parse_properties(data["broker.properties"])
        for key, value in SERVER_SETTINGS.items():
            if props.get(key) != value:
                problems.append(f"broker.properties: {key} is {props.get(key)!r}, expected {value!r}")
        for key, role in SERVER_FILE_KEYS.items():
            if expected and resolve(props.get(key, "")) != expected[role]:
                problems.append(f"broker.properties: {key} is {props.get(key)!r}, not the Secret's {expected[role]}")
    routes: list[Route] = []
    if "route_table.json" not in data:
        problems.append("no route_table.json in ConfigMap osx-config")
        return problems, files, routes
    try:
        doc = json.loads(data["route_table.json"])
    except ValueError as e:
        problems.append(f"route_table.json is not JSON: {e}")
        return problems, files, routes
    own = {str(p) for p in doc.get("self_party") or []}
    for party, roles in sorted((doc.get("route_table") or {}).items()):
        for role, entries in sorted((roles or {}).items()):
            for entry in entries or []:
                where = f"route_table.json {party}.{role} → {entry.get('ip')}:{entry.get('port')}"
                if str(party) in own:
                    if entry.get("useSSL"):
                        problems.append(f"{where}: the own party's hop uses TLS (fateflow serves plaintext gRPC)")
                    continue
                if entry.get("useSSL") is not True:
                    problems.append(f"{where}: useSSL is {entry.get('useSSL')!r}, not true")
                    continue
                if entry.get("useKeyStore"):
                    problems.append(f"{where}: useKeyStore is set (the chart gives PEM files)")
                for key, role_of in ROUTE_FILE_KEYS.items():
                    value = str(entry.get(key) or "")
                    if not value:
                        problems.append(f"{where}: no {key}: with useSSL but not all of caFile, certChainFile and "
                                        "privateKeyFile, OSX dials with no client certificate and the JDK's trust")
                    elif expected and resolve(value) != expected[role_of]:
                        problems.append(f"{where}: {key} is {value}, not the Secret's {expected[role_of]}")
                routes.append(Route(str(party), str(entry.get("ip")), entry.get("port")))
    return problems, files, routes


# ------------------------------------------------------------------------------------------
# Handshakes
# ------------------------------------------------------------------------------------------

@dataclass
class Side:
    """One end of a handshake: its authority file and (for a client, optionally) its
    certificate and key."""

    ca: str
    cert: str | None
    key: str | None
    label: str = ""


@dataclass
class Handshake:
    """What both openssl processes reported."""

    setup: str = ""  # why the handshake could not be tried (the server did not start)
    client_verify: int | None = None  # s_client's "Verify return code"
    echoed: bool = False  # the server's reversed answer reached the client
    established: bool = False  # s_server: CONNECTION ESTABLISHED
    peer: str | None = None  # s_server: the client certificate's subject
    server_errors: str = ""
    client_errors: str = ""

    def summary(self) -> str:
        parts = []
        if self.setup:
            return f"not tried: {self.setup}"
        parts.append(f"client verify {self.client_verify}")
        parts.append("server accepted" if self.established else "server refused")
        parts.append(f"client certificate {self.peer!r}" if self.peer else "no client certificate at the server")
        parts.append("data flowed" if self.echoed else "no data")
        err = _last_line(self.server_errors) or _last_line(self.client_errors)
        return "; ".join(parts) + (f" ({_shorten(err)})" if err else "")


def _shorten(error: str) -> str:
    """An OpenSSL error line without its address and source position."""
    m = re.search(r":error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)", error)
    return m.group(1) if m else error[-160:]


def handshake(server: Side, client: Side, dial: str, timeout: float = OPENSSL_TIMEOUT) -> Handshake:
    """A real TLS handshake on 127.0.0.1: ``s_server`` with the server's files and client
    certificates required, ``s_client`` with the client's files checking ``dial`` as the peer's
    name. Both processes are gone when this returns."""
    result = Handshake()
    with tempfile.TemporaryDirectory(prefix="tls-handshake-") as tmp:
        out_path, err_path = os.path.join(tmp, "server.out"), os.path.join(tmp, "server.err")
        argv = [OPENSSL, "s_server", "-accept", "127.0.0.1:0", "-naccept", "1", "-rev", "-no_ticket",
                "-cert", str(server.cert), "-key", str(server.key), "-CAfile", server.ca, *NO_DEFAULT_TRUST,
                "-Verify", "1", "-verify_return_error"]
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            # In this process group, so an interrupt of the checker reaches it too.
            srv = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        try:
            port = _accepting_port(srv, out_path, time.monotonic() + timeout)
            if port is None:
                result.setup = "s_server did not start: " + _shorten(_last_line(_read(err_path)) or "no ACCEPT line")
                return result
            cargv = [OPENSSL, "s_client", "-connect", f"127.0.0.1:{port}", "-CAfile", client.ca, *NO_DEFAULT_TRUST,
                     "-verify_return_error", "-ign_eof", *name_args(dial)]
            cargv += ["-noservername"] if is_ip(dial) else ["-servername", norm_host(dial)]
            if client.cert:
                cargv += ["-cert", client.cert, "-key", str(client.key)]
            try:
                c = subprocess.run(cargv, input=PROBE + "\nCLOSE\n", capture_output=True, text=True, timeout=timeout)
                cout, cerr = c.stdout, c.stderr
            except subprocess.TimeoutExpired as e:  # run() has killed s_client
                cout, cerr = _text(e.stdout), _text(e.stderr) + "\n(s_client killed at its time limit)"
            if "CONNECTED(" in cout:  # else the server never had a connection: it is killed below
                try:
                    srv.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            if srv.poll() is None:
                srv.kill()  # by its pid: s_server starts no children
            srv.wait()
        sout = _read(out_path) + "\n" + _read(err_path)
    if "CONNECTED(" not in cout:
        result.setup = "s_client did not connect: " + _shorten(_last_line(cerr) or "no output")
    m = re.search(r"Verify return code: (\d+)", cout)
    result.client_verify = int(m.group(1)) if m else None
    result.echoed = PROBE[::-1] in cout
    result.established = "CONNECTION ESTABLISHED" in sout
    peer = re.search(r"^Peer certificate: (.*)$", sout, re.M)
    result.peer = peer.group(1).strip() if peer else None
    result.server_errors = "\n".join(line for line in sout.splitlines() if ":error:" in line or "verify error" in line)
    result.client_errors = "\n".join(line for line in cerr.splitlines() if ":error:" in line or "verify error" in line)
    return result


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return ""


def _accepting_port(proc: subprocess.Popen, out_path: str, deadline: float) -> int | None:
    """The port ``s_server -accept 127.0.0.1:0`` bound (its ACCEPT line), once it listens."""
    while time.monotonic() < deadline:
        m = re.search(r"^ACCEPT\s+\S*:(\d+)\s*$", _read(out_path), re.M)
        if m:
            return int(m.group(1))
        if proc.poll() is not None:
            return None
        time.sleep(0.01)
    return None


def subject_of(path: str | None) -> str | None:
    if not path:
        return None
    info, _why = cert_info(path)
    return info.subject if info else None


def judge_accepted(h: Handshake, client_subject: str | None) -> list[str]:
    """A mutual-TLS handshake that must succeed, on both sides."""
    problems = []
    if h.setup:
        return [h.summary()]
    if h.client_verify != 0:
        problems.append(f"the client does not accept the server (verify return code {h.client_verify})")
    if not h.established:
        problems.append(f"the server refused the client: {_shorten(_last_line(h.server_errors)) or 'no CONNECTION ESTABLISHED'}")
    elif h.peer is None or (client_subject is not None and h.peer != client_subject):
        problems.append(f"the server did not get the client's certificate ({h.peer!r}, expected {client_subject!r})")
    if not h.echoed and not problems:
        problems.append(f"no data came back: {_shorten(_last_line(h.client_errors))}")
    return problems


def judge_refused_by_server(h: Handshake, reason: str, what: str) -> list[str]:
    if h.setup:
        return [f"{what}: {h.summary()}"]
    if h.established or h.echoed:
        return [f"{what}: the server accepted it ({h.summary()})"]
    if reason not in h.server_errors:
        return [f"{what}: refused, but not for the expected reason {reason!r} ({h.summary()})"]
    return []


def judge_refused_by_client(h: Handshake, what: str, codes: set[int] | None = None) -> list[str]:
    if h.setup:
        return [f"{what}: {h.summary()}"]
    if h.echoed or h.client_verify == 0:
        return [f"{what}: the client accepted the server ({h.summary()})"]
    if codes is not None and h.client_verify not in codes:
        return [f"{what}: refused, but with verify return code {h.client_verify}, expected {sorted(codes)} ({h.summary()})"]
    return []


#: OpenSSL verify codes: 62 hostname mismatch, 64 IP address mismatch.
NAME_MISMATCH = {62, 64}


@dataclass
class Edge:
    """A route: ``client`` dials ``server`` at ``dial`` (the route entry's ip)."""

    client: Endpoint
    server: Endpoint
    dial: str


def side(ep: Endpoint, with_cert: bool = True) -> Side:
    return Side(ep.ca, ep.cert if with_cert else None, ep.key if with_cert else None, ep.name)


def check_edge(edge: Edge, foreign: dict[str, Endpoint] | None,
               pool: concurrent.futures.Executor | None = None) -> tuple[GroupResult, GroupResult]:
    """The handshake and refusal groups of one route, every handshake real."""
    a, x = edge.client, edge.server
    jobs: dict[str, Callable[[], Handshake]] = {
        "mtls": lambda: handshake(side(x), side(a), edge.dial),
        "no-cert": lambda: handshake(side(x), side(a, with_cert=False), edge.dial),
        "wrong-name": lambda: handshake(side(x), side(a), WRONG_NAME),
    }
    fa, fx = (foreign or {}).get(a.name), (foreign or {}).get(x.name)
    if fa is not None:  # a client certificate of another authority, trusting the real one
        jobs["foreign-client"] = lambda: handshake(side(x), Side(a.ca, fa.cert, fa.key, fa.name), edge.dial)
    if fx is not None:  # a server with another authority's certificate for the right name
        jobs["foreign-server"] = lambda: handshake(Side(x.ca, fx.cert, fx.key, fx.name), side(a), edge.dial)
    if pool is None:
        done = {k: f() for k, f in jobs.items()}
    else:
        futures = {k: pool.submit(f) for k, f in jobs.items()}
        done = {k: f.result() for k, f in futures.items()}
    ok = GroupResult(a.name, f"handshake→{x.name}")
    ok.problems += judge_accepted(done["mtls"], subject_of(a.cert))
    dial_opt = " ".join(name_args(edge.dial))
    ok.note = f"{dial_opt}: " + ("mutual TLS, data both ways" if not ok.problems else done["mtls"].summary())
    refused = GroupResult(a.name, f"refusals→{x.name}")
    refused.problems += judge_refused_by_server(done["no-cert"], "peer did not return a certificate",
                                                "a client without a certificate")
    refused.problems += judge_refused_by_client(done["wrong-name"], f"the server under the name {WRONG_NAME}", NAME_MISMATCH)
    tried = ["no client certificate", f"name {WRONG_NAME}"]
    if "foreign-client" in done:
        refused.problems += judge_refused_by_server(done["foreign-client"], "certificate verify failed",
                                                    "a client certificate of a foreign authority")
        tried.append("foreign client")
    else:
        refused.problems.append(f"no foreign certificate for {a.name}: the foreign client was not tried")
    if "foreign-server" in done:
        refused.problems += judge_refused_by_client(done["foreign-server"], "a server certificate of a foreign authority")
        tried.append("foreign server")
    else:
        refused.problems.append(f"no foreign certificate for {x.name}: the foreign server was not tried")
    refused.note = "refused: " + ", ".join(tried)
    return ok, refused


# ------------------------------------------------------------------------------------------
# Bundles
# ------------------------------------------------------------------------------------------

@dataclass
class Loaded:
    """One bundle read, its charts' TLS material written to disk."""

    path: str
    results: list[GroupResult]
    config_text: bytes = b""
    scope: str = "all"
    validity_days: int | None = None
    endpoints: list[Endpoint] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)  # chart name -> address (federation.yaml)
    ca: str | None = None
    ca_key: str | None = None


def parse_objects(manifests: dict[str, str]) -> list[dict[str, Any]]:
    """The rendered Kubernetes objects (libyaml when there is one: the chart checker reports
    rendering problems, this only needs the objects)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    objects = []
    for name in sorted(manifests):
        if name.endswith("NOTES.txt"):
            continue
        for doc in yaml.load_all(manifests[name], Loader=loader):
            if isinstance(doc, dict) and "kind" in doc:
                objects.append(doc)
    return objects


def chart_names(files: dict[str, bytes]) -> list[str]:
    return sorted({p.split("/", 1)[0] for p in files if p.count("/") == 1 and p.endswith("/Chart.yaml")})


def load_bundle(path: str, workdir: str) -> Loaded:
    root, files, problems = read_bundle(path, os.path.join(workdir, "bundle"))
    loaded = Loaded(path, [GroupResult("bundle", "read", problems, f"{len(files)} files")])
    cfg = GroupResult("bundle", "config")
    loaded.results.append(cfg)
    if "federation.yaml" not in files:
        cfg.problems.append("no federation.yaml")
        return loaded
    loaded.config_text = files["federation.yaml"]
    try:
        raw = load_config_yaml(files["federation.yaml"]) or {}
    except yaml.YAMLError as e:
        cfg.problems.append(f"federation.yaml is not YAML: {e}")
        return loaded
    config, norm_problems = normalize_config(raw)
    cfg.problems += norm_problems
    tls = raw.get("tls") if isinstance(raw.get("tls"), dict) else {}
    if tls.get("enabled") is not True:
        cfg.problems.append("federation.yaml: tls.enabled is not true: no TLS to check")
        return loaded
    if not str(raw.get("fateVersion") or "").startswith("2."):
        cfg.problems.append(f"federation.yaml: TLS on fateVersion {raw.get('fateVersion')!r}, which has no OSX")
    days = tls.get("validityDays", DEFAULT_VALIDITY_DAYS)
    loaded.validity_days = int(days) if isinstance(days, int) and not isinstance(days, bool) else None
    if loaded.validity_days is None:
        cfg.problems.append(f"federation.yaml: tls.validityDays {days!r} is not a number")
    try:
        provenance = json.loads(files.get("provenance.json", b"{}"))
    except ValueError:
        provenance = {}
    loaded.scope = str(((provenance or {}).get("scope") or {}).get("kind") or "all")
    releases: dict[str, tuple[str, str]] = {}  # chart -> (address, namespace)
    for p in config["parties"]:
        releases[p["release"]] = (str(p["address"]), p["namespace"])
    if config.get("exchange"):
        releases[config["exchange"]["release"]] = (str(config["exchange"]["address"]), config["exchange"]["namespace"])
    loaded.expected = {name: address for name, (address, _ns) in releases.items()}
    loaded.ca = files["tls/ca.crt"].decode() if "tls/ca.crt" in files else None
    loaded.ca_key = files["tls/ca.key"].decode() if "tls/ca.key" in files else None
    cfg.note = f"validityDays {loaded.validity_days}, scope {loaded.scope}"
    names = chart_names(files)
    if not names:
        cfg.problems.append("no chart in the bundle")
    material = os.path.join(workdir, "material")
    for name in names:
        wiring = GroupResult(name, "wiring")
        if name not in releases:
            wiring.problems.append("a chart federation.yaml does not name")
            loaded.results.append(wiring)
            continue
        address, namespace = releases[name]
        try:
            values = yaml.safe_load(files[f"{name}/values.yaml"]) or {}
        except (KeyError, yaml.YAMLError) as e:
            wiring.problems.append(f"values.yaml cannot be read: {e}")
            loaded.results.append(wiring)
            continue
        tls_values = ((values.get("osx") or {}).get("tls")) or {}
        if tls_values.get("enabled") is not True:
            wiring.problems.append("values.yaml: osx.tls.enabled is not true")
        for role in SECRET_KEYS:
            if not isinstance(tls_values.get(role), str) or not tls_values.get(role):
                wiring.problems.append(f"values.yaml: osx.tls.{role} is empty")
        try:
            objects = parse_objects(render_chart(os.path.join(root, name), name, namespace))
        except Exception as e:  # noqa: BLE001 - reported; the chart checker covers rendering
            wiring.problems.append(f"helm render failed: {type(e).__name__}: {e}")
            objects = []
        problems, secret_files, routes = check_wiring(objects, tls_values)
        wiring.problems += problems
        wiring.note = f"{len(routes)} TLS routes"
        loaded.results.append(wiring)
        pem = {role: secret_files.get(role) or str(tls_values.get(role) or "") for role in SECRET_KEYS}
        loaded.endpoints.append(write_endpoint(material, name, address, pem["ca"], pem["cert"], pem["key"], routes))
    return loaded


def check_endpoints(loaded: Loaded, workdir: str) -> None:
    """The certificate and key groups of every chart of one bundle, reported before its wiring
    group (against the bundle's tls/ca.crt, else the chart's own authority)."""
    authority = None
    if loaded.ca is not None:
        authority = os.path.join(workdir, "bundle-ca.crt")
        with open(authority, "w", encoding="utf-8") as fh:
            fh.write(loaded.ca)

    def one(ep: Endpoint) -> list[GroupResult]:
        cert = GroupResult(ep.name, "certificate")
        cert.problems, cert.note = check_certificate(ep, authority or ep.ca, loaded.validity_days)
        key = GroupResult(ep.name, "key")
        key.problems, key.note = check_key(ep)
        return [cert, key]

    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        checked = dict(zip((ep.name for ep in loaded.endpoints), pool.map(one, loaded.endpoints)))
    results = []
    for r in loaded.results:
        if r.group == "wiring":
            results += checked.get(r.chart, [])
        results.append(r)
    loaded.results = results


def edges_of(endpoints: list[Endpoint]) -> tuple[list[Edge], list[str]]:
    """Every TLS route between the endpoints, and the routes that lead to none of them."""
    by_address: dict[str, Endpoint] = {}
    for ep in endpoints:
        by_address[_norm_address(ep.address)] = ep
    edges, missing = [], []
    for ep in endpoints:
        for r in ep.routes:
            target = by_address.get(_norm_address(r.ip))
            if target is None or target is ep:
                missing.append(f"{ep.name}: route {r.party} → {r.ip}:{r.port} leads to no chart of the federation")
                continue
            edges.append(Edge(ep, target, r.ip))
    return edges, missing


def _norm_address(address: str) -> str:
    host = norm_host(address)
    try:
        return ipaddress.ip_address(host).compressed
    except ValueError:
        return host


def find_cli(explicit: str | None) -> str | None:
    """The CLI given, else the newest build of this repository's (release or debug)."""
    if explicit:
        return explicit
    built = [os.path.join(REPO, "target", profile, "fate-chartgen") for profile in ("release", "debug")]
    built = [p for p in built if os.access(p, os.X_OK)]
    return max(built, key=os.path.getmtime) if built else None


def foreign_endpoints(config_text: bytes, cli: str | None, workdir: str, ca: str | None) -> tuple[dict[str, Endpoint], list[str], str]:
    """A second bundle of the same federation.yaml, from a new run of the CLI (a new authority):
    its charts' TLS material by chart name, problems, note."""
    if cli is None:
        return {}, ["no fate-chartgen binary to issue a foreign authority (build it, or give --cli)"], ""
    src = os.path.join(workdir, "federation.yaml")
    with open(src, "wb") as fh:
        fh.write(config_text)
    out = os.path.join(workdir, "foreign")
    try:
        r = subprocess.run([cli, "generate", src, "-o", out], capture_output=True, text=True, timeout=CLI_TIMEOUT,
                           stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        return {}, [f"{cli} generate failed: {e}"], ""
    if r.returncode != 0:
        return {}, [f"{cli} generate exited {r.returncode}: {_last_line(r.stderr)}"], ""
    problems, endpoints = [], {}
    for name in sorted(os.listdir(out)):
        values_path = os.path.join(out, name, "values.yaml")
        if not os.path.isfile(values_path):
            continue
        with open(values_path, encoding="utf-8") as fh:
            tls = ((yaml.safe_load(fh) or {}).get("osx") or {}).get("tls") or {}
        if all(isinstance(tls.get(k), str) and tls.get(k) for k in SECRET_KEYS):
            endpoints[name] = write_endpoint(os.path.join(workdir, "foreign-material"), name, "", tls["ca"], tls["cert"], tls["key"])
    foreign_ca = next(iter(endpoints.values())).text("ca") if endpoints else None
    if not endpoints:
        problems.append("the second bundle has no TLS material")
    elif ca is not None and same_pem(foreign_ca or "", ca):
        problems.append("a new run of the CLI issued the same authority: it is not foreign")
    return endpoints, problems, f"a new run of the CLI: {len(endpoints)} charts under another authority"


def federation_checks(endpoints: list[Endpoint], bundle_ca: str | None, bundle_ca_key: str | None, full: bool,
                      config_text: bytes, cli: str | None, workdir: str, expected: dict[str, str],
                      foreign: dict[str, Endpoint] | None = None) -> list[GroupResult]:
    """The authority, routes, foreign-ca, handshake and refusal groups over the charts of one
    federation (one full bundle, or the per-party bundles of one federation.yaml)."""
    results = []
    auth = GroupResult("bundle", "authority")
    auth.problems, auth.note = check_authority(endpoints, bundle_ca, bundle_ca_key, full, workdir)
    results.append(auth)
    routes = GroupResult("bundle", "routes")
    edges, missing = edges_of(endpoints)
    present = {ep.name for ep in endpoints}
    absent = sorted(set(expected) - present)
    if full or not absent:
        routes.problems += missing
    routes.note = f"{len(edges)} TLS routes" + (f"; not given: {', '.join(absent)}" if absent else "")
    results.append(routes)
    if foreign is None:
        fg = GroupResult("bundle", "foreign-ca")
        foreign, fg.problems, fg.note = foreign_endpoints(config_text, cli, workdir, bundle_ca or (endpoints[0].text("ca") if endpoints else None))
        results.append(fg)
    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        pending = [pool.submit(check_edge, e, foreign, None) for e in edges]
        for f in pending:
            results.extend(f.result())
    return results


def check_paths(paths: list[str], cli: str | None, out=sys.stdout) -> int:
    passed = failed = 0
    groups: dict[bytes, list[Loaded]] = {}
    with tempfile.TemporaryDirectory(prefix="check_tls_") as work:
        for i, path in enumerate(paths):
            workdir = os.path.join(work, f"b{i}")
            os.makedirs(workdir)
            try:
                loaded = load_bundle(path, workdir)
                check_endpoints(loaded, workdir)
                if loaded.scope == "all":
                    loaded.results += federation_checks(loaded.endpoints, loaded.ca, loaded.ca_key, True,
                                                        loaded.config_text, cli, workdir, loaded.expected)
                else:
                    own = GroupResult("bundle", "authority")
                    own.problems, own.note = check_authority(loaded.endpoints, loaded.ca, loaded.ca_key, False, workdir)
                    loaded.results.append(own)
                    if loaded.endpoints:
                        groups.setdefault(loaded.config_text, []).append(loaded)
            except Exception as e:  # noqa: BLE001 - a crash is a failed bundle, not a traceback
                loaded = Loaded(path, [GroupResult("bundle", "checker", [f"check_tls crashed: {type(e).__name__}: {e}"])])
            if print_results(path, loaded.results, out):
                passed += 1
            else:
                failed += 1
            out.flush()
        for j, members in enumerate(groups.values()):
            label = "federation of " + " + ".join(m.path for m in members)
            workdir = os.path.join(work, f"f{j}")
            os.makedirs(workdir)
            try:
                endpoints = [ep for m in members for ep in m.endpoints]
                results = federation_checks(endpoints, None, None, False, members[0].config_text, cli, workdir,
                                            members[0].expected)
            except Exception as e:  # noqa: BLE001
                results = [GroupResult("bundle", "checker", [f"check_tls crashed: {type(e).__name__}: {e}"])]
            if print_results(label, results, out):
                passed += 1
            else:
                failed += 1
    print(f"{passed} passed, {failed} failed", file=out)
    return 1 if failed else 0


def main(argv: list[str] | None = None, out=sys.stdout) -> int:
    parser = argparse.ArgumentParser(description="Real TLS over the certificates of FATE 2.2 bundles.")
    parser.add_argument("--cli", help="the fate-chartgen binary that issues the foreign authority "
                                      "(default: the newer of this repository's target/release and target/debug)")
    parser.add_argument("bundles", nargs="+", metavar="BUNDLE")
    args = parser.parse_args(argv)
    return check_paths(args.bundles, find_cli(args.cli), out)


if __name__ == "__main__":
    sys.exit(main())
