"""Self-tests of check_tls.py: each planted fault (a certificate of a foreign authority, one
naming another address, a PKCS#1 or SEC1 key, the key of another certificate, an expired
certificate, a wrong authority, broken wiring) is found, and a correct set passes. Certificates
are made with openssl in a temporary directory; the handshakes are real.

    python -m unittest discover -s tests/tls -p 'test_*.py'
"""

from __future__ import annotations

import base64
import concurrent.futures
import datetime
import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import check_tls as T  # noqa: E402

DAYS = 365
CA_CONFIG = """
[ ca ]
default_ca = fed
[ fed ]
dir = {dir}
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
email_in_dn = no
[ anything ]
commonName = supplied
organizationName = optional
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, serverAuth, clientAuth
subjectAltName = ${{ENV::SAN}}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def gentime(t: float) -> str:
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y%m%d%H%M%SZ")


class Pki:
    """Authorities and OSX certificates made with openssl, issued like the generator issues
    them (ECDSA P-256, PKCS#8 keys, an IP or DNS SAN, server and client auth, backdated an
    hour) unless a test asks otherwise."""

    def __init__(self, directory: str) -> None:
        self.dir = directory
        self.count = 0

    def path(self, name: str) -> str:
        self.count += 1
        return os.path.join(self.dir, f"{self.count:03d}-{name}")

    def openssl(self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
        p = subprocess.run(["openssl", *args], input=stdin, capture_output=True, text=True, timeout=60,
                           env={**os.environ, **(env or {})})
        if p.returncode != 0:
            raise RuntimeError(f"openssl {' '.join(args)}: {p.stderr}")
        return p.stdout

    def authority(self, name: str = "FATE federation authority") -> tuple[str, str]:
        crt, key = self.path("ca.crt"), self.path("ca.key")
        self.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", key, "-out", crt, "-subj", f"/O=FATE federation/CN={name}", "-days", str(DAYS + 30),
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        return crt, key

    def issue(self, authority: tuple[str, str], subject: str, address: str, days: int = DAYS,
              start: float | None = None, end: float | None = None) -> tuple[str, str]:
        """(certificate path, key path): a P-256 key and a certificate for ``address``."""
        key, csr, crt = self.path("tls.key"), self.path("csr"), self.path("tls.crt")
        self.openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                     "-out", csr, "-subj", f"/O=FATE federation/CN={subject}")
        db = tempfile.mkdtemp(dir=self.dir, prefix="db-")
        open(os.path.join(db, "index.txt"), "w").close()
        with open(os.path.join(db, "serial"), "w") as fh:
            fh.write(secrets.token_hex(8) + "\n")
        cnf = os.path.join(db, "ca.cnf")
        with open(cnf, "w") as fh:
            fh.write(CA_CONFIG.format(dir=db))
        now = time.time()
        start = now - T.BACKDATE_SECONDS if start is None else start
        end = now + days * 86400 if end is None else end
        san = f"IP:{T.norm_host(address)}" if T.is_ip(address) else f"DNS:{address}"
        self.openssl("ca", "-batch", "-config", cnf, "-name", "fed", "-cert", authority[0], "-keyfile", authority[1],
                     "-in", csr, "-out", crt, "-startdate", gentime(start), "-enddate", gentime(end), "-extensions", "leaf",
                     "-notext", env={"SAN": san})
        return crt, key

    def endpoint(self, name: str, address: str, authority: tuple[str, str], cert: tuple[str, str] | None = None,
                 routes: list[T.Route] | None = None) -> T.Endpoint:
        crt, key = cert or self.issue(authority, name, address)
        texts = [read(p) for p in (authority[0], crt, key)]
        return T.write_endpoint(os.path.join(self.dir, f"endpoints-{self.count}"), name, address, *texts, routes or [])

    def sec1(self, key: str) -> str:
        out = self.path("sec1.key")
        with open(out, "w") as fh:
            fh.write(self.openssl("pkey", "-in", key, "-traditional"))
        return out

    def pkcs1_rsa(self) -> str:
        out = self.path("rsa.key")
        with open(out, "w") as fh:
            fh.write(self.openssl("genrsa", "-traditional", "2048"))
        return out


def read(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def child_processes() -> list[str]:
    """Command lines of this process's children (none may be left after a check)."""
    out = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                stat = fh.read()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == os.getpid():
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    out.append(fh.read().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, ValueError, IndexError):
            continue
    return out


