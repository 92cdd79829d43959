#!/usr/bin/env python3
"""Lint, render and validate the FATE 2.2 chart sources (charts/fate2/), without the generator.

For every values file under charts/fate2/testdata/<chart>/values-*.yaml this script assembles a
chart as the generator does (the chart's sources, charts/common/_common.tpl as
templates/_common.tpl, charts/fate2/common/_osx.tpl as templates/_osx.tpl, the test Chart.yaml,
the values file as values.yaml), runs Helm's strict lint, renders it as an install and validates
every object strictly against the Kubernetes 1.25.0 and 1.37.0 schemas. Then it plants invalid
values, one at a time, and checks that the schema or fate.validateValues refuses each with the
message an operator needs.

    ~/.cache/fate-chartgen-tools/venv/bin/python charts/fate2/testdata/check.py
Exit status 0 when everything passes. The same charts, generated, go through tests/helm and
tests/runtime with every matrix config.
"""

from __future__ import annotations

import copy
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

import helm_python
import kubernetes_validate
import yaml

HERE = Path(__file__).resolve().parent
LINE = HERE.parent
COMMON = LINE.parent / "common" / "_common.tpl"
LINE_HELPERS = LINE / "common" / "_osx.tpl"
KUBE_VERSIONS = ("1.25.0", "1.37.0")
SOURCE_ITEMS = ("templates", "values.schema.json", ".helmignore")


def assemble(workdir: Path, chart: str, values: dict[str, Any]) -> Path:
    dst = workdir / chart
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for item in SOURCE_ITEMS:
        src = LINE / chart / item
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst / item)
    shutil.copy2(COMMON, dst / "templates" / "_common.tpl")
    shutil.copy2(LINE_HELPERS, dst / "templates" / "_osx.tpl")
    shutil.copy2(HERE / chart / "Chart.yaml", dst / "Chart.yaml")
    (dst / "values.yaml").write_text(yaml.safe_dump(values, sort_keys=False))
    return dst


def render(chart_dir: Path, release: str) -> dict[str, str]:
    with helm_python.Chart.load(str(chart_dir)) as chart:
        return chart.render(None, name=release, namespace=release, is_install=True)


def check_good(workdir: Path, chart: str, path: Path) -> list[str]:
    values = yaml.safe_load(path.read_text())
    chart_dir = assemble(workdir, chart, values)
    problems = []
    lint = helm_python.lint(str(chart_dir), strict=True)
    bad = [m for m in lint.get("messages") or [] if int(m.get("severity", 0)) >= 2]
    problems += [f"lint [{m['severity']}] {m['path']}: {m['error']}" for m in bad]
    try:
        rendered = render(chart_dir, "fate-test")
    except Exception as e:  # noqa: BLE001 - the failure is the finding
        return problems + [f"render: {e}"]
    count = 0
    for template, text in sorted(rendered.items()):
        if template.endswith("NOTES.txt"):
            if "FATE 2.2.0" not in text:
                problems.append("NOTES.txt does not name the release")
            continue
        for obj in yaml.safe_load_all(text):
            if not obj:
                continue
            count += 1
            for version in KUBE_VERSIONS:
                try:
                    kubernetes_validate.validate(obj, version, strict=True)
                except kubernetes_validate.ValidationError as e:
                    problems.append(f"{template} {obj['kind']}/{obj['metadata']['name']} on {version}: {e.message}")
    least = {"fate-party": 15, "fate-exchange": 3}[chart]  # the objects every party / exchange has
    if count < least:
        problems.append(f"only {count} objects rendered, at least {least} expected")
    return problems


def refused(workdir: Path, chart: str, values: dict[str, Any], want: str) -> str | None:
    """None when rendering ``values`` fails with a message containing ``want``."""
    chart_dir = assemble(workdir, chart, values)
    try:
        render(chart_dir, "fate-test")
    except Exception as e:  # noqa: BLE001
        return None if want in str(e) else f"refused, but without {want!r}: {str(e)[-300:]}"
    return f"rendered; expected a refusal with {want!r}"


def edit(values: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    out = copy.deepcopy(values)
    change(out)
    return out


def party_cases(v: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    pid = v["partyId"]

    def drop_own_fateflow(x):
        x["osx"]["routeTable"][pid] = {"default": x["osx"]["routeTable"][pid]["fateflow"]}

    def two_alike(x):
        x["nodemanagers"] = [x["nodemanagers"][0], copy.deepcopy(x["nodemanagers"][0])]

    return [
        ("self_party is another party", edit(v, lambda x: x["osx"].update(selfParty=["1"])), "osx.selfParty: must hold the party id"),
        ("no self_party", edit(v, lambda x: x["osx"].update(selfParty=[])), "selfParty"),
        ("own route without fateflow", edit(v, drop_own_fateflow), "needs the role fateflow"),
        ("no own route", edit(v, lambda x: x["osx"]["routeTable"].pop(pid)), "needs an entry for the own party"),
        ("two nodemanagers named alike", edit(v, two_alike), "is used twice"),
        ("no nodemanager", edit(v, lambda x: x.update(nodemanagers=[])), "nodemanagers"),
        ("mysql root as the FATE user", edit(v, lambda x: x["mysql"].update(user="root")), "must not be root"),
        ("nfs without a server", edit(v, lambda x: x["persistence"].update(type="nfs")), "server and path are required"),
        ("no fateboard password", edit(v, lambda x: x["credentials"].update(fateboardPassword="")), "credentials.fateboardPassword: required"),
        ("OSX heap above 75%", edit(v, lambda x: x["osx"].update(javaHeap="3500m")), "more than 75%"),
        ("a NodePort outside the range", edit(v, lambda x: x["osx"].update(nodePort=8080)), "nodePort"),
        ("a 1.x release", edit(v, lambda x: x.update(fateVersion="1.2.0")), "fateVersion"),
        ("an unknown key", edit(v, lambda x: x.update(redis={"nodeSelector": {}})), "redis"),
        ("TLS without its key", edit(v, lambda x: x["osx"]["tls"].update(enabled=True, ca="", cert="", key="")), "osx.tls.ca: required"),
        ("TLS with a key that is no PEM", edit(v, lambda x: x["osx"]["tls"].update(enabled=True, key="secret")), "key"),
    ]


def exchange_cases(v: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    some = next(iter(v["osx"]["routeTable"]))
    return [
        ("a default route", edit(v, lambda x: x["osx"]["routeTable"].update(default=x["osx"]["routeTable"][some])), "must not have a default route"),
        ("self_party is a party", edit(v, lambda x: x["osx"].update(selfParty=[some])), "would keep that party's messages"),
        ("no party", edit(v, lambda x: x["osx"].update(routeTable={})), "routeTable"),
    ]


def main() -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="fate2-charts-") as tmp:
        work = Path(tmp)
        for chart, cases in (("fate-party", party_cases), ("fate-exchange", exchange_cases)):
            files = sorted((HERE / chart).glob("values-*.yaml"))
            if not files:
                print(f"FAIL {chart}: no values files")
                failures += 1
            for path in files:
                problems = check_good(work, chart, path)
                print(f"{'ok  ' if not problems else 'FAIL'} {chart} {path.name}")
                for p in problems:
                    print(f"       - {p}")
                failures += bool(problems)
            base = yaml.safe_load(files[0].read_text())
            for name, values, want in cases(base):
                problem = refused(work, chart, values, want)
                print(f"{'ok  ' if problem is None else 'FAIL'} {chart} refuses {name}")
                if problem:
                    print(f"       - {problem}")
                failures += problem is not None
    print("all passed" if failures == 0 else f"{failures} failed")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
