"""Self-tests of checks/podsecurity.py: Pod Security Standards "baseline".

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.podsecurity import check_pod_security  # noqa: E402
from synthetic import Base, find, make_config, party_objects, pod_spec  # noqa: E402


class PodSecurityTest(Base):
    def setUp(self):
        self.objs = party_objects(make_config(), "10000")

    def test_host_path_volume(self):
        pod_spec(find(self.objs, "Deployment", "egg0"))["volumes"].append(
            {"name": "data", "hostPath": {"path": "/data/projects/fate/data-dir", "type": "DirectoryOrCreate"}})
        self.assertFinds(check_pod_security(self.objs), "Deployment/egg0: volume data is a hostPath (/data/projects/fate/data-dir)")

    def test_privileged_host_namespaces_host_port(self):
        spec = pod_spec(find(self.objs, "Deployment", "proxy"))
        spec["hostNetwork"] = True
        spec["hostPID"] = True
        spec["containers"][0]["securityContext"] = {"privileged": True, "capabilities": {"add": ["NET_ADMIN", "CHOWN"]}}
        spec["containers"][0]["ports"][0]["hostPort"] = 9370
        self.assertFinds(check_pod_security(self.objs), "Deployment/proxy: hostNetwork: true", "hostPID: true",
                         "containers[0](proxy): privileged: true", "adds capability NET_ADMIN", "hostPort 9370")
        self.assertNotIn("CHOWN", "\n".join(check_pod_security(self.objs)))

    def test_init_container_privileged(self):
        pod_spec(find(self.objs, "Deployment", "python"))["initContainers"][0]["securityContext"] = {"privileged": True}
        self.assertFinds(check_pod_security(self.objs), "initContainers[0](wait-mysql): privileged: true")


if __name__ == "__main__":
    unittest.main()
