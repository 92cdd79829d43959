#!/usr/bin/env python3
"""The real FATE-Flow 2.2.0 server with the service_conf.yaml a generated chart gives it.

    python3 tests/runtime/fateflow_real.py SERVICE_CONF_YAML COMPOSE_SCRIPT PARTY_ID   # as root

``check_fateflow(template, compose_script, party_id)`` runs what the chart's fateflow container
runs (``CONTAINER_SCRIPT``: the ConfigMap's compose script, then ``fate_flow_server.py``) with
the fate-flow package of the venv that scripts/tools.sh (``ensure_fateflow_venv``) installs, and
returns the problems it found (none: passed):

1. a real MariaDB (Debian's) on 127.0.0.1:3306 with database ``fate`` and user ``fate``@'%'
   with a random password, as the mysql image's entrypoint makes them (``services.MariaDB``);
2. ``/etc/hosts`` maps mysql, clustermanager, osx and fateflow to 127.0.0.1;
3. the image's layout: the ConfigMap's two keys at ``/etc/fate/fateflow/``, the installed
   fate_flow package (read-only) at ``/data/projects/fate/fate_flow/python/fate_flow`` and its
   conf/ files, less service_conf.yaml, in ``/data/projects/fate/fate_flow/conf``; with the
   image's ENV (PYTHONPATH and FATE_PROJECT_BASE: fate_flow is imported from that tree, not
   from the venv) it reads its config there, where the compose script writes it. The
   container's script runs unchanged under bash, with POD_IP=127.0.0.1, MYSQL_PASSWORD and
   the venv's bin first on PATH, from /data/projects/fate;
4. the server must answer ``GET /v2/server/fateflow`` on 127.0.0.1:9380 within a bounded time;
5. fate-client's real ``flow`` CLI: ``flow init --ip 127.0.0.1 --port 9380`` (it exits 0 even
   when it cannot connect, so its JSON is read), ``flow server info`` (this instance, at POD_IP
   and the http port) and ``flow site query`` (the party id, as the string it is);
6. fate_flow created its tables (t_job, ...) in database ``fate``; the composed file is 0600 and
   carries POD_IP and the password;
7. everything is stopped, on failure too.

Everything runs in private network, mount and PID namespaces (``unshare``, so root is needed):
the ports are those of the chart's services, the mounts and the hosts file are seen by nothing
else, and when the run ends the kernel ends whatever is left in its PID namespace. Only the
empty mount points ``/data`` and ``/etc/fate`` are made on the machine when missing, and removed
again. The venv is not written to: what the server writes lands under /data (a directory of the
run's own), and fate-client's settings.yaml, which ``flow init`` rewrites, is a copy bind-mounted
over the venv's. The image's Python is 3.10, this machine's 3.11; the FATE algorithm package is
not installed, so the server logs that it cannot register the ``fate`` provider, and goes on.

Only the standard library and services.py are used here (the harness runs under any Python 3).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import services as SV  # noqa: E402

# ------------------------------------------------------------------------------------------
# The contract with the chart's fateflow container
# ------------------------------------------------------------------------------------------

#: The ConfigMap fateflow-config's mount and the two keys in it.
CONFIG_DIR = "/etc/fate/fateflow"
TEMPLATE_KEY = "service_conf.yaml"
COMPOSE_KEY = "compose-service-conf.py"
#: The image's WORKDIR and where fate_flow lives and reads its config in it.
FATE_HOME = "/data/projects/fate"
FLOW_HOME = FATE_HOME + "/fate_flow"
FLOW_CONF = FLOW_HOME + "/conf"
FLOW_PACKAGE = FLOW_HOME + "/python/fate_flow"
#: The fateflow container's command: bash -c with this.
CONTAINER_SCRIPT = (
    "set -eu\n"
    f"python {CONFIG_DIR}/{COMPOSE_KEY} {CONFIG_DIR}/{TEMPLATE_KEY} {FLOW_CONF}/service_conf.yaml\n"
    f"cd {FATE_HOME}\n"
    "exec python fate_flow/python/fate_flow/fate_flow_server.py\n"
)
#: The image's ENV (FATE-Builder@f2cc54a:docker-build/modules/fateflow/Dockerfile:43-47): fate_flow
#: is imported from its source tree through PYTHONPATH, not from the venv, so it takes its
#: directories (conf/, logs/, fateflow.env) from /data/projects/fate/fate_flow.
IMAGE_ENV = {
    "PYTHONPATH": "/data/projects/fate/fate/python:/data/projects/fate/fate_flow/python:/data/projects/fate/eggroll/python",
    "EGGROLL_HOME": "/data/projects/fate/eggroll",
    "FATE_PROJECT_BASE": "/data/projects/fate",
    "FATE_FLOW_IP": "fateflow",
    "FATE_FLOW_PORT": "9380",
}
#: The image's fate_flow/fateflow.env is the repository's (FATE-Flow@v2.2.0:fateflow.env), which
#: still says 2.1.0; the fate-flow wheel carries its own saying 2.2.0. The image's is used.
IMAGE_FATEFLOW_ENV = "FATE=2.1.0\nFATE_FLOW=2.1.0\nPYTHON=3.8"
#: Service names the config may dial; all of them are 127.0.0.1 here.
HOSTS = ("mysql", "clustermanager", "osx", "fateflow")
POD_IP = "127.0.0.1"
HTTP_PORT = 9380
GRPC_PORT = 9360  # fateflow.grpc_port: what OSX dials for federated calls
MYSQL_PORT = 3306
DATABASE = "fate"
DB_USER = "fate"
#: The route the harness waits for (``/`` answers 404).
READY_PATH = "/v2/server/fateflow"
#: Tables fate_flow 2.2.0 creates at start (FATE-Flow@v2.2.0:python/fate_flow/db/db_models.py:61,105,206,220;
#: fate_flow_server.py server_init: init_database_tables); t_job is the job table.
EXPECTED_TABLES = ("t_job", "t_task", "t_provider_info", "t_component_info")

SERVE_TIMEOUT = 120.0  # it answered after 2 to 5 s here
CLI_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
#: Above SERVE_TIMEOUT: MariaDB start, the CLI calls and the stops.
RUN_MARGIN = 240.0

_INNER = "--inner"


@dataclass
class Outcome:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------
# The venv (scripts/tools.sh: ensure_fateflow_venv)
# ------------------------------------------------------------------------------------------

def venv_dir() -> str:
    """Where scripts/tools.sh installs it: $FATE_FLOW_VENV, else <tools dir>/fateflow-venv."""
    if os.environ.get("FATE_FLOW_VENV"):
        return os.environ["FATE_FLOW_VENV"]
    tools = os.environ.get("FATE_TOOLS_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "fate-chartgen-tools")
    return os.path.join(tools, "fateflow-venv")


@dataclass
class Installed:
    venv: str
    python: str
    flow: str
    package: str  # the installed fate_flow package directory
    server: str  # its fate_flow_server.py
    client_settings: str  # fate-client's settings.yaml, which flow init rewrites


_FIND = """
import importlib.util, json, os
flow = importlib.util.find_spec("fate_flow").submodule_search_locations[0]
client = importlib.util.find_spec("fate_client").submodule_search_locations[0]
print(json.dumps({"package": flow, "client": client}))
"""


def find_installed(venv: str) -> tuple[Installed | None, str | None]:
    python, flow = os.path.join(venv, "bin", "python"), os.path.join(venv, "bin", "flow")
    hint = "scripts/tools.sh installs it: bash -c 'source scripts/tools.sh && ensure_fateflow_venv'"
    if not os.path.exists(python) or not os.path.exists(flow):
        return None, f"no FATE-Flow venv with the flow CLI at {venv} ({hint})"
    out = subprocess.run([python, "-c", _FIND], capture_output=True, text=True)
    if out.returncode != 0:
        return None, f"the venv at {venv} has no fate_flow or fate_client ({hint}): {out.stderr.strip()[-300:]}"
    found = json.loads(out.stdout)
    package = found["package"]
    installed = Installed(venv, python, flow, package, os.path.join(package, "fate_flow_server.py"),
                          os.path.join(found["client"], "settings.yaml"))
    for path in (installed.server, os.path.join(package, "conf"), installed.client_settings):
        if not os.path.exists(path):
            return None, f"the installed FATE-Flow has no {path}"
    return installed, None


# ------------------------------------------------------------------------------------------
# Pure parts (tested in test_fateflow_real.py)
# ------------------------------------------------------------------------------------------

def random_password(length: int = 16) -> str:
    """Like the chart's generated Secret: letters and digits."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def hosts_file(names: tuple[str, ...] = HOSTS) -> str:
    return f"127.0.0.1 localhost {' '.join(names)}\n::1 localhost ip6-localhost ip6-loopback\n"


