#!/usr/bin/env bash
# Serves the web configurator at http://127.0.0.1:8080 (override with PORT=…), building it first.
# Installs what is missing (wasm32 target, trunk, wasm-bindgen-cli, wasm-opt) once, into a cache
# folder outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_web_build_tools
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
