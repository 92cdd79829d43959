"""Self-tests of checks/routes.py: route simulation and route table parsing.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.bundle import scope_of  # noqa: E402
from checks.contract import LINE_2  # noqa: E402
from checks.routes import (check_routes, parse_route_doc, parse_route_table, route_doc_from_objects,  # noqa: E402
                           route_table_from_objects)
from synthetic import FATE2, Base, make_config, party_objects, self_parties_for, tables_for  # noqa: E402


class RoutesTest(Base):
    def test_missing_party_in_exchange_table(self):
        config = make_config()
        tables = tables_for(config)
        del tables["fate-exchange"]["9999"]
        tables["fate-exchange"]["default"] = {}
        problems = check_routes(config, tables)
        self.assertFinds(problems, "route party 10000 -> party 9999 (role fate): dead end at exchange: "
                                   "entry 'default' has no role 'fate' and no 'default' role (path party 10000 -> exchange)",
                         "route exchange -> party 9999 (role fate)")
        self.assertNotIn("-> party 10000", "\n".join(problems))

    def test_route_loop(self):
        config = make_config(exchange=False)
        tables = tables_for(config)
        # 10000 sends 9999's traffic to its own proxy Service (the old direct-mode default)
        del tables["fate-10000"]["9999"]
        tables["fate-10000"]["default"] = {"default": [{"ip": "proxy", "port": 9370}]}
        self.assertFinds(check_routes(config, tables),
                         "route party 10000 -> party 9999 (role fate): route loop: party 10000 -> party 10000")

    def test_route_loop_between_parties(self):
        config = make_config()
        tables = tables_for(config)
        tables["fate-exchange"]["9999"] = {"default": [{"ip": "192.168.11.2", "port": 30010}]}
        tables["fate-10000"]["9999"] = {"default": [{"ip": "192.168.11.4", "port": 30000}]}
        self.assertFinds(check_routes(config, tables),
                         "route party 10000 -> party 9999 (role fate): route loop: party 10000 -> exchange -> party 10000")

    def test_route_to_unknown_address(self):
        config = make_config()
        tables = tables_for(config)
        tables["fate-exchange"]["9999"] = {"default": [{"ip": "192.168.11.3", "port": 9370}]}
        self.assertFinds(check_routes(config, tables),
                         "dead end at exchange: entry '9999' role 'default' sends to 192.168.11.3:9370, where no proxy listens")

    def test_dmz_peer_must_be_routed_to_dmz_host(self):
        config = make_config(exchange=False, dmz_party="9999")
        tables = tables_for(config)
        self.assertClean(check_routes(config, tables))
        tables["fate-10000"]["9999"] = {"default": [{"ip": "192.168.11.3", "port": 30009}]}
        self.assertFinds(check_routes(config, tables), "route party 10000 -> party 9999 (role fate): dead end at party 10000")

    def test_own_entry(self):
        config = make_config(dmz_party="9999")
        tables = tables_for(config)
        tables["fate-10000"]["10000"]["fateflow"] = [{"ip": "fateflow", "port": 9380}]
        tables["dmz-9999"]["9999"]["fate"] = [{"ip": "federation", "port": 9394}]
        self.assertFinds(check_routes(config, tables),
                         "route party 9999 -> party 10000 (role fateflow): party 10000's own entry routes role 'fateflow' "
                         "to fateflow:9380, expected fateflow:9360 (path party 9999 (DMZ proxy) -> exchange -> party 10000)",
                         "route exchange -> party 9999 (role fate): party 9999 (DMZ proxy)'s own entry routes role 'fate' to "
                         "federation:9394, expected 192.168.11.3:30394")
        del tables["fate-10000"]["10000"]
        self.assertFinds(check_routes(config, tables), "party 10000 has no own entry '10000'")

    def test_namespaced_service_names_are_in_cluster(self):
        config = make_config()
        tables = tables_for(config)
        tables["fate-10000"]["10000"]["fate"] = [{"ip": "federation.fate-10000.svc.cluster.local", "port": 9394}]
        self.assertClean(check_routes(config, tables))
        tables["fate-10000"]["10000"]["fate"] = [{"ip": "federation.fate-9999.svc", "port": 9394}]
        self.assertFinds(check_routes(config, tables), "own entry routes role 'fate' to federation.fate-9999.svc:9394")

    def test_missing_table(self):
        config = make_config()
        tables = tables_for(config)
        tables["fate-exchange"] = None
        self.assertFinds(check_routes(config, tables), "exchange: no route table available",
                         "route party 10000 -> party 9999 (role fate): reaches exchange, whose route table is unavailable")

    def test_route_table_json_parsing(self):
        _, problems = parse_route_table('{"route_table": {"9999": {"default": [{"ip": "a", "port": "30009"}]}}}', "x")
        self.assertFinds(problems, "x: route_table['9999']['default'] port '30009' is not a number")
        self.assertFinds(parse_route_table("{", "x")[1], "x: route_table.json is not JSON")
        self.assertFinds(parse_route_table('{"9999": {}}', "x")[1], 'no "route_table" object')
        objs = [o for o in party_objects(make_config(), "10000") if o["metadata"]["name"] != "proxy-config"]
        self.assertFinds(route_table_from_objects(objs, "fate-10000")[1], "fate-10000: no ConfigMap/proxy-config")



class Fate2RoutesTest(Base):
    """FATE 2.2: OSX keeps what its self_party names and forwards the rest; role fateflow."""

    def setUp(self):
        self.config = make_config(fate_version=FATE2)
        self.tables = tables_for(self.config)
        self.sp = self_parties_for(self.config)

    def routes(self, config=None, tables=None, sp=None, in_scope=lambda d: True):
        return check_routes(config or self.config, self.tables if tables is None else tables, in_scope,
                            self.sp if sp is None else sp)

    def test_correct_and_roles(self):
        self.assertClean(self.routes())
        # 2.x simulates role fateflow only: a 1.x role in the own entry is neither needed nor used
        self.tables["fate-9999"]["9999"]["fate"] = [{"ip": "federation", "port": 9394}]
        self.assertClean(self.routes())
        del self.tables["fate-9999"]["9999"]["fateflow"]
        self.assertFinds(self.routes(), "route party 10000 -> party 9999 (role fateflow): party 9999's own entry: "
                                        "entry '9999' has no role 'fateflow' and no 'default' role")
        self.assertNotIn("(role fate)", "\n".join(self.routes()))

    def test_party_self_party_names_another_party(self):
        self.sp["fate-10000"] = ["9999"]
        problems = self.routes()
        self.assertFinds(problems, 'party 10000: route table: self_party is ["9999"], expected ["10000"]',
                         "route party 10000 -> party 9999 (role fateflow): party 10000 keeps it: its self_party "
                         "['9999'] names party 9999 (path party 10000)",
                         "route exchange -> party 10000 (role fateflow): dead end at party 10000: entry '10000' role "
                         "'fateflow' sends to fateflow:9360, where no proxy listens")

    def test_exchange_self_party(self):
        self.sp["fate-exchange"] = ["10000"]
        self.assertFinds(self.routes(), 'exchange: route table: self_party is ["10000"], expected ["default"]',
                         "route party 9999 -> party 10000 (role fateflow): exchange keeps it")
        self.sp["fate-exchange"] = None
        self.assertFinds(self.routes(), "route party 9999 -> party 10000 (role fateflow): reaches exchange, whose "
                                        "self_party is unavailable")

    def test_self_party_ids_are_strings(self):
        self.sp["fate-9999"] = [9999]
        self.assertFinds(self.routes(), 'party 9999: route table: self_party is [9999], expected ["9999"]')

    def test_exchange_default_entry(self):
        self.tables["fate-exchange"]["default"] = {"default": [{"ip": "192.168.11.2", "port": 30010}]}
        self.assertFinds(self.routes(), "exchange: route table: has an unexpected entry 'default' "
                                        "(the exchange routes every party by its own entry)")

    def test_exchange_entry_to_wrong_address(self):
        self.tables["fate-exchange"]["9999"] = {"default": [{"ip": "192.168.11.3", "port": 30010}]}
        self.assertFinds(self.routes(), "exchange: route table: entry '9999' role 'default' sends to 192.168.11.3:30010, "
                                        "expected party 9999 at 192.168.11.3:30009",
                         "route party 10000 -> party 9999 (role fateflow): dead end at exchange")
        del self.tables["fate-exchange"]["9999"]
        self.assertFinds(self.routes(), "exchange: route table: has no entry '9999'",
                         "dead end at exchange: no entry '9999' and no 'default' entry")

    def test_party_with_exchange_routes_only_through_it(self):
        self.tables["fate-10000"]["9999"] = {"default": [{"ip": "192.168.11.3", "port": 30009}]}
        self.assertFinds(self.routes(), "party 10000: route table: has an unexpected entry '9999' (with an exchange, "
                                        "other parties are reached through its 'default' entry)")
        del self.tables["fate-10000"]["9999"]
        self.tables["fate-10000"]["default"] = {"default": [{"ip": "192.168.11.4", "port": 30001}]}
        self.assertFinds(self.routes(), "party 10000: route table: entry 'default' role 'default' sends to "
                                        "192.168.11.4:30001, expected the exchange at 192.168.11.4:30000")

    def test_own_entry(self):
        self.tables["fate-9999"]["9999"] = {"fateflow": [{"ip": "fateflow", "port": 9380}]}
        self.assertFinds(self.routes(), "party 9999: route table: own entry '9999' role 'fateflow' is fateflow:9380, "
                                        "expected fateflow:9360",
                         "route party 10000 -> party 9999 (role fateflow): party 9999's own entry routes role 'fateflow' "
                         "to fateflow:9380, expected fateflow:9360 (path party 10000 -> exchange -> party 9999)")
        # a default role reaches fateflow too, but OSX's own entry names the role
        self.tables["fate-9999"]["9999"] = {"default": [{"ip": "fateflow", "port": 9360}]}
        self.assertFinds(self.routes(), "party 9999: route table: own entry '9999' role 'fateflow' is missing")
        del self.tables["fate-9999"]["9999"]
        self.assertFinds(self.routes(), "party 9999: route table: has no entry '9999'",
                         "party 9999 has no own entry '9999'")

    def test_route_loop(self):
        self.tables["fate-exchange"]["9999"] = {"default": [{"ip": "192.168.11.2", "port": 30010}]}
        self.assertFinds(self.routes(), "route party 10000 -> party 9999 (role fateflow): route loop: "
                                        "party 10000 -> exchange -> party 10000")

    def test_mesh(self):
        config = make_config(fate_version=FATE2, exchange=False)
        tables, sp = tables_for(config), self_parties_for(config)
        self.assertClean(check_routes(config, tables, self_parties=sp))
        tables["fate-10000"]["default"] = {"default": [{"ip": "192.168.11.3", "port": 30009}]}
        self.assertFinds(check_routes(config, tables, self_parties=sp),
                         "party 10000: route table: has an unexpected entry 'default' (without an exchange, each other "
                         "party has an entry of its own)")
        del tables["fate-10000"]["default"]
        tables["fate-10000"]["9999"] = {"default": [{"ip": "osx", "port": 9370}]}  # its own OSX Service
        self.assertFinds(check_routes(config, tables, self_parties=sp),
                         "route party 10000 -> party 9999 (role fateflow): route loop: party 10000 -> party 10000")
        del tables["fate-10000"]["9999"]
        self.assertFinds(check_routes(config, tables, self_parties=sp), "party 10000: route table: has no entry '9999'",
                         "route party 10000 -> party 9999 (role fateflow): dead end at party 10000: no entry '9999' "
                         "and no 'default' entry")

    def test_missing_table(self):
        self.tables["fate-exchange"] = None
        self.assertFinds(self.routes(), "exchange: no route table available",
                         "route party 10000 -> party 9999 (role fateflow): reaches exchange, whose route table is unavailable")

    def test_scoped_bundles(self):
        only = scope_of({"scope": {"kind": "party", "party": "10000"}})
        scoped = {"fate-10000": self.tables["fate-10000"]}
        self.assertClean(self.routes(tables=scoped, in_scope=only))
        self.sp["fate-10000"] = ["10000", "9999"]
        self.assertFinds(self.routes(tables=scoped, in_scope=only),
                         "party 10000: route table: self_party is", "party 10000 keeps it")
        exchange_only = scope_of({"scope": {"kind": "exchange"}})
        ex = {"fate-exchange": dict(self.tables["fate-exchange"])}
        self.assertClean(self.routes(tables=ex, in_scope=exchange_only))
        del ex["fate-exchange"]["9999"]
        self.assertFinds(self.routes(tables=ex, in_scope=exchange_only), "route exchange -> party 9999",
                         "exchange: route table: has no entry '9999'")

    def test_route_doc_parsing(self):
        table, sp, problems = parse_route_doc('{"route_table": {}, "self_party": ["10000"]}', "x", LINE_2)
        self.assertClean(problems)
        self.assertEqual((table, sp), ({}, ["10000"]))
        self.assertFinds(parse_route_doc('{"route_table": {}}', "x", LINE_2)[2],
                         'x: route_table.json has no "self_party" list (OSX does not start without it)')
        self.assertFinds(parse_route_doc('{"route_table": {}, "self_party": []}', "x", LINE_2)[2], 'no "self_party" list')
        self.assertFinds(parse_route_doc('{"route_table": {}, "self_party": [10000]}', "x", LINE_2)[2],
                         "x: route_table.json self_party entry 10000 is not a string")
        self.assertClean(parse_route_doc('{"route_table": {}}', "x")[2])  # 1.x has no self_party
        objs = [o for o in party_objects(self.config, "10000") if o["metadata"]["name"] != "osx-config"]
        self.assertFinds(route_doc_from_objects(objs, "fate-10000", LINE_2)[2], "fate-10000: no ConfigMap/osx-config")
        self.assertFinds(route_table_from_objects(party_objects(self.config, "10000"), "fate-10000")[1],
                         "fate-10000: no ConfigMap/proxy-config")


class Fate2TlsRoutesTest(Base):
    """FATE 2.2 with TLS: every route to another party or the exchange is TLS (useSSL and the
    Secret's files); the own entry is not; the simulation is unchanged."""

    def setUp(self):
        self.config = make_config(fate_version=FATE2, tls=True)
        self.tables = tables_for(self.config)

    def routes(self, config=None, tables=None):
        config = config or self.config
        return check_routes(config, self.tables if tables is None else tables, self_parties=self_parties_for(config))

    def test_correct(self):
        self.assertClean(self.routes())
        mesh = make_config(fate_version=FATE2, tls=True, exchange=False)
        self.assertClean(self.routes(mesh, tables_for(mesh)))

    def test_party_route_without_tls(self):
        ep = self.tables["fate-10000"]["default"]["default"][0]
        del ep["useSSL"]
        problems = self.routes()
        self.assertFinds(problems, "party 10000: route table: entry 'default' role 'default' endpoint 192.168.11.4:30000 "
                                   "has useSSL missing, expected true (with tls.enabled the peer accepts only TLS at its "
                                   "NodePort)")
        self.assertNotIn("route party", "\n".join(problems), "the simulation follows addresses, as before")
        ep["useSSL"] = "true"
        self.assertFinds(self.routes(), 'endpoint 192.168.11.4:30000 has useSSL "true", expected true')

    def test_exchange_route_without_files(self):
        ep = self.tables["fate-exchange"]["9999"]["default"][0]
        del ep["caFile"]
        ep["privateKeyFile"] = ""
        self.assertFinds(self.routes(), "exchange: route table: entry '9999' role 'default' endpoint 192.168.11.3:30009 "
                                        "caFile is missing, expected the path of the mounted Secret's ca.crt",
                         'endpoint 192.168.11.3:30009 privateKeyFile is "", expected the path of the mounted Secret\'s '
                         'tls.key')

    def test_mesh_route_without_tls(self):
        mesh = make_config(fate_version=FATE2, tls=True, exchange=False)
        tables = tables_for(mesh)
        tables["fate-9999"]["10000"]["default"][0]["useSSL"] = False
        self.assertFinds(self.routes(mesh, tables), "party 9999: route table: entry '10000' role 'default' endpoint "
                                                    "192.168.11.2:30010 has useSSL false, expected true")

    def test_own_entry_stays_plaintext(self):
        self.tables["fate-9999"]["9999"]["fateflow"][0]["useSSL"] = True
        self.assertFinds(self.routes(), "party 9999: route table: entry '9999' role 'fateflow' endpoint fateflow:9360 "
                                        "has useSSL true, but the own party's fateflow listens in plaintext")

    def test_no_tls_routes_without_tls(self):
        plain = make_config(fate_version=FATE2)
        self.assertFinds(self.routes(plain), "party 10000: route table: entry 'default' role 'default' endpoint "
                                             "192.168.11.4:30000 has useSSL true, but federation.yaml has no tls.enabled",
                         "exchange: route table: entry '10000' role 'default'")


if __name__ == "__main__":
    unittest.main()
