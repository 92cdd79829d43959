"""One result per check group and chart, and the report printed for a bundle.

tests/runtime/check_runtime.py reports through the same type and printer.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field


@dataclass
class GroupResult:
    """The problems one check group found in one chart (or ``bundle``/``network``/``dmz-<id>``)."""

    chart: str
    group: str
    problems: list[str] = field(default_factory=list)
    note: str = ""
    messages: list[str] = field(default_factory=list)  # extra output (lint messages)


def print_results(bundle: str, results: list[GroupResult], out=sys.stdout) -> bool:
    """Prints the report of one bundle; True when no group found a problem."""
    print(f"== {bundle}", file=out)
    ok = True
    for r in results:
        status = "ok" if not r.problems else f"FAIL ({len(r.problems)})"
        note = f"  [{r.note}]" if r.note else ""
        print(f"  {r.chart:<16} {r.group:<18} {status}{note}", file=out)
        for p in r.problems:
            prefix = "" if p.startswith(r.chart + ":") or r.chart in ("bundle", "network") else f"{r.chart}: "
            text = "\n        ".join(line for line in f"{prefix}{p}".splitlines() if line.strip())
            print(f"      - {text}", file=out)
        ok = ok and not r.problems
    print(f"== {bundle}: {'PASSED' if ok else 'FAILED'}", file=out)
    return ok
