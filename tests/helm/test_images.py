"""Self-tests of checks/images.py: the registry rule, tags, pull policy/secrets, images.txt.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.images import check_image_ref, check_images, check_images_txt, collect_images, expected_images  # noqa: E402
from synthetic import (FATE2, Base, REGISTRY, exchange_objects, find, make_config, party_objects,  # noqa: E402
                       pod_spec)


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


class Fate2ImagesTest(Base):
    """FATE 2.2: osx, eggroll, fateflow, fateboard with their release's tags (or images.tag), mysql."""

    def test_release_tags_per_image(self):
        images = make_config(fate_version=FATE2)["images"]
        for ok in ("federatedai/osx:2.2.0-release", "federatedai/eggroll:3.2.0-release",
                   "federatedai/fateflow:2.2.0-release", "federatedai/fateboard:2.1.1-release", "mysql:8.0.36"):
            with self.subTest(image=ok):
                self.assertIsNone(check_image_ref(ok, images))
        for bad, why in (("federatedai/fateboard:2.2.0-release", "expected federatedai/fateboard:2.1.1-release"),
                         ("federatedai/eggroll:2.2.0-release", "expected federatedai/eggroll:3.2.0-release"),
                         ("federatedai/osx:1.1.0-release", "expected federatedai/osx:2.2.0-release"),
                         ("redis:5.0.14", "with no registry, FATE images are federatedai/<name>:<tag> and mysql is mysql:<tag>"),
                         ("federatedai/redis:5.0.14", "'redis' is not a FATE or mysql image"),
                         ("federatedai/proxy:2.2.0-release", "'proxy' is not a FATE or mysql image"),
                         ("federatedai/python:2.2.0-release", "'python' is not a FATE or mysql image"),
                         ("federatedai/mysql:8.0.36", "comes from Docker Hub as mysql:8.0.36"),
                         ("federatedai/osx:latest", "floating tag 'latest'")):
            with self.subTest(image=bad):
                self.assertIn(why, check_image_ref(bad, images) or "")
        self.assertEqual(expected_images(images), [
            "federatedai/eggroll:3.2.0-release", "federatedai/fateboard:2.1.1-release",
            "federatedai/fateflow:2.2.0-release", "federatedai/osx:2.2.0-release", "mysql:8.0.36"])

    def test_images_tag_applies_to_every_fate_image(self):
        config = make_config(fate_version=FATE2, tag="2.2.1-custom", registry=REGISTRY)
        objs = party_objects(config, "10000")
        self.assertClean(check_images(objs, config["images"]))
        c = pod_spec(find(objs, "Deployment", "clustermanager"))["containers"][0]
        c["image"] = f"{REGISTRY}/eggroll:3.2.0-release"
        self.assertFinds(check_images(objs, config["images"]),
                         "Deployment/clustermanager: containers[0](clustermanager): image "
                         f"'{REGISTRY}/eggroll:3.2.0-release' has tag '3.2.0-release', expected "
                         f"{REGISTRY}/eggroll:2.2.1-custom")
        self.assertIsNone(check_image_ref(f"{REGISTRY}/mysql:8.0.36", config["images"]))

    def test_init_containers_follow_the_registry(self):
        config = make_config(fate_version=FATE2, registry=REGISTRY)
        objs = party_objects(config, "10000")
        pod_spec(find(objs, "Deployment", "nodemanager-0"))["initContainers"][0]["image"] = "federatedai/eggroll:3.2.0-release"
        pod_spec(find(objs, "Deployment", "clustermanager"))["initContainers"][0]["image"] = "mysql:8.0.36"
        pod_spec(find(objs, "Deployment", "fateflow"))["initContainers"][0]["image"] = f"{REGISTRY}/fateflow:2.1.0-release"
        self.assertFinds(check_images(objs, config["images"]),
                         "Deployment/nodemanager-0: initContainers[0](wait-for-clustermanager): image "
                         "'federatedai/eggroll:3.2.0-release' is not from the configured registry",
                         "Deployment/clustermanager: initContainers[0](init-schema): image 'mysql:8.0.36' is not from",
                         "Deployment/fateflow: initContainers[0](wait-for-mysql): image "
                         f"'{REGISTRY}/fateflow:2.1.0-release' has tag '2.1.0-release'")

    def test_no_redis_container(self):
        config = make_config(fate_version=FATE2)
        objs = party_objects(config, "10000")
        spec = pod_spec(find(objs, "Deployment", "fateflow"))
        spec["containers"].append({"name": "redis", "image": "redis:5.0.14"})
        self.assertFinds(check_images(objs, config["images"]), "containers[1](redis): image 'redis:5.0.14'")

    def test_pull_policy_and_pull_secrets(self):
        config = make_config(fate_version=FATE2, registry=REGISTRY, pull_secrets=["harbor-pull"])
        objs = exchange_objects(config)
        spec = pod_spec(find(objs, "Deployment", "osx"))
        del spec["imagePullSecrets"]
        spec["containers"][0]["imagePullPolicy"] = "Never"
        self.assertFinds(check_images(objs, config["images"]), "Deployment/osx: containers[0](osx): imagePullPolicy 'Never'",
                         "Deployment/osx: imagePullSecrets lacks the configured pull secret 'harbor-pull'")


class ImagesTxtTest(Base):
    def test_images_txt(self):
        used = {f"{REGISTRY}/proxy:1.2.0-release", f"{REGISTRY}/mysql:8.0.36"}
        self.assertClean(check_images_txt("federatedai/proxy:1.2.0-release\n# comment\nmysql:8.0.36\n", used))
        self.assertFinds(check_images_txt("federatedai/proxy:1.2.0-release\n", used),
                         f"images.txt does not list {REGISTRY}/mysql:8.0.36")
        # the 1.x rule: extra entries are not problems
        self.assertClean(check_images_txt("proxy:1.2.0-release\nmysql:8.0.36\nredis:5.0.14\n", used))

    def test_images_txt_exact(self):
        """2.x: images.txt lists exactly the used references, in full, once each."""
        config = make_config(fate_version=FATE2, registry=REGISTRY)
        used = collect_images(party_objects(config, "10000")) | collect_images(exchange_objects(config))
        self.assertEqual(sorted(used), expected_images(config["images"]))
        text = "".join(f"{i}\n" for i in sorted(used))
        self.assertClean(check_images_txt(text, used, exact=True))
        self.assertFinds(check_images_txt(text + f"{REGISTRY}/redis:5.0.14\n", used, exact=True),
                         f"images.txt lists {REGISTRY}/redis:5.0.14, which no container of the bundle runs")
        self.assertFinds(check_images_txt(text.replace(f"{REGISTRY}/mysql", "mysql"), used, exact=True),
                         f"images.txt does not list {REGISTRY}/mysql:8.0.36", "images.txt lists mysql:8.0.36, which no")
        self.assertFinds(check_images_txt(text + f"{REGISTRY}/osx:2.2.0-release\n", used, exact=True),
                         f"images.txt lists {REGISTRY}/osx:2.2.0-release more than once")


if __name__ == "__main__":
    unittest.main()
