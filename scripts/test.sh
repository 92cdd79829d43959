#!/usr/bin/env bash
# Runs every test: formatting and lints, Rust unit/integration/property tests, the chart checks
# with real Helm and strict Kubernetes schemas over the config matrix, the release web build and
# the browser end-to-end tests. Installs what is missing once (see scripts/tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

ensure_python_venv
ensure_runtime_packages
ensure_chromium
ensure_shellcheck
ensure_web_build_tools

out=${FATE_TEST_OUT:-target/test-bundles}
rm -rf "$out" && mkdir -p "$out"

say "cargo fmt --check"
cargo fmt --all -- --check

say "cargo clippy (native and wasm32)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --workspace --lib --bins --locked --target wasm32-unknown-unknown -- -D warnings

say "Rust tests"
cargo test --workspace --locked

say "chart checker self-tests (each check must catch a planted fault)"
"$FATE_PYTHON" -m unittest discover -s tests/helm -p 'test_*.py'

say "chart sources: lint, render and cross-checks over charts/fate1/testdata and charts/fate2/testdata"
"$FATE_PYTHON" charts/fate1/testdata/check.py
"$FATE_PYTHON" charts/fate2/testdata/check.py

say "generating the config matrix and the seed's kube.cfg with the CLI"
cargo build --locked --release --bin fate-chartgen
cli=target/release/fate-chartgen
bundles=()
for config in tests/matrix/*.yaml; do
  name=$(basename "$config" .yaml)
  "$cli" generate "$config" -o "$out/$name.zip"
  bundles+=("$out/$name.zip")
done
"$cli" generate tests/fixtures/seed/kube.cfg --env tests/fixtures/seed/.env -o "$out/seed-kube-cfg.zip"
bundles+=("$out/seed-kube-cfg.zip")
for config in dmz mesh-three fate22-mesh-three; do
  "$cli" generate "tests/matrix/$config.yaml" --per-party -o "$out/per-party-$config"
  bundles+=("$out/per-party-$config"/*.zip)
done

say "shellcheck of the bundle scripts (Helm 3, Helm 2 and FATE 2.2 variants) and of our own"
for name in seed-default helm2 fate22-exchange; do
  rm -rf "${out:?}/$name" && mkdir -p "$out/$name"
  (cd "$out/$name" && unzip -q "../$name.zip")
  shellcheck "$out/$name"/*.sh
done
shellcheck scripts/*.sh .ci/run

say "real Helm lint/render + strict Kubernetes 1.25/1.37 schemas + cross-checks on ${#bundles[@]} bundles"
"$FATE_PYTHON" tests/helm/check_bundle.py "${bundles[@]}"

say "runtime contract self-tests (each check must catch a planted fault)"
"$FATE_PYTHON" -m unittest discover -s tests/runtime -p 'test_*.py'

say "runtime contract on ${#bundles[@]} bundles: every script under its image's shell, MariaDB, redis-server, settings.py, the real FATE-Flow 2.2.0"
"$FATE_PYTHON" tests/runtime/check_runtime.py "${bundles[@]}"

say "real TLS: self-tests, then each TLS bundle's certificates against its authority and dialed address, and openssl mutual-TLS handshakes on every route (foreign authority, no certificate, wrong name refused)"
"$FATE_PYTHON" -m unittest discover -s tests/tls -p 'test_*.py'
"$cli" generate tests/matrix/fate22-tls-mesh.yaml --per-party -o "$out/per-party-fate22-tls-mesh"
tls_bundles=()
for bundle in "$out"/fate22-tls*.zip "$out"/per-party-fate22-tls*/*.zip; do
  [ -e "$bundle" ] && tls_bundles+=("$bundle")
done
[ ${#tls_bundles[@]} -gt 0 ] || { echo "no TLS bundles (tests/matrix/fate22-tls*.yaml) to check" >&2; exit 1; }
"$FATE_PYTHON" tests/tls/check_tls.py --cli "$cli" "${tls_bundles[@]}"

say "release web build (trunk)"
trunk build --release --locked

say "page weight: wasm + JS gzip -9 within its budget (scripts/page_weight.sh)"
bash scripts/page_weight.sh dist

say "browser end-to-end tests (headless Chromium)"
node tests/e2e/e2e.mjs

say "release build: static site with a strict CSP, single offline file, checksums (release/)"
bash scripts/release.sh

say "distribution tests: the single file from file:// offline, the site under a sub-path with the CSP"
node tests/e2e/distribution.mjs
