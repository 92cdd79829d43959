"""Self-tests of checks/fate_services.py: FATE's Services, NodePorts and proxy wiring.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import sys
import unittest

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.fate_services import (check_expected_services, check_node_ports, check_osx_checksum,  # noqa: E402
                                 check_proxy_wiring)
from synthetic import (FATE2, TLS_CA, Base, _service, exchange_objects, fake_pem, find, make_config,  # noqa: E402
                       manifests_for, party_objects, party_of, pod_spec, set_osx_checksum, tls_pair)


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


class Fate2TlsServicesTest(Base):
    """FATE 2.2 with TLS: Service/osx-tls is the NodePort (9371); Service/osx is ClusterIP 9370 at
    a party and absent at the exchange."""

    def setUp(self):
        self.config = make_config(fate_version=FATE2, tls=True)
        self.party = party_of(self.config, "10000")
        self.objs = party_objects(self.config, "10000")
        self.ex_objs = exchange_objects(self.config)
        self.exchange = self.config["exchange"]

    def services(self, objs=None, party=None, exchange=None):
        if party is None and exchange is None:
            party = self.party
        objs = self.objs if objs is None else objs
        return check_expected_services(objs, party, exchange) + check_node_ports(objs, party, exchange)

    def test_correct(self):
        self.assertTrue(self.party["tls"])
        self.assertClean(self.services())
        self.assertClean(self.services(self.ex_objs, exchange=self.exchange))
        mesh = make_config(fate_version=FATE2, tls=True, exchange=False)
        self.assertClean(self.services(party_objects(mesh, "9999"), party_of(mesh, "9999")))

    def test_tls_nodeport(self):
        port = find(self.objs, "Service", "osx-tls")["spec"]["ports"][0]
        port["nodePort"] = 30011
        self.assertFinds(self.services(), "Service/osx-tls: nodePort(s) [30011] do not include the config's 30010")
        port["nodePort"] = 30010
        port["targetPort"] = "osx"
        self.assertFinds(self.services(), "Service/osx-tls: nodePort 30010 does not lead to container port 9371")
        port["targetPort"] = "osx-tls"
        port["port"] = 9370
        self.assertFinds(self.services(), "Service/osx-tls: has no port 9371")

    def test_plaintext_osx_stays_in_the_cluster(self):
        svc = find(self.objs, "Service", "osx")
        svc["spec"]["type"] = "NodePort"
        svc["spec"]["ports"][0]["nodePort"] = 30020
        self.assertFinds(self.services(), "Service/osx: is exposed as NodePort, but only osx-tls should be")
        svc["spec"]["type"] = "ClusterIP"
        del svc["spec"]["ports"][0]["nodePort"]
        svc["spec"]["ports"][0]["targetPort"] = "osx-tls"
        self.assertFinds(self.services(), "Service/osx: port 9370 does not lead to container port 9370 (fateflow "
                                          "speaks plaintext gRPC to it)")
        objs = [o for o in self.objs if not (o["kind"] == "Service" and o["metadata"]["name"] == "osx")]
        self.assertFinds(self.services(objs), "Service/osx: missing")

    def test_charts_without_tls_under_a_tls_config(self):
        """What today's check failed on, the other way round: a chart rendered without TLS."""
        objs = party_objects(make_config(fate_version=FATE2), "10000")
        self.assertFinds(self.services(objs), "Service/osx-tls: missing",
                         "Service/osx: is exposed as NodePort, but only osx-tls should be")

    def test_exchange(self):
        self.assertNotIn("osx", [o["metadata"]["name"] for o in self.ex_objs if o["kind"] == "Service"])
        objs = self.ex_objs + [_service("fate-exchange", "osx", "osx", [("grpc", 9370, "osx")])]
        self.assertFinds(self.services(objs, exchange=self.exchange),
                         "Service/osx: rendered at the exchange, which with TLS is reached only at Service/osx-tls")
        objs = [o for o in self.ex_objs if o["kind"] != "Service"]
        self.assertFinds(self.services(objs, exchange=self.exchange), "Service/osx-tls: missing")
        find(self.ex_objs, "Service", "osx-tls")["spec"]["ports"][0]["nodePort"] = 30010
        self.assertFinds(self.services(self.ex_objs, exchange=self.exchange),
                         "Service/osx-tls: nodePort(s) [30010] do not include the config's 30000")

    def test_no_tls_service_without_tls(self):
        config = make_config(fate_version=FATE2)
        objs = party_objects(config, "10000") + [_service("fate-10000", "osx-tls", "osx", [("grpc-tls", 9371, 9371)])]
        self.assertFinds(self.services(objs, party_of(config, "10000")),
                         "Service/osx-tls: rendered although federation.yaml has no tls.enabled")


