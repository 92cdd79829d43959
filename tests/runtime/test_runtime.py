"""Self-tests of the runtime contract checks: each planted fault must be found, and the same
container without the fault must pass. Sandbox tests need root and Debian's static BusyBox
(the test command installs it); they are skipped elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import check_runtime as R  # noqa: E402
import facts as F  # noqa: E402
import pods as P  # noqa: E402
import sandbox as S  # noqa: E402

FACTS = F.load_facts()
TAG = FACTS["fateLines"]["1.2.0"]["imageTag"]


def container(**kw):
    base = {"name": "c", "image": f"federatedai/roll:{TAG}", "resources": {"limits": {"memory": "2Gi"}},
            "env": [{"name": "JAVA_TOOL_OPTIONS", "value": "-Xmx1536m"}]}
    base.update(kw)
    return base


class ImageFacts(unittest.TestCase):
    def test_every_image_has_sources_and_a_shell(self):
        for name, entry in FACTS["images"].items():
            with self.subTest(image=name):
                self.assertIn(entry["shell"], ("busybox", "bash"))
                self.assertTrue(entry.get("sources"), "facts without sources")
                for f in entry.get("files", []):
                    self.assertTrue(f.get("source"), f"file fact without a source: {f}")

    def test_unknown_image_and_tag(self):
        self.assertIsNone(F.image_facts(FACTS, "busybox:1.36")[0])
        entry, problem = F.image_facts(FACTS, "mysql:5.7")
        self.assertIsNotNone(entry)
        self.assertIn("not one the facts cover", problem)
        self.assertEqual(F.image_facts(FACTS, f"harbor.example/federatedai/egg:{TAG}")[1], None)

    def test_fateboard_of_each_line_by_tag(self):
        for tag in ("1.2.0-release", "1.3.0-release"):
            entry, problem = F.image_facts(FACTS, f"federatedai/fateboard:{tag}")
            self.assertIs(entry, FACTS["images"]["fateboard"])
            self.assertIsNone(problem)
        entry, problem = F.image_facts(FACTS, "registry.example:5000/federatedai/fateboard:2.1.1-release")
        self.assertIs(entry, FACTS["images"]["fateboard-2.1"])
        self.assertIsNone(problem)
        self.assertEqual(entry["workdir"], "/data/projects/fate/fate_board")

    def test_known_image_with_an_unknown_tag(self):
        entry, problem = F.image_facts(FACTS, "federatedai/fateboard:2.1.0-release")
        self.assertIs(entry, FACTS["images"]["fateboard"])  # the entry keyed by the image name
        self.assertIn("tag '2.1.0-release' is not one the facts cover", problem)
        for tag in ("1.2.0-release", "1.3.0-release", "2.1.1-release"):
            self.assertIn(tag, problem)
        # A 1.x tag on an image that only the 2.2.0 line has: its entry, with a problem.
        entry, problem = F.image_facts(FACTS, f"federatedai/eggroll:{TAG}")
        self.assertIs(entry, FACTS["images"]["eggroll-3.2"])
        self.assertIn("not one the facts cover (3.2.0-release)", problem)

    def test_every_line_tag_finds_its_entry(self):
        for line, info in FACTS["fateLines"].items():
            tags = info.get("imageTags") or {}
            for name, tag in tags.items():
                with self.subTest(line=line, image=name):
                    entry, problem = F.image_facts(FACTS, f"federatedai/{name}:{tag}")
                    self.assertIsNotNone(entry)
                    self.assertIsNone(problem)
                    self.assertEqual(F.fate_line_of(FACTS, tag, name), line)

    def test_no_two_entries_cover_one_image_and_tag(self):
        seen = {}
        for key, entry in FACTS["images"].items():
            for tag in F.entry_tags(FACTS, entry):
                pair = (F.entry_image_name(key, entry), tag)
                self.assertNotIn(pair, seen, f"{key} and {seen.get(pair)} both cover {pair}")
                seen[pair] = key

    def test_fate_line_of_a_tag(self):
        self.assertEqual(F.fate_line_of(FACTS, "1.2.0-release"), "1.2.0")
        self.assertEqual(F.fate_line_of(FACTS, "1.3.0-release", "fateboard"), "1.3.0")
        self.assertEqual(F.fate_line_of(FACTS, "2.2.0-release"), "2.2.0")
        self.assertEqual(F.fate_line_of(FACTS, "3.2.0-release"), "2.2.0")
        self.assertEqual(F.fate_line_of(FACTS, "2.1.1-release", "fateboard"), "2.2.0")
        self.assertEqual(F.fate_line_of(FACTS, "2.1.1-release", "federatedai/fateboard:2.1.1-release"), "2.2.0")
        self.assertIsNone(F.fate_line_of(FACTS, "2.1.1-release", "eggroll"))
        self.assertIsNone(F.fate_line_of(FACTS, "1.2.0-release", "eggroll"))  # no 1.x eggroll image
        self.assertIsNone(F.fate_line_of(FACTS, "9.9.9-release"))


class Interpreter(unittest.TestCase):
    def test_bash_in_an_alpine_image_is_found(self):
        entry = FACTS["images"]["roll"]
        bad = F.check_interpreter("roll/wait", container(command=["bash", "-c", "true"]), entry)
        self.assertEqual(len(bad), 1)
        self.assertIn("BusyBox sh only", bad[0])
        self.assertEqual(F.check_interpreter("roll/wait", container(command=["sh", "-c", "true"]), entry), [])

    def test_bash_in_the_tools_image_is_fine(self):
        self.assertEqual(F.check_interpreter("x", {"command": ["bash", "-c", ":"]}, FACTS["images"]["redis"]), [])


class CommandFiles(unittest.TestCase):
    def test_jar_outside_the_workdir(self):
        entry = FACTS["images"]["fateboard"]
        good = {"command": ["java", "-jar", "fateboard.jar"], "workingDir": "/data/projects/fate/fateboard"}
        self.assertEqual(F.check_command_files("fb", good, entry), [])
        bad = {"command": ["java", "-jar", "fateboard.jar"], "workingDir": "/"}
        self.assertIn("does not contain", F.check_command_files("fb", bad, entry)[0])


class JavaHeap(unittest.TestCase):
    def test_no_heap(self):
        bad = F.check_java_heap("roll", container(env=[]), FACTS["images"]["roll"])
        self.assertIn("no -Xmx", bad[0])

    def test_image_command_heap_over_the_limit(self):
        bad = F.check_java_heap("fateboard", container(image=f"federatedai/fateboard:{TAG}", env=[]), FACTS["images"]["fateboard"])
        self.assertIn("more than 75%", bad[0])

    def test_command_line_wins_over_java_tool_options(self):
        c = container(command=["java", "-Xmx1900m", "-jar", "x.jar"])
        self.assertIn("more than 75%", F.check_java_heap("x", c, FACTS["images"]["fateboard"])[0])
        c = container(command=["java", "-Xmx1g", "-jar", "x.jar"], env=[{"name": "JAVA_TOOL_OPTIONS", "value": "-Xmx4g"}])
        self.assertEqual(F.check_java_heap("x", c, FACTS["images"]["fateboard"]), [])

    def test_fitting_heap(self):
        self.assertEqual(F.check_java_heap("roll", container(), FACTS["images"]["roll"]), [])

    def test_no_limit(self):
        bad = F.check_java_heap("roll", container(resources={}), FACTS["images"]["roll"])
        self.assertIn("no readable memory limit", bad[0])


class FileKeys(unittest.TestCase):
    def fact(self, image, path):
        return next(f for f in FACTS["images"][image]["files"] if f.get("path") == path)

    def test_fateboard_keys_of_later_versions(self):
        fact = self.fact("fateboard", "/data/projects/fate/fateboard/conf/application.properties")
        text = "server.port=8080\nfateflow.url=http://fateflow:9380\nfateboard.datasource.jdbc-url=x\n" \
               "fateboard.datasource.username=u\nfateboard.datasource.password=p\n"
        bad = F.check_file_keys("fb", fact, fact["path"], text)
        self.assertTrue(any("lacks spring.datasource.url" in p for p in bad))
        self.assertTrue(any("sets fateboard.datasource.jdbc-url" in p for p in bad))
        good = "server.port=8080\nfateflow.url=x\nspring.datasource.url=x\nspring.datasource.username=u\nspring.datasource.password=${P}\n"
        self.assertEqual(F.check_file_keys("fb", fact, fact["path"], good), [])

    def test_proxy_root_crt_is_not_read(self):
        fact = self.fact("proxy", "/data/projects/fate/proxy/conf/proxy.properties")
        bad = F.check_file_keys("p", fact, fact["path"], "coordinator=1\nport=9370\nroute.table=r.json\nroot.crt=\n")
        self.assertEqual(bad, ["p: /data/projects/fate/proxy/conf/proxy.properties sets root.crt, which the component does not read"])

    def test_missing_file_and_bad_json(self):
        fact = self.fact("python", "/data/projects/fate/python/eggroll/conf/server_conf.json")
        self.assertIn("is not there", F.check_file_keys("py", fact, fact["path"], None)[0])
        self.assertIn("is not JSON", F.check_file_keys("py", fact, fact["path"], "{")[0])
        self.assertIn("lacks servers.roll", F.check_file_keys("py", fact, fact["path"], '{"servers": {}}')[0])

    def test_route_table_path_comes_from_proxy_properties(self):
        props = "coordinator=1\nport=9370\nroute.table=conf/route/route_table.json\n"
        reads = F.resolve_reads(FACTS["images"]["proxy"], lambda p: props if p.endswith("proxy.properties") else None)
        self.assertIn("/data/projects/fate/proxy/conf/route/route_table.json", [p for _f, p in reads])

    def test_mount_where_nothing_reads(self):
        bad = F.check_mounts("roll", ["/data/projects/fate/roll/conf/roll.properties", "/etc/roll.properties"],
                             ["/data/projects/fate/roll/conf/roll.properties"], ["/var/lib/roll"])
        self.assertEqual(len(bad), 2)


class Fate2Files(unittest.TestCase):
    """The FATE 2.2 file facts: YAML keys, keys only one role needs, eggroll's tables."""

    def fact(self, image, path):
        return next(f for f in FACTS["images"][image]["files"] if f.get("path") == path)

    def test_service_conf_yaml_keys(self):
        fact = self.fact("fateflow-2.2", "/data/projects/fate/fate_flow/conf/service_conf.yaml")
        path = fact["path"]
        good = F.yaml.safe_dump({
            "party_id": "9999",
            "fateflow": {"host": "10.0.0.1", "http_port": 9380, "grpc_port": 9360, "proxy_name": "osx"},
            "database": {"engine": "mysql", "mysql": {"name": "fate", "user": "fate", "passwd": "p", "host": "mysql", "port": 3306}},
            "default_engines": {"computing": "eggroll", "federation": "osx", "storage": "eggroll"},
            "computing": {"eggroll": {"cores": 16, "nodes": 1, "host": "clustermanager", "port": 4670}},
            "federation": {"osx": {"host": "osx", "port": 9370}},
        })
        self.assertEqual(F.check_file_keys("ff", fact, path, good), [])
        doc = F.yaml.safe_load(good)
        del doc["default_engines"]["federation"]  # eggroll would then fall back to rollsite
        doc["fateflow"]["hots"] = "typo"
        bad = F.check_file_keys("ff", fact, path, F.yaml.safe_dump(doc))
        self.assertIn(f"ff: {path} lacks default_engines.federation, which the component needs", bad)
        self.assertIn(f"ff: {path} sets fateflow.hots, which the component does not read", bad)
        self.assertIn("is not YAML", F.check_file_keys("ff", fact, path, "a: [")[0])

    def test_cluster_manager_keys_are_needed_by_a_party_only(self):
        fact = self.fact("osx-2.2", "/data/projects/fate/osx/conf/broker/broker.properties")
        text = "grpc.port=9370\nopen.http.server=false\n"
        self.assertEqual(F.check_file_keys("osx", fact, fact["path"], text, {"osx", "exchange"}), [])
        party = F.check_file_keys("osx", fact, fact["path"], text, {"osx", "party"})
        self.assertEqual(len(party), 2, party)
        full = text + "eggroll.cluster.manager.ip=clustermanager\neggroll.cluster.manager.port=4670\n"
        self.assertEqual(F.check_file_keys("osx", fact, fact["path"], full, {"osx", "party"}), [])
        self.assertIn("sets self.party", F.check_file_keys("osx", fact, fact["path"], full + "self.party=9999\n", {"party"})[0])

    def test_eggroll_tables(self):
        want = F.metadata_tables(FACTS, "federatedai/eggroll:3.2.0-release")
        self.assertEqual(len(want), 10)
        self.assertEqual(F.check_tables(want, want), [])
        found = {k: list(v) for k, v in want.items() if k != "session_ranks"}
        found["server_node"] = [c for c in found["server_node"] if c != "last_heartbeat_at"] + ["heartbeat"]
        problems = F.check_tables(found, want)
        self.assertIn("table session_ranks is missing", problems)
        self.assertIn("table server_node lacks columns ['last_heartbeat_at']", problems)
        self.assertIn("table server_node has columns eggroll does not know: ['heartbeat']", problems)
        self.assertEqual(F.check_tables(want, {}), ["no facts name the tables this schema must create"])


