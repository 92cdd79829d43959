"""Self-tests of checks/structure.py, checks/config.py and checks/bundle.py's scope: SHA256SUMS,
the config document (with tls), the bundle layout (with the TLS authority's files), per-party scope.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import yaml  # noqa: E402

from checks.bundle import is_full_scope, scope_of  # noqa: E402
from checks.contract import OSX_TLS, tls_facts  # noqa: E402
from checks.config import normalize_config  # noqa: E402
from checks.parsing import load_config_yaml  # noqa: E402
from checks.routes import check_routes  # noqa: E402
from checks.structure import BUNDLE_TOP_FILES, check_sha256sums, check_structure  # noqa: E402
from synthetic import (FATE2, TLS_CA, TLS_CA_KEY, Base, PASSWORDS, PASSWORDS_2, bundle_files,  # noqa: E402
                       fake_pem, make_config, make_raw_config, party_of, sums_for,
                       tables_for)


class Sha256SumsTest(Base):
    def setUp(self):
        self.files = {"federation.yaml": b"version: 1\n", "fate-10000/values.yaml": b"partyId: '10000'\n"}
        self.files["SHA256SUMS"] = sums_for(self.files)

    def test_correct(self):
        self.assertClean(check_sha256sums(self.files))

    def test_modified_file(self):
        self.files["fate-10000/values.yaml"] = b"partyId: '10001'\n"
        self.assertFinds(check_sha256sums(self.files), "checksum of fate-10000/values.yaml does not match")

    def test_unlisted_file(self):
        self.files["fate-10000/templates/extra.yaml"] = b"{}"
        self.assertFinds(check_sha256sums(self.files), "does not list fate-10000/templates/extra.yaml")

    def test_listed_but_missing(self):
        del self.files["federation.yaml"]
        self.assertFinds(check_sha256sums(self.files), "lists federation.yaml, which is not in the bundle")

    def test_binary_marker_and_missing_sums(self):
        self.files["SHA256SUMS"] = self.files["SHA256SUMS"].replace(b"  fate", b" *fate")
        self.assertClean(check_sha256sums(self.files))
        del self.files["SHA256SUMS"]
        self.assertFinds(check_sha256sums(self.files), "SHA256SUMS is missing")


class ConfigTest(Base):
    def test_party_id_digits_survive_yaml(self):
        raw = load_config_yaml("version: 1\nparties:\n- {id: 0000, address: a, nodePort: 30001}\n")
        config, problems = normalize_config(raw)
        self.assertClean(problems)
        self.assertEqual(config["parties"][0]["id"], "0000")
        self.assertEqual(config["parties"][0]["release"], "fate-0000")

    def test_defaults(self):
        config = make_config(eggs=2)
        p = party_of(config, "10000")
        self.assertEqual(p["namespace"], "fate-10000")
        self.assertEqual(p["eggs"], ["egg0", "egg1"])
        self.assertEqual(config["images"]["tag"], "1.2.0-release")
        self.assertEqual(config["exchange"]["namespace"], "fate-exchange")

    def test_fate_lines(self):
        for version, line in ((None, "1.x"), ("1.2.0", "1.x"), ("1.3.0", "1.x"), ("2.2.0", "2.x")):
            raw = {"version": 1, "parties": [{"id": "1", "address": "h", "nodePort": 30010}],
                   "exchange": {"address": "x", "nodePort": 30000}}
            if version:
                raw["fateVersion"] = version
            config, problems = normalize_config(raw)
            with self.subTest(fateVersion=version):
                self.assertClean(problems)
                self.assertEqual(config["line"], line)
                for holder in (config["parties"][0], config["exchange"], config["images"]):
                    self.assertEqual(holder["line"], line)
        _, problems = normalize_config({"version": 1, "fateVersion": "2.1.0",
                                        "parties": [{"id": "1", "address": "h", "nodePort": 30010}]})
        self.assertFinds(problems, "fateVersion '2.1.0' is not 1.2.0, 1.3.0 or 2.2.0")

    def test_fate2_defaults(self):
        config = make_config(fate_version=FATE2, eggs=2)
        self.assertEqual(party_of(config, "10000")["eggs"], ["nodemanager-0", "nodemanager-1"])
        self.assertEqual(config["images"]["tag"], "", "2.x: no images.tag means each image's release tag")
        self.assertEqual(make_config(fate_version=FATE2, tag="2.2.1-custom")["images"]["tag"], "2.2.1-custom")
        self.assertEqual(make_config(eggs=2)["images"]["tag"], "1.2.0-release")
        raw = {"version": 1, "fateVersion": "2.2.0", "placement": {"eggs": ["a", "b", "c"]},
               "parties": [{"id": "1", "address": "h", "nodePort": 30010, "placement": {"eggs": [""]}},
                           {"id": "2", "address": "i", "nodePort": 30010}]}
        config, problems = normalize_config(raw)
        self.assertClean(problems)
        self.assertEqual([p["eggs"] for p in config["parties"]],
                         [["nodemanager-0"], ["nodemanager-0", "nodemanager-1", "nodemanager-2"]])

    def test_fate2_cannot(self):
        raw = {"version": 1, "fateVersion": "2.2.0", "target": "helm2",
               "parties": [{"id": "1", "address": "h", "dmz": {"host": "d", "port": 9370, "federationNodePort": 30394,
                                                               "fateflowNodePort": 30360}}]}
        _, problems = normalize_config(raw)
        self.assertFinds(problems, "federation.yaml: target helm2 is not for FATE 2.2.0 (its charts are for helm3)",
                         "federation.yaml: party 1 has a dmz, but FATE 2.2.0 cannot run a party's proxy outside its cluster")
        raw["fateVersion"] = "1.2.0"
        self.assertClean(normalize_config(raw)[1])

    def test_node_port_clash_and_range(self):
        raw = {"version": 1, "parties": [{"id": "1", "address": "h", "nodePort": 30010},
                                         {"id": "2", "address": "H", "nodePort": 30010},
                                         {"id": "3", "address": "x", "nodePort": 8080}]}
        _, problems = normalize_config(raw)
        self.assertFinds(problems, "party 2 nodePort H:30010 is also used by party 1 nodePort",
                         "party 3 nodePort 8080 is outside the NodePort range")

    def test_structure(self):
        config = make_config(dmz_party="9999")
        files = {f: b"" for f in BUNDLE_TOP_FILES}
        for chart in ("fate-10000", "fate-9999", "fate-exchange"):
            files.update({f"{chart}/Chart.yaml": b"apiVersion: v2\nname: x\nversion: 1.2.0\n",
                          f"{chart}/values.yaml": b"", f"{chart}/values.schema.json": b"{}",
                          f"{chart}/templates/a.yaml": b""})
        files["dmz-9999/docker-compose.yml"] = b""
        values = {"fate-10000": {"partyId": "10000", "credentials": dict(PASSWORDS)},
                  "fate-9999": {"partyId": "9999", "credentials": {"existingSecret": "my-creds"}}}
        self.assertClean(check_structure(files, config, values))
        values["fate-10000"]["credentials"]["redisPassword"] = ""
        self.assertFinds(check_structure(files, config, values), "fate-10000: values.yaml credentials.redisPassword is empty")
        files["fate-8888/Chart.yaml"] = b""
        del files["dmz-9999/docker-compose.yml"]
        values["fate-10000"]["partyId"] = 10000
        self.assertFinds(check_structure(files, config, values), "fate-8888/ is not in federation.yaml",
                         "directory dmz-9999/ is missing", "partyId is 10000, expected the string '10000'")


    def test_structure_fate2_credentials(self):
        config = make_config(fate_version=FATE2)
        files = {f: b"" for f in BUNDLE_TOP_FILES}
        for chart in ("fate-10000", "fate-9999", "fate-exchange"):
            files.update({f"{chart}/Chart.yaml": b"apiVersion: v2\nname: x\nversion: 2.2.0\n",
                          f"{chart}/values.yaml": b"", f"{chart}/values.schema.json": b"{}",
                          f"{chart}/templates/a.yaml": b""})
        values = {"fate-10000": {"partyId": "10000", "credentials": dict(PASSWORDS_2)},
                  "fate-9999": {"partyId": "9999", "credentials": {"existingSecret": "my-creds"}}}
        self.assertClean(check_structure(files, config, values))
        values["fate-10000"]["credentials"]["fateboardPassword"] = ""
        problems = check_structure(files, config, values)
        self.assertFinds(problems, "fate-10000: values.yaml credentials.fateboardPassword is empty")
        self.assertNotIn("redisPassword", "\n".join(problems), "2.x has no redis")


class ScopedBundleTest(Base):
    """Per-party bundles (provenance.json scope) hold one party; what they hold is still checked."""

    def test_scope_filters_expected_directories(self):
        config = make_config(dmz_party="9999")
        in_scope = scope_of({"scope": {"kind": "party", "party": "9999"}})
        files = {f: b"" for f in BUNDLE_TOP_FILES}
        files.update({"fate-9999/Chart.yaml": b"apiVersion: v2\nname: x\nversion: 1.2.0\n",
                      "fate-9999/values.yaml": b"", "fate-9999/values.schema.json": b"{}",
                      "fate-9999/templates/a.yaml": b"", "dmz-9999/docker-compose.yml": b""})
        values = {"fate-9999": {"partyId": "9999", "credentials": dict(PASSWORDS)}}
        self.assertClean(check_structure(files, config, values, in_scope))
        del files["dmz-9999/docker-compose.yml"]
        self.assertFinds(check_structure(files, config, values, in_scope), "directory dmz-9999/ is missing")
        files["fate-10000/Chart.yaml"] = b""
        self.assertFinds(check_structure(files, config, values, in_scope), "fate-10000/ is not in federation.yaml")

    def test_scoped_routes_trust_other_bundles_but_check_their_own(self):
        config = make_config()
        tables = tables_for(config)
        only_10000 = scope_of({"scope": {"kind": "party", "party": "10000"}})
        scoped = {"fate-10000": tables["fate-10000"]}
        self.assertClean(check_routes(config, scoped, only_10000))
        scoped["fate-10000"]["default"] = {"default": [{"ip": "192.168.11.99", "port": 30000}]}
        self.assertFinds(check_routes(config, scoped, only_10000),
                         "route party 10000 -> party 9999 (role fate): dead end at party 10000")
        exchange_only = scope_of({"scope": {"kind": "exchange"}})
        self.assertClean(check_routes(config, {"fate-exchange": tables["fate-exchange"]}, exchange_only))
        broken = {"fate-exchange": dict(tables["fate-exchange"])}
        del broken["fate-exchange"]["9999"]
        self.assertFinds(check_routes(config, broken, exchange_only), "route exchange -> party 9999")


class TlsConfigTest(Base):
    """federation.yaml's tls: normalised, carried by each party and the exchange, FATE 2.2 only."""

    def test_defaults_and_holders(self):
        config = make_config(fate_version=FATE2, tls=True)
        self.assertEqual(config["tls"], {"enabled": True, "validityDays": 365})
        self.assertTrue(all(p["tls"] for p in config["parties"]) and config["exchange"]["tls"])
        self.assertIs(tls_facts(config), OSX_TLS)
        self.assertIs(tls_facts(config["exchange"]), OSX_TLS)
        plain = make_config(fate_version=FATE2)
        self.assertEqual(plain["tls"], {"enabled": False, "validityDays": 365})
        self.assertIsNone(tls_facts(plain))
        self.assertIsNone(tls_facts(party_of(plain, "10000")))
        self.assertIsNone(tls_facts(make_config()))

    def test_problems(self):
        raw = make_raw_config(tls=True)  # FATE 1.2.0
        _, problems = normalize_config(raw)
        self.assertFinds(problems, "federation.yaml: tls.enabled, but FATE 1.2.0 has no TLS between its proxies "
                                   "(only 2.2.0)")
        raw = make_raw_config(fate_version=FATE2)
        raw["tls"] = {"enabled": "yes", "validityDays": 0}
        self.assertFinds(normalize_config(raw)[1], "tls.enabled is 'yes', expected true or false",
                         "tls.validityDays 0 is not 1 to 3650 days")
        raw["tls"] = {"enabled": True, "validityDays": 3650}
        self.assertClean(normalize_config(raw)[1])