def client_settings(text: str) -> str:
    """fate-client's settings.yaml with the server's address cleared, as ``flow init --reset``
    leaves it, so that only ``flow init`` can make ``flow`` reach the server. Line-based: the
    file is a two-level YAML mapping (fate_client/settings.yaml)."""
    out, section = [], None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if line and not line[0].isspace() and stripped.endswith(":"):
            section = stripped[:-1]
        elif section == "flow_service" and stripped.split(":")[0] in ("ip", "port", "app_id", "app_token"):
            indent = line[: len(line) - len(line.lstrip())]
            line = f"{indent}{stripped.split(':')[0]}:\n"
        out.append(line)
    return "".join(out)


def container_env(venv: str, password: str) -> dict[str, str]:
    """The container's environment: the image's ENV with its venv first on PATH, and the chart's
    POD_IP and MYSQL_PASSWORD."""
    return {"PATH": f"{venv}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": "/root", "LANG": "C.UTF-8", **IMAGE_ENV, "POD_IP": POD_IP, "MYSQL_PASSWORD": password}


def parse_cli_json(output: str) -> tuple[dict[str, Any] | None, str | None]:
    """The flow CLI prints one indented JSON object (cli_utils.prettify), then a blank line."""
    text = output.strip()
    start = text.find("{")
    if start < 0:
        return None, f"printed no JSON: {text[-300:]!r}"
    try:
        doc = json.JSONDecoder().raw_decode(text[start:])[0]
    except json.JSONDecodeError as e:
        return None, f"printed no valid JSON ({e}): {text[-300:]!r}"
    if not isinstance(doc, dict):
        return None, f"printed {type(doc).__name__}, not a JSON object: {text[-300:]!r}"
    return doc, None