@unittest.skipUnless(shutil.which("openssl"), "needs openssl")
class TlsChecks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="check-tls-test-")
        cls.pki = Pki(cls.dir)
        cls.ca = cls.pki.authority()
        cls.other_ca = cls.pki.authority("another authority")
        pki = cls.pki
        cls.party = pki.endpoint("fate-10000", "10.0.0.1", cls.ca)
        cls.exchange = pki.endpoint("fate-exchange", "osx.exchange.example", cls.ca)
        cls.ipv6 = pki.endpoint("fate-9999", "fd00:10:2::10", cls.ca)
        # The same charts under another authority (what a second run of the CLI issues).
        cls.foreign = {ep.name: pki.endpoint(ep.name, ep.address, cls.other_ca)
                       for ep in (cls.party, cls.exchange, cls.ipv6)}
        cls.pool = concurrent.futures.ThreadPoolExecutor(max_workers=8)

    @classmethod
    def tearDownClass(cls):
        cls.pool.shutdown()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def cert(self, ep: T.Endpoint, days: int = DAYS) -> list[str]:
        return T.check_certificate(ep, self.ca[0], days)[0]

    # -- a correct set ------------------------------------------------------------------------

    def test_a_correct_set_passes(self):
        for ep in (self.party, self.exchange, self.ipv6):
            with self.subTest(ep=ep.name):
                problems, note = T.check_certificate(ep, self.ca[0], DAYS)
                self.assertEqual(problems, [])
                self.assertIn("-verify_ip" if T.is_ip(ep.address) else "-verify_hostname", note)
                self.assertEqual(T.check_key(ep), ([], "EC P-256"))
        ca_text, ca_key = read(self.ca[0]), read(self.ca[1])
        work = tempfile.mkdtemp(dir=self.dir)
        self.assertEqual(T.check_authority([self.party, self.exchange, self.ipv6], ca_text, ca_key, True, work)[0], [])
        for client, server in ((self.party, self.exchange), (self.exchange, self.party), (self.party, self.ipv6)):
            with self.subTest(client=client.name, server=server.name):
                ok, refused = T.check_edge(T.Edge(client, server, server.address), self.foreign, self.pool)
                self.assertEqual(ok.problems, [])
                self.assertEqual(refused.problems, [])
                self.assertIn("foreign client", refused.note)
                self.assertIn("foreign server", refused.note)
        self.assertEqual(child_processes(), [])

    def test_both_sides_of_a_good_handshake(self):
        h = T.handshake(T.side(self.exchange), T.side(self.party), self.exchange.address)
        self.assertEqual(h.client_verify, 0)
        self.assertTrue(h.established and h.echoed)
        self.assertEqual(h.peer, T.subject_of(self.party.cert))
        self.assertIn("CN = fate-10000", h.peer)
        # Each refusal on the side that must refuse, for its own reason.
        no_cert = T.handshake(T.side(self.exchange), T.side(self.party, with_cert=False), self.exchange.address)
        self.assertFalse(no_cert.established)
        self.assertIn("peer did not return a certificate", no_cert.server_errors)
        wrong = T.handshake(T.side(self.exchange), T.side(self.party), T.WRONG_NAME)
        self.assertEqual(wrong.client_verify, 62)  # hostname mismatch
        wrong_ip = T.handshake(T.side(self.party), T.side(self.exchange), "10.0.0.2")
        self.assertEqual(wrong_ip.client_verify, 64)  # IP address mismatch
        self.assertEqual(child_processes(), [])

    # -- planted faults -----------------------------------------------------------------------

    def test_certificate_of_a_foreign_authority(self):
        ep = self.pki.endpoint("fate-10000", "10.0.0.1", self.ca, cert=self.pki.issue(self.other_ca, "fate-10000", "10.0.0.1"))
        problems = self.cert(ep)
        self.assertEqual(len(problems), 2, problems)  # as server and as client
        self.assertIn("does not verify as a TLS server for -verify_ip 10.0.0.1 against the authority", problems[0])
        self.assertIn("unable to get local issuer certificate", problems[0])
        ok, _refused = T.check_edge(T.Edge(ep, self.exchange, self.exchange.address), self.foreign, self.pool)
        self.assertTrue(any("the server refused the client" in p for p in ok.problems), ok.problems)
        ok, _refused = T.check_edge(T.Edge(self.exchange, ep, ep.address), self.foreign, self.pool)
        self.assertTrue(any("the client does not accept the server (verify return code 20)" in p for p in ok.problems), ok.problems)

    def test_certificate_naming_another_address(self):
        for address, other, option in (("10.0.0.1", "10.0.0.9", "-verify_ip 10.0.0.1"),
                                       ("fd00:10:2::10", "fd00:10:2::11", "-verify_ip fd00:10:2::10"),
                                       ("osx.exchange.example", "osx.other.example", "-verify_hostname osx.exchange.example")):
            with self.subTest(address=address):
                ep = self.pki.endpoint("x", address, self.ca, cert=self.pki.issue(self.ca, "x", other))
                problems = self.cert(ep)
                self.assertEqual(len(problems), 2, problems)
                self.assertIn(f"does not verify as a TLS server for {option}", problems[0])
                self.assertIn("mismatch", problems[0])
                ok, _r = T.check_edge(T.Edge(self.party, ep, address), self.foreign, self.pool)
                self.assertTrue(any("verify return code 6" in p for p in ok.problems), ok.problems)

    def test_pkcs1_and_sec1_keys(self):
        crt, key = self.pki.issue(self.ca, "fate-10000", "10.0.0.1")
        sec1 = self.pki.endpoint("fate-10000", "10.0.0.1", self.ca, cert=(crt, self.pki.sec1(key)))
        problems, _kind = T.check_key(sec1)
        self.assertEqual(problems, ["the key is a SEC1 EC key (BEGIN EC PRIVATE KEY): OSX's netty reads only "
                                    "unencrypted PKCS#8 (BEGIN PRIVATE KEY)"])
        rsa = self.pki.endpoint("fate-10000", "10.0.0.1", self.ca, cert=(crt, self.pki.pkcs1_rsa()))
        problems, _kind = T.check_key(rsa)
        self.assertTrue(any("a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY)" in p for p in problems), problems)
        self.assertTrue(any("not ECDSA P-256" in p for p in problems), problems)
        self.assertTrue(any("is not the certificate's" in p for p in problems), problems)

    def test_key_of_another_certificate(self):
        crt, _key = self.pki.issue(self.ca, "fate-10000", "10.0.0.1")
        _crt, other_key = self.pki.issue(self.ca, "fate-9999", "10.0.0.2")
        ep = self.pki.endpoint("fate-10000", "10.0.0.1", self.ca, cert=(crt, other_key))
        self.assertEqual(T.check_key(ep)[0], ["the key is not the certificate's: their public keys differ"])
        self.assertEqual(self.cert(ep), [])  # the certificate itself is fine
        ok, refused = T.check_edge(T.Edge(self.exchange, ep, ep.address), self.foreign, self.pool)
        self.assertTrue(any("s_server did not start" in p for p in ok.problems), ok.problems)
        ok, _refused = T.check_edge(T.Edge(ep, self.exchange, self.exchange.address), self.foreign, self.pool)
        self.assertNotEqual(ok.problems, [])  # as a client it cannot prove its certificate either
        self.assertEqual(child_processes(), [])

    def test_expired_certificate(self):
        now = time.time()
        ep = self.pki.endpoint("fate-10000", "10.0.0.1", self.ca,
                               cert=self.pki.issue(self.ca, "fate-10000", "10.0.0.1", start=now - 40 * 86400, end=now - 86400))
        problems = self.cert(ep)
        self.assertTrue(any("certificate has expired" in p for p in problems), problems)
        self.assertTrue(any(p.startswith("expired on ") for p in problems), problems)
        ok, _r = T.check_edge(T.Edge(self.party, ep, ep.address), self.foreign, self.pool)
        self.assertTrue(any("verify return code 10" in p for p in ok.problems), ok.problems)  # certificate has expired

    def test_validity_other_than_validity_days(self):
        ep = self.pki.endpoint("fate-10000", "10.0.0.1", self.ca, cert=self.pki.issue(self.ca, "fate-10000", "10.0.0.1", days=30))
        problems = self.cert(ep, DAYS)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("valid for 30.042 days", problems[0])
        self.assertIn(f"expected validityDays {DAYS} plus the hour", problems[0])
        self.assertEqual(self.cert(ep, 30), [])

    def test_a_certificate_that_outlives_its_authority(self):
        ep = self.pki.endpoint("fate-10000", "10.0.0.1", self.ca, cert=self.pki.issue(self.ca, "fate-10000", "10.0.0.1", days=DAYS + 60))
        self.assertTrue(any("outlives its authority" in p for p in self.cert(ep, DAYS + 60)))

    def test_authority_faults(self):
        ca_text, ca_key = read(self.ca[0]), read(self.ca[1])
        other = self.foreign["fate-exchange"]
        work = tempfile.mkdtemp(dir=self.dir)
        problems, _ = T.check_authority([self.party, other], ca_text, ca_key, True, work)
        self.assertEqual(problems, ["fate-exchange: osx.tls.ca is not the authority of tls/ca.crt"])
        problems, _ = T.check_authority([self.party], ca_text, None, True, work)
        self.assertEqual(problems, ["the bundle has no tls/ca.key (the authority's key, to issue certificates later)"])
        problems, _ = T.check_authority([self.party], None, ca_key, False, work)
        self.assertEqual(problems, ["a per-party bundle holds tls/ca.key: the authority's key belongs to the full bundle only"])
        self.assertEqual(T.check_authority([self.party], None, None, False, work)[0], [])
        wrong_key = read(self.other_ca[1])
        problems, _ = T.check_authority([self.party], ca_text, wrong_key, True, work)
        self.assertEqual(problems, ["tls/ca.key is not the key of the authority's certificate"])
        sec1 = read(self.pki.sec1(self.ca[1]))
        problems, _ = T.check_authority([self.party], ca_text, sec1, True, work)
        self.assertEqual(problems, ["tls/ca.key is a SEC1 EC key (BEGIN EC PRIVATE KEY), not PKCS#8 (BEGIN PRIVATE KEY)"])
        # An end-entity certificate as the authority.
        leaf_as_ca = self.pki.endpoint("p", "10.0.0.1", (self.party.cert, self.ca[1]), cert=(self.party.cert, self.party.key))
        problems, _ = T.check_authority([leaf_as_ca], None, None, False, work)
        self.assertIn("the authority's certificate is not a CA (basicConstraints CA:TRUE)", problems)

    def test_refusals_that_do_not_happen_are_found(self):
        # "Foreign" certificates from the federation's own authority are accepted: found.
        same = {ep.name: self.pki.endpoint(ep.name, ep.address, self.ca) for ep in (self.party, self.exchange)}
        _ok, refused = T.check_edge(T.Edge(self.party, self.exchange, self.exchange.address), same, self.pool)
        self.assertIn("a client certificate of a foreign authority: the server accepted it", refused.problems[0])
        self.assertIn("a server certificate of a foreign authority: the client accepted the server", refused.problems[1])
        # A server that does not ask for client certificates, or a client that skips the name.
        accepted = T.Handshake(client_verify=0, echoed=True, established=True, peer=None)
        self.assertIn("the server accepted it", T.judge_refused_by_server(accepted, "peer did not return a certificate", "no cert")[0])
        self.assertIn("the client accepted the server", T.judge_refused_by_client(accepted, "wrong name", T.NAME_MISMATCH)[0])
        other_reason = T.Handshake(client_verify=20, server_errors="...:error:0A000418:SSL routines::tlsv1 alert unknown ca")
        self.assertIn("not for the expected reason", T.judge_refused_by_server(other_reason, "peer did not return a certificate", "x")[0])
        self.assertIn("expected [62, 64]", T.judge_refused_by_client(other_reason, "x", T.NAME_MISMATCH)[0])
        # No foreign material at all: said, not skipped.
        _ok, refused = T.check_edge(T.Edge(self.party, self.exchange, self.exchange.address), None, self.pool)
        self.assertEqual(len(refused.problems), 2, refused.problems)
        self.assertIn("the foreign client was not tried", refused.problems[0])

    def test_accepted_handshake_needs_both_sides(self):
        subject = "O = FATE federation, CN = fate-10000"
        self.assertEqual(T.judge_accepted(T.Handshake(client_verify=0, echoed=True, established=True, peer=subject), subject), [])
        no_peer = T.judge_accepted(T.Handshake(client_verify=0, echoed=True, established=True, peer=None), subject)
        self.assertIn("the server did not get the client's certificate", no_peer[0])
        other = T.judge_accepted(T.Handshake(client_verify=0, echoed=True, established=True, peer="CN = x"), subject)
        self.assertIn("the server did not get the client's certificate", other[0])
        no_data = T.judge_accepted(T.Handshake(client_verify=0, echoed=False, established=True, peer=subject), subject)
        self.assertIn("no data came back", no_data[0])

    def test_routes_to_no_chart(self):
        a = T.Endpoint("fate-1", "10.0.0.1", "", "", "", [T.Route("default", "10.0.0.4", 30000)])
        b = T.Endpoint("fate-exchange", "10.0.0.4", "", "", "", [T.Route("1", "10.0.0.1", 30001), T.Route("2", "10.0.0.2", 30002)])
        c = T.Endpoint("fate-3", "FD00::0:10", "", "", "", [T.Route("default", "[fd00::10]", 30000)])  # itself
        edges, missing = T.edges_of([a, b, c])
        self.assertEqual([(e.client.name, e.server.name, e.dial) for e in edges],
                         [("fate-1", "fate-exchange", "10.0.0.4"), ("fate-exchange", "fate-1", "10.0.0.1")])
        self.assertEqual(len(missing), 2, missing)
        self.assertIn("route 2 → 10.0.0.2:30002 leads to no chart", missing[0])

    def test_name_options(self):
        self.assertEqual(T.name_args("10.0.0.1"), ["-verify_ip", "10.0.0.1"])
        self.assertEqual(T.name_args("[fd00::10]"), ["-verify_ip", "fd00::10"])
        self.assertEqual(T.name_args("Fate.Example."), ["-verify_hostname", "fate.example"])


