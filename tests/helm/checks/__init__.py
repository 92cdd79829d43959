"""The chart checker: independent checks of the bundles the generator produces.

The checks are pure functions over plain data (lists of rendered Kubernetes objects as dicts, the
normalised config document, file contents as bytes) that return lists of problem strings, so the
self-tests (``tests/helm/test_*.py``) can plant each problem and prove that the check finds it.
Only ``helm.lint_chart``/``helm.render_chart`` and ``schemas.check_schemas`` touch
``helm_python``/``kubernetes_validate``, and they import them lazily: the pure checks need
nothing but PyYAML.

Nothing here is taken from the generator: the expectations come from the FATE 1.2 reference
(/work/shared/reference/fate-1.2-on-kubernetes.md), the chart values contract
(charts/README.md) and the config document format (src/generator/config.rs). Both FATE lines
are checked: federation.yaml's ``fateVersion`` (absent, 1.2.0, 1.3.0: 1.x; 2.2.0: 2.x) names the
line, ``config`` writes it into the normalised config, and every line-specific check reads its
facts (Services and ports, proxy and route table, images and tags, credentials) from
``contract.line_facts`` — the one home of what FATE 1.2/1.3 and FATE 2.2 (OSX, eggroll 3.2
clustermanager and nodemanagers, fateflow 2.2, fateboard 2.1, mysql) need. federation.yaml's
``tls.enabled`` (FATE 2.2: mutual TLS between the OSX instances) is carried the same way, and
``contract.tls_facts`` gives what the charts then render (``contract.TlsFacts``); the TLS checks
report in the existing groups, so a bundle without TLS gets the report it always had.

Modules, in the order a bundle is checked (``verify.verify_bundle`` runs them; the report group
each one fills is in brackets):

- ``bundle``: reading a directory or zip, and a per-party bundle's scope [read]
- ``structure``: SHA256SUMS and the bundle's layout against federation.yaml, with TLS the
  authority's ``tls/`` files and each chart's ``osx.tls`` [sha256sums, structure]
- ``config``: federation.yaml normalised with its defaults, and its ports [config]
- ``helm``: real Helm lint and render, rendered templates parsed into objects [lint, render]
- ``schemas``: strict Kubernetes schemas for the oldest and newest supported version [schema]
- ``crosscheck``: Service selectors and ports, ConfigMap/Secret/PVC/volume references, Ingress
  backends, checksum annotations [services, references, config-checksum]; the OSX pod's
  checksum recomputed from the rendered templates is ``fate_services.check_osx_checksum``
- ``images``: registry rule, tags, pull policy and secrets, images.txt [images, images.txt]
- ``podsecurity``: Pod Security Standards "baseline" [pod-security]
- ``passwords``: credentials only in Secrets and the own values.yaml [passwords, passwords-in-files]
- ``keys``: TLS private keys only in Secrets, the own values.yaml and the full bundle's
  ``tls/ca.key``; the Secret osx-tls holds the values' PEM; one authority in every chart
  [passwords, passwords-in-files, structure]
- ``fate_services``: the Services and NodePorts FATE needs, proxy wiring (with TLS: Service
  osx-tls, Secret osx-tls, its mount and mode, TLS port, probes, broker.properties; the OSX
  pod's checksum) [fate-services, config-checksum]
- ``dmz``: a DMZ party's docker compose proxy (1.x; FATE 2.2 has no DMZ) [dmz]
- ``routes``: route simulation over every route table; with TLS every route to a peer is TLS [routes]
- ``results``: the result type and the printed report

and the helpers they share: ``contract`` (each FATE line's ports and names, its TLS facts),
``parsing`` (YAML, properties, numbers, host names, PEM armour), ``objects`` (pod templates,
containers, selectors).
"""