def _cli_failed(what: str, code: int | None, doc: dict[str, Any] | None, error: str | None) -> str | None:
    if error:
        return f"`{what}` exited {code} and {error}"
    assert doc is not None
    if doc.get("code") != 0:
        return f"`{what}` answered code {doc.get('code')!r}: {doc.get('retmsg') or doc.get('message')!r}"
    if code != 0:
        return f"`{what}` printed code 0 but exited {code}"
    return None


def check_init(code: int | None, output: str) -> list[str]:
    doc, error = parse_cli_json(output)
    problem = _cli_failed("flow init --ip 127.0.0.1 --port 9380", code, doc, error)
    return [problem] if problem else []


def check_server_info(code: int | None, output: str, host: str = POD_IP, port: int = HTTP_PORT) -> list[str]:
    """``flow server info`` lists the registered flow servers by instance id; this one must be
    there with the address the composed config gave it (fateflow.host from POD_IP)."""
    doc, error = parse_cli_json(output)
    problem = _cli_failed("flow server info", code, doc, error)
    if problem:
        return [problem]
    assert doc is not None
    servers = doc.get("data")
    if not isinstance(servers, dict) or not servers:
        return [f"`flow server info` lists no FATE-Flow server: {doc!r}"]
    seen = []
    for instance in servers.values():
        address = (instance.get("host"), instance.get("http_port"))
        seen.append(f"{address[0]}:{address[1]}")
        if address == (host, port):
            return []
    return [f"`flow server info` lists {', '.join(seen)}, not {host}:{port} (fateflow.host from POD_IP, fateflow.http_port)"]


def check_site(code: int | None, output: str, party_id: str) -> list[str]:
    doc, error = parse_cli_json(output)
    problem = _cli_failed("flow site query", code, doc, error)
    if problem:
        return [problem]
    assert doc is not None
    data = doc.get("data")
    got = data.get("party_id") if isinstance(data, dict) else None
    if got == party_id:
        return []
    if str(got) == party_id:
        return [f"`flow site query` reports party_id {got!r} ({type(got).__name__}), not the string {party_id!r}: "
                "party_id must be a quoted string in service_conf.yaml"]
    return [f"`flow site query` reports party_id {got!r}, expected {party_id!r}"]


