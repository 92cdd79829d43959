"""Self-tests of fateflow_real.py: its pure parts (what it reads from the flow CLI, the server's
output and the composed file) always; the real FATE-Flow run only with FATE_FLOW_REAL=1, as root,
with the venv of scripts/tools.sh (ensure_fateflow_venv): the dev chart config in
testdata/fateflow must pass, and the same with a planted fault must fail with its problem."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unittest
import unittest.mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import fateflow_real as R  # noqa: E402

TESTDATA = os.path.join(HERE, "testdata", "fateflow")


def read(name: str) -> str:
    with open(os.path.join(TESTDATA, name), encoding="utf-8") as fh:
        return fh.read()


def cli(doc: dict) -> str:
    """What fate-client's prettify prints."""
    return json.dumps(doc, indent=4) + "\n\n"


class Contract(unittest.TestCase):
    def test_the_container_script_is_the_charts(self):
        self.assertEqual(R.CONTAINER_SCRIPT, (
            "set -eu\n"
            "python /etc/fate/fateflow/compose-service-conf.py /etc/fate/fateflow/service_conf.yaml "
            "/data/projects/fate/fate_flow/conf/service_conf.yaml\n"
            "cd /data/projects/fate\n"
            "exec python fate_flow/python/fate_flow/fate_flow_server.py\n"))

    def test_every_service_name_is_loopback(self):
        first = R.hosts_file().splitlines()[0].split()
        self.assertEqual(first[0], "127.0.0.1")
        for name in ("mysql", "clustermanager", "osx", "fateflow", "localhost"):
            self.assertIn(name, first)

    def test_the_container_env_has_the_venv_first_and_the_two_values(self):
        env = R.container_env("/v", "pw")
        self.assertTrue(env["PATH"].startswith("/v/bin:"))
        self.assertEqual((env["POD_IP"], env["MYSQL_PASSWORD"]), ("127.0.0.1", "pw"))
        # The image's ENV: fate_flow from its source tree, so its conf/ is FLOW_CONF.
        self.assertIn("/data/projects/fate/fate_flow/python", env["PYTHONPATH"].split(":"))
        self.assertEqual(R.FLOW_CONF, "/data/projects/fate/fate_flow/conf")
        self.assertEqual(R.FLOW_PACKAGE, "/data/projects/fate/fate_flow/python/fate_flow")

    def test_random_passwords_differ_and_are_alphanumeric(self):
        a, b = R.random_password(), R.random_password()
        self.assertNotEqual(a, b)
        self.assertTrue(a.isalnum() and len(a) == 16)

    def test_venv_dir_follows_tools_sh(self):
        env = {k: v for k, v in os.environ.items() if k not in ("FATE_FLOW_VENV", "FATE_TOOLS_DIR")}
        with unittest.mock.patch.dict(os.environ, env, clear=True):
            os.environ["FATE_TOOLS_DIR"] = "/cache/tools"
            self.assertEqual(R.venv_dir(), "/cache/tools/fateflow-venv")
            os.environ["FATE_FLOW_VENV"] = "/elsewhere"
            self.assertEqual(R.venv_dir(), "/elsewhere")

    def test_a_missing_venv_is_a_problem_that_says_how_to_install(self):
        installed, problem = R.find_installed("/nonexistent-venv")
        self.assertIsNone(installed)
        self.assertIn("ensure_fateflow_venv", problem)


class ClientSettings(unittest.TestCase):
    SETTINGS = ("flow_service:\n  api_version: v2\n  ip: 127.0.0.1\n  port: 9380\n  app_id:\n  app_token:\n\n"
                "pipeline:\n  log_directory:\n  site_info:\n    local_role: guest\n    port: 1\n")

    def test_only_the_servers_address_is_cleared(self):
        out = R.client_settings(self.SETTINGS)
        self.assertIn("flow_service:\n  api_version: v2\n  ip:\n  port:\n", out)
        self.assertIn("    port: 1\n", out)  # another section's key stays


class FlowCli(unittest.TestCase):
    def test_init_that_could_not_connect_exits_0_with_code_100(self):
        out = cli({"code": 100, "retmsg": "Fate Flow CLI initialization failed：Unable to connect to the server"})
        problems = R.check_init(0, out)
        self.assertEqual(len(problems), 1)
        self.assertIn("code 100", problems[0])
        self.assertEqual(R.check_init(0, cli({"code": 0, "retmsg": "initialized successfully"})), [])

    def test_output_without_json(self):
        problems = R.check_init(1, "Traceback (most recent call last):\n  ...\nValueError: Invalid configuration\n")
        self.assertIn("printed no JSON", problems[0])
        self.assertIn("exited 1", problems[0])

    def test_server_info_must_list_this_instance(self):
        doc = {"code": 0, "data": {"flow-127.0.0.1-9380": {"host": "127.0.0.1", "http_port": 9380, "grpc_port": 9360}},
               "message": "success"}
        self.assertEqual(R.check_server_info(0, cli(doc)), [])
        doc["data"] = {"flow-0.0.0.0-9380": {"host": "0.0.0.0", "http_port": 9380}}
        self.assertIn("lists 0.0.0.0:9380, not 127.0.0.1:9380", R.check_server_info(0, cli(doc))[0])
        self.assertIn("no FATE-Flow server", R.check_server_info(0, cli({"code": 0, "data": {}}))[0])

    def test_site_query_reports_the_party_id_as_a_string(self):
        self.assertEqual(R.check_site(0, cli({"code": 0, "data": {"party_id": "9999"}}), "9999"), [])
        unquoted = R.check_site(0, cli({"code": 0, "data": {"party_id": 9999}}), "9999")
        self.assertIn("quoted string", unquoted[0])
        self.assertIn("expected '10000'", R.check_site(0, cli({"code": 0, "data": {"party_id": "9999"}}), "10000")[0])
        standalone = R.check_site(0, cli({"code": 404, "message": "standalone"}), "9999")
        self.assertIn("code 404", standalone[0])


