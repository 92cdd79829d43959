#!/usr/bin/env python3
"""Runtime contract of the generated bundles: runs what the containers run.

    python tests/runtime/check_runtime.py BUNDLE [BUNDLE...]   # zips or directories

For every chart of every bundle (rendered with real Helm) and every container in it:

* contract   — the image and tag are in charts/images.yaml; the container's interpreter exists
               in its image; JVMs get an explicit heap within their memory limit;
* scripts    — every ``sh -c`` / ``bash -c`` script of an init container is executed in a root
               that holds only its image's shell and tools (Debian's static BusyBox for the
               Alpine images, bash otherwise), with the container's environment (Secret values
               as env) and its mounted files at their paths; wait-for loops run against a real
               open port and a real closed one; init-metadata runs against a real MariaDB;
* files      — each main container's files, as the init containers left them, are where its
               component reads them and carry the keys it reads (and none it does not); files
               named by another file (OSX's TLS certificates and key, by broker.properties and
               the route table's endpoints) are found through it, and PEM files hold the kind
               the component reads (certificates; unencrypted PKCS#8 keys);
* node-table — the metadata SQL runs twice (idempotent) and again with a later egg list that
               adds and removes eggs; the node table matches the egg list each time;
* redis      — the composed redis.conf starts a real redis-server: password required, data in
               /data, append-only persistence on;
* settings   — fate_flow's settings.py runs under Python 3 with stub modules: every name fate_flow
               and federatedml import exists, passwords come from the environment;
* processors — processor-starter.sh runs under bash the way eggroll runs it; python stays its
               child, so ``pkill -P <starter>`` stops the processor;
* data-dirs  — no two parties (or components) share a persistent data directory;
* verify.sh  — against a fake kubectl: the toy example runs with FATE's venv python, and the
               command it sends runs in a python-image root.

Everything runs inside a private network namespace (``unshare --net --mount``, so root is
needed; CI runs as root) where MariaDB, redis and stand-in listeners use 127.0.0.1 and the
chart's service names resolve to it. Prints one line per check group and ``N passed, M failed``
(bundles). Exits 1 when any bundle fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import posixpath
import threading
import time
from typing import Any, Callable, Iterator

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import facts as F  # noqa: E402
import fateflow_real as FR  # noqa: E402
import pods as P  # noqa: E402
import sandbox as S  # noqa: E402
import services as SV  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "helm"))
from checks.bundle import read_bundle  # noqa: E402  (the chart checker's bundle reading)
from checks.results import GroupResult, print_results  # noqa: E402  (and its report)

SCRIPT_TIMEOUT = 30.0
WAIT_NEGATIVE_SECONDS = 7.0
VENV_PYTHON = "/data/projects/python/venv/bin/python"


# ------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------

class Report:
    """Check groups of one bundle, in the chart checker's result type (and printed by it)."""

    def __init__(self) -> None:
        self.groups: list[GroupResult] = []

    def group(self, scope: str, name: str) -> GroupResult:
        g = GroupResult(scope, name)
        self.groups.append(g)
        return g

    @property
    def ok(self) -> bool:
        return all(not g.problems for g in self.groups)


# ------------------------------------------------------------------------------------------
# Stand-in listeners for wait-for targets that no real server in this test provides
# ------------------------------------------------------------------------------------------

@contextlib.contextmanager
def listening(ports: set[int]) -> Iterator[None]:
    socks, stop = [], threading.Event()
    for port in sorted(ports):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:  # a real server (MariaDB) already answers there
            s.close()
            continue
        s.listen(16)
        s.settimeout(0.02)
        socks.append(s)

    def serve(sock: socket.socket) -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
                conn.close()
            except OSError:
                pass

    threads = [threading.Thread(target=serve, args=(s,), daemon=True) for s in socks]
    for t in threads:
        t.start()
    try:
        yield
    finally:
        stop.set()
        for t in threads:
            t.join()
        for s in socks:
            s.close()


def _target_ports(args: list[str]) -> set[int]:
    ports = set()
    for a in args:
        host, _, port = str(a).rpartition(":")
        if host and port.isdigit():
            ports.add(int(port))
    return ports


# ------------------------------------------------------------------------------------------
# Rendering
# ------------------------------------------------------------------------------------------