@unittest.skipUnless(shutil.which("openssl"), "needs openssl to make test keys")
class OsxTlsFiles(unittest.TestCase):
    """The files OSX reads for TLS: named by broker.properties and the route table, PEM of the
    right kind (PKCS#8 keys only), and the route endpoints' TLS fields."""

    TLS = "/data/projects/fate/osx/conf/tls"
    BROKER = "/data/projects/fate/osx/conf/broker/broker.properties"
    ROUTES = "/data/projects/fate/osx/conf/broker/route_table.json"

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="osx-tls-test-")

        def openssl(*args, stdin=None):
            return subprocess.run(["openssl", *args], input=stdin, capture_output=True, text=True, check=True,
                                  timeout=60, cwd=cls.dir).stdout

        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "k.pem",
                "-out", "c.pem", "-subj", "/CN=osx", "-days", "1")
        with open(os.path.join(cls.dir, "c.pem")) as fh:
            cls.cert = fh.read()
        with open(os.path.join(cls.dir, "k.pem")) as fh:
            cls.key = fh.read()
        cls.sec1 = openssl("pkey", "-in", "k.pem", "-traditional")
        cls.pkcs1 = openssl("genrsa", "-traditional", "2048")
        cls.encrypted = openssl("pkcs8", "-topk8", "-in", "k.pem", "-passout", "pass:secret")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def entry(self):
        return FACTS["images"]["osx-2.2"]

    def fact(self, key=None, endpoint_key=None):
        for f in self.entry()["files"]:
            src = f.get("pathFrom") or {}
            if (key and src.get("key") == key) or (endpoint_key and src.get("endpointKey") == endpoint_key):
                return f
        raise KeyError(key or endpoint_key)

    def route_table(self, **tls):
        remote = {"ip": "192.168.11.4", "port": 30000, **tls}
        return F.json.dumps({"route_table": {"10000": {"fateflow": [{"ip": "fateflow", "port": 9360}]},
                                             "default": {"default": [remote]}}, "self_party": ["10000"]})

    def tls_fields(self, prefix=None):
        prefix = prefix or self.TLS
        return {"useSSL": True, "caFile": f"{prefix}/ca.crt", "certChainFile": f"{prefix}/tls.crt",
                "privateKeyFile": f"{prefix}/tls.key"}

    def reads(self, broker, routes):
        files = {self.BROKER: broker, self.ROUTES: routes}
        return F.resolve_reads(self.entry(), files.get)

    def test_tls_files_come_from_broker_properties_and_the_route_table(self):
        broker = ("grpc.port=9370\nopen.grpc.tls.server=true\ngrpc.tls.port=9371\ngrpc.ssl.open.client.validate=true\n"
                  f"grpc.server.cert.chain.file={self.TLS}/tls.crt\ngrpc.server.private.key.file={self.TLS}/tls.key\n"
                  "grpc.server.ca.file=conf/tls/ca.crt\n")  # relative: from OSX's working directory
        reads = self.reads(broker, self.route_table(**self.tls_fields()))
        pem = [(f["pem"], p) for f, p in reads if f["format"] == "pem"]
        # Each file once, though the server and the route both read it.
        self.assertEqual(sorted(pem), [("CERTIFICATE", f"{self.TLS}/ca.crt"), ("CERTIFICATE", f"{self.TLS}/tls.crt"),
                                       ("PRIVATE KEY", f"{self.TLS}/tls.key")])
        placed = [f"{self.TLS}/ca.crt", f"{self.TLS}/tls.crt", f"{self.TLS}/tls.key", self.BROKER, self.ROUTES]
        self.assertEqual(F.check_mounts("osx", placed, [p for _f, p in reads], []), [])
        # A route naming other files: those are read too (and the mount check sees them).
        other = self.reads(broker, self.route_table(**self.tls_fields("/etc/osx")))
        self.assertIn("/etc/osx/tls.key", [p for _f, p in other])
        # Without TLS nothing else is read, and mounted certificates are files nobody reads.
        plain = self.reads("grpc.port=9370\n", self.route_table())
        self.assertEqual([f["format"] for f, _p in plain if f["format"] == "pem"], [])
        self.assertEqual(len(F.check_mounts("osx", placed, [p for _f, p in plain], [])), 3)

    def test_broker_tls_keys_are_known(self):
        fact = next(f for f in self.entry()["files"] if f.get("path") == self.BROKER)
        text = ("grpc.port=9370\nopen.grpc.tls.server=true\ngrpc.tls.port=9371\ngrpc.ssl.open.client.validate=true\n"
                "grpc.server.cert.chain.file=a\ngrpc.server.private.key.file=b\ngrpc.server.ca.file=c\n")
        self.assertEqual(F.check_file_keys("osx", fact, self.BROKER, text, {"exchange"}), [])
        # KubeFATE's dead keys are found.
        bad = F.check_file_keys("osx", fact, self.BROKER, text + "server.ca.file=c\n", {"exchange"})
        self.assertEqual(bad, [f"osx: {self.BROKER} sets server.ca.file, which the component does not read"])

    def test_certificate_and_key_pem(self):
        cert = self.fact("grpc.server.cert.chain.file")
        key = self.fact("grpc.server.private.key.file")
        ca = self.fact(endpoint_key="caFile")
        self.assertEqual((cert["pem"], key["pem"], ca["pem"]), ("CERTIFICATE", "PRIVATE KEY", "CERTIFICATE"))
        path = f"{self.TLS}/tls.key"
        self.assertEqual(F.check_file_keys("osx", cert, path, self.cert), [])
        self.assertEqual(F.check_file_keys("osx", cert, path, self.cert + self.cert), [])  # a chain or a CA bundle
        self.assertEqual(F.check_file_keys("osx", key, path, self.key), [])
        for text, found in ((self.sec1, "is a SEC1 EC key (BEGIN EC PRIVATE KEY)"),
                            (self.pkcs1, "is a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY)"),
                            (self.encrypted, "is an encrypted PKCS#8 key"),
                            (self.cert, "holds a CERTIFICATE block, not a private key"),
                            (self.key + self.key, "holds 2 PEM blocks"),
                            ("not a key\n", "holds no PEM block")):
            with self.subTest(found=found):
                problems = F.check_file_keys("osx", key, path, text)
                self.assertTrue(any(found in p for p in problems), problems)
        self.assertIn("holds no certificate, only PRIVATE KEY", F.check_file_keys("osx", cert, path, self.key)[0])
        self.assertIn("besides its certificates", F.check_file_keys("osx", cert, path, self.cert + self.key)[0])
        self.assertIn("is not there", F.check_file_keys("osx", key, path, None)[0])
        # The body must be base64 of the structure the label names.
        body = self.cert.splitlines()
        truncated = "\n".join(body[:2] + body[-1:]) + "\n"
        self.assertIn("is not an X.509 certificate", F.check_file_keys("osx", cert, path, truncated)[0])
        self.assertIn("is not base64", F.check_file_keys("osx", cert, path, self.cert.replace(body[1][:4], "!!!!"))[0])
        as_key = self.cert.replace("CERTIFICATE", "PRIVATE KEY")
        self.assertIn("is not a PKCS#8 PrivateKeyInfo", F.check_file_keys("osx", key, path, as_key)[0])

    def test_route_endpoint_fields(self):
        fact = next(f for f in self.entry()["files"] if f.get("path") == self.ROUTES)
        self.assertEqual(F.check_file_keys("osx", fact, self.ROUTES, self.route_table()), [])
        self.assertEqual(F.check_file_keys("osx", fact, self.ROUTES, self.route_table(**self.tls_fields())), [])
        fields = self.tls_fields()
        del fields["privateKeyFile"]
        bad = F.check_file_keys("osx", fact, self.ROUTES, self.route_table(**fields))
        self.assertEqual(len(bad), 1, bad)
        self.assertIn("route_table.default.default: useSSL without privateKeyFile: the component then dials TLS with no client certificate", bad[0])
        bad = F.check_file_keys("osx", fact, self.ROUTES, self.route_table(hostname="osx.example", useSSL="true"))
        self.assertIn(f"osx: {self.ROUTES} route_table.default.default: an endpoint sets hostname, which the component does not read", bad)
        self.assertTrue(any("useSSL 'true' is not a JSON boolean" in p for p in bad), bad)
        bad = F.check_file_keys("osx", fact, self.ROUTES, F.json.dumps(
            {"route_table": {"9999": {"default": [{"ip": "10.0.0.1", "port": "30009"}, {"port": 1}]}}, "self_party": ["1"]}))
        self.assertTrue(any("port '30009' is not a JSON number" in p for p in bad), bad)
        self.assertTrue(any("an endpoint lacks ip" in p for p in bad), bad)


