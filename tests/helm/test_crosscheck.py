"""Self-tests of checks/crosscheck.py: Service selectors and ports, references, checksum
annotations.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.crosscheck import check_config_checksum, check_references, check_service_selectors  # noqa: E402
from synthetic import Base, find, make_config, party_objects, pod_spec  # noqa: E402


class ServiceSelectorTest(Base):
    def setUp(self):
        self.objs = party_objects(make_config(), "10000")

    def test_selector_mismatch(self):
        svc = find(self.objs, "Service", "roll")
        svc["spec"]["selector"]["app.kubernetes.io/component"] = "rol"
        self.assertFinds(check_service_selectors(self.objs), "Service/roll: selector", "matches no pod template")
        svc["spec"]["selector"]["app.kubernetes.io/component"] = "roll"
        self.assertClean(check_service_selectors(self.objs))

    def test_wrong_numeric_target_port(self):
        find(self.objs, "Service", "federation")["spec"]["ports"][0]["targetPort"] = 9395
        self.assertFinds(check_service_selectors(self.objs),
                         "Service/federation: port grpc: targetPort 9395/TCP is not a containerPort of Deployment/federation")

    def test_wrong_named_target_port(self):
        find(self.objs, "Service", "fateflow")["spec"]["ports"][1]["targetPort"] = "htp"
        self.assertFinds(check_service_selectors(self.objs), "Service/fateflow: port http: targetPort 'htp'")

    def test_string_number_target_port_is_a_name(self):
        find(self.objs, "Service", "roll")["spec"]["ports"][0]["targetPort"] = "8011"
        self.assertFinds(check_service_selectors(self.objs), "a string targetPort is a port *name*")

    def test_missing_target_port_defaults_to_port(self):
        port = find(self.objs, "Service", "meta-service")["spec"]["ports"][0]
        del port["targetPort"]
        self.assertClean(check_service_selectors(self.objs))
        port["port"] = 8591
        self.assertFinds(check_service_selectors(self.objs), "targetPort 8591/TCP")

    def test_no_selector(self):
        del find(self.objs, "Service", "mysql")["spec"]["selector"]
        self.assertFinds(check_service_selectors(self.objs), "Service/mysql: has no selector")


class ReferencesTest(Base):
    def setUp(self):
        self.objs = party_objects(make_config(), "10000")

    def test_missing_configmap_key_for_subpath(self):
        cm = find(self.objs, "ConfigMap", "proxy-config")
        text = cm["data"].pop("route_table.json")
        self.assertFinds(check_references(self.objs),
                         "Deployment/proxy: containers[0](proxy): mount proxy-config subPath 'route_table.json' names no key")
        cm["data"]["route_table.json"] = text
        self.assertClean(check_references(self.objs))

    def test_missing_items_key(self):
        dep = find(self.objs, "Deployment", "roll")
        pod_spec(dep)["volumes"][0]["configMap"]["items"] = [{"key": "rol.properties", "path": "roll.properties"}]
        self.assertFinds(check_references(self.objs), "ConfigMap 'roll-config' has no key 'rol.properties' (items)")
        pod_spec(dep)["volumes"][0]["configMap"]["items"] = [{"key": "roll.properties", "path": "roll.properties"}]
        self.assertClean(check_references(self.objs))

    def test_subpath_must_name_item_path_when_items_remap(self):
        dep = find(self.objs, "Deployment", "roll")
        pod_spec(dep)["volumes"][0]["configMap"]["items"] = [{"key": "roll.properties", "path": "conf/roll.props"}]
        self.assertFinds(check_references(self.objs), "subPath 'roll.properties' names no key")

    def test_missing_configmap(self):
        pod_spec(find(self.objs, "Deployment", "roll"))["volumes"][0]["configMap"]["name"] = "rol-config"
        self.assertFinds(check_references(self.objs), "Deployment/roll: volume roll-config: ConfigMap 'rol-config' is not rendered")

    def test_secret_key_ref(self):
        env = pod_spec(find(self.objs, "Deployment", "mysql"))["containers"][0]["env"][0]
        env["valueFrom"]["secretKeyRef"]["key"] = "root-password"
        self.assertFinds(check_references(self.objs), "env MYSQL_ROOT_PASSWORD: Secret 'fate-credentials' has no key 'root-password'")
        env["valueFrom"]["secretKeyRef"] = {"name": "my-creds", "key": "mysql-root-password"}
        self.assertFinds(check_references(self.objs), "Secret 'my-creds' is not rendered")
        self.assertClean(check_references(self.objs, external_secrets={"my-creds"}))

    def test_config_map_key_ref_and_env_from(self):
        c = pod_spec(find(self.objs, "Deployment", "roll"))["containers"][0]
        c["env"] = [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "roll-config", "key": "nope"}}}]
        c["envFrom"] = [{"configMapRef": {"name": "ghost"}}, {"secretRef": {"name": "ghost-secret"}}]
        self.assertFinds(check_references(self.objs), "ConfigMap 'roll-config' has no key 'nope'",
                         "envFrom ConfigMap 'ghost' is not rendered", "envFrom Secret 'ghost-secret' is not rendered")

    def test_pvc(self):
        pod_spec(find(self.objs, "Deployment", "mysql"))["volumes"] = [
            {"name": "data", "persistentVolumeClaim": {"claimName": "fate-data"}}]
        self.assertFinds(check_references(self.objs), "PersistentVolumeClaim 'fate-data' is not rendered")
        self.assertClean(check_references(self.objs, existing_claims={"fate-data"}))
        self.objs.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "fate-data"},
                          "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
        self.assertClean(check_references(self.objs))

    def test_probe_named_port(self):
        c = pod_spec(find(self.objs, "Deployment", "roll"))["containers"][0]
        c["readinessProbe"] = {"tcpSocket": {"port": "grpc"}}
        self.assertClean(check_references(self.objs))
        c["livenessProbe"] = {"tcpSocket": {"port": "roll"}}
        self.assertFinds(check_references(self.objs), "livenessProbe.tcpSocket.port 'roll' is not a named port")

    def test_volume_mount_without_volume(self):
        pod_spec(find(self.objs, "Deployment", "python"))["volumes"].pop()  # logs
        self.assertFinds(check_references(self.objs), "volumeMount 'logs' names no volume")

    def test_ingress_backend(self):
        find(self.objs, "Ingress", "fateboard")["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["port"]["number"] = 80
        self.assertFinds(check_references(self.objs), "Ingress/fateboard: backend port 80 is not a port of Service/fateboard")

    def test_image_pull_secret_must_be_configured(self):
        pod_spec(find(self.objs, "Deployment", "roll"))["imagePullSecrets"] = [{"name": "regcred"}]
        self.assertFinds(check_references(self.objs), "imagePullSecret 'regcred' is neither rendered nor a configured pullSecret")
        self.assertClean(check_references(self.objs, external_secrets=["regcred"]))


class ChecksumTest(Base):
    def test_checksum_annotation(self):
        objs = party_objects(make_config(), "10000")
        self.assertClean(check_config_checksum(objs))
        del find(objs, "Deployment", "proxy")["spec"]["template"]["metadata"]["annotations"]
        self.assertFinds(check_config_checksum(objs), "Deployment/proxy: mounts a ConfigMap but its pod template has no checksum/config")


if __name__ == "__main__":
    unittest.main()