class ServerAndDatabase(unittest.TestCase):
    TRACEBACK = ("WARNING: dev server\nTraceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n"
                 "    raise errorclass(errno, errval, sqlstate=sqlstate)\n"
                 "peewee.OperationalError: (1045, \"Access denied for user 'fate'@'127.0.0.1' (using password: YES)\")\n")

    def test_what_the_server_died_of(self):
        self.assertTrue(R.last_error(self.TRACEBACK).startswith("peewee.OperationalError: (1045"))
        self.assertEqual(R.last_error("\x1b[33mplain\x1b[0m\nlines\n"), "plain | lines")

    def test_the_missing_fate_provider_is_no_cause(self):
        log = self.TRACEBACK + ("[ERROR] [provider_manager.register_default_providers] [line:137]: 1 validation error "
                                "for LocalProviderSpec\npydantic.error_wrappers.ValidationError: 1 validation error "
                                "for LocalProviderSpec\n")
        self.assertTrue(R.last_error(log, ignore=R.EXPECTED_LOG_ERRORS).startswith("peewee.OperationalError"))

    def test_tables(self):
        self.assertEqual(R.check_tables({"t_job", "t_task", "t_provider_info", "t_component_info", "t_other"}), [])
        self.assertIn("did not create t_job", R.check_tables({"t_task", "t_provider_info", "t_component_info"})[0])
        self.assertIn("0 tables", R.check_tables(set())[0])

    def test_composed_file(self):
        good = {"fateflow": {"host": "127.0.0.1"}, "database": {"mysql": {"passwd": "pw"}}}
        self.assertEqual(R.check_composed(good, 0o600, "pw"), [])
        self.assertIn("mode 0644", R.check_composed(good, 0o644, "pw")[0])
        bad = {"fateflow": {"host": None}, "database": {"mysql": {"passwd": "fate"}}}
        self.assertEqual(len(R.check_composed(bad, 0o600, "pw")), 2)


class DevChartConfig(unittest.TestCase):
    """testdata/fateflow is the config the chart's ConfigMap gives: the compose script fills
    exactly the two values and writes 0600."""

    def test_compose_script_fills_host_and_password(self):
        try:
            import yaml
        except ImportError:
            self.skipTest("PyYAML is not installed for this python")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "service_conf.yaml")
            env = {**os.environ, "POD_IP": "10.1.2.3", "MYSQL_PASSWORD": "0123"}
            subprocess.run([sys.executable, os.path.join(TESTDATA, R.COMPOSE_KEY), os.path.join(TESTDATA, R.TEMPLATE_KEY), out],
                           env=env, check=True)
            with open(out, encoding="utf-8") as fh:
                conf = yaml.safe_load(fh)
            self.assertEqual(os.stat(out).st_mode & 0o777, 0o600)
        with open(os.path.join(TESTDATA, R.TEMPLATE_KEY), encoding="utf-8") as fh:
            template = yaml.safe_load(fh)
        self.assertEqual(conf["fateflow"]["host"], "10.1.2.3")
        self.assertEqual(conf["database"]["mysql"]["passwd"], "0123")  # a string, not the number 123
        conf["fateflow"]["host"] = conf["database"]["mysql"]["passwd"] = None
        self.assertEqual(conf, template)
        self.assertEqual(template["party_id"], "9999")


REAL = os.environ.get("FATE_FLOW_REAL") == "1"


@unittest.skipUnless(REAL, "the real FATE-Flow run: FATE_FLOW_REAL=1, as root, with the venv of scripts/tools.sh")
class RealServer(unittest.TestCase):
    def test_the_dev_config_serves(self):
        outcome = R.run_fateflow(read(R.TEMPLATE_KEY), read(R.COMPOSE_KEY), "9999")
        self.assertEqual(outcome.problems, [])

    def test_a_compose_script_that_ignores_the_password(self):
        compose = read(R.COMPOSE_KEY).replace('os.environ["MYSQL_PASSWORD"]', '"fate"')
        problems = R.check_fateflow(read(R.TEMPLATE_KEY), compose, "9999")
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("Access denied for user 'fate'", problems[0])

    def test_a_server_on_another_port_times_out(self):
        template = read(R.TEMPLATE_KEY).replace("http_port: 9380", "http_port: 9381")
        problems = R.run_fateflow(template, read(R.COMPOSE_KEY), "9999", serve_timeout=8).problems
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("did not answer GET /v2/server/fateflow on 127.0.0.1:9380 within 8s", problems[0])


if __name__ == "__main__":
    unittest.main()