def rendered(broker: str, routes: dict, secret: dict[str, str] | None, mount: str = "/data/projects/fate/osx/conf/tls") -> list[dict]:
    """The objects of a chart's OSX: ConfigMap, Secret, Deployment."""
    objects = [
        {"kind": "ConfigMap", "metadata": {"name": "osx-config"},
         "data": {"broker.properties": broker, "route_table.json": json.dumps(routes)}},
        {"kind": "Deployment", "metadata": {"name": "osx"}, "spec": {"template": {"spec": {
            "containers": [{"name": "osx", "workingDir": "/data/projects/fate/osx",
                            "volumeMounts": [{"name": "osx-tls", "mountPath": mount, "readOnly": True}]}],
            "volumes": [{"name": "osx-tls", "secret": {"secretName": "osx-tls"}}]}}}},
    ]
    if secret is not None:
        objects.append({"kind": "Secret", "metadata": {"name": "osx-tls"},
                        "data": {k: base64.b64encode(v.encode()).decode() for k, v in secret.items()}})
    return objects


class Wiring(unittest.TestCase):
    TLS = "/data/projects/fate/osx/conf/tls"
    PEM = {"ca": "-----BEGIN CERTIFICATE-----\nQUFB\n-----END CERTIFICATE-----\n",
           "cert": "-----BEGIN CERTIFICATE-----\nQkJC\n-----END CERTIFICATE-----\n",
           "key": "-----BEGIN PRIVATE KEY-----\nQ0ND\n-----END PRIVATE KEY-----\n"}

    def broker(self, **override):
        props = {"grpc.port": "9370", "open.grpc.tls.server": "true", "grpc.tls.port": "9371",
                 "grpc.server.cert.chain.file": f"{self.TLS}/tls.crt", "grpc.server.private.key.file": f"{self.TLS}/tls.key",
                 "grpc.server.ca.file": f"{self.TLS}/ca.crt", "grpc.ssl.open.client.validate": "true", **override}
        return "".join(f"{k}={v}\n" for k, v in props.items() if v is not None)

    def routes(self, **override):
        remote = {"ip": "192.168.11.4", "port": 30000, "useSSL": True, "caFile": f"{self.TLS}/ca.crt",
                  "certChainFile": f"{self.TLS}/tls.crt", "privateKeyFile": f"{self.TLS}/tls.key", **override}
        remote = {k: v for k, v in remote.items() if v is not None}
        return {"route_table": {"10000": {"fateflow": [{"ip": "fateflow", "port": 9360}]}, "default": {"default": [remote]}},
                "self_party": ["10000"]}

    def secret(self):
        return {"ca.crt": self.PEM["ca"], "tls.crt": self.PEM["cert"], "tls.key": self.PEM["key"]}

    def test_correct_wiring(self):
        problems, files, routes = T.check_wiring(rendered(self.broker(), self.routes(), self.secret()), self.PEM)
        self.assertEqual(problems, [])
        self.assertEqual(files, self.PEM)
        self.assertEqual([(r.party, r.ip, r.port) for r in routes], [("default", "192.168.11.4", 30000)])
        # Relative paths are from OSX's working directory.
        relative = self.broker(**{"grpc.server.ca.file": "conf/tls/ca.crt"})
        self.assertEqual(T.check_wiring(rendered(relative, self.routes(), self.secret()), self.PEM)[0], [])

    def test_faults(self):
        cases = [
            (rendered(self.broker(**{"grpc.ssl.open.client.validate": None}), self.routes(), self.secret()),
             "broker.properties: grpc.ssl.open.client.validate is None, expected 'true'"),
            (rendered(self.broker(**{"grpc.server.private.key.file": f"{self.TLS}/tls.crt"}), self.routes(), self.secret()),
             "broker.properties: grpc.server.private.key.file is '/data/projects/fate/osx/conf/tls/tls.crt', not the Secret's"),
            (rendered(self.broker(), self.routes(privateKeyFile=None), self.secret()),
             "no privateKeyFile: with useSSL but not all of caFile, certChainFile and privateKeyFile"),
            (rendered(self.broker(), self.routes(useSSL=None), self.secret()), "useSSL is None, not true"),
            (rendered(self.broker(), self.routes(caFile="/etc/ca.crt"), self.secret()), "caFile is /etc/ca.crt, not the Secret's"),
            (rendered(self.broker(), self.routes(), None), "no Secret osx-tls is rendered"),
            (rendered(self.broker(), self.routes(), {**self.secret(), "tls.crt": self.PEM["ca"]}),
             "Secret osx-tls tls.crt is not values.yaml's osx.tls.cert"),
        ]
        own_tls = self.routes()
        own_tls["route_table"]["10000"]["fateflow"][0]["useSSL"] = True
        cases.append((rendered(self.broker(), own_tls, self.secret()), "the own party's hop uses TLS"))
        for objects, found in cases:
            with self.subTest(found=found):
                problems = T.check_wiring(objects, self.PEM)[0]
                self.assertTrue(any(found in p for p in problems), problems)


