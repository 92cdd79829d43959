"""Temporary roots that hold only what an image has, and running a container's command in them.

An image's facts (``charts/images.yaml``) list its shell family and the tools its scripts may
call. ``build_root`` lays out a directory with exactly those programs:

* ``busybox`` images (Alpine): Debian's static BusyBox at ``/bin/busybox`` and one symlink per
  applet the image's BusyBox has *and* the facts list; nothing else, so ``bash`` or a missing
  applet fails as it would in the image;
* ``bash`` images (CentOS, Debian, Oracle Linux): this machine's ``bash`` and each listed tool,
  copied with the shared libraries ``ldd`` names.

``run`` enters the root with ``chroot(2)`` (tests run as root), with the container's environment
only, and returns what the command printed. Network access stays in the caller's namespace; the
runtime test runs everything inside a private network namespace (``unshare --net``), where the
service names resolve to 127.0.0.1 through the root's ``/etc/hosts``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Iterable, Mapping

BUSYBOX = "/bin/busybox"

#: Where host programs that a bash image's facts list are found, when not on PATH.
_EXTRA_PATH = ("/usr/sbin", "/sbin")


class SandboxError(Exception):
    """A root could not be laid out (a listed tool is not on this machine)."""


def _ldd_libs(binary: str) -> list[str]:
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=False).stdout
    libs = []
    for line in out.splitlines():
        parts = line.split()
        if "=>" in parts:
            target = parts[parts.index("=>") + 1]
            if target.startswith("/"):
                libs.append(target)
        elif parts and parts[0].startswith("/"):
            libs.append(parts[0])
    return libs


def copy_into(root: str, source: str, dest: str | None = None) -> None:
    dest = dest or source
    target = os.path.join(root, dest.lstrip("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if not os.path.exists(target):
        shutil.copy2(os.path.realpath(source), target)


def host_program(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path=os.pathsep.join(_EXTRA_PATH))
    if not path:
        raise SandboxError(f"the tool {name!r} listed in the image facts is not installed on this machine")
    return path


def busybox_applets() -> set[str]:
    out = subprocess.run([BUSYBOX, "--list"], capture_output=True, text=True, check=True).stdout
    return set(out.split())


@dataclass
class Root:
    """A laid-out root directory and the shell family it was built for."""

    path: str
    family: str

    def file(self, path: str) -> str:
        return os.path.join(self.path, path.lstrip("/"))

    def write(self, path: str, data: bytes | str, mode: int = 0o644) -> None:
        target = self.file(path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data.encode() if isinstance(data, str) else data)
        os.chmod(target, mode)

    def read(self, path: str) -> str:
        with open(self.file(path), encoding="utf-8") as fh:
            return fh.read()


def build_root(path: str, family: str, tools: Iterable[str], users: Mapping[str, int] | None = None,
               hosts: Iterable[str] = ()) -> Root:
    """Lays out a root with the image's shell and tools. ``users`` maps user name → uid (the
    group has the same id), ``hosts`` are names that resolve to 127.0.0.1."""
    os.makedirs(path, exist_ok=True)
    root = Root(path, family)
    for d in ("bin", "usr/bin", "etc", "tmp", "dev"):
        os.makedirs(root.file(d), exist_ok=True)
    os.chmod(root.file("tmp"), 0o1777)
    tools = sorted(set(tools))
    if family == "busybox":
        copy_into(path, BUSYBOX)
        available = busybox_applets()
        for tool in tools:
            # Programs of the image that are no BusyBox applet (java) cannot run here; they are
            # left out, so a script that calls them fails as a missing command.
            if tool in available:
                os.symlink("busybox", root.file(f"bin/{tool}"))
    elif family == "bash":
        for tool in tools:
            host = host_program(tool)
            dest = f"/usr/bin/{tool}" if tool != "bash" and tool != "sh" else f"/bin/{tool}"
            copy_into(path, host, dest)
            for lib in _ldd_libs(os.path.realpath(host)):
                copy_into(path, lib)
    else:
        raise SandboxError(f"unknown shell family {family!r}")
    users = dict(users or {})
    users.setdefault("root", 0)
    root.write("etc/passwd", "".join(f"{u}:x:{i}:{i}:{u}:/{'root' if i == 0 else 'nonexistent'}:/bin/false\n"
                                     for u, i in sorted(users.items(), key=lambda x: x[1])))
    root.write("etc/group", "".join(f"{u}:x:{i}:\n" for u, i in sorted(users.items(), key=lambda x: x[1])))
    root.write("etc/hosts", "127.0.0.1 localhost " + " ".join(sorted(set(hosts))) + "\n")
    root.write("etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files\n")
    devnull = root.file("dev/null")
    if not os.path.exists(devnull):
        os.mknod(devnull, 0o666 | 0o020000, os.makedev(1, 3))
    return root


@dataclass
class Result:
    code: int | None  # None: still running when the time limit ended it
    output: str


def spawn(root: Root, argv: list[str], env: Mapping[str, str], cwd: str = "/") -> subprocess.Popen:
    """Starts argv inside the root with exactly ``env`` (PATH added when absent)."""
    full_env = {"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"}
    full_env.update(env)
    os.makedirs(root.file(cwd), exist_ok=True)  # the image's WORKDIR exists in the image

    def enter() -> None:
        os.chroot(root.path)
        os.chdir(cwd)

    return subprocess.Popen(argv, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, preexec_fn=enter)


def run(root: Root, argv: list[str], env: Mapping[str, str], timeout: float, cwd: str = "/") -> Result:
    """Runs argv inside the root; a run still going after ``timeout`` is killed (code None)."""
    try:
        proc = spawn(root, argv, env, cwd)
    except FileNotFoundError:
        return Result(127, f"{argv[0]}: not found (the image does not have it)")
    try:
        out, _ = proc.communicate(timeout=timeout)
        return Result(proc.returncode, out.decode(errors="replace"))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, _ = proc.communicate()
        return Result(None, out.decode(errors="replace"))
