"""Self-tests of checks/fate_services.py: FATE's Services, NodePorts and proxy wiring.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.fate_services import check_expected_services, check_node_ports, check_proxy_wiring  # noqa: E402
from synthetic import Base, exchange_objects, find, make_config, party_objects, party_of  # noqa: E402


class FateServicesTest(Base):
    def test_missing_service_and_port(self):
        config = make_config(eggs=2)
        party = party_of(config, "10000")
        objs = [o for o in party_objects(config, "10000") if not (o["kind"] == "Service" and o["metadata"]["name"] in ("fateflow", "egg1"))]
        find(objs, "Service", "roll")["spec"]["ports"][0]["port"] = 8012
        self.assertFinds(check_expected_services(objs, party=party), "Service/fateflow: missing",
                         "Service/egg1: missing", "Service/roll: has no port 8011")

    def test_proxy_nodeport(self):
        config = make_config()
        party = party_of(config, "10000")
        objs = party_objects(config, "10000")
        find(objs, "Service", "proxy")["spec"]["ports"][0]["nodePort"] = 30011
        self.assertFinds(check_node_ports(objs, party=party), "Service/proxy: nodePort(s) [30011] do not include the config's 30010")

    def test_exchange_nodeport_and_type(self):
        config = make_config()
        objs = exchange_objects(config)
        svc = find(objs, "Service", "proxy")
        svc["spec"]["type"] = "ClusterIP"
        del svc["spec"]["ports"][0]["nodePort"]
        self.assertFinds(check_node_ports(objs, exchange=config["exchange"]),
                         "Service/proxy: type is ClusterIP, expected NodePort", "do not include the config's 30000")

    def test_dmz_services(self):
        config = make_config(dmz_party="9999")
        party = party_of(config, "9999")
        objs = party_objects(config, "9999")
        find(objs, "Service", "federation-dmz")["spec"]["ports"][0]["nodePort"] = 30395
        self.assertFinds(check_node_ports(objs, party=party), "Service/federation-dmz: nodePort(s) [30395] do not include the config's 30394")
        find(objs, "Service", "federation-dmz")["spec"]["ports"][0]["nodePort"] = 30394
        find(objs, "Service", "fateflow-dmz")["spec"]["ports"][0]["targetPort"] = "http"
        self.assertFinds(check_node_ports(objs, party=party), "Service/fateflow-dmz: nodePort 30360 does not lead to container port 9360")
        # a proxy in the cluster although the party runs it in the DMZ, and a random NodePort
        objs += [o for o in party_objects(make_config(), "9999") if o["metadata"]["name"] == "proxy" and o["kind"] != "ConfigMap"]
        find(objs, "Service", "fateboard")["spec"]["type"] = "NodePort"
        problems = check_expected_services(objs, party=party) + check_node_ports(objs, party=party)
        self.assertFinds(problems, "Service/proxy: rendered although the party's proxy runs in the DMZ",
                         "Deployment/proxy: rendered although", "Service/fateboard: is exposed as NodePort",
                         "Service/fateboard: port http has a random nodePort")

    def test_proxy_wiring(self):
        config = make_config(dmz_party="9999")
        party = party_of(config, "9999")
        objs = party_objects(make_config(), "9999")  # rendered as if the proxy were in the cluster
        self.assertFinds(check_proxy_wiring(objs, party), "federation.properties proxy is proxy:9370, expected 10.0.13.1:9370",
                         "server_conf.json servers.proxy is proxy:9370")


if __name__ == "__main__":
    unittest.main()