class DataDirectories(unittest.TestCase):
    def chart(self, name, sub):
        pod_spec = {"containers": [{"name": "mysql", "image": "mysql:8.0.36",
                                    "volumeMounts": [{"name": "data", "mountPath": "/var/lib/mysql", "subPath": sub}]}],
                    "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "fate-data"}}]}
        objects = [
            {"kind": "Deployment", "metadata": {"name": "mysql"}, "spec": {"template": {"spec": pod_spec}}},
            {"kind": "PersistentVolumeClaim", "metadata": {"name": "fate-data"}, "spec": {"volumeName": f"{name}-nfs"}},
            {"kind": "PersistentVolume", "metadata": {"name": f"{name}-nfs"}, "spec": {"nfs": {"server": "nfs", "path": "/exports/fate"}}},
        ]
        return P.Chart(name, name, {"partyId": name}, objects)

    def test_two_parties_on_one_directory(self):
        report = R.Report()
        R.check_data_dirs(report, [self.chart("fate-1", "mysql"), self.chart("fate-2", "mysql")])
        self.assertEqual(len(report.groups[0].problems), 1)
        report = R.Report()
        R.check_data_dirs(report, [self.chart("fate-1", "mysql-1"), self.chart("fate-2", "mysql-2")])
        self.assertEqual(report.groups[0].problems, [])


@unittest.skipUnless(os.geteuid() == 0 and os.path.exists(S.BUSYBOX) and shutil.which("ldd"), "needs root and static BusyBox")
class Sandbox(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sandbox-test-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_busybox_root_has_no_bash_and_only_listed_applets(self):
        root = S.build_root(os.path.join(self.dir, "r"), "busybox", ["sh", "cp"])
        self.assertEqual(S.run(root, ["sh", "-c", "cp /etc/hosts /tmp/h && echo copied"], {}, 10).output.strip(), "copied")
        self.assertEqual(S.run(root, ["bash", "-c", "true"], {}, 10).code, 127)
        missing = S.run(root, ["sh", "-c", "sed -n 1p /etc/hosts"], {}, 10)
        self.assertNotEqual(missing.code, 0)

    def test_bash_root_runs_bash_with_the_given_environment_only(self):
        root = S.build_root(os.path.join(self.dir, "r"), "bash", ["bash"])
        out = S.run(root, ["bash", "-c", 'echo "$SECRET:${HOME:-none}"'], {"SECRET": "s3"}, 10)
        self.assertEqual(out.output.strip(), "s3:none")

    def runner(self):
        return R.Runner(FACTS, os.path.join(self.dir, "roots"), {"egg0"}, os.path.join(self.dir, "templates"))

    def egg_root(self, runner, starter):
        os.makedirs(runner.workdir, exist_ok=True)
        os.makedirs(runner.templates, exist_ok=True)
        root = runner.root_for(FACTS["images"]["egg"], "egg0")
        conf = "/data/projects/fate/eggroll/egg/conf/"
        root.write(conf + "egg.properties", "\n".join([
            "party.id=1", "service.port=7888",
            f"eggroll.computing.processor.bootstrap.script={conf}processor-starter.sh",
            "eggroll.computing.processor.venv=/data/projects/python/venv",
            "eggroll.computing.processor.python-path=/p",
            "eggroll.computing.processor.engine-path=/e/processor.py",
            "eggroll.computing.processor.data-dir=/d", "eggroll.computing.processor.logs-dir=/l", ""]))
        root.write(conf + "processor-starter.sh", starter, 0o755)
        return root

    def starter(self, launch):
        return ("#!/bin/bash\nwhile [ $# -gt 0 ]; do case $1 in --venv) v=$2;; --port) p=$2;; esac; shift 2; done\n"
                "source $v/bin/activate\n" + launch + "\n")

    def test_exec_python_in_the_starter_is_found(self):
        runner = self.runner()
        root = self.egg_root(runner, self.starter("exec python /e/processor.py -p $p -m egg0:7888"))
        report = R.Report()
        R.check_processor_starter(report, runner, P.Chart("fate-1", "fate-1", {}, []), {("egg0", "egg0"): root})
        self.assertTrue(any("pkill -P" in p for p in report.groups[0].problems), report.groups[0].problems)

    def test_python_as_a_child_passes(self):
        runner = self.runner()
        root = self.egg_root(runner, self.starter("python /e/processor.py -p $p -m egg0:7888 & c=$!\nwait $c"))
        report = R.Report()
        R.check_processor_starter(report, runner, P.Chart("fate-1", "fate-1", {}, []), {("egg0", "egg0"): root})
        self.assertEqual(report.groups[0].problems, [])

    def test_toy_example_with_the_system_python_is_found(self):
        bundle = os.path.join(self.dir, "bundle")
        os.makedirs(bundle)
        runner = self.runner()
        os.makedirs(runner.workdir, exist_ok=True)
        os.makedirs(runner.templates, exist_ok=True)
        for inner, ok in (("python run_toy_example.py $0 $1 1", False),
                          ("exec /data/projects/python/venv/bin/python run_toy_example.py $0 $1 1", True)):
            with open(os.path.join(bundle, "verify.sh"), "w") as fh:
                fh.write("kubectl -n fate-1 exec deploy/python -c python -- bash -c "
                         f"'cd /data/projects/fate/python/examples/toy_example && {inner}' \"$2\" \"$3\"\n")
            report = R.Report()
            R.check_verify_script(report, runner, FACTS, bundle, {"parties": [{"id": "1"}, {"id": "2"}]}, [])
            self.assertEqual(report.groups[0].problems == [], ok, report.groups[0].problems)

    def start_chart(self, image, argv, command=True, config=None):
        """A one-container chart whose main container starts through ``argv``."""
        c = {"name": "nodemanager", "image": image,
             "env": [{"name": "MYSQL_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "fate-credentials", "key": "mysql-password"}}}],
             "volumeMounts": [{"name": "cfg", "mountPath": "/etc/fate/eggroll", "readOnly": True}]}
        c["command" if command else "args"] = argv
        objects = [
            {"kind": "ConfigMap", "metadata": {"name": "cfg"}, "data": config or {"eggroll.properties": "[eggroll]\n"}},
            {"kind": "Secret", "metadata": {"name": "fate-credentials"}, "data": {"mysql-password": "cHc="}},
            {"kind": "Deployment", "metadata": {"name": "nodemanager-0"},
             "spec": {"template": {"spec": {"containers": [c], "volumes": [{"name": "cfg", "configMap": {"name": "cfg"}}]}}}},
        ]
        return P.Chart("fate-1", "fate-1", {"partyId": "1"}, objects)

    def run_start(self, chart):
        work = tempfile.mkdtemp(dir=self.dir)
        runner = R.Runner(FACTS, os.path.join(work, "roots"), set(), os.path.join(self.dir, "templates"))
        os.makedirs(runner.workdir, exist_ok=True)
        os.makedirs(runner.templates, exist_ok=True)
        report = R.Report()
        run = R.ChartRun(report, runner, None, chart, set())
        pod = chart.pods[0]
        c = pod.spec["containers"][0]
        entry, _ = F.image_facts(FACTS, c["image"])
        volumes = P.PodVolumes(tempfile.mkdtemp(dir=self.dir))
        run.check_main(pod, c, entry, volumes, "nodemanager-0/nodemanager")
        return run.scripts.problems, run.main_roots[("nodemanager-0", "nodemanager")]

    def test_start_script_under_tini_composes_the_file_and_starts_the_component(self):
        image = "federatedai/eggroll:3.2.0-release"
        script = ("set -eu\ncat /etc/fate/eggroll/eggroll.properties > /data/projects/fate/eggroll/conf/eggroll.properties\n"
                  "cd /data/projects/fate/eggroll\n"
                  "exec java -cp '/data/projects/fate/eggroll/lib/*' {main} -c /data/projects/fate/eggroll/conf/eggroll.properties -p 4671")
        good = script.format(main="org.fedai.eggroll.nodemanager.Bootstrap")
        problems, root = self.run_start(self.start_chart(image, ["bash", "-c", good], command=False))
        self.assertEqual(problems, [])
        self.assertTrue(os.path.isfile(root.file("/data/projects/fate/eggroll/conf/eggroll.properties")))
        wrong = script.format(main="com.webank.eggroll.rollsite.EggSiteBootstrap")
        problems, _ = self.run_start(self.start_chart(image, ["bash", "-c", wrong], command=False))
        self.assertTrue(any("the image's component is 'org.fedai.eggroll.nodemanager.Bootstrap'" in p for p in problems), problems)
        never = "set -eu\necho composed nothing"
        problems, _ = self.run_start(self.start_chart(image, ["bash", "-c", never], command=False))
        self.assertTrue(any("never started the component" in p for p in problems), problems)

    def test_a_jvm_started_directly_is_held_to_its_image(self):
        """OSX is started with java itself (no script): its main class and classpath must be
        the image's; KubeFATE 2.0's osx-broker-1.0.0.jar and a stale main class are found."""
        image = "federatedai/osx:2.2.0-release"

        def argv(classpath, main):
            return ["java", "-cp", classpath, main, "-c", "/data/projects/fate/osx/conf"]

        good_cp = "conf/broker/:lib/*:extension/*:lib/osx-broker-1.1.0.jar:pb_lib/v3/*"
        chart = self.start_chart(image, argv(good_cp, "org.fedai.osx.broker.Bootstrap"))
        chart.pods[0].spec["containers"][0]["workingDir"] = "/data/projects/fate/osx"
        problems, _ = self.run_start(chart)
        self.assertEqual(problems, [])
        stale = self.start_chart(image, argv("conf/broker/:lib/*:lib/osx-broker-1.0.0.jar", "com.osx.broker.Bootstrap"))
        stale.pods[0].spec["containers"][0]["workingDir"] = "/data/projects/fate/osx"
        problems, _ = self.run_start(stale)
        self.assertTrue(any("the image's component is 'org.fedai.osx.broker.Bootstrap'" in p for p in problems), problems)
        self.assertTrue(any("osx-broker-1.0.0.jar" in p and "not in the image" in p for p in problems), problems)

    def test_bash_start_script_in_an_alpine_image_fails(self):
        problems, _ = self.run_start(self.start_chart("federatedai/osx:2.2.0-release",
                                                      ["bash", "-c", "exec java -cp lib/* org.fedai.osx.broker.Bootstrap"]))
        self.assertTrue(any("exited 127" in p or "start script" in p for p in problems), problems)

    def test_flow_toy_test_needs_the_pod_address(self):
        bundle = os.path.join(self.dir, "bundle2")
        os.makedirs(bundle)
        runner = self.runner()
        os.makedirs(runner.workdir, exist_ok=True)
        os.makedirs(runner.templates, exist_ok=True)
        c = {"name": "fateflow", "image": "federatedai/fateflow:2.2.0-release", "command": ["bash", "-c", "true"]}
        chart = P.Chart("fate-1", "fate-1", {"partyId": "1", "mysql": {}}, [
            {"kind": "Deployment", "metadata": {"name": "fateflow"}, "spec": {"template": {"spec": {"containers": [c]}}}}])
        config = {"fateVersion": "2.2.0", "parties": [{"id": "1"}, {"id": "2"}]}
        for inner, ok in (("exec flow test toy --guest-party-id \"$0\" --host-party-id \"$1\" --timeout 600", False),
                          ("flow init --ip \"$POD_IP\" --port 9380 && exec flow test toy --guest-party-id \"$0\" --host-party-id \"$1\" --timeout 600", True)):
            with open(os.path.join(bundle, "verify.sh"), "w") as fh:
                fh.write(f"kubectl -n fate-1 exec deploy/fateflow -c fateflow -- bash -c '{inner}' \"$2\" \"$3\"\n")
            report = R.Report()
            R.check_verify_script(report, runner, FACTS, bundle, config, [chart])
            self.assertEqual(report.groups[0].problems == [], ok, report.groups[0].problems)

    def test_verify_sh_gets_the_node_port_of_the_service_it_names(self):
        """With TLS the NodePort is the Service osx-tls; osx stays a ClusterIP Service: the fake
        kubectl answers for each Service by name, so checking the wrong one fails."""
        bundle = os.path.join(self.dir, "bundle3")
        os.makedirs(bundle)
        runner = self.runner()
        os.makedirs(runner.workdir, exist_ok=True)
        os.makedirs(runner.templates, exist_ok=True)
        c = {"name": "fateflow", "image": "federatedai/fateflow:2.2.0-release", "command": ["bash", "-c", "true"]}

        def service(name, node_port=None):
            port = {"name": "grpc", "port": 9370, **({"nodePort": node_port} if node_port else {})}
            return {"kind": "Service", "metadata": {"name": name},
                    "spec": {"type": "NodePort" if node_port else "ClusterIP", "ports": [port]}}

        chart = P.Chart("fate-1", "fate-1", {"partyId": "1", "mysql": {}}, [
            {"kind": "Deployment", "metadata": {"name": "fateflow"}, "spec": {"template": {"spec": {"containers": [c]}}}},
            service("osx"), service("osx-tls", 30010)])
        config = {"fateVersion": "2.2.0", "parties": [{"id": "1"}, {"id": "2"}]}
        toy = ("kubectl -n fate-1 exec deploy/fateflow -c fateflow -- bash -c 'flow init --ip \"$POD_IP\" --port 9380 && "
               "exec flow test toy --guest-party-id \"$0\" --host-party-id \"$1\" --timeout 600' \"$2\" \"$3\"\n")
        for name, ok in (("osx", False), ("osx-tls", True), ("proxy", False)):
            with self.subTest(service=name):
                with open(os.path.join(bundle, "verify.sh"), "w") as fh:
                    fh.write(f"port=$(kubectl -n fate-1 get service {name} -o jsonpath='{{.spec.ports[0].nodePort}}') || exit 1\n"
                             "[ \"$port\" = 30010 ] || { echo \"NodePort: found '$port'\" >&2; exit 1; }\n" + toy)
                report = R.Report()
                R.check_verify_script(report, runner, FACTS, bundle, config, [chart])
                self.assertEqual(report.groups[0].problems == [], ok, report.groups[0].problems)

    def test_time_limit(self):
        root = S.build_root(os.path.join(self.dir, "r"), "busybox", ["sh", "sleep"])
        self.assertIsNone(S.run(root, ["sh", "-c", "sleep 5"], {}, 0.5).code)


if __name__ == "__main__":
    unittest.main()
