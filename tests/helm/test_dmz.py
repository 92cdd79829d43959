"""Self-tests of checks/dmz.py: a DMZ party's docker compose proxy.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.dmz import check_dmz  # noqa: E402
from synthetic import Base, REGISTRY, dmz_files, make_config, party_of  # noqa: E402


class DmzTest(Base):
    def setUp(self):
        self.config = make_config(registry=REGISTRY, dmz_party="9999")
        self.party = party_of(self.config, "9999")
        self.files = dmz_files(self.config, "9999")

    def compose(self) -> dict:
        return yaml.safe_load(self.files["docker-compose.yml"])

    def set_compose(self, doc: dict) -> None:
        self.files["docker-compose.yml"] = yaml.safe_dump(doc).encode()

    def test_correct(self):
        self.assertClean(check_dmz(self.party, self.config["images"], self.files))

    def test_long_syntax(self):
        doc = self.compose()
        doc["services"]["proxy"]["ports"] = [{"target": 9370, "published": "9370", "protocol": "tcp"}]
        doc["services"]["proxy"]["volumes"] = [
            {"type": "bind", "source": "./conf/proxy.properties", "target": "/data/projects/fate/proxy/conf/proxy.properties"},
            {"type": "bind", "source": "./conf/route_table.json", "target": "/data/projects/fate/proxy/conf/route_table.json"}]
        self.set_compose(doc)
        self.assertClean(check_dmz(self.party, self.config["images"], self.files))

    def test_wrong_image(self):
        doc = self.compose()
        doc["services"]["proxy"]["image"] = "federatedai/proxy:1.2.0-release"
        self.set_compose(doc)
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files),
                         "dmz-9999: docker-compose service proxy: image 'federatedai/proxy:1.2.0-release' is not from the configured registry")

    def test_port_not_published(self):
        doc = self.compose()
        doc["services"]["proxy"]["ports"] = ["9371:9370"]
        self.set_compose(doc)
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files), "does not publish 9370:9370")

    def test_conf_not_mounted(self):
        doc = self.compose()
        doc["services"]["proxy"]["volumes"] = doc["services"]["proxy"]["volumes"][:1]
        self.set_compose(doc)
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files),
                         "does not mount conf/route_table.json at /data/projects/fate/proxy/conf/route_table.json")

    def test_whole_conf_dir_hides_image_files(self):
        doc = self.compose()
        doc["services"]["proxy"]["volumes"] = ["./conf:/data/projects/fate/proxy/conf"]
        self.set_compose(doc)
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files),
                         "hiding the image's applicationContext-proxy.xml")

    def test_proxy_properties(self):
        self.files["conf/proxy.properties"] = b"coordinator=10000\nport=9370\nroute.table=/tmp/r.json\n"
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files),
                         "coordinator is '10000', expected '9999'", "route.table is '/tmp/r.json'")
        del self.files["conf/route_table.json"]
        self.assertFinds(check_dmz(self.party, self.config["images"], self.files), "conf/route_table.json is missing")


if __name__ == "__main__":
    unittest.main()
