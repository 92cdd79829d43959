"""Self-tests of checks/routes.py: route simulation and route table parsing.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.routes import check_routes, parse_route_table, route_table_from_objects  # noqa: E402
from synthetic import Base, make_config, party_objects, tables_for  # noqa: E402


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


if __name__ == "__main__":
    unittest.main()