@unittest.skipUnless(shutil.which("openssl") and T.find_cli(None), "needs openssl and a built fate-chartgen")
class Bundles(unittest.TestCase):
    """check_tls.py over bundles the CLI generates (real Helm render through helm_python)."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="check-tls-bundles-")
        cls.cli = T.find_cli(None)
        cls.config = os.path.join(T.REPO, "tests", "matrix", "fate22-tls-exchange.yaml")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def generate(self, out, *args):
        subprocess.run([self.cli, "generate", self.config, "-o", out, *args], check=True, capture_output=True, timeout=120)
        return out

    def run_check(self, *paths):
        out = io.StringIO()
        code = T.main(["--cli", self.cli, *paths], out=out)
        return code, out.getvalue()

    def test_a_generated_bundle_passes_and_a_planted_certificate_fails(self):
        bundle = self.generate(os.path.join(self.dir, "ok"))
        code, text = self.run_check(bundle)
        self.assertEqual(code, 0, text)
        self.assertIn("handshake→fate-exchange ok", text)
        self.assertIn("1 passed, 0 failed", text)
        # The exchange's certificate and key from another run: another authority.
        other = self.generate(os.path.join(self.dir, "other"))
        values = os.path.join(bundle, "fate-exchange", "values.yaml")
        theirs = T.yaml.safe_load(read(os.path.join(other, "fate-exchange", "values.yaml")))["osx"]["tls"]
        text_in = read(values)
        ours = T.yaml.safe_load(text_in)["osx"]["tls"]
        # values.yaml writes a PEM text as a literal block: its lines, each indented alike.
        for role in ("cert", "key"):
            first = ours[role].splitlines()[0]
            indent = text_in[: text_in.index(first)].rsplit("\n", 1)[1]
            block = lambda pem: "".join(indent + line + "\n" for line in pem.splitlines())
            self.assertIn(block(ours[role]), text_in)
            text_in = text_in.replace(block(ours[role]), block(theirs[role]))
        with open(values, "w") as fh:
            fh.write(text_in)
        code, text = self.run_check(bundle)
        self.assertEqual(code, 1, text)
        self.assertIn("fate-exchange    certificate        FAIL", text)
        self.assertIn("fate-exchange: does not verify as a TLS server for -verify_ip 192.168.11.4 against the authority: "
                      "error 20 at 0 depth lookup: unable to get local issuer certificate", text)
        self.assertIn("fate-10000       handshake→fate-exchange FAIL", text)
        self.assertIn("0 passed, 1 failed", text)
        self.assertEqual(child_processes(), [])

    def test_per_party_bundles_together_and_a_bundle_without_tls(self):
        parties = self.generate(os.path.join(self.dir, "per-party"), "--per-party")
        zips = sorted(os.path.join(parties, z) for z in os.listdir(parties))
        code, text = self.run_check(*zips)
        self.assertEqual(code, 0, text)
        self.assertIn("== federation of ", text)
        self.assertIn("fate-exchange    handshake→fate-9999 ok", text)
        self.assertIn(f"{len(zips) + 1} passed, 0 failed", text)
        plain = os.path.join(self.dir, "plain")
        subprocess.run([self.cli, "generate", os.path.join(T.REPO, "tests", "matrix", "fate22-exchange.yaml"), "-o", plain],
                       check=True, capture_output=True, timeout=120)
        code, text = self.run_check(plain)
        self.assertEqual(code, 1)
        self.assertIn("tls.enabled is not true", text)


if __name__ == "__main__":
    unittest.main()
