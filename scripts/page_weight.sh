#!/usr/bin/env bash
# The web page's download budget: the wasm and JS of a release build (what a browser fetches to
# run the page; the CSS is not counted), each gzip -9, added up. Fails when the sum is over the
# budget, so a change that makes the page heavier is seen in `bash scripts/test.sh`.
#
#   bash scripts/page_weight.sh [DIST]        (DIST: a `trunk build --release` folder, default dist/)
#
# ARCHITECTURE.md ("What the page's bytes are") says where the bytes go. Lower the budget when
# a cut lands; raise it only with a reason in the commit message.
set -euo pipefail
cd "$(dirname "$0")/.."

# Measured 532,385 B on 2026-12-03 (wasm 523,993 + JS 8,392) after the YAML reader and writer,
# the zip reader and writer and the JSON writer of our own, plus ~1.5% (Node's gzip in the e2e
# check packs 0.7% larger).
BUDGET_BYTES=540000

dist=${1:-dist}
shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js)
wasm=("$dist"/*.wasm)
if [ ${#wasm[@]} -ne 1 ]; then
  echo "page weight: expected one .wasm in $dist (run \`trunk build --release\` first), found ${#wasm[@]}" >&2
  exit 2
fi
total=0
for file in "${files[@]}"; do
  raw=$(wc -c <"$file")
  packed=$(gzip -9 -c "$file" | wc -c)
  printf '%-60s %9d B  %8d B gzip -9\n' "$file" "$raw" "$packed"
  total=$((total + packed))
done
printf 'page weight (wasm + JS, gzip -9): %d B = %d KiB; budget %d B\n' "$total" $((total / 1024)) "$BUDGET_BYTES"
if [ "$total" -gt "$BUDGET_BYTES" ]; then
  echo "page weight: $total B is over the budget of $BUDGET_BYTES B (see ARCHITECTURE.md, \"What the page's bytes are\")" >&2
  exit 1
fi
