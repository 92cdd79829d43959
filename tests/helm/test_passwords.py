"""Self-tests of checks/passwords.py: credentials only in Secrets and the own values.yaml.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.contract import LINE_1, LINE_2  # noqa: E402
from checks.passwords import (check_passwords_in_files, check_passwords_in_notes,  # noqa: E402
                              check_passwords_in_objects, passwords_of)
from synthetic import (FATE2, Base, PASSWORDS, PASSWORDS_2, configmap, creds, find, make_config,  # noqa: E402
                       party_objects, pod_spec)


class PasswordsTest(Base):
    def setUp(self):
        self.objs = party_objects(make_config(), "10000")

    def test_password_in_configmap(self):
        cm = find(self.objs, "ConfigMap", "meta-service-config")
        cm["data"]["meta-service.properties"] += f"jdbc.password={PASSWORDS['mysqlPassword']}\n"
        self.assertFinds(check_passwords_in_objects(self.objs, creds()),
                         "ConfigMap/meta-service-config: credentials.mysqlPassword appears in data.meta-service.properties")
        self.assertNotIn(PASSWORDS["mysqlPassword"], "\n".join(check_passwords_in_objects(self.objs, creds())),
                         "the report must not print the password")

    def test_password_in_binary_data(self):
        import base64
        self.objs.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "bin"},
                          "binaryData": {"x": base64.b64encode(PASSWORDS["redisPassword"].encode()).decode()}})
        self.assertFinds(check_passwords_in_objects(self.objs, creds()), "ConfigMap/bin: credentials.redisPassword")

    def test_password_in_env_value(self):
        env = pod_spec(find(self.objs, "Deployment", "mysql"))["containers"][0]["env"]
        env[0] = {"name": "MYSQL_ROOT_PASSWORD", "value": PASSWORDS["mysqlRootPassword"]}
        self.assertFinds(check_passwords_in_objects(self.objs, creds()),
                         "Deployment/mysql: credentials.mysqlRootPassword appears in spec.template.spec.containers[0].env[0].value")

    def test_password_in_args(self):
        c = pod_spec(find(self.objs, "Deployment", "redis"))["containers"][0]
        c["args"] = ["--requirepass", PASSWORDS["redisPassword"]]
        self.assertFinds(check_passwords_in_objects(self.objs, creds()), "credentials.redisPassword appears in "
                         "spec.template.spec.containers[0].args[1]")

    def test_password_in_init_container_command(self):
        init = pod_spec(find(self.objs, "Deployment", "python"))["initContainers"][0]
        init["command"] = ["sh", "-c", f"mysqladmin ping -h mysql -ufate -p{PASSWORDS['mysqlPassword']}"]
        self.assertFinds(check_passwords_in_objects(self.objs, creds()), "initContainers[0].command[2]")

    def test_password_in_secret_is_fine(self):
        self.assertClean(check_passwords_in_objects(self.objs, creds()))

    def test_short_password_matches_whole_words_only(self):
        self.assertClean(check_passwords_in_objects([configmap("a", {"k": "defaults"})], {"p": "fate"}))
        self.assertFinds(check_passwords_in_objects([configmap("a", {"k": "pass=fate\n"})], {"p": "fate"}), "ConfigMap/a")

    def test_password_in_rendered_notes(self):
        notes = {"c/templates/NOTES.txt": f"mysql root password: {PASSWORDS['mysqlRootPassword']}\n"}
        self.assertFinds(check_passwords_in_notes(notes, creds()), "c/templates/NOTES.txt: rendered notes show credentials.mysqlRootPassword")
        self.assertClean(check_passwords_in_notes({"c/templates/NOTES.txt": "kubectl get secret fate-credentials"}, creds()))

    def test_password_in_bundle_files(self):
        pw = {"fate-10000": creds(), "fate-9999": creds({k: v + "-b" for k, v in PASSWORDS.items()}), "fate-exchange": {}}
        files = {
            "fate-10000/values.yaml": f"credentials:\n  mysqlPassword: {PASSWORDS['mysqlPassword']}\n".encode(),
            "fate-9999/values.yaml": b"credentials: {}\n",
            "README.md": b"nothing secret\n",
            "install.sh": b"helm install\n",
        }
        self.assertClean(check_passwords_in_files(files, pw))
        files["install.sh"] += f"--set credentials.redisPassword={PASSWORDS['redisPassword']}-b\n".encode()
        files["fate-9999/values.yaml"] += PASSWORDS["mysqlRootPassword"].encode()
        files["federation.yaml"] = f"credentials: {{'10000': {{mysqlPassword: {PASSWORDS['mysqlPassword']}}}}}".encode()
        self.assertFinds(check_passwords_in_files(files, pw), "install.sh: contains fate-9999's credentials.redisPassword",
                         "fate-9999/values.yaml: contains fate-10000's credentials.mysqlRootPassword",
                         "federation.yaml: contains fate-10000's credentials.mysqlPassword")



class Fate2PasswordsTest(Base):
    """FATE 2.2: the credentials are mysql root, mysql and fateboard (no redis)."""

    def setUp(self):
        self.objs = party_objects(make_config(fate_version=FATE2), "10000")
        self.values = {"credentials": dict(PASSWORDS_2, redisPassword="Redis-not-of-2x")}

    def test_passwords_of_by_line(self):
        self.assertEqual(passwords_of(self.values, LINE_2), creds(PASSWORDS_2))
        self.assertEqual(sorted(passwords_of(self.values, LINE_1)),
                         ["credentials.mysqlPassword", "credentials.mysqlRootPassword", "credentials.redisPassword"])
        self.assertEqual(passwords_of(self.values), passwords_of(self.values, LINE_1))

    def test_correct(self):
        self.assertClean(check_passwords_in_objects(self.objs, passwords_of(self.values, LINE_2)))

    def test_fateboard_password_in_configmap(self):
        cm = find(self.objs, "ConfigMap", "fateboard-config")
        cm["data"]["application.properties"] += f"server.board.login.password={PASSWORDS_2['fateboardPassword']}\n"
        problems = check_passwords_in_objects(self.objs, passwords_of(self.values, LINE_2))
        self.assertFinds(problems, "ConfigMap/fateboard-config: credentials.fateboardPassword appears in "
                                   "data.application.properties")
        self.assertNotIn(PASSWORDS_2["fateboardPassword"], "\n".join(problems))

    def test_mysql_password_in_command(self):
        c = pod_spec(find(self.objs, "Deployment", "clustermanager"))["containers"][0]
        c["args"] = ["bash", "-c", f"printf 'jdbc.password={PASSWORDS_2['mysqlPassword']}' > conf"]
        self.assertFinds(check_passwords_in_objects(self.objs, passwords_of(self.values, LINE_2)),
                         "Deployment/clustermanager: credentials.mysqlPassword appears in spec.template.spec.containers[0].args[2]")

    def test_fateboard_password_in_bundle_file(self):
        pw = {"fate-10000": passwords_of(self.values, LINE_2), "fate-exchange": {}}
        files = {"fate-10000/values.yaml": f"fateboardPassword: {PASSWORDS_2['fateboardPassword']}\n".encode(),
                 "README.md": f"login admin / {PASSWORDS_2['fateboardPassword']}\n".encode()}
        self.assertFinds(check_passwords_in_files(files, pw), "README.md: contains fate-10000's credentials.fateboardPassword")


if __name__ == "__main__":
    unittest.main()