def check_tables(tables: set[str], expected: tuple[str, ...] = EXPECTED_TABLES) -> list[str]:
    missing = [t for t in expected if t not in tables]
    if missing:
        return [f"fate_flow did not create {', '.join(missing)} in database {DATABASE!r} "
                f"(it has {len(tables)} tables{': ' + ', '.join(sorted(tables)[:8]) if tables else ''})"]
    return []


def check_composed(conf: Any, mode: int, password: str) -> list[str]:
    """The compose script's output, as fate_flow read it."""
    problems = []
    if mode & 0o077:
        problems.append(f"the composed service_conf.yaml has mode {mode:04o}, not 0600 (it holds the password)")
    if not isinstance(conf, dict):
        return problems + [f"the composed service_conf.yaml is no YAML mapping: {type(conf).__name__}"]
    host = (conf.get("fateflow") or {}).get("host")
    if host != POD_IP:
        problems.append(f"the composed fateflow.host is {host!r}, not POD_IP {POD_IP!r}")
    mysql = (conf.get("database") or {}).get("mysql") or {}
    if mysql.get("passwd") != password:
        problems.append("the composed database.mysql.passwd is not MYSQL_PASSWORD")
    return problems


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ERROR_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b.*")
#: Errors fate_flow logs at every start here: the FATE algorithm package (the ``fate`` provider,
#: /data/projects/fate/fate/python) is in the image, not here, so registering it fails (no path)
#: and the server goes on.
EXPECTED_LOG_ERRORS = ("validation error for LocalProviderSpec", "No module named 'fate'")


def tail(text: str, lines: int = 8, width: int = 1500) -> str:
    kept = [line.strip() for line in _ANSI.sub("", text).strip().splitlines() if line.strip()][-lines:]
    return " | ".join(kept)[-width:]


def last_error(text: str, lines: int = 3, ignore: tuple[str, ...] = ()) -> str:
    """The last exception line of a traceback in ``text`` (what a server died of) that has
    none of ``ignore`` in it, else the last lines of ``text``."""
    for line in reversed(_ANSI.sub("", text).strip().splitlines()):
        line = line.strip()
        if _ERROR_LINE.match(line):
            if any(known in line for known in ignore):
                continue
            return line[:600]
    return tail(text, lines, 600)


# ------------------------------------------------------------------------------------------
# The run, inside the namespaces
# ------------------------------------------------------------------------------------------

def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


def _bind(source: str, target: str) -> None:
    _mount("--bind", source, target)


def _lo_up() -> None:
    if shutil.which("ip"):
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True, capture_output=True)
    else:  # as check_runtime.py does without iproute2
        subprocess.run(["/bin/busybox", "ip", "link", "set", "lo", "up"], check=True, capture_output=True)


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return ""


def _server_logs() -> str:
    """What fate_flow logged in its LOG_DIR, <fate_flow directory>/logs/fate_flow."""
    logs = os.path.join(FLOW_HOME, "logs", "fate_flow")
    parts = []
    for name in ("ERROR.log", "fate_flow_stat.log"):
        text = _read(os.path.join(logs, name))
        if any(_ERROR_LINE.match(line.strip()) and not any(k in line for k in EXPECTED_LOG_ERRORS)
               for line in text.splitlines()):
            parts.append(f"[{name}] " + last_error(text, ignore=EXPECTED_LOG_ERRORS))
    return " ".join(parts)


def _get(url: str, timeout: float = 3.0) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
    except (urllib.error.URLError, OSError) as e:
        return None, str(e)


def _stop(proc: subprocess.Popen, timeout: float = STOP_TIMEOUT) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            proc.wait()


def _left_running() -> list[str]:
    """Processes in this PID namespace other than this one (its /proc is the namespace's)."""
    left = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            cmdline = _read(f"/proc/{entry}/cmdline").replace("\0", " ").strip()
            stat = _read(f"/proc/{entry}/stat")
            if cmdline and ") Z " not in stat:
                left.append(f"{entry}: {cmdline[:120]}")
    return left


