"""Self-tests of checks/structure.py, checks/config.py and checks/bundle.py's scope: SHA256SUMS,
the config document, the bundle layout, per-party scope.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.bundle import scope_of  # noqa: E402
from checks.config import normalize_config  # noqa: E402
from checks.parsing import load_config_yaml  # noqa: E402
from checks.routes import check_routes  # noqa: E402
from checks.structure import BUNDLE_TOP_FILES, check_sha256sums, check_structure  # noqa: E402
from synthetic import (FATE2, Base, PASSWORDS, PASSWORDS_2, make_config, party_of, sums_for,  # noqa: E402
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


if __name__ == "__main__":
    unittest.main()