class TlsStructureTest(Base):
    """The full bundle with TLS holds tls/ca.crt (and tls/ca.key); nothing else does."""

    def setUp(self):
        self.raw = make_raw_config(fate_version=FATE2, tls=True)
        self.config = make_config(fate_version=FATE2, tls=True)
        self.files = bundle_files(self.raw)
        self.values = {p.split("/", 1)[0]: yaml.safe_load(b) for p, b in self.files.items()
                       if p.endswith("/values.yaml") and p.count("/") == 1}

    def structure(self, config=None, full=True, in_scope=lambda d: True):
        return check_structure(self.files, config or self.config, self.values, in_scope, full)

    def test_correct(self):
        self.assertClean(self.structure())
        self.assertClean(check_sha256sums(self.files))
        del self.files["tls/ca.key"]  # a given authority without its key: no tls/ca.key
        self.assertClean(self.structure())

    def test_sha256sums_cover_the_authority(self):
        self.files["SHA256SUMS"] = b"".join(line + b"\n" for line in self.files["SHA256SUMS"].splitlines()
                                            if not line.endswith(b"tls/ca.key"))
        self.files["tls/ca.crt"] += b"\n"
        self.assertFinds(check_sha256sums(self.files), "SHA256SUMS does not list tls/ca.key",
                         "SHA256SUMS: checksum of tls/ca.crt does not match its content")

    def test_layout(self):
        del self.files["tls/ca.crt"]
        self.files["tls/ca.srl"] = b"01\n"
        problems = self.structure()
        self.assertFinds(problems, "bundle: tls/ca.crt is missing (the federation authority's certificate)",
                         "bundle: tls/ca.srl is unexpected (the full bundle's tls/ holds ca.crt and ca.key)")
        self.assertNotIn("directory tls/", "\n".join(problems), "tls/ is no chart directory")

    def test_armour(self):
        self.files["tls/ca.crt"] = b"MIIBvDCCAWKgAwIBAgIQ\n"
        self.files["tls/ca.key"] = (TLS_CA_KEY + fake_pem("PRIVATE KEY", "second")).encode()
        self.assertFinds(self.structure(), "tls/ca.crt: is not PEM (no -----BEGIN CERTIFICATE----- block)",
                         "tls/ca.key: holds 2 PRIVATE KEY blocks, expected one")
        self.files["tls/ca.crt"], self.files["tls/ca.key"] = TLS_CA_KEY.encode(), TLS_CA.encode()
        self.assertFinds(self.structure(), "tls/ca.crt: holds a PRIVATE KEY block, expected CERTIFICATE",
                         "tls/ca.key: holds a CERTIFICATE block, expected PRIVATE KEY")

    def test_per_party_bundle_has_no_tls_dir(self):
        only = scope_of({"scope": {"kind": "party", "party": "10000"}})
        self.files = {p: b for p, b in self.files.items() if not p.startswith(("fate-9999/", "fate-exchange/"))}
        self.values = {"fate-10000": self.values["fate-10000"]}
        self.assertFinds(self.structure(full=False, in_scope=only),
                         "bundle: tls/ca.crt is only in the full bundle, not in a per-party one",
                         "bundle: tls/ca.key is only in the full bundle")
        del self.files["tls/ca.crt"], self.files["tls/ca.key"]
        self.assertClean(self.structure(full=False, in_scope=only))

    def test_no_tls_dir_without_tls(self):
        plain = make_config(fate_version=FATE2)
        self.values = {c: dict(v, osx={"tls": {"enabled": False, "ca": "", "cert": "", "key": ""}})
                       for c, v in self.values.items()}
        self.assertFinds(self.structure(plain), "bundle: tls/ca.crt is there, but federation.yaml has no tls.enabled")
        self.files["tls/ca.crt"] = b""
        one = make_config()  # 1.x: tls/ is a stale directory like any other
        self.assertFinds(check_structure(self.files, one, {}), "bundle: directory tls/ is not in federation.yaml")

    def test_values_and_authority(self):
        self.values["fate-9999"]["osx"]["tls"]["enabled"] = False
        self.values["fate-exchange"]["osx"]["tls"]["ca"] = fake_pem("CERTIFICATE", "other authority")
        self.assertFinds(self.structure(), "fate-9999: values.yaml osx.tls.enabled is False, expected true",
                         "fate-exchange: values.yaml osx.tls.ca is not the bundle's tls/ca.crt")

    def test_federation_yaml_carries_no_certificates(self):
        raw = dict(self.raw, certificates={"authority": {"cert": TLS_CA}})
        config, _ = normalize_config(raw)
        self.assertFinds(self.structure(config), "federation.yaml: carries certificates (the bundle's copy must have none")

    def test_full_scope(self):
        self.assertTrue(is_full_scope(None))
        self.assertTrue(is_full_scope({"scope": {"kind": "all"}}))
        self.assertFalse(is_full_scope({"scope": {"kind": "party", "party": "10000"}}))
        self.assertFalse(is_full_scope({"scope": {"kind": "exchange"}}))


if __name__ == "__main__":
    unittest.main()