def render(chart_dir: str, release: str, namespace: str, values: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    import helm_python

    with helm_python.Chart.load(chart_dir) as chart:
        manifests = chart.render(values, name=release, namespace=namespace, is_install=True)
    loader = getattr(F.yaml, "CSafeLoader", F.yaml.SafeLoader)  # libyaml: 10x faster on 50 parties
    objects = []
    for name in sorted(manifests):
        if name.endswith("NOTES.txt"):
            continue
        for doc in F.yaml.load_all(manifests[name], Loader=loader):
            if isinstance(doc, dict) and "kind" in doc:
                objects.append(doc)
    return objects


def namespaces_of(config: dict[str, Any]) -> dict[str, str]:
    """Release → namespace, as the bundle's install.sh uses them (federation.yaml defaults)."""
    out = {}
    for party in config.get("parties") or []:
        out[f"fate-{party['id']}"] = party.get("namespace") or f"fate-{party['id']}"
    if config.get("exchange"):
        out["fate-exchange"] = config["exchange"].get("namespace") or "fate-exchange"
    return out


def load_chart(bundle_root: str, name: str, namespace: str, values_override: dict[str, Any] | None = None) -> P.Chart:
    chart_dir = os.path.join(bundle_root, name)
    with open(os.path.join(chart_dir, "values.yaml"), encoding="utf-8") as fh:
        values = F.yaml.safe_load(fh)
    if values_override:
        values = {**values, **values_override}
    objects = render(chart_dir, name, namespace, values_override)
    return P.Chart(name, namespace, values, objects)


# ------------------------------------------------------------------------------------------
# Running one container's script
# ------------------------------------------------------------------------------------------

class Runner:
    """Lays out roots and runs containers; one per bundle."""

    def __init__(self, facts: dict[str, Any], workdir: str, hosts: set[str], templates: str) -> None:
        self.facts = facts
        self.workdir = workdir
        self.hosts = hosts
        self.templates = templates  # one built root per image, hard-linked into each use
        self.counter = 0

    def root_for(self, entry: dict[str, Any], label: str) -> S.Root:
        self.counter += 1
        path = os.path.join(self.workdir, f"root-{self.counter:04d}-{label}")
        tools = set(entry.get("tools", []))
        if entry["shell"] == "bash":
            tools.add("bash")
        key = hashlib.sha256(json.dumps([entry["shell"], sorted(tools), entry.get("users"), sorted(self.hosts)]).encode()).hexdigest()[:16]
        template = os.path.join(self.templates, key)
        if not os.path.isdir(template):
            S.build_root(template + ".new", entry["shell"], tools, users=entry.get("users"), hosts=self.hosts)
            os.rename(template + ".new", template)
        # Binaries are shared by hard links (never written); everything else is the container's.
        shutil.copytree(template, path, symlinks=True, copy_function=os.link)
        for mutable in ("etc/passwd", "etc/group", "etc/hosts"):
            target = os.path.join(path, mutable)
            os.unlink(target)
            shutil.copy2(os.path.join(template, mutable), target)
        return S.Root(path, entry["shell"])

    def run_container(self, chart: P.Chart, pod: P.Pod, container: dict[str, Any], volumes: P.PodVolumes,
                      args_override: list[str] | None = None, timeout: float = SCRIPT_TIMEOUT,
                      prepare: Callable[[S.Root], None] | None = None) -> tuple[S.Result, S.Root, P.Placed]:
        entry, problem = F.image_facts(self.facts, container["image"])
        if entry is None:
            raise RuntimeError(problem)  # reported by the contract group
        root = self.root_for(entry, container["name"])
        placed = P.lay_out_mounts(chart, pod, container, root.path, volumes)
        if prepare:
            prepare(root)
        env = P.container_env(chart, container, entry.get("env"))
        argv = list(map(str, container["command"])) + list(map(str, args_override if args_override is not None else (container.get("args") or [])))
        result = S.run(root, argv, env, timeout, cwd=container.get("workingDir", entry.get("workdir", "/")))
        if result.code == 0:
            P.save_empty_dirs(placed)
        return result, root, placed


def posixpath_has_suffix(path: str) -> bool:
    """A path the image contains that is a file (it has an extension, or is a program in a bin/
    directory), not a directory."""
    return "." in os.path.basename(path) or os.path.basename(os.path.dirname(path)) == "bin"


def place_contents(root: S.Root, entry: dict[str, Any]) -> None:
    """Empty stand-ins for the files and directories the image contains (its facts'
    ``contains``), so a start command's paths resolve as they would in the image."""
    for path in entry.get("contains", []):
        target = root.file(path)
        if os.path.exists(target):
            continue
        if posixpath_has_suffix(path):
            root.write(path, "")
        else:
            os.makedirs(target, exist_ok=True)


def read_text(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def start_argv(container: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    """What the container's process runs: its command (which replaces the image's entrypoint),
    else the image's entrypoint followed by its args; a leading tini is dropped (it only execs
    its argument and reaps orphans)."""
    command = [str(x) for x in container.get("command") or []]
    args = [str(x) for x in container.get("args") or []]
    argv = command + args if command else [str(x) for x in entry.get("entrypoint") or []] + args
    if argv and os.path.basename(argv[0]) == "tini":
        argv = argv[2:] if len(argv) > 1 and argv[1] == "--" else argv[1:]
    return argv


def start_script(container: dict[str, Any], entry: dict[str, Any]) -> list[str] | None:
    """The argv of a main container that starts through a shell script (``sh -c`` / ``bash -c``,
    as its command or as args under the image's entrypoint), else None."""
    argv = start_argv(container, entry)
    if len(argv) >= 3 and os.path.basename(argv[0]) in ("sh", "bash") and argv[1] == "-c":
        return argv
    return None


#: Stand-in for the programs a start script finally execs (the JVM, the Python server): records
#: its name, working directory and arguments, one per line, and exits 0. POSIX sh (the image's
#: own shell is put on the first line).
RECORDER = """#!/bin/sh
{ printf 'CALL %s %s\n' "${0##*/}" "$PWD"; for a in "$@"; do printf 'ARG %s\n' "$a"; done; } >> /tmp/start-calls
"""

#: The pod IP a start script gets from the downward API (status.podIP).
POD_IP = "10.244.1.23"


def parse_calls(text: str) -> list[tuple[str, str, list[str]]]:
    calls: list[tuple[str, str, list[str]]] = []
    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "CALL":
            name, _, cwd = rest.partition(" ")
            calls.append((name, cwd, []))
        elif kind == "ARG" and calls:
            calls[-1][2].append(rest)
    return calls


def is_script(container: dict[str, Any]) -> bool:
    command = container.get("command") or []
    return len(command) >= 3 and os.path.basename(str(command[0])) in ("sh", "bash") and command[1] == "-c"


# ------------------------------------------------------------------------------------------
# Checks of one chart
# ------------------------------------------------------------------------------------------

def check_contract(report: Report, facts: dict[str, Any], chart: P.Chart) -> None:
    g = report.group(chart.name, "contract")
    count = 0
    for pod in chart.pods:
        for init, c in pod.containers():
            count += 1
            where = f"{pod.workload}/{c['name']}" + (" (init)" if init else "")
            entry, problem = F.image_facts(facts, c["image"])
            if problem:
                g.problems.append(f"{where}: {problem}")
            if entry is None:
                continue
            g.problems += F.check_interpreter(where, c, entry)
            g.problems += F.check_command_files(where, c, entry)
            if not init:
                g.problems += F.check_java_heap(where, c, entry)
    g.note = f"{count} containers"


def expected_nodes(values: dict[str, Any]) -> set[tuple[str, int, str, str]]:
    rows = {("roll", 8011, "ROLL", "HEALTHY"), (str(values["proxy"]["host"]), int(values["proxy"]["port"]), "PROXY", "HEALTHY")}
    for egg in values["eggs"]:
        rows |= {(egg["name"], 7888, "EGG", "HEALTHY"), (egg["name"], 7778, "STORAGE", "HEALTHY")}
    return rows


def node_table(db: SV.MariaDB, database: str) -> set[tuple[str, int, str, str]]:
    out = db.sql("SELECT ip, port, type, status FROM node", database)
    rows = set()
    for line in out.splitlines():
        ip, port, kind, status = line.split("\t")
        rows.add((ip, int(port), kind, status))
    return rows


class ChartRun:
    """Runs every pod of one party or exchange chart, container by container."""

    def __init__(self, report: Report, runner: Runner, db: SV.MariaDB | None, chart: P.Chart,
                 once: set[str]) -> None:
        self.report, self.runner, self.db, self.chart, self.once = report, runner, db, chart, once
        self.scripts = report.group(chart.name, "scripts")
        self.files = report.group(chart.name, "files")
        self.ran = 0
        # The main containers' roots as their init containers left them, for later checks.
        self.main_roots: dict[tuple[str, str], S.Root] = {}

    def first_time(self, what: str, text: str) -> bool:
        key = what + hashlib.sha256(text.encode()).hexdigest()
        if key in self.once:
            return False
        self.once.add(key)
        return True

    def run(self) -> None:
        chart = self.chart
        if self.db is not None and "mysql" in {p.workload for p in chart.pods}:
            creds = chart.secrets["fate-credentials"]
            self.db.drop_database(chart.values["mysql"]["database"], chart.values["mysql"]["user"])
            self.db.create_database(chart.values["mysql"]["database"], chart.values["mysql"]["user"], creds["mysql-password"])
        for pod in chart.pods:
            self.run_pod(pod)
        self.scripts.note = f"{self.ran} scripts run"

    def run_pod(self, pod: P.Pod) -> None:
        volumes = P.PodVolumes(tempfile.mkdtemp(prefix=f"{pod.workload}-", dir=self.runner.workdir))
        for init, c in pod.containers():
            where = f"{pod.workload}/{c['name']}"
            entry, problem = F.image_facts(self.runner.facts, c["image"])
            if entry is None:
                continue  # reported by the contract group
            if init:
                if not is_script(c):
                    self.scripts.problems.append(f"{where}: init container without a shell script: not covered by the runtime test")
                    continue
                self.run_init(pod, c, volumes, where)
            else:
                self.check_main(pod, c, entry, volumes, where)

    def run_init(self, pod: P.Pod, c: dict[str, Any], volumes: P.PodVolumes, where: str) -> None:
        args = list(map(str, c.get("args") or []))
        command = list(map(str, c["command"]))
        positional = command[3:] + args
        try:
            with listening(_target_ports(positional) if c["name"].startswith("wait-for-") else set()):
                result, _root, _placed = self.runner.run_container(self.chart, pod, c, volumes)
        except (S.SandboxError, RuntimeError, KeyError) as e:
            self.scripts.problems.append(f"{where}: cannot be laid out: {e}")
            return
        self.ran += 1
        if result.code != 0:
            tail = result.output.strip().splitlines()[-3:]
            state = "did not finish" if result.code is None else f"exited {result.code}"
            self.scripts.problems.append(f"{where}: {state}: " + " | ".join(tail))
            return
        if c["name"].startswith("wait-for-") and self.first_time("wait-negative", c["command"][2]):
            self.wait_negative(pod, c, volumes, where)
        if c["name"] == "init-metadata" and self.db is not None:
            self.check_init_metadata(pod, c, volumes, where)
        if c["name"] == "init-schema" and self.db is not None:
            self.check_init_schema(pod, c, volumes, where)

    def wait_negative(self, pod: P.Pod, c: dict[str, Any], volumes: P.PodVolumes, where: str) -> None:
        """The same loop against a closed port must keep waiting (and say so)."""
        host = str((list(c["command"][3:]) + list(c.get("args") or []))[-1]).rpartition(":")[0]
        extra = list(map(str, c["command"][3:]))  # the $0 name, then the targets
        result, _r, _p = self.runner.run_container(self.chart, pod, {**c, "command": c["command"][:3] + extra[:1]},
                                                   volumes, args_override=[f"{host}:1"], timeout=WAIT_NEGATIVE_SECONDS)
        self.ran += 1
        retries = result.output.count("not reachable yet")
        if result.code is not None or retries < 2:
            self.scripts.problems.append(f"{where}: against the closed port {host}:1 it "
                                         f"{'exited ' + str(result.code) if result.code is not None else 'waited'} "
                                         f"after {retries} retries (it must keep retrying)")

    def check_init_metadata(self, pod: P.Pod, c: dict[str, Any], volumes: P.PodVolumes, where: str) -> None:
        assert self.db is not None
        g = self.report.group(self.chart.name, "node-table")
        database = self.chart.values["mysql"]["database"]
        want = expected_nodes(self.chart.values)
        first = node_table(self.db, database)
        if first != want:
            g.problems.append(f"after one run the node table is {sorted(first)}, expected {sorted(want)}")
        result, _r, _p = self.runner.run_container(self.chart, pod, c, volumes)
        self.ran += 1
        count = int(self.db.sql("SELECT COUNT(*) FROM node", database).strip())
        if result.code != 0 or node_table(self.db, database) != want or count != len(want):
            g.problems.append(f"a second run is not idempotent (exit {result.code}, {count} rows for {len(want)} nodes)")
        g.note = f"{len(want)} nodes"

    def check_init_schema(self, pod: P.Pod, c: dict[str, Any], volumes: P.PodVolumes, where: str) -> None:
        """eggroll 3's metadata schema: exactly the tables and columns of eggroll's own SQL
        (charts/images.yaml), and a second run on the same database succeeds and changes
        nothing (it runs on every start of the clustermanager)."""
        assert self.db is not None
        g = self.report.group(self.chart.name, "eggroll-schema")
        database = self.chart.values["mysql"]["database"]
        want = F.metadata_tables(self.runner.facts, c["image"], pod.spec["containers"][0]["image"])

        def columns() -> dict[str, list[str]]:
            out = self.db.sql("SELECT table_name, column_name FROM information_schema.columns "
                              f"WHERE table_schema = '{database}' ORDER BY table_name, ordinal_position", database)
            tables: dict[str, list[str]] = {}
            for line in out.splitlines():
                table, column = line.split("\t")
                tables.setdefault(table, []).append(column)
            return tables

        first = columns()
        g.problems += F.check_tables(first, want)
        result, _r, _p = self.runner.run_container(self.chart, pod, c, volumes)
        self.ran += 1
        if result.code != 0:
            g.problems.append(f"a second run fails (it runs on every start): {result.output.strip()[-200:]}")
        elif columns() != first:
            g.problems.append("a second run changed the schema")
        g.note = f"{len(first)} tables, run twice"

    def check_main(self, pod: P.Pod, c: dict[str, Any], entry: dict[str, Any], volumes: P.PodVolumes, where: str) -> None:
        root = self.runner.root_for(entry, c["name"])
        placed = P.lay_out_mounts(self.chart, pod, c, root.path, volumes)
        script = start_script(c, entry)
        argv = start_argv(c, entry)
        if script is not None:
            self.run_start(pod, c, entry, root, script, where)
        elif argv and os.path.basename(argv[0]) == "java" and c.get("command"):
            # A JVM the chart starts directly (OSX): nothing to run before it, but its main
            # class and classpath are held to the image as a start script's final exec is.
            place_contents(root, entry)
            cwd = c.get("workingDir") or entry.get("workdir") or "/"
            self.check_exec(entry, c, root, ("java", cwd, argv[1:]), where)

        def read(path: str) -> str | None:
            full = root.file(path)
            if os.path.isfile(full):
                with open(full, encoding="utf-8") as fh:
                    return fh.read()
            return None

        reads = F.resolve_reads(entry, read)
        roles = {c["name"], "party" if self.chart.party_id is not None and "mysql" in self.chart.values else "exchange"}
        for fact, path in reads:
            self.files.problems += F.check_file_keys(where, fact, path, read(path), roles)
        if entry["kind"] == "fate":
            script_text = "\n".join(script or [])
            script_reads = [p for p in placed.files if p in script_text]
            self.files.problems += F.check_mounts(where, placed.files, [p for _f, p in reads], placed.data_dirs, script_reads)
        self.check_values(where, root, c)
        self.main_roots[(pod.workload, c["name"])] = root

    def run_start(self, pod: P.Pod, c: dict[str, Any], entry: dict[str, Any], root: S.Root, argv: list[str], where: str) -> None:
        """Runs a main container's start script as the container would, in a root holding only
        its image's shell and tools, the files the image contains (empty stand-ins) and its
        mounts, with the container's environment. The program it finally execs (java, the
        python server) is a recorder; a Python helper it runs before (a ConfigMap script) runs
        for real under this machine's Python 3 with the root's paths. Afterwards the root holds
        what the component reads at start, for the files group."""
        place_contents(root, entry)
        for program in ("java", "python"):
            target = root.file(f"/usr/local/bin/{program}")
            if os.path.lexists(target):
                os.unlink(target)  # never write through a hard link into the shared template
            shell = "/bin/sh" if entry["shell"] == "busybox" else "/bin/bash"
            root.write(f"/usr/local/bin/{program}", RECORDER.replace("/bin/sh", shell, 1), 0o755)
        env = P.container_env(self.chart, c, entry.get("env"))
        env.setdefault("POD_IP", POD_IP)
        env["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        cwd = c.get("workingDir") or entry.get("workdir") or "/"
        result = S.run(root, argv, env, SCRIPT_TIMEOUT, cwd=cwd)
        self.ran += 1
        if result.code != 0:
            tail = result.output.strip().splitlines()[-3:]
            self.scripts.problems.append(f"{where}: its start script exited {result.code}: " + " | ".join(tail))
            return
        record = root.file("/tmp/start-calls")
        calls = parse_calls(read_text(record)) if os.path.exists(record) else []
        if not calls:
            self.scripts.problems.append(f"{where}: its start script never started the component")
            return
        for name, call_cwd, args in calls[:-1]:
            self.run_helper(root, name, call_cwd, args, env, where)
        self.check_exec(entry, c, root, calls[-1], where)

    def run_helper(self, root: S.Root, name: str, cwd: str, args: list[str], env: dict[str, str], where: str) -> None:
        """A Python script from a ConfigMap that the start script runs before the component."""
        if name != "python" or not args or not args[0].endswith(".py"):
            self.scripts.problems.append(f"{where}: runs {name} {' '.join(args)} before the component: not covered")
            return
        mapped = [root.file(a) if a.startswith("/") else a for a in args]
        out = subprocess.run([sys.executable, *mapped], env={**env, "PATH": os.environ.get("PATH", "")},
                             cwd=root.file(cwd), capture_output=True, text=True, timeout=SCRIPT_TIMEOUT)
        self.ran += 1
        if out.returncode != 0:
            self.scripts.problems.append(f"{where}: {args[0]} failed under Python 3: {out.stderr.strip()[-300:]}")

    def check_exec(self, entry: dict[str, Any], c: dict[str, Any], root: S.Root,
                   call: tuple[str, str, list[str]], where: str) -> None:
        """The component is started the way its image starts it: the main class (or server
        module) of the image's start command, from files the image contains."""
        name, cwd, args = call
        upstream = (entry.get("commands") or {}).get(c["name"]) or entry.get("command") or entry.get("serverCommand") or entry.get("cmd") or ""
        if name == "java":
            main = next((a for a in args if a.startswith("org.") or a.startswith("com.")), None)
            want = next((w for w in upstream.split() if w.startswith("org.") or w.startswith("com.")), None)
            if main != want:
                self.scripts.problems.append(f"{where}: starts java {main!r}, the image's component is {want!r}")
            if "-c" in args:
                conf = args[args.index("-c") + 1]
                if not os.path.exists(root.file(posixpath.join(cwd, conf))):
                    self.scripts.problems.append(f"{where}: java -c {conf}: not there when the JVM starts")
            if "-cp" in args:
                for part in args[args.index("-cp") + 1].split(":"):
                    path = posixpath.normpath(posixpath.join(cwd, part.rstrip("*").rstrip("/") or "."))
                    if part and not os.path.exists(root.file(path)):
                        self.scripts.problems.append(f"{where}: classpath entry {part} ({path}) is not in the image")
        elif name == "python":
            server = posixpath.normpath(posixpath.join(cwd, args[0])) if args else ""
            if server not in entry.get("contains", []):
                self.scripts.problems.append(f"{where}: starts python {server!r}, which the image does not contain")
            want = upstream.split()[1] if len(upstream.split()) > 1 else ""
            if want and not server.endswith(want):
                self.scripts.problems.append(f"{where}: starts {server}, the image's server is {want}")
        else:
            self.scripts.problems.append(f"{where}: its start script ends in {name}, not the component")

    def check_values(self, where: str, root: S.Root, c: dict[str, Any]) -> None:
        """A file composed at start carries the Secret's password (Java properties escaping) and
        the pod's own address where the component needs it."""
        creds = self.chart.secrets.get("fate-credentials", {})
        unescape = lambda v: v.replace("\\\\", "\\")  # noqa: E731
        checks = {
            "meta-service": ("/data/projects/fate/meta-service/conf/meta-service.properties",
                             {"jdbc.password": creds.get("mysql-password")}),
            "clustermanager": ("/data/projects/fate/eggroll/conf/eggroll.properties",
                               {"eggroll.resourcemanager.clustermanager.jdbc.password": creds.get("mysql-password")}),
            "nodemanager": ("/data/projects/fate/eggroll/conf/eggroll.properties",
                            {"eggroll.resourcemanager.nodemanager.host": POD_IP}),
            "fateboard": ("/data/projects/fate/fate_board/conf/application.properties",
                          {"server.board.login.password": creds.get("fateboard-password")}),
        }
        if c["name"] in checks:
            path, want = checks[c["name"]]
            if os.path.isfile(root.file(path)):
                props = F.parse_properties(root.read(path))
                for key, value in want.items():
                    if unescape(props.get(key, "")) != value:
                        self.files.problems.append(f"{where}: {key} in {path} is not {'the Secret' if value != POD_IP else 'the pod IP'}'s value")
        conf = "/data/projects/fate/fate_flow/conf/service_conf.yaml"
        if c["name"] == "fateflow" and os.path.isfile(root.file(conf)):
            doc = F.yaml.safe_load(root.read(conf)) or {}
            if ((doc.get("database") or {}).get("mysql") or {}).get("passwd") != creds.get("mysql-password"):
                self.files.problems.append(f"{where}: database.mysql.passwd in {conf} is not the Secret's mysql-password")
            if (doc.get("fateflow") or {}).get("host") != POD_IP:
                self.files.problems.append(f"{where}: fateflow.host in {conf} is not the pod IP (fateflow binds and registers it)")
            if str(doc.get("party_id")) != str(self.chart.party_id) or not isinstance(doc.get("party_id"), str):
                self.files.problems.append(f"{where}: party_id in {conf} is not the party id as a string")


def check_redis(report: Report, runner: Runner, chart: P.Chart) -> None:
    pod = next((p for p in chart.pods if p.workload == "redis"), None)
    if pod is None:
        return
    g = report.group(chart.name, "redis")
    volumes = P.PodVolumes(tempfile.mkdtemp(prefix="redis-", dir=runner.workdir))
    for _init, c in pod.containers():
        if _init:
            result, _r, _p = runner.run_container(chart, pod, c, volumes)
            if result.code != 0:
                g.problems.append(f"{c['name']} failed: {result.output.strip()[-200:]}")
                return
    main = pod.spec["containers"][0]
    entry, _ = F.image_facts(runner.facts, main["image"])
    root = runner.root_for(entry, "redis-server")
    P.lay_out_mounts(chart, pod, main, root.path, volumes)
    args = list(map(str, main.get("args") or []))
    if args and (args[0].endswith(".conf") or args[0].startswith("-")):
        args = ["redis-server", *args]  # what the image's entrypoint does
    password = chart.secrets["fate-credentials"]["redis-password"]
    proc = S.spawn(root, ["/usr/bin/" + args[0], *args[1:]], {}, cwd=entry["workdir"])
    cli = [SV.redis_cli_program(), "-h", "127.0.0.1", "-p", "6379", "--no-auth-warning"]
    try:
        SV.wait_port(6379, timeout=20, proc=proc)
        unauth = subprocess.run(cli + ["PING"], capture_output=True, text=True).stdout
        if "NOAUTH" not in unauth:
            g.problems.append(f"PING without a password answered {unauth.strip()!r}: the password is not required")
        authed = cli + ["-a", password]
        if subprocess.run(authed + ["PING"], capture_output=True, text=True).stdout.strip() != "PONG":
            g.problems.append("PING with the Secret's redis-password was refused")
        conf = {}
        for key in ("dir", "appendonly", "port"):
            out = subprocess.run(authed + ["CONFIG", "GET", key], capture_output=True, text=True).stdout.split()
            conf[key] = out[1] if len(out) > 1 else ""
        if conf["dir"] != "/data":
            g.problems.append(f"data directory is {conf['dir']!r}, not /data (the volume)")
        if conf["appendonly"] != "yes":
            g.problems.append("persistence is off (appendonly is not yes)")
        subprocess.run(authed + ["SET", "fate-runtime-check", "1"], capture_output=True, text=True)
        data = root.file("/data")  # with appendonly, redis opens its append-only file at start
        if not any(n.startswith("appendonly") for n in os.listdir(data)):
            g.problems.append(f"nothing was written to /data ({sorted(os.listdir(data))})")
        g.note = "redis-server " + subprocess.run([SV.redis_server_program(), "--version"], capture_output=True, text=True).stdout.split()[2]
    except RuntimeError as e:
        g.problems.append(f"redis-server did not start with the composed config: {e}: "
                          + (proc.stdout.read(2000).decode(errors="replace") if proc.poll() is not None and proc.stdout else ""))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def check_egg_list_changes(report: Report, runner: Runner, db: SV.MariaDB, bundle_root: str, chart: P.Chart) -> None:
    """helm upgrade with a later egg list: the node table follows it both ways."""
    g = report.group(chart.name, "egg-list-change")
    database = chart.values["mysql"]["database"]
    eggs = chart.values["eggs"]
    template = eggs[0]
    later = [{**template, "name": "egg7"}] + eggs[1:]  # first egg removed, egg7 added
    steps = [("removes " + eggs[0]["name"] + ", adds egg7", later), ("back to the first list", eggs)]
    for label, egg_list in steps:
        changed = load_chart(bundle_root, chart.name, chart.namespace, {"eggs": egg_list})
        pod = next(p for p in changed.pods if p.workload == "meta-service")
        c = next(c for c in pod.spec["initContainers"] if c["name"] == "init-metadata")
        volumes = P.PodVolumes(tempfile.mkdtemp(prefix="metadata-", dir=runner.workdir))
        result, _r, _p = runner.run_container(changed, pod, c, volumes)
        if result.code != 0:
            g.problems.append(f"{label}: init-metadata exited {result.code}: {result.output.strip()[-200:]}")
            continue
        table = node_table(db, database)
        healthy = {r for r in table if r[3] == "HEALTHY"}
        want = expected_nodes(changed.values)
        if healthy != want:
            g.problems.append(f"{label}: HEALTHY rows {sorted(healthy)}, expected exactly {sorted(want)}")
        listed = {e["name"] for e in egg_list}
        stale = {r for r in table if r[2] in ("EGG", "STORAGE") and r[0] not in listed and r[3] != "LOST"}
        if stale:
            g.problems.append(f"{label}: eggs no longer listed are still {sorted(stale)}")
    g.note = "egg0 → egg7 → egg0"


def check_settings(report: Report, facts: dict[str, Any], chart: P.Chart, roots: dict[tuple[str, str], S.Root]) -> None:
    root = roots.get(("python", "python"))
    if root is None:
        return
    g = report.group(chart.name, "settings.py")
    entry = facts["images"]["python"]
    line = F.fate_line_of(facts, F.parse_image(next(c["image"] for c in next(p for p in chart.pods if p.workload == "python").spec["containers"] if c["name"] == "python")).tag)
    fact = next(f for f in entry["files"] if f["path"].endswith("settings.py"))
    names = fact["names"][line]
    creds = chart.secrets["fate-credentials"]
    with tempfile.TemporaryDirectory(prefix="settings-") as base:
        shutil.copytree(root.file("/data/projects/fate/python"), base, dirs_exist_ok=True)
        write_settings_stubs(base, fact["imports"])
        # Run as fate_flow's server module is run (settings.py reads __main__.__file__).
        probe = os.path.join(base, "fate_flow", "fate_flow_server.py")
        with open(probe, "w", encoding="utf-8") as fh:
            fh.write("import json\n"
                     "import fate_flow.settings as s\n"
                     f"names = {names!r}\n"
                     "missing = [n for n in names if not hasattr(s, n)]\n"
                     "print(json.dumps({'missing': missing, 'DATABASE': s.DATABASE, 'REDIS': s.REDIS}))\n")
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": base, "MYSQL_PASSWORD": creds["mysql-password"],
               "REDIS_PASSWORD": creds["redis-password"]}
        out = subprocess.run([sys.executable, probe], cwd=os.path.dirname(probe), env=env, capture_output=True, text=True)
        if out.returncode != 0:
            g.problems.append(f"settings.py does not import: {out.stderr.strip().splitlines()[-1:]}")
            return
        got = json.loads(out.stdout.strip().splitlines()[-1])
    g.problems += [f"fate_flow {line} imports {n}, which settings.py does not define" for n in got["missing"]]
    for key, want in fact["dictKeys"].items():
        if sorted(got[key]) != sorted(want):
            g.problems.append(f"{key} has keys {sorted(got[key])}, fate_flow reads {sorted(want)}")
    if got["DATABASE"].get("passwd") != creds["mysql-password"]:
        g.problems.append("DATABASE['passwd'] is not the Secret's mysql-password from the environment")
    if got["REDIS"].get("password") != creds["redis-password"]:
        g.problems.append("REDIS['password'] is not the Secret's redis-password from the environment")
    text = read_text(root.file("/data/projects/fate/python/fate_flow/settings.py"))
    if creds["mysql-password"] in text or creds["redis-password"] in text:
        g.problems.append("settings.py contains a password")
    g.note = f"FATE {line}: {len(names)} names"


def write_settings_stubs(base: str, modules: list[str]) -> None:
    """Stand-ins for what settings.py imports, with the behaviour it relies on (project base
    directory, JSON config loading relative to it, loggers, RuntimeConfig, CenterConfig)."""
    stubs = {
        "arch/api/utils/file_utils.py": (
            "import json, os\n"
            "def get_project_base_directory():\n    return os.environ['PYTHONPATH']\n"
            "def load_json_conf(p):\n"
            "    p = p if os.path.isabs(p) else os.path.join(get_project_base_directory(), p)\n"
            "    with open(p) as fh:\n        return json.load(fh)\n"),
        "arch/api/utils/log_utils.py": (
            "import logging\n"
            "class LoggerFactory:\n    @staticmethod\n    def set_directory(d):\n        LoggerFactory.directory = d\n"
            "def getLogger(name):\n    return logging.getLogger(name)\n"),
        "arch/api/utils/core.py": "def get_lan_ip():\n    return '10.0.0.1'\n",
        "fate_flow/entity/runtime_config.py": (
            "class RuntimeConfig:\n    @staticmethod\n    def init_config(**kw):\n"
            "        for k, v in kw.items():\n            setattr(RuntimeConfig, k, v)\n"),
        "fate_flow/utils/setting_utils.py": (
            "from arch.api.utils import file_utils\n"
            "class CenterConfig:\n    @staticmethod\n"
            "    def get_settings(path, servings_zk_path=None, use_zk=False, hosts=None, server_conf_path='arch/conf/server_conf.json'):\n"
            "        data = file_utils.load_json_conf(server_conf_path)\n"
            "        for k in path.split('/')[1:]:\n            data = data.get(k, None) if data else None\n"
            "        return data\n"),
    }
    for rel, text in stubs.items():
        path = os.path.join(base, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        d = os.path.dirname(path)
        while d != base:
            init = os.path.join(d, "__init__.py")
            if not os.path.exists(init):
                open(init, "w").close()
            d = os.path.dirname(d)
    missing = [m for m in modules if not os.path.exists(os.path.join(base, m.replace(".", "/") + ".py"))]
    if missing:  # the facts name an import the stubs above do not provide
        raise RuntimeError(f"no stub for {missing}")


FAKE_PYTHON = """#!/bin/bash
# Stand-in for the processor / toy example: records how it was started, then waits.
echo "$$ $PPID $PWD $*" >> "${RECORD:-/tmp/python-calls}"
case "$1" in
  *processor.py) exec /usr/local/libexec/fate-test/sleep 60 ;;
esac
echo "success to calculate secure_sum, it is 2000.0000000000002"
"""

FAKE_ACTIVATE = "export VIRTUAL_ENV=/data/projects/python/venv\nexport PATH=\"$VIRTUAL_ENV/bin:$PATH\"\n"


def check_processor_starter(report: Report, runner: Runner, chart: P.Chart, roots: dict[tuple[str, str], S.Root]) -> None:
    egg_root = next((r for (w, c), r in roots.items() if w.startswith("egg") and w == c), None)
    if egg_root is None:
        return
    g = report.group(chart.name, "processors")
    props = F.parse_properties(egg_root.read("/data/projects/fate/eggroll/egg/conf/egg.properties"))
    script = props.get("eggroll.computing.processor.bootstrap.script", "")
    if not os.path.isfile(egg_root.file(script)):
        g.problems.append(f"bootstrap.script {script!r} is not in the egg container")
        return
    egg_root.write(props["eggroll.computing.processor.venv"] + "/bin/activate", FAKE_ACTIVATE)
    egg_root.write(props["eggroll.computing.processor.venv"] + "/bin/python", FAKE_PYTHON, 0o755)
    # The stand-in processor waits with sleep; nothing else joins the image's tools.
    S.copy_into(egg_root.path, S.host_program("sleep"), "/usr/local/libexec/fate-test/sleep")
    # How eggroll starts it (charts/images.yaml, egg.processorStarter).
    port = int(props.get("eggroll.computing.processor.start.port", "50000")) + 1
    argv = ["/bin/bash", script, "--venv", props["eggroll.computing.processor.venv"],
            "--python-path", props["eggroll.computing.processor.python-path"],
            "--engine-path", props["eggroll.computing.processor.engine-path"], "--port", str(port),
            "--data-dir", props["eggroll.computing.processor.data-dir"],
            "--logs-dir", props["eggroll.computing.processor.logs-dir"],
            "--node-manager", "egg0:7888", "--engine-addr", "egg0"]
    proc = S.spawn(egg_root, argv, {"RECORD": "/tmp/python-calls"}, cwd="/data/projects/fate/eggroll/egg")
    record = egg_root.file("/tmp/python-calls")
    deadline = time.monotonic() + 10
    while not os.path.exists(record) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if not os.path.exists(record):
        out = proc.stdout.read().decode(errors="replace") if proc.poll() is not None and proc.stdout else ""
        g.problems.append(f"the processor was never started: {out.strip()[-300:]}")
        proc.kill()
        return
    time.sleep(0.2)
    calls = read_text(record)
    pid, ppid, *_rest = calls.split()
    if int(ppid) != proc.pid:
        g.problems.append(f"python's parent is {ppid}, not the starter {proc.pid}: pkill -P <starter> would miss it")
    if f"-p {port}" not in calls or "-m egg0:7888" not in calls:
        g.problems.append(f"python got the wrong arguments: {calls.strip()}")
    subprocess.run(["pkill", "-P", str(proc.pid)], check=False)  # what eggroll does
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        g.problems.append("the starter did not end after pkill -P stopped its processor")
        proc.kill()
    with contextlib.suppress(ProcessLookupError):
        os.kill(int(pid), 0)
        g.problems.append("the processor survived pkill -P <starter>")
        os.kill(int(pid), signal.SIGKILL)
    g.note = "started as eggroll does, stopped with pkill -P"


def check_fateflow_real(report: Report, chart: P.Chart, once: set[str]) -> None:
    """The real FATE-Flow 2.2.0 server (fateflow_real.py) with this chart's service_conf.yaml,
    compose script and container script, against a real MariaDB; once per distinct config
    (parties differ only in their id)."""
    pod = next((p for p in chart.pods if p.workload == "fateflow"), None)
    config = chart.configmaps.get("fateflow-config")
    if pod is None or config is None:
        return
    container = pod.spec["containers"][0]
    script = str((container.get("command") or [])[-1])
    template = config["service_conf.yaml"]
    key = "fateflow-real" + hashlib.sha256((template.replace(str(chart.party_id), "<id>") + script
                                            + config["compose-service-conf.py"]).encode()).hexdigest()
    if key in once:
        return
    once.add(key)
    g = report.group(chart.name, "fateflow-real")
    outcome = FR.run_fateflow(template, config["compose-service-conf.py"], str(chart.party_id), container_script=script)
    g.problems += outcome.problems
    g.note = "FATE-Flow 2.2.0 served; " + "; ".join(outcome.notes[:3])


def check_data_dirs(report: Report, charts: list[P.Chart]) -> None:
    """No two workloads, of one party or of two, keep data in the same directory (containers of
    one pod may: python and fateboard share the job logs)."""
    g = report.group("bundle", "data-dirs")
    owners: dict[tuple[Any, ...], str] = {}
    reported: set[tuple[tuple[Any, ...], str]] = set()
    count = 0
    for chart in charts:
        for key, who in P.data_directories(chart):
            count += 1
            first = owners.setdefault(key, who)
            if first != who and (key, who) not in reported:
                reported.add((key, who))
                g.problems.append(f"{who} and {first} use the same data directory {key}")
    g.note = f"{count} data mounts"


#: How each FATE line's verify.sh runs its toy example: the workload and container it execs
#: into, what a passed run prints, and how the command it sends into the pod is proven
#: (``prove_toy_*`` below). The NodePort it checks is whichever Service it names (proxy, osx, or
#: osx-tls with TLS): the fake kubectl answers for every rendered Service.
VERIFY_LINES = {
    "1": {"deploy": "python", "container": "python",
          "success": "success to calculate secure_sum, it is 2000.0000000000002"},
    "2": {"deploy": "fateflow", "container": "fateflow",
          "success": "toy test job 202412020000000000001 is success"},
}

FAKE_FLOW = """#!/bin/bash
# Stand-in for the flow CLI: records how it was called.
echo "$PWD $*" >> "${RECORD:-/tmp/flow-calls}"
"""


def check_verify_script(report: Report, runner: Runner, facts: dict[str, Any], bundle_root: str,
                        config: dict[str, Any], charts: list[P.Chart]) -> None:
    script = os.path.join(bundle_root, "verify.sh")
    # The guest is a party whose chart is in this bundle (a per-party bundle holds one).
    in_bundle = [c.party_id for c in charts if c.party_id is not None and "mysql" in c.values]
    parties = [str(p["id"]) for p in config.get("parties", [])]
    if charts and not in_bundle:
        return  # the exchange alone: no pod to run the toy example in
    guests = in_bundle or parties
    if not os.path.isfile(script) or not guests:
        return
    g = report.group("bundle", "verify.sh")
    line = VERIFY_LINES["2" if str(config.get("fateVersion", "1.2.0")).startswith("2.") else "1"]
    guest = guests[0]
    host = next((p for p in parties if p != guest), guest)
    # What the installed releases would answer: namespace -> Service -> its first port's
    # NodePort ("" for a ClusterIP Service); a Service not rendered is not found.
    node_ports: dict[str, dict[str, str]] = {}
    for chart in charts:
        for name, svc in chart.services.items():
            ports = (svc.get("spec") or {}).get("ports") or []
            node_ports.setdefault(chart.namespace, {})[name] = str(ports[0].get("nodePort", "")) if ports else ""
    with tempfile.TemporaryDirectory(prefix="kubectl-") as tmp:
        log = os.path.join(tmp, "calls.jsonl")
        kubectl = os.path.join(tmp, "kubectl")
        with open(kubectl, "w") as fh:
            fh.write("#!/usr/bin/env python3\n"
                     "import json, os, subprocess, sys\n"
                     f"open({log!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
                     "a = sys.argv[1:]\n"
                     f"ports = {node_ports!r}\n"
                     "if 'exec' in a:\n"
                     f"    print({line['success']!r})\n"
                     "elif 'service' in a:\n"
                     "    name = a[a.index('service') + 1]\n"
                     "    port = ports.get(a[a.index('-n') + 1], {}).get(name)\n"
                     "    if port is None:\n"
                     "        sys.exit(f'Error from server (NotFound): services \"{name}\" not found')\n"
                     "    print(port, end='')\n")
        os.chmod(kubectl, 0o755)
        env = {**os.environ, "PATH": f"{tmp}:{os.environ['PATH']}"}
        out = subprocess.run(["bash", script, "--toy", guest, host], env=env, capture_output=True, text=True, cwd=bundle_root)
        calls = [json.loads(line) for line in read_text(log).splitlines()] if os.path.exists(log) else []
    execs = [c for c in calls if "exec" in c]
    if len(execs) != 1:
        g.problems.append(f"expected one kubectl exec for the toy example, saw {len(execs)}: {out.stderr.strip()[-200:]}")
        return
    call = execs[0]
    try:
        sep = call.index("--")
    except ValueError:
        g.problems.append(f"kubectl exec without --: {call}")
        return
    head, inner = call[:sep], call[sep + 1:]
    deploy, container = line["deploy"], line["container"]
    if f"deploy/{deploy}" not in head or "-c" not in head or head[head.index("-c") + 1] != container:
        g.problems.append(f"the toy example does not run in the {container} container of deploy/{deploy}: {head}")
    guest_chart = next((c for c in charts if c.party_id == guest), None)
    if line is VERIFY_LINES["1"]:
        prove_toy_fate1(g, runner, facts, inner, guest, host)
    else:
        prove_toy_fate2(g, runner, facts, guest_chart, inner, guest, host)
    if out.returncode != 0:
        g.problems.append(f"verify.sh --toy exited {out.returncode}: {out.stderr.strip()[-200:]}")


def prove_toy_fate1(g: GroupResult, runner: Runner, facts: dict[str, Any], inner: list[str], guest: str, host: str) -> None:
    """Runs what kubectl would run, in a root that has only what the python image has."""
    entry = facts["images"]["python"]
    root = runner.root_for(entry, "toy-example")
    root.write(VENV_PYTHON, FAKE_PYTHON, 0o755)
    root.write("/data/projects/fate/python/examples/toy_example/run_toy_example.py", "# stand-in\n")
    result = S.run(root, inner, {"RECORD": "/tmp/python-calls", **entry.get("env", {})}, 15)
    record = root.file("/tmp/python-calls")
    recorded = read_text(record).split() if os.path.exists(record) else []
    if result.code != 0 or not recorded:
        g.problems.append(f"the command sent to the pod fails in the python image: {result.output.strip()[-200:]}")
    else:
        _pid, _ppid, cwd, *argv = recorded
        want = ["run_toy_example.py", guest, host, "1"]
        if cwd != "/data/projects/fate/python/examples/toy_example" or argv != want:
            g.problems.append(f"the toy example ran as {argv} in {cwd}, expected {want} in the toy_example directory")
    g.note = f"toy example {guest} → {host} with {VENV_PYTHON}"


def prove_toy_fate2(g: GroupResult, runner: Runner, facts: dict[str, Any], chart: P.Chart | None,
                    inner: list[str], guest: str, host: str) -> None:
    """Runs what kubectl would run in a root that has only what the fateflow image has, with the
    container's environment: the flow CLI must be pointed at fateflow's own address (the pod IP
    it binds), then run the toy test between the two parties."""
    pod = next((p for p in (chart.pods if chart else []) if p.workload == "fateflow"), None)
    if pod is None:
        g.problems.append("no fateflow pod in the guest's chart to run the toy test in")
        return
    c = pod.spec["containers"][0]
    entry, _problem = F.image_facts(facts, c["image"])
    if entry is None:
        g.problems.append(f"no facts for {c['image']}")
        return
    root = runner.root_for(entry, "toy-test")
    flow = next((p for p in entry.get("contains", []) if p.endswith("/bin/flow")), "/data/projects/python/venv/bin/flow")
    root.write(flow, FAKE_FLOW, 0o755)
    env = {**P.container_env(chart, c, entry.get("env")), "POD_IP": POD_IP, "RECORD": "/tmp/flow-calls"}
    result = S.run(root, inner, env, 15, cwd=entry.get("workdir", "/"))
    record = root.file("/tmp/flow-calls")
    calls = [line.split()[1:] for line in read_text(record).splitlines()] if os.path.exists(record) else []
    want = [["init", "--ip", POD_IP, "--port", "9380"],
            ["test", "toy", "--guest-party-id", guest, "--host-party-id", host, "--timeout", "600"]]
    if result.code != 0:
        g.problems.append(f"the command sent to the pod fails in the fateflow image: {result.output.strip()[-200:]}")
    elif calls != want:
        g.problems.append(f"the flow CLI was called as {calls}, expected {want}")
    g.note = f"flow test toy {guest} → {host} in the fateflow image"


# ------------------------------------------------------------------------------------------
# Bundles
# ------------------------------------------------------------------------------------------

def check_dmz_compose(report: Report, facts: dict[str, Any], bundle_root: str) -> None:
    """A DMZ proxy's Docker Compose service is a container too: its files must be where the
    proxy reads them, with the keys it reads."""
    for name in sorted(os.listdir(bundle_root)):
        compose = os.path.join(bundle_root, name, "docker-compose.yml")
        if not (name.startswith("dmz-") and os.path.isfile(compose)):
            continue
        g = report.group(name, "files")
        with open(compose, encoding="utf-8") as fh:
            doc = F.yaml.safe_load(fh)
        for svc_name, svc in (doc.get("services") or {}).items():
            entry, problem = F.image_facts(facts, svc["image"])
            if problem:
                g.problems.append(f"{svc_name}: {problem}")
            if entry is None:
                continue
            placed: dict[str, str] = {}
            for volume in svc.get("volumes") or []:
                source, target = str(volume).split(":")[:2]
                host = os.path.normpath(os.path.join(bundle_root, name, source))
                if os.path.isfile(host):
                    with open(host, encoding="utf-8") as fh:
                        placed[target] = fh.read()
                else:
                    g.problems.append(f"{svc_name}: mounts {source}, which is not in the bundle")
            reads = F.resolve_reads(entry, placed.get)
            for fact, path in reads:
                g.problems += F.check_file_keys(f"{name}/{svc_name}", fact, path, placed.get(path))
            g.problems += F.check_mounts(f"{name}/{svc_name}", placed, [p for _f, p in reads], [])
            if svc.get("command") or svc.get("entrypoint"):
                g.problems += F.check_interpreter(f"{name}/{svc_name}", {"command": svc.get("entrypoint") or svc.get("command")}, entry)
        g.note = "docker compose"


def guarded(report: Report, scope: str, name: str, check: Callable[..., None], *args: Any) -> None:
    """Runs one check; a check that breaks on what it found is a failure of that group, and the
    other groups still run."""
    try:
        check(*args)
    except Exception as e:  # noqa: BLE001 - reported, never swallowed
        report.group(scope, name).problems.append(f"the check broke on this chart: {type(e).__name__}: {e}")


def chart_dirs(root: str) -> list[str]:
    return sorted(d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, "Chart.yaml")))


def verify_bundle(path: str, facts: dict[str, Any], db: SV.MariaDB, once: set[str]) -> Report:
    """``once`` remembers scripts already proven across bundles (the closed-port wait and the
    processor starter are the same text in most bundles and take seconds each)."""
    report = Report()
    with tempfile.TemporaryDirectory(prefix="runtime-") as work:
        root, files, problems = read_bundle(path, work)
        g = report.group("bundle", "read")
        g.problems += problems
        config = F.yaml.safe_load(files.get("federation.yaml", b"{}")) or {}
        namespaces = namespaces_of(config)
        charts = []
        for name in chart_dirs(root):
            try:
                charts.append(load_chart(root, name, namespaces.get(name, name)))
            except Exception as e:  # rendering problems are the chart checker's business
                report.group(name, "render").problems.append(str(e))
        runner = Runner(facts, os.path.join(work, "roots"), P.service_names(charts) | {"fateflow"},
                        os.path.join(work, "templates"))
        os.makedirs(runner.templates, exist_ok=True)
        os.makedirs(runner.workdir, exist_ok=True)
        for i, chart in enumerate(charts):
            guarded(report, chart.name, "contract", check_contract, report, facts, chart)
            run = ChartRun(report, runner, db, chart, once)
            guarded(report, chart.name, "scripts", run.run)
            is_party = chart.party_id is not None and "mysql" in chart.values
            if is_party:
                guarded(report, chart.name, "redis", check_redis, report, runner, chart)
                guarded(report, chart.name, "settings.py", check_settings, report, facts, chart, run.main_roots)
                if run.first_time("processor-starter", chart.configmaps.get("egg-config", {}).get("processor-starter.sh", "")):
                    guarded(report, chart.name, "processors", check_processor_starter, report, runner, chart, run.main_roots)
                if "fateflow-config" in chart.configmaps:
                    guarded(report, chart.name, "fateflow-real", check_fateflow_real, report, chart, once)
                if i < 2 and "eggs" in chart.values:  # two parties prove the SQL; it is the same text
                    guarded(report, chart.name, "egg-list-change", check_egg_list_changes, report, runner, db, root, chart)
            shutil.rmtree(runner.workdir, ignore_errors=True)
            os.makedirs(runner.workdir, exist_ok=True)
        guarded(report, "bundle", "dmz", check_dmz_compose, report, facts, root)
        guarded(report, "bundle", "data-dirs", check_data_dirs, report, charts)
        guarded(report, "bundle", "verify.sh", check_verify_script, report, runner, facts, root, config, charts)
    return report


def in_private_network() -> bool:
    return os.environ.get("FATE_RUNTIME_NETNS") == "1"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if not in_private_network():
        if os.geteuid() != 0:
            print("check_runtime: needs root (chroot, a private network namespace)", file=sys.stderr)
            return 2
        env = {**os.environ, "FATE_RUNTIME_NETNS": "1"}
        return subprocess.run(["unshare", "--net", "--mount", "--fork", sys.executable, os.path.abspath(__file__), *argv],
                              env=env).returncode
    subprocess.run(["ip", "link", "set", "lo", "up"], check=False, capture_output=True) if shutil.which("ip") else \
        subprocess.run([S.BUSYBOX, "ip", "link", "set", "lo", "up"], check=True)
    facts = F.load_facts()
    passed = failed = 0
    once: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="mariadb-") as dbdir, SV.mariadb(dbdir) as db:
        for bundle in argv:
            report = verify_bundle(bundle, facts, db, once)
            print_results(bundle, report.groups)
            sys.stdout.flush()
            if report.ok:
                passed += 1
            else:
                failed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