def _run_cli(installed: Installed, args: list[str], home: str) -> tuple[int | None, str]:
    env = {"PATH": f"{installed.venv}/bin:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"}
    try:
        out = subprocess.run([installed.flow, *args], capture_output=True, text=True, env=env, timeout=CLI_TIMEOUT)
        result: tuple[int | None, str] = (out.returncode, out.stdout + out.stderr)
    except subprocess.TimeoutExpired as e:
        partial = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        result = (None, f"did not finish within {CLI_TIMEOUT:.0f}s: {partial}")
    with open(os.path.join(home, "flow-" + "-".join(args[:2]) + ".txt"), "w", encoding="utf-8") as fh:
        fh.write(f"exit {result[0]}\n{result[1]}")  # kept with FATE_FLOW_REAL_KEEP=1
    return result


def _composed(installed: Installed, path: str) -> tuple[Any, str | None]:
    """Parses the composed file with the venv's PyYAML (the harness itself has no YAML)."""
    code = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))"
    out = subprocess.run([installed.python, "-c", code, path], capture_output=True, text=True)
    if out.returncode != 0:
        return None, f"the composed service_conf.yaml does not parse: {tail(out.stderr, 2)}"
    return json.loads(out.stdout), None


def lay_out(work: str, installed: Installed) -> None:
    """The container's files, in this mount namespace only: the ConfigMap at CONFIG_DIR; the
    image's /data/projects/fate/fate_flow with the installed package (read-only) as its
    python/fate_flow, a conf/ with the package's files but no service_conf.yaml (the package's
    default, sqlite and standalone, must not stand in for a compose script that wrote nothing)
    and the image's fateflow.env; the hosts; fate-client's settings.yaml with no server, so
    that only ``flow init`` makes the CLI reach it. /etc/fate and /data are directories of
    ``work``, so FATE_FLOW_REAL_KEEP=1 keeps what the run left there (logs, the composed file)."""
    etc_fate, data = os.path.join(work, "etc-fate"), os.path.join(work, "data")
    os.makedirs(os.path.join(etc_fate, "fateflow"))
    os.makedirs(data)
    _bind(etc_fate, "/etc/fate")
    _bind(data, "/data")
    shutil.copy(os.path.join(work, TEMPLATE_KEY), os.path.join(CONFIG_DIR, TEMPLATE_KEY))
    shutil.copy(os.path.join(work, COMPOSE_KEY), os.path.join(CONFIG_DIR, COMPOSE_KEY))
    os.makedirs(FLOW_PACKAGE)
    _bind(installed.package, FLOW_PACKAGE)
    _mount("-o", "remount,bind,ro", FLOW_PACKAGE)
    shutil.copytree(os.path.join(installed.package, "conf"), FLOW_CONF,
                    ignore=shutil.ignore_patterns("service_conf.yaml", "__pycache__"))
    with open(os.path.join(FLOW_HOME, "fateflow.env"), "w", encoding="utf-8") as fh:
        fh.write(IMAGE_FATEFLOW_ENV)
    with open(os.path.join(work, "hosts"), "w", encoding="utf-8") as fh:
        fh.write(hosts_file())
    _bind(os.path.join(work, "hosts"), "/etc/hosts")
    settings = os.path.join(work, "client-settings.yaml")
    with open(settings, "w", encoding="utf-8") as fh:
        fh.write(client_settings(_read(installed.client_settings)))
    _bind(settings, installed.client_settings)


