"""Pod Security Standards, "baseline" profile: what a namespace labelled
``pod-security.kubernetes.io/enforce: baseline`` would refuse to run.
"""

from __future__ import annotations

from typing import Any

from .objects import containers_of, pod_templates


# Pod Security Standards, "baseline" profile.
BASELINE_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
        "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    }
)
SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    }
)
BASELINE_SELINUX_TYPES = frozenset({"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"})


def check_pod_security(objects: list[dict[str, Any]]) -> list[str]:
    """Pod Security Standards "baseline": no privileged, host namespaces/paths/ports, extra capabilities..."""
    problems = []

    def seccomp_sel(where: str, sc: dict[str, Any]) -> None:
        if ((sc.get("seccompProfile") or {}).get("type")) == "Unconfined":
            problems.append(f"{where}: seccompProfile Unconfined")
        if ((sc.get("appArmorProfile") or {}).get("type")) == "Unconfined":
            problems.append(f"{where}: appArmorProfile Unconfined")
        se = sc.get("seLinuxOptions") or {}
        if se.get("type", "") not in BASELINE_SELINUX_TYPES or se.get("user") or se.get("role"):
            problems.append(f"{where}: seLinuxOptions {se} not allowed by baseline")
        if (sc.get("windowsOptions") or {}).get("hostProcess"):
            problems.append(f"{where}: windowsOptions.hostProcess")

    for pod in pod_templates(objects):
        spec = pod.spec
        for f in ("hostNetwork", "hostPID", "hostIPC"):
            if spec.get(f):
                problems.append(f"{pod.label}: {f}: true")
        for v in spec.get("volumes") or []:
            if "hostPath" in v:
                problems.append(f"{pod.label}: volume {v.get('name')} is a hostPath "
                                f"({(v.get('hostPath') or {}).get('path')})")
        psc = spec.get("securityContext") or {}
        seccomp_sel(f"{pod.label}: pod securityContext", psc)
        for s in psc.get("sysctls") or []:
            if s.get("name") not in SAFE_SYSCTLS:
                problems.append(f"{pod.label}: unsafe sysctl {s.get('name')}")
        for k, v in (pod.meta.get("annotations") or {}).items():
            if str(k).startswith("container.apparmor.security.beta.kubernetes.io/") and v == "unconfined":
                problems.append(f"{pod.label}: annotation {k}: unconfined")
        for cpath, c in containers_of(spec):
            where = f"{pod.label}: {cpath}"
            sc = c.get("securityContext") or {}
            if sc.get("privileged"):
                problems.append(f"{where}: privileged: true")
            added = set(((sc.get("capabilities") or {}).get("add")) or [])
            for cap in sorted(added - BASELINE_CAPABILITIES):
                problems.append(f"{where}: adds capability {cap}")
            if sc.get("procMount") not in (None, "Default"):
                problems.append(f"{where}: procMount {sc.get('procMount')}")
            seccomp_sel(where, sc)
            for p in c.get("ports") or []:
                if p.get("hostPort"):
                    problems.append(f"{where}: hostPort {p.get('hostPort')}")
    return problems