class Fate2TlsWiringTest(Base):
    """FATE 2.2 with TLS: Secret/osx-tls, its mount and mode, OSX's TLS port, probes, broker.properties,
    the files route_table.json names, and the pod's checksum."""

    DIR = "/data/projects/fate/osx/conf/tls"

    def setUp(self):
        self.config = make_config(fate_version=FATE2, tls=True)
        self.party = party_of(self.config, "10000")
        self.objs = party_objects(self.config, "10000")
        self.ex_objs = exchange_objects(self.config)

    def wiring(self, objs=None, party=None):
        return check_proxy_wiring(self.objs if objs is None else objs, party or self.party)

    def props(self, replace: dict[str, str | None]) -> None:
        cm = find(self.objs, "ConfigMap", "osx-config")
        lines = cm["data"]["broker.properties"].splitlines()
        out = []
        for line in lines:
            key = line.split("=", 1)[0]
            if key in replace:
                if replace[key] is not None:
                    out.append(f"{key}={replace[key]}")
            else:
                out.append(line)
        cm["data"]["broker.properties"] = "\n".join(out) + "\n"

    def osx(self, objs=None):
        return pod_spec(find(self.objs if objs is None else objs, "Deployment", "osx"))["containers"][0]

    def secret(self, objs=None):
        return find(self.objs if objs is None else objs, "Secret", "osx-tls")

    def test_correct(self):
        self.assertClean(self.wiring())
        self.assertClean(check_proxy_wiring(self.ex_objs, exchange=self.config["exchange"]))

    def test_broker_properties(self):
        self.props({"grpc.ssl.open.client.validate": None, "open.grpc.tls.server": "false", "grpc.tls.port": "9372"})
        self.assertFinds(self.wiring(),
                         "ConfigMap/osx-config: broker.properties grpc.ssl.open.client.validate is missing, expected "
                         "'true' (without it OSX does one-way TLS only",
                         "broker.properties open.grpc.tls.server is 'false', expected 'true'",
                         "broker.properties grpc.tls.port is '9372', expected '9371'")

    def test_broker_files_are_the_mounted_secret(self):
        self.props({"grpc.server.cert.chain.file": f"{self.DIR}/ca.crt",
                    "grpc.server.ca.file": "/data/projects/fate/osx/conf/broker/ca.crt",
                    "grpc.server.private.key.file": None})
        self.assertFinds(self.wiring(),
                         f"Deployment/osx: container osx: broker.properties grpc.server.cert.chain.file is {self.DIR}/ca.crt, "
                         f"which is key ca.crt of Secret/osx-tls (mounted at {self.DIR}), expected Secret/osx-tls key tls.crt",
                         "broker.properties grpc.server.ca.file is /data/projects/fate/osx/conf/broker/ca.crt, where no "
                         "volume is mounted (expected Secret/osx-tls key ca.crt)",
                         "broker.properties grpc.server.private.key.file is missing")
        # a relative path is resolved against OSX's working directory, as OSX does
        self.props({"grpc.server.cert.chain.file": "conf/tls/tls.crt", "grpc.server.ca.file": f"{self.DIR}/ca.crt",
                    "grpc.server.private.key.file": None})
        cm = find(self.objs, "ConfigMap", "osx-config")
        cm["data"]["broker.properties"] += f"grpc.server.private.key.file={self.DIR}//tls.key\n"
        self.assertClean(self.wiring())

    def test_secret(self):
        secret = self.secret()
        secret["type"] = "Opaque"
        secret["data"]["ca.key"] = secret["data"].pop("tls.key")
        self.assertFinds(self.wiring(), "Secret/osx-tls: type is 'Opaque', expected kubernetes.io/tls",
                         "Secret/osx-tls: has no key tls.key",
                         "Secret/osx-tls: has an unexpected key ca.key (expected exactly ca.crt, tls.crt, tls.key)")
        objs = [o for o in self.objs if o["kind"] != "Secret" or o["metadata"]["name"] != "osx-tls"]
        self.assertFinds(self.wiring(objs), "Secret/osx-tls: missing")

    def test_secret_pem_armour(self):
        data = self.secret()["data"]
        enc = lambda text: base64.b64encode(text.encode()).decode()  # noqa: E731
        cert, key = tls_pair("10000")
        data["tls.key"] = enc(key.replace("-----BEGIN PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----")
                              .replace("-----END PRIVATE KEY-----", "-----END EC PRIVATE KEY-----"))
        data["ca.crt"] = enc(TLS_CA.replace("-----END CERTIFICATE-----\n", ""))
        self.assertFinds(self.wiring(), "Secret/osx-tls tls.key: holds a EC PRIVATE KEY block, expected PRIVATE KEY",
                         "Secret/osx-tls ca.crt: PEM armour: BEGIN CERTIFICATE has no END line")
        data["ca.crt"] = data["tls.crt"] = enc(TLS_CA)
        self.assertFinds(self.wiring(), "Secret/osx-tls: tls.crt is the authority's certificate (ca.crt), not this OSX's own")
        data["ca.crt"] = "not base64!"
        data["tls.crt"] = enc("just text")
        data["tls.key"] = enc(key + key)
        self.assertFinds(self.wiring(), "Secret/osx-tls: data.ca.crt is not base64 of text",
                         "Secret/osx-tls tls.crt: is not PEM (no -----BEGIN CERTIFICATE----- block)",
                         "Secret/osx-tls tls.key: holds 2 PRIVATE KEY blocks, expected one")
        data["tls.crt"] = enc(cert + fake_pem("CERTIFICATE", "intermediate"))  # a chain is fine
        data["ca.crt"] = enc(TLS_CA)
        data["tls.key"] = enc(key)
        self.assertClean(self.wiring())

    def test_mode(self):
        vol = next(v for v in pod_spec(find(self.objs, "Deployment", "osx"))["volumes"] if v["name"] == "osx-tls")
        vol["secret"]["defaultMode"] = 0o644
        self.assertFinds(self.wiring(), "Deployment/osx: volume osx-tls shows Secret/osx-tls key tls.key with mode "
                                        "0644: its group or others can read it")
        del vol["secret"]["defaultMode"]  # Kubernetes' default is 0644
        self.assertFinds(self.wiring(), "key tls.key with mode 0644")
        vol["secret"]["defaultMode"] = 0o600
        self.assertClean(self.wiring())
        vol["secret"]["items"] = [{"key": k, "path": k, "mode": 0o440 if k == "tls.key" else 0o400}
                                  for k in ("ca.crt", "tls.crt", "tls.key")]
        self.assertFinds(self.wiring(), "key tls.key with mode 0440")

    def test_mount(self):
        c = self.osx()
        c["volumeMounts"] = [m for m in c["volumeMounts"] if m["name"] != "osx-tls"]
        self.assertFinds(self.wiring(), "Deployment/osx: container osx: does not mount Secret/osx-tls",
                         f"broker.properties grpc.server.ca.file is {self.DIR}/ca.crt, where no volume is mounted",
                         "route_table.json entry 'default' role 'default' endpoint 0 caFile is")
        c["volumeMounts"].append({"name": "osx-tls", "mountPath": "/etc/osx-tls", "readOnly": True})
        self.assertFinds(self.wiring(), f"broker.properties grpc.server.cert.chain.file is {self.DIR}/tls.crt, "
                                        "where no volume is mounted")
        # another Secret mounted where the files are named
        spec = pod_spec(find(self.objs, "Deployment", "osx"))
        spec["volumes"].append({"name": "creds", "secret": {"secretName": "fate-credentials", "defaultMode": 0o400}})
        c["volumeMounts"].append({"name": "creds", "mountPath": self.DIR, "readOnly": True})
        self.assertFinds(self.wiring(), f"grpc.server.ca.file is {self.DIR}/ca.crt, which is key ca.crt of "
                                        "Secret/fate-credentials")
        # file by file with subPath is fine when every file resolves
        c["volumeMounts"] = [m for m in c["volumeMounts"] if m["name"] not in ("creds", "osx-tls")]
        c["volumeMounts"] += [{"name": "osx-tls", "mountPath": f"{self.DIR}/{k}", "subPath": k, "readOnly": True}
                              for k in ("ca.crt", "tls.crt", "tls.key")]
        self.assertClean(self.wiring())

    def test_user_cannot_read_owner_only_files(self):
        spec = pod_spec(find(self.objs, "Deployment", "osx"))
        spec["securityContext"] = {"runAsUser": 1000}
        self.assertFinds(self.wiring(), "Deployment/osx: container osx: runs as user 1000, but the Secret's files are "
                                        "root's with an owner-only mode and the pod sets no fsGroup")
        spec["securityContext"]["fsGroup"] = 1000
        self.assertClean(self.wiring())

    def test_port_and_probes(self):
        c = self.osx()
        c["ports"] = [p for p in c["ports"] if p["containerPort"] != 9371]
        self.assertFinds(self.wiring(), "Deployment/osx: container osx: has no container port 9371")
        c["ports"].append({"name": "osx-tls", "containerPort": 9371, "protocol": "TCP"})
        c["readinessProbe"]["tcpSocket"]["port"] = "osx"
        c["livenessProbe"]["tcpSocket"]["port"] = 9370
        self.assertFinds(self.wiring(), "container osx: readinessProbe checks port 9370, expected the TLS port 9371",
                         "container osx: livenessProbe checks port 9370, expected the TLS port 9371")
        c["readinessProbe"]["tcpSocket"]["port"] = 9371
        del c["livenessProbe"]
        self.assertClean(self.wiring())

    def test_route_files_resolve_to_the_secret(self):
        cm = find(self.objs, "ConfigMap", "osx-config")
        doc = json.loads(cm["data"]["route_table.json"])
        doc["route_table"]["default"]["default"][0]["caFile"] = f"{self.DIR}/tls.crt"
        doc["route_table"]["default"]["default"][0]["privateKeyFile"] = "/data/projects/fate/osx/conf/broker/tls.key"
        cm["data"]["route_table.json"] = json.dumps(doc)
        self.assertFinds(self.wiring(), f"route_table.json entry 'default' role 'default' endpoint 0 caFile is "
                                        f"{self.DIR}/tls.crt, which is key tls.crt of Secret/osx-tls",
                         "endpoint 0 privateKeyFile is /data/projects/fate/osx/conf/broker/tls.key, where no volume")

    def test_exchange(self):
        ex = self.config["exchange"]
        find(self.ex_objs, "Secret", "osx-tls")["type"] = "Opaque"
        c = self.osx(self.ex_objs)
        c["startupProbe"]["tcpSocket"]["port"] = "osx"
        self.assertFinds(check_proxy_wiring(self.ex_objs, exchange=ex), "Secret/osx-tls: type is 'Opaque'",
                         "startupProbe checks port 9370")

    def test_no_tls_material_without_tls(self):
        config = make_config(fate_version=FATE2)
        problems = check_proxy_wiring(self.objs, party_of(config, "10000"))
        self.assertFinds(problems, "broker.properties sets grpc.tls.port, but federation.yaml has no tls.enabled",
                         "broker.properties sets grpc.ssl.open.client.validate",
                         "broker.properties open.grpc.tls.server is 'true', but federation.yaml has no tls.enabled",
                         "Secret/osx-tls: rendered although federation.yaml has no tls.enabled")
        self.assertNotIn("probe", "\n".join(problems), "without TLS the probes watch the plaintext port")

    def test_checksum(self):
        sources, manifests = manifests_for(self.objs)
        self.assertClean(check_osx_checksum(self.objs, sources, manifests, party=self.party))
        # the route table changed after the checksum was taken
        cm = find(self.objs, "ConfigMap", "osx-config")
        cm["data"]["route_table.json"] += "\n"
        sources, manifests = manifests_for(self.objs)
        self.assertFinds(check_osx_checksum(self.objs, sources, manifests, party=self.party),
                         "Deployment/osx: checksum/config", "is not the sha256 of the rendered "
                         "fate-party/templates/configmap-osx-config.yaml and fate-party/templates/secret-osx-tls.yaml")
        # a chart whose checksum leaves the Secret out
        dep = find(self.objs, "Deployment", "osx")
        dep["spec"]["template"]["metadata"]["annotations"]["checksum/config"] = hashlib.sha256(
            manifests["fate-party/templates/configmap-osx-config.yaml"].encode()).hexdigest()
        self.assertFinds(check_osx_checksum(self.objs, sources, manifests, party=self.party),
                         "checksum/config covers fate-party/templates/configmap-osx-config.yaml but not "
                         "fate-party/templates/secret-osx-tls.yaml: new certificates would not restart OSX")
        set_osx_checksum(self.objs)
        self.assertClean(check_osx_checksum(self.objs, *manifests_for(self.objs), party=self.party))

    def test_checksum_without_tls(self):
        config = make_config(fate_version=FATE2)
        party = party_of(config, "10000")
        objs = party_objects(config, "10000")
        sources, manifests = manifests_for(objs)
        self.assertClean(check_osx_checksum(objs, sources, manifests, party=party))
        # the chart's empty Secret template may be part of it (fate.checksum lists both)
        manifests["fate-party/templates/secret-osx-tls.yaml"] = "\n"
        dep = find(objs, "Deployment", "osx")
        dep["spec"]["template"]["metadata"]["annotations"]["checksum/config"] = hashlib.sha256(
            (manifests["fate-party/templates/configmap-osx-config.yaml"] + "\n").encode()).hexdigest()
        self.assertClean(check_osx_checksum(objs, sources, manifests, party=party))
        dep["spec"]["template"]["metadata"]["annotations"]["checksum/config"] = "0" * 64
        self.assertFinds(check_osx_checksum(objs, sources, manifests, party=party), "is not the sha256 of the rendered "
                         "fate-party/templates/configmap-osx-config.yaml: a changed route table would not restart OSX")
        one = make_config()  # 1.x: not this check
        objs = party_objects(one, "10000")
        self.assertClean(check_osx_checksum(objs, *manifests_for(objs), party=party_of(one, "10000")))


if __name__ == "__main__":
    unittest.main()
