"""End to end: a synthetic bundle of static charts through the real helm_python and the CLI
(check_bundle.py); skipped when helm_python / kubernetes_validate are not importable.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import check_bundle  # noqa: E402
from synthetic import (TLS_CA_KEY, Base, HAVE_TOOLS, PASSWORDS, PASSWORDS_2, REGISTRY, read_yaml,  # noqa: E402
                       refresh_sums, tls_pair, write_bundle, write_yaml, zip_dir)


@unittest.skipUnless(HAVE_TOOLS, "helm_python / kubernetes_validate not importable")
class EndToEndTest(Base):
    RAW = {
        "version": 1,
        "fateVersion": "1.2.0",
        "parties": [
            {"id": "10000", "address": "192.168.11.2", "nodePort": 30010},
            {"id": "9999", "address": "192.168.11.3",
             "dmz": {"host": "10.0.13.1", "port": 9370, "federationNodePort": 30394, "fateflowNodePort": 30360}},
        ],
        "exchange": {"address": "192.168.11.4", "nodePort": 30000},
        "images": {"registry": REGISTRY},
    }

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="check_bundle_test_")
        self.root = os.path.join(self.tmp, "bundle")
        write_bundle(self.root, self.RAW)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_cli(self, *paths: str) -> tuple[int, str]:
        out = io.StringIO()
        rc = check_bundle.main(list(paths), out=out)
        return rc, out.getvalue()

    def test_good_bundle_dir_and_zip(self):
        zipped = os.path.join(self.tmp, "bundle.zip")
        zip_dir(self.root, zipped)
        nested = os.path.join(self.tmp, "nested.zip")
        zip_dir(self.root, nested, prefix="fate-bundle/")
        rc, out = self.run_cli(self.root, zipped, nested)
        self.assertEqual(rc, 0, out)
        self.assertTrue(out.rstrip().endswith("\n3 passed, 0 failed"), out)
        for line in ("fate-10000       lint               ok", "fate-exchange    schema             ok",
                     "dmz-9999         dmz                ok", "network          routes             ok"):
            self.assertIn(line, out)

    def test_planted_problems_fail_the_bundle(self):
        good = os.path.join(self.tmp, "good")
        shutil.copytree(self.root, good)
        # a password in a rendered ConfigMap, a selector mismatch, and the exchange forgetting a party
        cm = os.path.join(self.root, "fate-10000", "templates", "configmap-roll-config.yaml")
        doc = read_yaml(cm)
        doc["data"]["roll.properties"] += f"x={PASSWORDS['redisPassword']}\n"
        write_yaml(cm, doc)
        svc = os.path.join(self.root, "fate-10000", "templates", "service-fateboard.yaml")
        doc = read_yaml(svc)
        doc["spec"]["selector"]["app.kubernetes.io/component"] = "board"
        write_yaml(svc, doc)
        ex = os.path.join(self.root, "fate-exchange", "templates", "configmap-proxy-config.yaml")
        doc = read_yaml(ex)
        table = json.loads(doc["data"]["route_table.json"])
        del table["route_table"]["9999"]
        doc["data"]["route_table.json"] = json.dumps(table)
        write_yaml(ex, doc)
        refresh_sums(self.root)
        rc, out = self.run_cli(good, self.root)
        self.assertEqual(rc, 1, out)
        self.assertTrue(out.rstrip().endswith("\n1 passed, 1 failed"), out)
        self.assertIn("fate-10000: ConfigMap/roll-config: credentials.redisPassword appears in data.roll.properties", out)
        self.assertIn("fate-10000: Service/fateboard: selector", out)
        self.assertIn("route party 10000 -> party 9999 (role fate): dead end at exchange: no entry '9999' and no "
                      "'default' entry", out)
        self.assertNotIn(PASSWORDS["redisPassword"], out)

    def test_tampered_file_and_lint_warning(self):
        with open(os.path.join(self.root, "README.md"), "ab") as fh:
            fh.write(b"edited\n")
        chart_yaml = os.path.join(self.root, "fate-10000", "Chart.yaml")
        meta = read_yaml(chart_yaml)
        meta["version"] = "not-semver"
        write_yaml(chart_yaml, meta)
        rc, out = self.run_cli(self.root)
        self.assertEqual(rc, 1, out)
        self.assertIn("SHA256SUMS: checksum of README.md does not match its content", out)
        self.assertRegex(out, r"fate-10000 +lint +FAIL")
        self.assertTrue(out.rstrip().endswith("0 passed, 1 failed"))

    def test_zip_entry_escaping_the_bundle(self):
        zipped = os.path.join(self.tmp, "evil.zip")
        zip_dir(self.root, zipped)
        with zipfile.ZipFile(zipped, "a") as zf:
            zf.writestr("../outside.txt", "x")
        rc, out = self.run_cli(zipped)
        self.assertEqual(rc, 1, out)
        self.assertIn("zip entry '../outside.txt' escapes the bundle directory", out)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "outside.txt")))

    def test_not_a_bundle(self):
        rc, out = self.run_cli(os.path.join(self.tmp, "missing.zip"))
        self.assertEqual(rc, 1)
        self.assertIn("neither a directory nor a zip file", out)



@unittest.skipUnless(HAVE_TOOLS, "helm_python / kubernetes_validate not importable")
class Fate2EndToEndTest(Base):
    """A synthetic FATE 2.2 bundle through real Helm and the CLI: passes, and planted faults fail it."""

    RAW = {
        "version": 1,
        "fateVersion": "2.2.0",
        "parties": [
            {"id": "10000", "address": "192.168.11.2", "nodePort": 30010},
            {"id": "9999", "address": "192.168.11.3", "nodePort": 30009},
        ],
        "exchange": {"address": "192.168.11.4", "nodePort": 30000},
        "images": {"registry": REGISTRY, "pullPolicy": "Always"},
        "placement": {"eggs": ["a", "b"]},
    }

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="check_bundle_test_")
        self.root = os.path.join(self.tmp, "bundle")
        write_bundle(self.root, self.RAW)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_cli(self, *paths: str) -> tuple[int, str]:
        out = io.StringIO()
        rc = check_bundle.main(list(paths), out=out)
        return rc, out.getvalue()

    def test_good_bundle(self):
        rc, out = self.run_cli(self.root)
        self.assertEqual(rc, 0, out)
        for line in ("fate-10000       fate-services      ok", "fate-exchange    images             ok",
                     "network          routes             ok", "bundle           images.txt         ok",
                     "bundle           structure          ok"):
            self.assertIn(line, out)

    def test_planted_problems_fail_the_bundle(self):
        # the exchange claims party 9999, a nodemanager is missing, images.txt lists redis,
        # and the fateboard password leaks into a ConfigMap
        ex = os.path.join(self.root, "fate-exchange", "templates", "configmap-osx-config.yaml")
        doc = read_yaml(ex)
        route = json.loads(doc["data"]["route_table.json"])
        route["self_party"] = ["9999"]
        doc["data"]["route_table.json"] = json.dumps(route)
        write_yaml(ex, doc)
        os.remove(os.path.join(self.root, "fate-9999", "templates", "deployment-nodemanager-1.yaml"))
        with open(os.path.join(self.root, "images.txt"), "a") as fh:
            fh.write(f"{REGISTRY}/redis:5.0.14\n")
        cm = os.path.join(self.root, "fate-10000", "templates", "configmap-fateboard-config.yaml")
        doc = read_yaml(cm)
        doc["data"]["application.properties"] += f"server.board.login.password={PASSWORDS_2['fateboardPassword']}\n"
        write_yaml(cm, doc)
        refresh_sums(self.root)
        rc, out = self.run_cli(self.root)
        self.assertEqual(rc, 1, out)
        self.assertIn('exchange: route table: self_party is ["9999"], expected ["default"]', out)
        self.assertIn("route party 10000 -> party 9999 (role fateflow): exchange keeps it", out)
        self.assertIn("fate-9999: Deployment/nodemanager-1: missing (one nodemanager per placement.eggs entry)", out)
        self.assertIn(f"images.txt lists {REGISTRY}/redis:5.0.14, which no container of the bundle runs", out)
        self.assertIn("fate-10000: ConfigMap/fateboard-config: credentials.fateboardPassword appears in "
                      "data.application.properties", out)
        self.assertNotIn(PASSWORDS_2["fateboardPassword"], out)

    def test_values_without_fateboard_password(self):
        values = os.path.join(self.root, "fate-9999", "values.yaml")
        doc = read_yaml(values)
        doc["credentials"]["fateboardPassword"] = ""
        write_yaml(values, doc)
        refresh_sums(self.root)
        rc, out = self.run_cli(self.root)
        self.assertEqual(rc, 1, out)
        self.assertIn("fate-9999: values.yaml credentials.fateboardPassword is empty", out)


@unittest.skipUnless(HAVE_TOOLS, "helm_python / kubernetes_validate not importable")
class Fate2TlsEndToEndTest(Base):
    """A synthetic FATE 2.2 bundle with mutual TLS through real Helm and the CLI."""

    RAW = dict(Fate2EndToEndTest.RAW, tls={"enabled": True, "validityDays": 365})

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="check_bundle_test_")
        self.root = os.path.join(self.tmp, "bundle")
        write_bundle(self.root, self.RAW)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_cli(self, *paths: str) -> tuple[int, str]:
        out = io.StringIO()
        rc = check_bundle.main(list(paths), out=out)
        return rc, out.getvalue()

    def path(self, *parts: str) -> str:
        return os.path.join(self.root, *parts)

    def test_good_bundle(self):
        rc, out = self.run_cli(self.root)
        self.assertEqual(rc, 0, out)
        for line in ("fate-10000       fate-services      ok", "fate-exchange    config-checksum    ok",
                     "network          routes             ok", "bundle           passwords-in-files ok",
                     "bundle           structure          ok"):
            self.assertIn(line, out)

    def test_planted_problems_fail_the_bundle(self):
        # the party's route to the exchange in plaintext, its key in a ConfigMap, the exchange's
        # NodePort on the plaintext port, the authority's key in the README
        cm = self.path("fate-10000", "templates", "configmap-osx-config.yaml")
        doc = read_yaml(cm)
        route = json.loads(doc["data"]["route_table.json"])
        del route["route_table"]["default"]["default"][0]["useSSL"]
        doc["data"]["route_table.json"] = json.dumps(route)
        doc["data"]["tls.key"] = tls_pair("10000")[1]
        write_yaml(cm, doc)
        svc = self.path("fate-exchange", "templates", "service-osx-tls.yaml")
        doc = read_yaml(svc)
        doc["spec"]["ports"][0]["targetPort"] = "osx"
        write_yaml(svc, doc)
        with open(self.path("README.md"), "a") as fh:
            fh.write(TLS_CA_KEY)
        refresh_sums(self.root)
        rc, out = self.run_cli(self.root)
        self.assertEqual(rc, 1, out)
        self.assertIn("party 10000: route table: entry 'default' role 'default' endpoint 192.168.11.4:30000 has useSSL "
                      "missing, expected true", out)
        self.assertIn("fate-10000: ConfigMap/osx-config: a private key (PEM armour) appears in data.tls.key", out)
        self.assertIn("fate-10000: ConfigMap/osx-config: osx.tls.key appears in data.tls.key", out)
        self.assertIn("fate-exchange: Service/osx-tls: nodePort 30000 does not lead to container port 9371", out)
        self.assertIn("README.md: contains the federation authority's key (tls/ca.key)", out)
        self.assertIn("fate-10000/templates/configmap-osx-config.yaml: contains fate-10000's osx.tls.key", out)
        self.assertNotIn(TLS_CA_KEY.splitlines()[1], out)

    def test_checksum_without_the_secret(self):
        dep = self.path("fate-9999", "templates", "deployment-osx.yaml")
        with open(dep) as fh:
            text = fh.read()
        with open(dep, "w") as fh:
            fh.write(text.replace(' (include (print $.Template.BasePath "/secret-osx-tls.yaml") .)', ""))
        refresh_sums(self.root)
        rc, out = self.run_cli(self.root)
        self.assertEqual(rc, 1, out)
        self.assertIn("fate-9999: Deployment/osx: checksum/config covers fate-9999/templates/configmap-osx-config.yaml "
                      "but not fate-9999/templates/secret-osx-tls.yaml", out)

    def test_per_party_bundle_with_the_authority_key(self):
        shutil.rmtree(self.path("fate-9999"))
        shutil.rmtree(self.path("fate-exchange"))
        with open(self.path("provenance.json"), "w") as fh:
            json.dump({"generator": "fate-chartgen", "scope": {"kind": "party", "party": "10000"}}, fh)
        os.remove(self.path("tls", "ca.crt"))
        refresh_sums(self.root)
        rc, out = self.run_cli(self.root)
        self.assertEqual(rc, 1, out)
        self.assertIn("bundle: tls/ca.key is only in the full bundle, not in a per-party one", out)
        self.assertIn("tls/ca.key: the federation authority's private key is in a per-party bundle", out)
        os.remove(self.path("tls", "ca.key"))
        refresh_sums(self.root)
        rc, out = self.run_cli(self.root)
        self.assertEqual(rc, 0, out)


if __name__ == "__main__":
    unittest.main()
