#!/usr/bin/env python3
"""Independent verifier for the FATE 1.2/1.3 and FATE 2.2 Helm bundles the generator produces
(federation.yaml's ``fateVersion`` says which line a bundle is checked as).

    python check_bundle.py BUNDLE [BUNDLE...]      # each BUNDLE is a directory or a .zip of one

Prints one line per check group per chart, every problem under the group that found it, and a
final line ``N passed, M failed`` (N and M count bundles). Exits 1 when any bundle fails.

This file is the command line only; the checks live in the ``checks`` package next to it (one
module per concern, see ``checks/__init__.py``).
"""

from __future__ import annotations

import sys

from checks.results import GroupResult, print_results
from checks.verify import verify_bundle


def main(argv: list[str] | None = None, out=sys.stdout) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or any(a in ("-h", "--help") for a in args):
        print("usage: " + __doc__.strip().splitlines()[2].strip(), file=out)
        return 2
    passed = failed = 0
    for bundle in args:
        try:
            results = verify_bundle(bundle)
        except Exception as e:  # noqa: BLE001 - a crash is a failed bundle, not a traceback
            results = [GroupResult("bundle", "verifier", [f"verifier crashed: {type(e).__name__}: {e}"])]
        if print_results(bundle, results, out):
            passed += 1
        else:
            failed += 1
    print(f"{passed} passed, {failed} failed", file=out)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
