#!/usr/bin/env bash
# Builds the release of the web configurator into release/ (README: "Use it offline /
# air-gapped" and "Host it"):
#
#   release/dist/                                   the static site: relative URLs (any host, any
#                                                   sub-path), strict CSP in a <meta>
#   release/fate-configurator-<version>.html        the whole app in one file; opens from file://
#                                                   with no server and no network
#   release/fate-configurator-<version>-site.tar.gz release/dist/ as one archive (extracts to dist/)
#   release/nginx.conf                              deploy/nginx.conf with this build's CSP hashes
#   release/SHA256SUMS                              checksums of all of the above
#
# Installs what is missing once (see scripts/tools.sh); later runs touch no registry.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

ensure_web_build_tools

version=$(cargo metadata --no-deps --format-version 1 --offline |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "fate-chartgen"))')
out=release
work=target/release-web
single="fate-configurator-$version.html"
site="fate-configurator-$version-site.tar.gz"
rm -rf "$out" "$work"
mkdir -p "$out" "$work"

say "static site (trunk, relative URLs) -> $out/dist/"
trunk build --release --locked --public-url ./ --dist "$out/dist"

say "strict Content-Security-Policy: loader allowed by hash, in $out/dist/index.html and $out/nginx.conf"
python3 scripts/release_web.py site "$out/dist" deploy/nginx.conf "$out/nginx.conf"

say "single file (no-modules glue, wasm as base64, CSS inline) -> $out/$single"
# trunk has just built this artifact; cargo only checks that it is fresh.
cargo build --profile wasm-release --locked --target wasm32-unknown-unknown -p fate-configurator --bin fate-configurator
wasm-bindgen --target no-modules --no-typescript --out-dir "$work" \
  target/wasm32-unknown-unknown/wasm-release/fate-configurator.wasm
wasm-opt -Oz --output "$work/fate-configurator.opt.wasm" "$work/fate-configurator_bg.wasm"
css=("$out"/dist/app-*.css) # the same (hashed) stylesheet the hosted site uses
python3 scripts/release_web.py single index.html "${css[0]}" "$work/fate-configurator.js" \
  "$work/fate-configurator.opt.wasm" "$version" "$out/$single"

say "site archive and checksums"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -C "$out" -cf - dist |
  gzip -9n >"$out/$site"
(
  cd "$out"
  find dist -type f | LC_ALL=C sort | xargs sha256sum >SHA256SUMS.tmp
  sha256sum "$single" "$site" nginx.conf >>SHA256SUMS.tmp
  mv SHA256SUMS.tmp SHA256SUMS
  sha256sum --check --quiet SHA256SUMS
)

size() { stat -c %s "$1"; }
gz() { gzip -9c "$1" | wc -c; }
site_raw=0
site_gz=0
while IFS= read -r -d '' file; do
  site_raw=$((site_raw + $(size "$file")))
  site_gz=$((site_gz + $(gz "$file")))
done < <(find "$out/dist" -type f -print0)
say "done: fate-configurator $version in $out/"
printf '  %-44s %10s bytes, gzip -9 %9s\n' \
  "$single" "$(size "$out/$single")" "$(gz "$out/$single")" \
  "dist/ ($(find "$out/dist" -type f | wc -l) files, gzip: sum of each file)" "$site_raw" "$site_gz" \
  "$site" "$(size "$out/$site")" "-" >&2
