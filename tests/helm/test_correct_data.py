"""The synthetic data of synthetic.py is correct: every check passes on every variant of it, of
both FATE lines (the planted-fault tests of the other test modules start from it).

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.crosscheck import check_config_checksum, check_references, check_service_selectors  # noqa: E402
from checks.fate_services import (check_expected_services, check_node_ports, check_osx_checksum,  # noqa: E402
                                 check_proxy_wiring)
from checks.helm import check_duplicates  # noqa: E402
from checks.images import check_images  # noqa: E402
from checks.keys import (check_keys_in_objects, check_tls_secret_values, check_tls_values,  # noqa: E402
                         keys_of)
from checks.passwords import check_passwords_in_objects  # noqa: E402
from checks.podsecurity import check_pod_security  # noqa: E402
from checks.contract import LINE_2, tls_facts  # noqa: E402
from checks.routes import check_routes, route_doc_from_objects, route_table_from_objects  # noqa: E402
from synthetic import (FATE2, Base, REGISTRY, creds, exchange_objects, make_config, manifests_for,  # noqa: E402
                       party_objects, passwords_for, route_table_for, self_parties_for, tables_for,
                       tls_values_for)


class CorrectDataPasses(Base):
    def each_variant(self):
        for kw in ({}, {"registry": REGISTRY}, {"exchange": False}, {"dmz_party": "9999"},
                   {"eggs": 3, "registry": REGISTRY, "pull_secrets": ["harbor-pull"]},
                   {"exchange": False, "dmz_party": "10000"},
                   {"fate_version": FATE2}, {"fate_version": FATE2, "registry": REGISTRY},
                   {"fate_version": FATE2, "exchange": False},
                   {"fate_version": FATE2, "eggs": 3, "registry": REGISTRY, "pull_secrets": ["harbor-pull"]},
                   {"fate_version": FATE2, "tag": "2.2.1-custom", "exchange": False},
                   {"fate_version": FATE2, "tls": True}, {"fate_version": FATE2, "tls": True, "exchange": False},
                   {"fate_version": FATE2, "tls": True, "eggs": 2, "registry": REGISTRY}):
            yield kw, make_config(**kw)

    def test_all_object_checks_pass(self):
        for kw, config in self.each_variant():
            with self.subTest(**kw):
                for p in config["parties"]:
                    objs = party_objects(config, p["id"])
                    self.assertClean(check_service_selectors(objs))
                    self.assertClean(check_references(objs, external_secrets=config["images"]["pullSecrets"]))
                    self.assertClean(check_images(objs, config["images"]))
                    self.assertClean(check_pod_security(objs))
                    self.assertClean(check_passwords_in_objects(objs, creds(passwords_for(config))))
                    self.assertClean(check_config_checksum(objs))
                    self.assertClean(check_expected_services(objs, party=p))
                    self.assertClean(check_node_ports(objs, party=p))
                    self.assertClean(check_proxy_wiring(objs, p))
                    self.assertClean(check_duplicates(objs, p["namespace"]))
                    self.assertClean(check_osx_checksum(objs, *manifests_for(objs), party=p))
                    values = {"osx": {"tls": tls_values_for(config, p["id"])}}
                    self.assertClean(check_keys_in_objects(objs, keys_of(values, LINE_2)))
                    self.assertClean(check_tls_secret_values(objs, values, tls_facts(p)))
                    self.assertClean(check_tls_values(p["release"], values, tls_facts(p), LINE_2))
                if config["exchange"]:
                    objs = exchange_objects(config)
                    self.assertClean(check_service_selectors(objs))
                    self.assertClean(check_references(objs, external_secrets=config["images"]["pullSecrets"]))
                    self.assertClean(check_images(objs, config["images"]))
                    self.assertClean(check_expected_services(objs, exchange=config["exchange"]))
                    self.assertClean(check_node_ports(objs, exchange=config["exchange"]))
                    self.assertClean(check_proxy_wiring(objs, exchange=config["exchange"]))
                    self.assertClean(check_osx_checksum(objs, *manifests_for(objs), exchange=config["exchange"]))
                    values = {"osx": {"tls": tls_values_for(config, "exchange")}}
                    self.assertClean(check_keys_in_objects(objs, keys_of(values, LINE_2)))
                    self.assertClean(check_tls_secret_values(objs, values, tls_facts(config["exchange"])))

    def test_routes_pass(self):
        for kw, config in self.each_variant():
            with self.subTest(**kw):
                self.assertClean(check_routes(config, tables_for(config), self_parties=self_parties_for(config)))

    def test_route_table_from_rendered_configmap(self):
        config = make_config()
        table, problems = route_table_from_objects(party_objects(config, "10000"), "fate-10000")
        self.assertClean(problems)
        self.assertEqual(table, route_table_for(config, "10000"))

    def test_osx_route_table_from_rendered_configmap(self):
        for exchange in (True, False):
            config = make_config(fate_version=FATE2, exchange=exchange)
            for pid in ("10000", "9999"):
                table, self_party, problems = route_doc_from_objects(party_objects(config, pid), f"fate-{pid}", LINE_2)
                self.assertClean(problems)
                self.assertEqual(table, route_table_for(config, pid))
                self.assertEqual(self_party, [pid])
        table, self_party, problems = route_doc_from_objects(exchange_objects(make_config(fate_version=FATE2)),
                                                             "fate-exchange", LINE_2)
        self.assertClean(problems)
        self.assertEqual(self_party, ["default"])
        self.assertEqual(sorted(table), ["10000", "9999"])


if __name__ == "__main__":
    unittest.main()