def inner(work: str) -> Outcome:
    """Runs in fresh network, mount and PID namespaces; ``work`` holds the inputs."""
    outcome = Outcome()
    with open(os.path.join(work, "input.json"), encoding="utf-8") as fh:
        given = json.load(fh)
    party_id, password, serve_timeout = given["party_id"], given["password"], given["serve_timeout"]
    installed = Installed(**given["installed"])
    started = time.monotonic()
    _lo_up()

    lay_out(work, installed)
    db = SV.MariaDB(os.path.join(work, "mariadb"), MYSQL_PORT)
    server: subprocess.Popen | None = None
    log_path = os.path.join(work, "fateflow.log")
    try:
        db.start()
        db.create_database(DATABASE, DB_USER, password)
        outcome.timings["mariadb"] = time.monotonic() - started

        t0 = time.monotonic()
        with open(log_path, "wb") as log:
            server = subprocess.Popen(["bash", "-c", given.get("container_script") or CONTAINER_SCRIPT],
                                      env=container_env(installed.venv, password),
                                      cwd=FATE_HOME, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      start_new_session=True)
        url = f"http://127.0.0.1:{HTTP_PORT}{READY_PATH}"
        deadline, answer = t0 + serve_timeout, (None, "")
        while True:
            if server.poll() is not None:
                output = _read(log_path)
                cause = last_error(output) if any(_ERROR_LINE.match(x.strip()) for x in output.splitlines()) \
                    else f"{tail(output, 3, 600)} {_server_logs()}".strip()
                outcome.problems.append(
                    f"the fateflow container exited {server.returncode} after {time.monotonic() - t0:.1f}s before it "
                    f"answered {READY_PATH}: {cause or '(no output)'}")
                return outcome
            answer = _get(url)
            if answer[0] == 200:
                break
            if time.monotonic() > deadline:
                outcome.problems.append(
                    f"FATE-Flow did not answer GET {READY_PATH} on 127.0.0.1:{HTTP_PORT} within {serve_timeout:.0f}s "
                    f"(last answer: {answer[0] or answer[1]}); its output: {tail(_read(log_path), 3, 600)} "
                    f"{_server_logs()}".rstrip())
                return outcome
            time.sleep(0.5)
        outcome.timings["serve"] = time.monotonic() - t0
        with socket.socket() as sock:
            sock.settimeout(3)
            if sock.connect_ex((POD_IP, GRPC_PORT)) != 0:
                outcome.problems.append(f"nothing listens on the gRPC port {POD_IP}:{GRPC_PORT} (fateflow.grpc_port)")
        outcome.notes.append(f"served {READY_PATH} after {outcome.timings['serve']:.1f}s")

        # The real flow CLI.
        home = os.path.join(work, "home")
        os.makedirs(home, exist_ok=True)
        code, out = _run_cli(installed, ["init", "--ip", "127.0.0.1", "--port", str(HTTP_PORT)], home)
        init_problems = check_init(code, out)
        outcome.problems += init_problems
        if not init_problems:
            code, out = _run_cli(installed, ["server", "info"], home)
            problems = check_server_info(code, out)
            outcome.problems += problems
            if not problems:
                outcome.notes.append(f"flow server info: {POD_IP}:{HTTP_PORT} registered")
            code, out = _run_cli(installed, ["site", "query"], home)
            problems = check_site(code, out, party_id)
            outcome.problems += problems
            if not problems:
                outcome.notes.append(f"flow site query: party_id {party_id!r}")

        # What it made in MariaDB, and what it read.
        tables = set(db.sql("SHOW TABLES", DATABASE).split())
        outcome.problems += check_tables(tables)
        outcome.notes.append(f"{len(tables)} tables in {DATABASE!r}")
        composed_path = os.path.join(FLOW_CONF, "service_conf.yaml")
        conf, problem = _composed(installed, composed_path)
        if problem:
            outcome.problems.append(problem)
        else:
            outcome.problems += check_composed(conf, os.stat(composed_path).st_mode & 0o777, password)
        if server.poll() is not None:
            outcome.problems.append(f"the fateflow container exited {server.returncode} during the checks: "
                                    f"{tail(_read(log_path))}")
        return outcome
    except Exception as e:  # noqa: BLE001 - reported as the run's problem
        outcome.problems.append(f"the run broke: {type(e).__name__}: {e} {tail(_read(log_path), 3)}".rstrip())
        return outcome
    finally:
        if server is not None:
            _stop(server)
        db.stop()
        left = _left_running()
        if left:
            outcome.problems.append(f"still running after the stop: {'; '.join(left)}")
        outcome.timings["inner"] = time.monotonic() - started


def _inner_main(work: str) -> int:
    try:
        outcome = inner(work)
    except Exception as e:  # noqa: BLE001 - the outer side reports it
        outcome = Outcome(problems=[f"the run could not be set up: {type(e).__name__}: {e}"])
    with open(os.path.join(work, "result.json"), "w", encoding="utf-8") as fh:
        json.dump(outcome.__dict__, fh)
    return 0


