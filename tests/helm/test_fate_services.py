"""Self-tests of checks/fate_services.py: FATE's Services, NodePorts and proxy wiring.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import copy
import os
import sys
import unittest

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.fate_services import check_expected_services, check_node_ports, check_proxy_wiring  # noqa: E402
from synthetic import (FATE2, Base, _service, exchange_objects, find, make_config, party_objects,  # noqa: E402
                       party_of, pod_spec)


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



class Fate2ServicesTest(Base):
    """FATE 2.2: osx, clustermanager, mysql, fateflow, fateboard Services; nodemanager Deployments."""

    def setUp(self):
        self.config = make_config(fate_version=FATE2, eggs=2)
        self.party = party_of(self.config, "10000")
        self.objs = party_objects(self.config, "10000")

    def test_missing_service_and_port(self):
        objs = [o for o in self.objs if not (o["kind"] == "Service" and o["metadata"]["name"] == "clustermanager")]
        find(objs, "Service", "fateflow")["spec"]["ports"].pop()  # http 9380
        find(objs, "Service", "osx")["metadata"]["name"] = "proxy"
        self.assertFinds(check_expected_services(objs, party=self.party), "Service/clustermanager: missing",
                         "Service/fateflow: has no port 9380", "Service/osx: missing")
        self.assertNotIn("Service/federation", "\n".join(check_expected_services(objs, party=self.party)),
                         "1.x Services are not expected of a 2.x party")

    def test_nodemanager_deployments(self):
        self.assertEqual(self.party["eggs"], ["nodemanager-0", "nodemanager-1"])
        objs = [o for o in self.objs if o["metadata"]["name"] != "nodemanager-1"]
        extra = copy.deepcopy(find(self.objs, "Deployment", "nodemanager-1"))
        extra["metadata"]["name"] = "nodemanager-2"
        objs.append(extra)
        self.assertFinds(check_expected_services(objs, party=self.party),
                         "Deployment/nodemanager-1: missing (one nodemanager per placement.eggs entry)",
                         "Deployment/nodemanager-2: rendered, but the config has 2 egg entries "
                         "(nodemanager-0, nodemanager-1)")

    def test_nodemanager_port_and_pod_ip(self):
        c = pod_spec(find(self.objs, "Deployment", "nodemanager-0"))["containers"][0]
        c["ports"][0]["containerPort"] = 4670
        c1 = pod_spec(find(self.objs, "Deployment", "nodemanager-1"))["containers"][0]
        c1["env"] = [e for e in c1["env"] if e["name"] != "POD_IP"]
        self.assertFinds(check_expected_services(self.objs, party=self.party),
                         "Deployment/nodemanager-0: no container listens on the nodemanager port 4671",
                         "Deployment/nodemanager-1: container nodemanager has no env POD_IP from status.podIP")
        c1["env"].append({"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.hostIP"}}})
        self.assertFinds(check_expected_services(self.objs, party=self.party), "Deployment/nodemanager-1: container")

    def test_osx_nodeport(self):
        svc = find(self.objs, "Service", "osx")
        svc["spec"]["ports"][0]["nodePort"] = 30011
        self.assertFinds(check_node_ports(self.objs, party=self.party),
                         "Service/osx: nodePort(s) [30011] do not include the config's 30010")
        svc["spec"]["ports"][0]["nodePort"] = 30010
        svc["spec"]["ports"][0]["targetPort"] = 4670
        self.assertFinds(check_node_ports(self.objs, party=self.party),
                         "Service/osx: nodePort 30010 does not lead to container port 9370")

    def test_only_osx_is_exposed(self):
        find(self.objs, "Service", "fateboard")["spec"]["type"] = "NodePort"
        self.objs.append(_service("fate-10000", "nodemanager-0", "nodemanager-0", [("nm", 4671, 4671)], {"nm": 30671}))
        self.assertFinds(check_node_ports(self.objs, party=self.party),
                         "Service/fateboard: is exposed as NodePort, but only osx should be",
                         "Service/fateboard: port http has a random nodePort",
                         "Service/nodemanager-0: is exposed as NodePort, but only osx should be")

    def test_exchange_osx(self):
        config = make_config(fate_version=FATE2)
        objs = exchange_objects(config)
        self.assertClean(check_expected_services(objs, exchange=config["exchange"]))
        svc = find(objs, "Service", "osx")
        svc["spec"]["type"] = "ClusterIP"
        del svc["spec"]["ports"][0]["nodePort"]
        self.assertFinds(check_node_ports(objs, exchange=config["exchange"]),
                         "Service/osx: type is ClusterIP, expected NodePort", "do not include the config's 30000")
        svc["spec"]["ports"][0]["port"] = 9371
        self.assertFinds(check_expected_services(objs, exchange=config["exchange"]), "Service/osx: has no port 9370")


class Fate2OsxWiringTest(Base):
    """FATE 2.2: ConfigMap/osx-config, the OSX Deployment's mounts and command, fateflow's OSX."""

    def setUp(self):
        self.config = make_config(fate_version=FATE2)
        self.party = party_of(self.config, "10000")
        self.objs = party_objects(self.config, "10000")
        self.ex_objs = exchange_objects(self.config)

    def props(self, objs, text=None):
        cm = find(objs, "ConfigMap", "osx-config")
        if text is not None:
            cm["data"]["broker.properties"] = text
        return cm["data"]["broker.properties"]

    def osx(self, objs):
        return pod_spec(find(objs, "Deployment", "osx"))["containers"][0]

    def test_broker_properties(self):
        text = self.props(self.objs)
        self.props(self.objs, text.replace("grpc.port=9370", "grpc.port=9371")
                   .replace("open.http.server=false", "open.http.server=true")
                   .replace("eggroll.cluster.manager.ip=clustermanager\n", "") + "self.party=10000\n")
        self.assertFinds(check_proxy_wiring(self.objs, self.party),
                         "ConfigMap/osx-config: broker.properties grpc.port is '9371', expected '9370'",
                         "broker.properties open.http.server is 'true', expected 'false'",
                         "broker.properties eggroll.cluster.manager.ip is missing, expected 'clustermanager'",
                         "broker.properties sets self.party, which OSX does not read")
        self.props(self.objs, text.replace("eggroll.cluster.manager.port=4670", "eggroll.cluster.manager.port=4671"))
        self.assertFinds(check_proxy_wiring(self.objs, self.party),
                         "broker.properties eggroll.cluster.manager.port is '4671', expected '4670'")

    def test_exchange_broker_properties(self):
        self.assertClean(check_proxy_wiring(self.ex_objs, exchange=self.config["exchange"]))
        self.props(self.ex_objs, "open.http.server=false\nself.party=default\n")
        self.assertFinds(check_proxy_wiring(self.ex_objs, exchange=self.config["exchange"]),
                         "broker.properties grpc.port is missing, expected '9370'", "sets self.party")
        self.assertNotIn("eggroll.cluster.manager", "\n".join(check_proxy_wiring(self.ex_objs, exchange=self.config["exchange"])),
                         "the exchange has no clustermanager to name")

    def test_configmap_and_keys(self):
        cm = find(self.objs, "ConfigMap", "osx-config")
        del cm["data"]["broker.properties"]
        del cm["data"]["route_table.json"]
        self.assertFinds(check_proxy_wiring(self.objs, self.party), "ConfigMap/osx-config: has no key broker.properties",
                         "ConfigMap/osx-config: has no key route_table.json")
        cm["metadata"]["name"] = "proxy-config"
        self.assertFinds(check_proxy_wiring(self.objs, self.party), "ConfigMap/osx-config: missing")

    def test_mounts(self):
        mounts = self.osx(self.objs)["volumeMounts"]
        mounts[0]["mountPath"] = "/data/projects/fate/osx/conf/broker.properties"  # not under broker/
        del mounts[1]["subPath"]
        self.assertFinds(check_proxy_wiring(self.objs, self.party),
                         "Deployment/osx: container osx: does not mount ConfigMap/osx-config key broker.properties at "
                         "/data/projects/fate/osx/conf/broker/broker.properties (with subPath)",
                         "does not mount ConfigMap/osx-config key route_table.json at "
                         "/data/projects/fate/osx/conf/broker/route_table.json")

    def test_mount_from_another_configmap_or_swapped(self):
        spec = pod_spec(find(self.objs, "Deployment", "osx"))
        spec["volumes"].append({"name": "other", "configMap": {"name": "fateflow-config"}})
        mounts = spec["containers"][0]["volumeMounts"]
        mounts[0]["name"] = "other"
        mounts[1]["subPath"] = "broker.properties"
        self.assertFinds(check_proxy_wiring(self.objs, self.party), "key broker.properties at", "key route_table.json at")
        mounts[0]["name"] = "osx-config"
        mounts[1]["subPath"] = "route_table.json"
        self.assertClean(check_proxy_wiring(self.objs, self.party))
        # items that remap keys: the subPath names the item's path
        spec["volumes"][0]["configMap"]["items"] = [{"key": "broker.properties", "path": "route_table.json"},
                                                    {"key": "route_table.json", "path": "broker.properties"}]
        self.assertFinds(check_proxy_wiring(self.objs, self.party), "key broker.properties at", "key route_table.json at")

    def test_command(self):
        c = self.osx(self.objs)
        c["command"][c["command"].index("-c") + 1] = "/data/projects/fate/osx/conf/broker"
        self.assertFinds(check_proxy_wiring(self.objs, self.party),
                         "Deployment/osx: container osx: org.fedai.osx.broker.Bootstrap runs with -c "
                         "/data/projects/fate/osx/conf/broker, expected -c /data/projects/fate/osx/conf")
        c["command"] = [a.replace("org.fedai.osx.broker.Bootstrap", "org.fedai.osx.Bootstrap") for a in c["command"]]
        self.assertFinds(check_proxy_wiring(self.objs, self.party), "java does not run org.fedai.osx.broker.Bootstrap")
        c["command"] = ["sh", "/data/projects/fate/osx/bin/start.sh"]
        self.assertFinds(check_proxy_wiring(self.objs, self.party), "does not run java")
        c["command"] = ["sh", "-c", "cd /data/projects/fate/osx && exec java -server -cp 'conf/broker/:lib/*' "
                                    "org.fedai.osx.broker.Bootstrap -c /data/projects/fate/osx/conf"]
        self.assertClean(check_proxy_wiring(self.objs, self.party))
        c["command"], c["args"] = ["java"], ["-cp", "lib/*", "org.fedai.osx.broker.Bootstrap"]
        self.assertFinds(check_proxy_wiring(self.objs, self.party), "runs with -c None")

    def test_osx_deployment_missing_or_other_image(self):
        c = self.osx(self.ex_objs)
        c["image"] = "federatedai/eggroll:3.2.0-release"
        self.assertFinds(check_proxy_wiring(self.ex_objs, exchange=self.config["exchange"]),
                         "Deployment/osx: no container runs the osx image")
        objs = [o for o in self.objs if not (o["kind"] == "Deployment" and o["metadata"]["name"] == "osx")]
        self.assertFinds(check_proxy_wiring(objs, self.party), "Deployment/osx: missing")

    def test_fateflow_federation_goes_through_osx(self):
        cm = find(self.objs, "ConfigMap", "fateflow-config")
        conf = yaml.safe_load(cm["data"]["service_conf.yaml"])
        conf["federation"]["osx"] = {"host": "proxy", "port": 9370}
        conf["default_engines"]["federation"] = "pulsar"
        cm["data"]["service_conf.yaml"] = yaml.safe_dump(conf)
        self.assertFinds(check_proxy_wiring(self.objs, self.party),
                         "ConfigMap/fateflow-config: service_conf.yaml federation.osx is proxy:9370, expected osx:9370",
                         "default_engines.federation is 'pulsar', expected 'osx'")
        conf["federation"]["osx"] = {"host": "osx.fate-10000.svc.cluster.local", "port": 9370}
        conf["default_engines"]["federation"] = "osx"
        cm["data"]["service_conf.yaml"] = yaml.safe_dump(conf)
        self.assertClean(check_proxy_wiring(self.objs, self.party))
        cm["data"]["service_conf.yaml"] = "federation: [osx"
        self.assertFinds(check_proxy_wiring(self.objs, self.party), "service_conf.yaml is not a YAML mapping")


if __name__ == "__main__":
    unittest.main()
