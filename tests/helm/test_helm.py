"""Self-tests of checks/helm.py and checks/schemas.py: lint report, manifest parsing, duplicates,
strict schemas.

    python -m unittest discover -s tests/helm
"""

from __future__ import annotations

import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checks.helm import check_duplicates, check_lint_report, parse_manifests  # noqa: E402
from checks.objects import obj_label  # noqa: E402
from checks.schemas import check_schemas  # noqa: E402
from synthetic import Base, HAVE_TOOLS, configmap, exchange_objects, find, make_config, party_objects  # noqa: E402


class LintAndSchemaTest(Base):
    def test_lint_warning_fails_and_prints_all_messages(self):
        report = {"messages": [{"severity": 1, "path": "Chart.yaml", "error": "icon is recommended"},
                               {"severity": 2, "path": "templates/ingress.yaml", "error": "deprecated"}], "errors": []}
        problems = check_lint_report(report)
        self.assertFinds(problems, "WARNING templates/ingress.yaml: deprecated", "INFO Chart.yaml: icon is recommended")
        report["messages"].pop()
        self.assertClean(check_lint_report(report))

    def test_parse_manifests_skips_notes_and_empty_docs(self):
        objs, sources, problems = parse_manifests({
            "c/templates/NOTES.txt": "hello {{",
            "c/templates/a.yaml": "---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
            "c/templates/b.yaml": "just: text\n",
        })
        self.assertEqual([obj_label(o) for o in objs], ["ConfigMap/a"])
        self.assertEqual(sources, ["c/templates/a.yaml"])
        self.assertFinds(problems, "c/templates/b.yaml: a rendered document is not a Kubernetes object")

    @unittest.skipUnless(HAVE_TOOLS, "kubernetes_validate not importable")
    def test_schema(self):
        config = make_config()
        objs = party_objects(config, "10000")
        self.assertClean(check_schemas(objs))
        bad = copy.deepcopy(objs)
        find(bad, "Service", "proxy")["spec"]["ports"][0]["nodePort"] = "30010"
        bad.append({"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "old"}, "spec": {}})
        self.assertFinds(check_schemas(bad), "Service/proxy: invalid for Kubernetes 1.25.0: spec.ports.0.nodePort",
                         "Service/proxy: invalid for Kubernetes 1.37.0", "Ingress/old: Kubernetes 1.25.0: Couldn't find schema")

    @unittest.skipUnless(HAVE_TOOLS, "kubernetes_validate not importable")
    def test_schema_fate2(self):
        config = make_config(fate_version="2.2.0", eggs=2)
        objs = party_objects(config, "10000") + exchange_objects(config)
        self.assertClean(check_schemas(objs))
        bad = copy.deepcopy(objs)
        find(bad, "Deployment", "nodemanager-1")["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "4671"
        self.assertFinds(check_schemas(bad), "Deployment/nodemanager-1: invalid for Kubernetes 1.25.0")

    def test_duplicates_and_namespace(self):
        objs = [configmap("a", {}), configmap("a", {}), {"apiVersion": "v1", "kind": "ConfigMap",
                                                           "metadata": {"name": "b", "namespace": "other"}}]
        self.assertFinds(check_duplicates(objs, "fate-10000"), "ConfigMap/a: rendered twice",
                         "ConfigMap/b: metadata.namespace is 'other'")


if __name__ == "__main__":
    unittest.main()
