"""Self-tests of checks/images.py: the registry rule, tags, pull policy/secrets, images.txt.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.images import check_image_ref, check_images, check_images_txt  # noqa: E402
from synthetic import Base, REGISTRY, find, make_config, party_objects, pod_spec  # noqa: E402


class ImagesTest(Base):
    def test_image_from_wrong_registry(self):
        config = make_config(registry=REGISTRY)
        objs = party_objects(config, "10000")
        c = pod_spec(find(objs, "Deployment", "roll"))["containers"][0]
        c["image"] = "harbor.other/federatedai/roll:1.2.0-release"
        self.assertFinds(check_images(objs, config["images"]),
                         "Deployment/roll: containers[0](roll): image 'harbor.other/federatedai/roll:1.2.0-release' "
                         "is not from the configured registry")
        c["image"] = f"{REGISTRY}/roll:1.2.0-release"
        self.assertClean(check_images(objs, config["images"]))

    def test_init_container_from_docker_hub_while_registry_set(self):
        config = make_config(registry=REGISTRY)
        objs = party_objects(config, "10000")
        init = pod_spec(find(objs, "Deployment", "python"))["initContainers"][0]
        init["image"] = "mysql:8"
        self.assertFinds(check_images(objs, config["images"]), "initContainers[0](wait-mysql): image 'mysql:8'",
                         "not from the configured registry")
        init["image"] = f"{REGISTRY}/mysql:8.0.36"
        self.assertClean(check_images(objs, config["images"]))

    def test_no_registry_rules(self):
        images = make_config()["images"]
        self.assertIsNone(check_image_ref("federatedai/proxy:1.2.0-release", images))
        self.assertIsNone(check_image_ref("mysql:8.0.36", images))
        self.assertIsNone(check_image_ref("redis:5.0.14", images))
        for bad, why in (("federatedai/mysql:8.0.36", "comes from Docker Hub as mysql:8.0.36"),
                         ("proxy:1.2.0-release", "with no registry"),
                         ("docker.io/federatedai/proxy:1.2.0-release", "with no registry"),
                         ("federatedai/proxy:latest", "floating tag 'latest'"),
                         ("federatedai/proxy", "has no tag"),
                         ("mysql:8", "has tag '8', expected mysql:8.0.36"),
                         ("federatedai/busybox:1.36", "'busybox' is not a FATE, mysql or redis image"),
                         ("federatedai/proxy@sha256:" + "0" * 64, "uses a digest"),
                         (None, "has no image")):
            with self.subTest(image=bad):
                self.assertIn(why, check_image_ref(bad, images) or "")

    def test_registry_with_port_and_tag(self):
        images = make_config(registry=REGISTRY)["images"]
        self.assertIsNone(check_image_ref(f"{REGISTRY}/redis:5.0.14", images))
        self.assertIn("is not from the configured registry", check_image_ref(f"{REGISTRY}/sub/redis:5.0.14", images))
        self.assertIn("floating tag 'latest'", check_image_ref(f"{REGISTRY}/egg:latest", images))
        self.assertIn("has no tag", check_image_ref(f"{REGISTRY}/egg", images))

    def test_pull_policy_and_pull_secrets(self):
        config = make_config(registry=REGISTRY, pull_secrets=["harbor-pull"])
        objs = party_objects(config, "10000")
        spec = pod_spec(find(objs, "Deployment", "roll"))
        del spec["imagePullSecrets"]
        spec["containers"][0]["imagePullPolicy"] = "Always"
        self.assertFinds(check_images(objs, config["images"]), "imagePullPolicy 'Always', config says 'IfNotPresent'",
                         "Deployment/roll: imagePullSecrets lacks the configured pull secret 'harbor-pull'")


class ImagesTxtTest(Base):
    def test_images_txt(self):
        used = {f"{REGISTRY}/proxy:1.2.0-release", f"{REGISTRY}/mysql:8.0.36"}
        self.assertClean(check_images_txt("federatedai/proxy:1.2.0-release\n# comment\nmysql:8.0.36\n", used))
        self.assertFinds(check_images_txt("federatedai/proxy:1.2.0-release\n", used),
                         f"images.txt does not list {REGISTRY}/mysql:8.0.36")


if __name__ == "__main__":
    unittest.main()
