"""Real servers for the runtime test: MariaDB (MySQL-compatible) and redis-server from Debian.

Both run inside the test's private network namespace on 127.0.0.1 with their standard ports (the
charts' scripts dial ``mysql:3306`` and ``redis:6379``), with every file in a temporary directory,
and are stopped by the context managers that started them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from typing import Iterator


def wait_port(port: int, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server for port {port} exited with {proc.returncode}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def _program(*names: str) -> str:
    for name in names:
        path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
        if path:
            return path
    raise RuntimeError(f"none of {names} is installed (the test script installs Debian's packages)")


class MariaDB:
    """A MariaDB server on 127.0.0.1:``port`` and a private socket; ``sql`` runs as root."""

    def __init__(self, workdir: str, port: int = 3306) -> None:
        self.workdir = workdir
        self.port = port
        self.datadir = os.path.join(workdir, "data")
        self.socket = os.path.join(workdir, "mysqld.sock")
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        os.makedirs(self.datadir, exist_ok=True)
        subprocess.run([_program("mariadb-install-db", "mysql_install_db"), "--no-defaults",
                        f"--datadir={self.datadir}", "--user=root", "--auth-root-authentication-method=socket",
                        "--skip-test-db"], check=True, capture_output=True)
        log = open(os.path.join(self.workdir, "mysqld.log"), "wb")
        self.proc = subprocess.Popen([_program("mariadbd", "mysqld"), "--no-defaults", f"--datadir={self.datadir}",
                                      f"--socket={self.socket}", f"--port={self.port}", "--bind-address=127.0.0.1",
                                      "--user=root", "--skip-name-resolve", "--innodb-buffer-pool-size=32M",
                                      f"--pid-file={os.path.join(self.workdir, 'mysqld.pid')}"],
                                     stdout=log, stderr=subprocess.STDOUT)
        wait_port(self.port, proc=self.proc)

    def sql(self, statement: str, database: str | None = None) -> str:
        argv = [_program("mariadb", "mysql"), f"--socket={self.socket}", "--user=root", "--batch", "--skip-column-names"]
        if database:
            argv.append(database)
        out = subprocess.run(argv, input=statement, capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"SQL failed: {out.stderr.strip()}\n{statement}")
        return out.stdout

    def create_database(self, database: str, user: str, password: str) -> None:
        """What the mysql image's entrypoint does on a new data directory with MYSQL_DATABASE,
        MYSQL_USER and MYSQL_PASSWORD (facts: mysql image, docker-entrypoint.sh)."""
        esc = password.replace("\\", "\\\\").replace("'", "\\'")
        self.sql(f"CREATE DATABASE IF NOT EXISTS `{database}`;\n"
                 f"CREATE USER IF NOT EXISTS '{user}'@'%' IDENTIFIED BY '{esc}';\n"
                 f"GRANT ALL ON `{database}`.* TO '{user}'@'%';\nFLUSH PRIVILEGES;\n")

    def drop_database(self, database: str, user: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS `{database}`; DROP USER IF EXISTS '{user}'@'%';")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@contextlib.contextmanager
def mariadb(workdir: str, port: int = 3306) -> Iterator[MariaDB]:
    server = MariaDB(workdir, port)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def redis_server_program() -> str:
    return _program("redis-server")


def redis_cli_program() -> str:
    return _program("redis-cli")