# ------------------------------------------------------------------------------------------
# The API
# ------------------------------------------------------------------------------------------

def _make_mount_points(paths: tuple[str, ...]) -> list[str]:
    """Makes missing directories the mounts need; returns those it made (deepest last)."""
    made = []
    for path in paths:
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            d = "/" + "/".join(parts[:i])
            try:
                os.mkdir(d, 0o755)
                made.append(d)
            except FileExistsError:
                pass
    return made


def run_fateflow(service_conf_template: str, compose_script: str, party_id: str, *,
                 serve_timeout: float = SERVE_TIMEOUT, mysql_password: str | None = None,
                 venv: str | None = None, container_script: str | None = None) -> Outcome:
    """``check_fateflow`` with notes (time to serve, tables) and timings. ``container_script``
    is the chart's own ``bash -c`` script of the fateflow container (default: the contract's
    ``CONTAINER_SCRIPT``)."""
    started = time.monotonic()
    if os.geteuid() != 0:
        return Outcome(problems=["the FATE-Flow run needs root (private network, mount and PID namespaces)"])
    if not shutil.which("unshare"):
        return Outcome(problems=["unshare (util-linux) is not installed"])
    installed, problem = find_installed(venv or venv_dir())
    if installed is None:
        return Outcome(problems=[problem or "no FATE-Flow venv"])
    password = mysql_password if mysql_password is not None else random_password()
    work = tempfile.mkdtemp(prefix="fateflow-real-")
    made: list[str] = []
    try:
        with open(os.path.join(work, TEMPLATE_KEY), "w", encoding="utf-8") as fh:
            fh.write(service_conf_template)
        with open(os.path.join(work, COMPOSE_KEY), "w", encoding="utf-8") as fh:
            fh.write(compose_script)
        with open(os.path.join(work, "input.json"), "w", encoding="utf-8") as fh:
            json.dump({"party_id": party_id, "password": password, "serve_timeout": serve_timeout,
                       "installed": installed.__dict__, "container_script": container_script}, fh)
        made = _make_mount_points(("/data", "/etc/fate"))
        # --kill-child: if this side dies, the namespace's first process is killed, and with it
        # (PID namespace) every process the run started.
        argv = ["unshare", "--net", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc",
                sys.executable, os.path.abspath(__file__), _INNER, work]
        limit = serve_timeout + RUN_MARGIN
        try:
            out = subprocess.run(argv, capture_output=True, text=True, timeout=limit, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return Outcome(problems=[f"the FATE-Flow run did not end within {limit:.0f}s and was killed"])
        result_path = os.path.join(work, "result.json")
        if not os.path.exists(result_path):
            return Outcome(problems=[f"the FATE-Flow run exited {out.returncode} without a result: "
                                     f"{tail(out.stdout + out.stderr)}"])
        with open(result_path, encoding="utf-8") as fh:
            outcome = Outcome(**json.load(fh))
        outcome.timings["total"] = time.monotonic() - started
        return outcome
    finally:
        for d in reversed(made):
            try:
                os.rmdir(d)
            except OSError:
                pass
        if os.environ.get("FATE_FLOW_REAL_KEEP") == "1":
            print(f"fateflow_real: kept {work} (data/: the server's files and logs; home/: the flow CLI's output)", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def check_fateflow(service_conf_template: str, compose_script: str, party_id: str,
                   container_script: str | None = None) -> list[str]:
    """The problems of the real FATE-Flow 2.2.0 with this chart's config (empty: passed)."""
    return run_fateflow(service_conf_template, compose_script, party_id,
                        container_script=container_script).problems


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == _INNER:
        return _inner_main(argv[1])
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as fh:
        template = fh.read()
    with open(argv[1], encoding="utf-8") as fh:
        compose = fh.read()
    outcome = run_fateflow(template, compose, argv[2])
    for note in outcome.notes:
        print(f"  note: {note}")
    for problem in outcome.problems:
        print(f"  problem: {problem}")
    timings = ", ".join(f"{k} {v:.1f}s" for k, v in outcome.timings.items())
    print(f"fateflow: {'passed' if not outcome.problems else 'FAILED'} ({timings})")
    return 0 if not outcome.problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
