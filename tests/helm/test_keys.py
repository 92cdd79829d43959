"""Self-tests of checks/keys.py (TLS keys and certificates: where they may be) and of the PEM
armour reading in checks/parsing.py.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import base64
import os
import sys
import unittest

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.contract import LINE_1, LINE_2, tls_facts  # noqa: E402
from checks.keys import (check_keys_in_files, check_keys_in_notes, check_keys_in_objects,  # noqa: E402
                         check_same_authority, check_tls_secret_values, check_tls_values, keys_of)
from checks.parsing import check_pem, pem_blocks  # noqa: E402
from synthetic import (FATE2, TLS_CA, TLS_CA_KEY, Base, bundle_files, configmap, fake_pem, find,  # noqa: E402
                       make_config, make_raw_config, party_objects, pod_spec, tls_pair, tls_values_for)


def values_of(files: dict[str, bytes]) -> dict:
    return {p.split("/", 1)[0]: yaml.safe_load(b) for p, b in files.items()
            if p.endswith("/values.yaml") and p.count("/") == 1}


class PemTest(Base):
    def test_blocks_and_armour(self):
        cert, key = tls_pair("10000")
        blocks, problems = pem_blocks(cert + key)
        self.assertClean(problems)
        self.assertEqual([b[0] for b in blocks], ["CERTIFICATE", "PRIVATE KEY"])
        self.assertFinds(pem_blocks(cert.replace("-----END CERTIFICATE-----", ""))[1], "BEGIN CERTIFICATE has no END line")
        self.assertFinds(pem_blocks(key.replace("-----BEGIN PRIVATE KEY-----", ""))[1], "END PRIVATE KEY without a BEGIN line")
        self.assertFinds(pem_blocks(cert.replace("-----END CERTIFICATE-----", "-----END PRIVATE KEY-----"))[1],
                         "BEGIN CERTIFICATE ends with END PRIVATE KEY")
        self.assertFinds(pem_blocks("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")[1],
                         "the CERTIFICATE block is empty")
        self.assertFinds(pem_blocks("-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n")[1],
                         "the CERTIFICATE block's body is not base64")
        self.assertFinds(pem_blocks(cert.replace("-----END CERTIFICATE-----\n", "") + key)[1],
                         "BEGIN PRIVATE KEY inside the CERTIFICATE block")

    def test_check_pem(self):
        cert, key = tls_pair("10000")
        self.assertClean(check_pem(key, "PRIVATE KEY", "k"))
        self.assertClean(check_pem(cert + TLS_CA, "CERTIFICATE", "c", single=False))
        self.assertFinds(check_pem(cert + TLS_CA, "CERTIFICATE", "c"), "c: holds 2 CERTIFICATE blocks, expected one")
        self.assertFinds(check_pem("", "CERTIFICATE", "c"), "c: is empty (expected PEM, -----BEGIN CERTIFICATE-----)")
        self.assertFinds(check_pem(None, "CERTIFICATE", "c"), "c: is empty")
        self.assertFinds(check_pem("MIIB...", "CERTIFICATE", "c"), "c: is not PEM (no -----BEGIN CERTIFICATE----- block)")
        self.assertFinds(check_pem(cert, "PRIVATE KEY", "k"), "k: holds a CERTIFICATE block, expected PRIVATE KEY")


class KeysInObjectsTest(Base):
    """No private key in a rendered non-Secret object or the rendered notes."""

    def setUp(self):
        self.config = make_config(fate_version=FATE2, tls=True)
        self.objs = party_objects(self.config, "10000")
        self.values = {"osx": {"tls": tls_values_for(self.config, "10000")}}
        self.keys = keys_of(self.values, LINE_2)
        self.key = self.values["osx"]["tls"]["key"]

    def test_keys_of(self):
        self.assertEqual(self.keys, {"osx.tls.key": self.key})
        self.assertEqual(keys_of({"osx": {"tls": {"enabled": False, "key": ""}}}, LINE_2), {})
        self.assertEqual(keys_of(self.values, LINE_1), {}, "1.x charts have no TLS key")

    def test_correct_and_secret_is_fine(self):
        self.assertClean(check_keys_in_objects(self.objs, self.keys))
        self.assertIn(base64.b64encode(self.key.encode()).decode(), str(find(self.objs, "Secret", "osx-tls")))

    def test_key_in_configmap(self):
        cm = find(self.objs, "ConfigMap", "osx-config")
        cm["data"]["tls.key"] = self.key
        problems = check_keys_in_objects(self.objs, self.keys)
        self.assertFinds(problems, "ConfigMap/osx-config: a private key (PEM armour) appears in data.tls.key",
                         "ConfigMap/osx-config: osx.tls.key appears in data.tls.key")
        self.assertNotIn(self.key.splitlines()[1], "\n".join(problems), "reports never show the key")

    def test_key_body_in_env_literal(self):
        c = pod_spec(find(self.objs, "Deployment", "osx"))["containers"][0]
        c["env"].append({"name": "OSX_KEY", "value": "".join(self.key.splitlines()[1:-1])})
        self.assertFinds(check_keys_in_objects(self.objs, self.keys),
                         "Deployment/osx: osx.tls.key appears in spec.template.spec.containers[0].env[1].value")

    def test_base64_key_in_args_and_binary_data(self):
        c = pod_spec(find(self.objs, "Deployment", "osx"))["containers"][0]
        other = fake_pem("PRIVATE KEY", "someone else")  # not a key of this chart: found by its armour
        c["args"] = ["--key", base64.b64encode(other.encode()).decode()]
        self.objs.append(configmap("extra", {}) | {"binaryData": {"k": base64.b64encode(other.encode()).decode()}})
        self.assertFinds(check_keys_in_objects(self.objs, self.keys),
                         "Deployment/osx: a base64-encoded private key appears in spec.template.spec.containers[0].args[1]",
                         "ConfigMap/extra: a private key (PEM armour) appears in binaryData.k (decoded)")

    def test_key_in_notes(self):
        self.assertFinds(check_keys_in_notes({"fate-party/templates/NOTES.txt": f"key:\n{self.key}"}, self.keys),
                         "fate-party/templates/NOTES.txt: rendered notes show a private key (PEM armour)")
        self.assertClean(check_keys_in_notes({"fate-party/templates/NOTES.txt": "installed"}, self.keys))

    def test_secret_holds_the_values(self):
        tls = tls_facts(self.config)
        self.assertClean(check_tls_secret_values(self.objs, self.values, tls))
        data = find(self.objs, "Secret", "osx-tls")["data"]
        data["tls.crt"], data["ca.crt"] = data["ca.crt"], data["tls.crt"]
        self.assertFinds(check_tls_secret_values(self.objs, self.values, tls),
                         "Secret/osx-tls: ca.crt is not values.yaml osx.tls.ca",
                         "Secret/osx-tls: tls.crt is not values.yaml osx.tls.cert")
        self.assertClean(check_tls_secret_values(self.objs, self.values, None))


class TlsValuesTest(Base):
    """values.yaml osx.tls agrees with federation.yaml; one authority everywhere."""

    def setUp(self):
        self.config = make_config(fate_version=FATE2, tls=True)
        self.tls = tls_facts(self.config)
        self.values = {"osx": {"tls": tls_values_for(self.config, "10000")}}
        self.node = self.values["osx"]["tls"]

    def check(self, tls="on"):
        return check_tls_values("fate-10000", self.values, self.tls if tls == "on" else None, LINE_2)

    def test_correct(self):
        self.assertClean(self.check())
        self.assertClean(check_tls_values("fate-10000", {"osx": {"tls": tls_values_for(make_config(fate_version=FATE2),
                                                                                       "10000")}}, None, LINE_2))
        self.assertClean(check_tls_values("fate-10000", {"partyId": "10000"}, None, LINE_2))

    def test_tls_on(self):
        self.node["enabled"] = False
        self.node["key"] = ""
        self.node["cert"] = TLS_CA
        self.assertFinds(self.check(), "fate-10000: values.yaml osx.tls.enabled is False, expected true",
                         "fate-10000: values.yaml osx.tls.key: is empty",
                         "fate-10000: values.yaml osx.tls.cert is the authority's certificate, not this OSX's own")
        self.node["key"] = fake_pem("RSA PRIVATE KEY", "rsa")
        self.node["ca"] = TLS_CA.replace("-----BEGIN CERTIFICATE-----\n", "")
        self.assertFinds(self.check(), "values.yaml osx.tls.key: holds a RSA PRIVATE KEY block, expected PRIVATE KEY",
                         "values.yaml osx.tls.ca: PEM armour: END CERTIFICATE without a BEGIN line")

    def test_tls_off(self):
        self.assertFinds(self.check(tls="off"), "fate-10000: values.yaml osx.tls.enabled is true, but federation.yaml "
                                                "has no tls.enabled",
                         "fate-10000: values.yaml osx.tls.key holds PEM although TLS is off")

    def test_same_authority(self):
        files = {"tls/ca.crt": TLS_CA.encode()}
        values = {c: {"osx": {"tls": tls_values_for(self.config, o)}}
                  for c, o in (("fate-10000", "10000"), ("fate-9999", "9999"), ("fate-exchange", "exchange"))}
        self.assertClean(check_same_authority(files, values, self.tls))
        values["fate-9999"]["osx"]["tls"]["ca"] = fake_pem("CERTIFICATE", "another authority")
        self.assertFinds(check_same_authority(files, values, self.tls),
                         "fate-9999: values.yaml osx.tls.ca is not the bundle's tls/ca.crt")
        # without tls/ca.crt (a per-party bundle holding two charts is not made, but the rule is the same)
        self.assertFinds(check_same_authority({}, values, self.tls),
                         "fate-9999: values.yaml osx.tls.ca differs from fate-10000's")
        self.assertClean(check_same_authority({}, {"fate-9999": values["fate-9999"]}, self.tls))
        self.assertClean(check_same_authority(files, values, None))


class KeysInFilesTest(Base):
    """Private keys only in the own values.yaml and the full bundle's tls/ca.key."""

    def setUp(self):
        self.files = bundle_files(make_raw_config(fate_version=FATE2, tls=True))
        self.values = values_of(self.files)
        self.key_10000 = tls_pair("10000")[1]

    def check(self, full=True):
        return check_keys_in_files(self.files, self.values, LINE_2, full)

    def test_correct(self):
        self.assertIn("tls/ca.key", self.files)
        self.assertClean(self.check())

    def test_key_in_readme_federation_and_provenance(self):
        self.files["README.md"] += TLS_CA_KEY.encode()
        self.files["federation.yaml"] += yaml.safe_dump({"certificates": {"exchange": {"key": tls_pair("exchange")[1]}}}).encode()
        self.files["provenance.json"] += base64.b64encode(self.key_10000.encode())
        problems = self.check()
        self.assertFinds(problems, "README.md: holds a private key (PEM armour; private keys are only in a chart's own "
                                   "values.yaml, Secrets and the full bundle's tls/ca.key)",
                         "README.md: contains the federation authority's key (tls/ca.key)",
                         "federation.yaml: holds a private key", "federation.yaml: contains fate-exchange's osx.tls.key",
                         "provenance.json: holds a base64-encoded private key")
        self.assertNotIn(TLS_CA_KEY.splitlines()[1], "\n".join(problems))

    def test_another_charts_key(self):
        body = "".join(self.key_10000.splitlines()[1:-1])
        self.files["fate-9999/values.yaml"] += f"note: {body}\n".encode()
        self.files["fate-exchange/templates/configmap-osx-config.yaml"] += f"# {self.key_10000!r}\n".encode()
        self.assertFinds(self.check(), "fate-9999/values.yaml: contains fate-10000's osx.tls.key",
                         "fate-exchange/templates/configmap-osx-config.yaml: holds a private key",
                         "fate-exchange/templates/configmap-osx-config.yaml: contains fate-10000's osx.tls.key")

    def test_authority_key_in_a_chart(self):
        doc = yaml.safe_load(self.files["fate-10000/values.yaml"])
        doc["osx"]["tls"]["caKey"] = TLS_CA_KEY
        self.files["fate-10000/values.yaml"] = yaml.safe_dump(doc).encode()
        self.assertFinds(self.check(), "fate-10000/values.yaml: holds a private key outside osx.tls.key",
                         "fate-10000/values.yaml: contains the federation authority's key (tls/ca.key)")

    def test_own_key_with_broken_armour_is_not_a_second_key(self):
        doc = yaml.safe_load(self.files["fate-exchange/values.yaml"])
        doc["osx"]["tls"]["key"] = doc["osx"]["tls"]["key"].replace("BEGIN PRIVATE KEY", "BEGIN EC PRIVATE KEY")
        self.files["fate-exchange/values.yaml"] = yaml.safe_dump(doc).encode()
        self.values = values_of(self.files)
        self.assertClean(self.check())  # the armour is check_tls_values's (structure)

    def test_shared_keys(self):
        for chart, key in (("fate-9999", self.key_10000), ("fate-exchange", TLS_CA_KEY)):
            doc = yaml.safe_load(self.files[f"{chart}/values.yaml"])
            doc["osx"]["tls"]["key"] = key
            self.files[f"{chart}/values.yaml"] = yaml.safe_dump(doc).encode()
        self.values = values_of(self.files)
        self.assertFinds(self.check(), "fate-10000's osx.tls.key and fate-9999's osx.tls.key are the same key",
                         "fate-exchange's osx.tls.key and the federation authority's key (tls/ca.key) are the same key")

    def test_per_party_bundle(self):
        files = {p: b for p, b in self.files.items() if not p.startswith(("fate-9999/", "fate-exchange/"))}
        values = {"fate-10000": self.values["fate-10000"]}
        self.assertFinds(check_keys_in_files(files, values, LINE_2, False),
                         "tls/ca.key: the federation authority's private key is in a per-party bundle")
        del files["tls/ca.key"]
        self.assertClean(check_keys_in_files(files, values, LINE_2, False))

    def test_fate1_bundle(self):
        files = bundle_files(make_raw_config())
        self.assertClean(check_keys_in_files(files, values_of(files), LINE_1))
        files["README.md"] += TLS_CA_KEY.encode()
        self.assertFinds(check_keys_in_files(files, values_of(files), LINE_1), "README.md: holds a private key")


if __name__ == "__main__":
    unittest.main()
