# shellcheck shell=bash
# Shared tool set-up for scripts/serve.sh and scripts/test.sh. Source it; do not run it.
#
# Every tool is pinned and installed once into a cache folder outside the repository
# ($FATE_TOOLS_DIR, default ~/.cache/fate-chartgen-tools). Each `ensure_*` checks the installed
# version first, so a repeat run does not touch any package registry.
#
# It sets no shell options: a user may source it into an interactive shell (the scripts that
# source it set -euo pipefail themselves).

TRUNK_VERSION=0.21.14
# The wasm-bindgen CLI must match the crate exactly: its version is read from Cargo.lock.
_fate_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_BINDGEN_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/[^0-9.]/, ""); print; exit }' "$_fate_repo_root/Cargo.lock")
BINARYEN_VERSION=132
PLAYWRIGHT_VERSION=1.65.1
HELM_PYTHON_SDK_VERSION=0.2.2
KUBERNETES_VALIDATE_VERSION=1.37.0
PYYAML_VERSION=6.0.4

FATE_TOOLS_DIR=${FATE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/fate-chartgen-tools}
export FATE_TOOLS_DIR
export PATH="$FATE_TOOLS_DIR/node/node_modules/.bin:$FATE_TOOLS_DIR/cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export NODE_PATH="$FATE_TOOLS_DIR/node/node_modules"
FATE_PYTHON="$FATE_TOOLS_DIR/venv/bin/python"
export FATE_PYTHON

say() { printf '==> %s\n' "$*" >&2; }

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (once; takes about 12 minutes on 2 cores)"
    cargo install --locked --root "$FATE_TOOLS_DIR/cargo" "trunk@$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (once; about 4 minutes)"
    # Not --locked: the CLI's own lockfile pins a crate version the registry may lack.
    cargo install --root "$FATE_TOOLS_DIR/cargo" wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

ensure_node_packages() {
  local want_opt="wasm-opt version $BINARYEN_VERSION"
  local have_opt
  have_opt=$(wasm-opt --version 2>/dev/null || true)
  if [[ "$have_opt" != "$want_opt"* ]] || [ ! -f "$FATE_TOOLS_DIR/node/node_modules/playwright-core/package.json" ] \
    || ! grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" "$FATE_TOOLS_DIR/node/node_modules/playwright-core/package.json"; then
    say "installing npm binaryen@$BINARYEN_VERSION and playwright-core@$PLAYWRIGHT_VERSION"
    mkdir -p "$FATE_TOOLS_DIR/node"
    [ -f "$FATE_TOOLS_DIR/node/package.json" ] || echo '{"name":"fate-chartgen-tools","private":true}' >"$FATE_TOOLS_DIR/node/package.json"
    (cd "$FATE_TOOLS_DIR/node" && npm install --no-audit --no-fund --save-exact \
      "binaryen@$BINARYEN_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null)
  fi
}

ensure_chromium() {
  if ! /usr/bin/chromium --version >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    say "installing Debian chromium and chromium-driver"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

ensure_shellcheck() {
  if ! shellcheck --version >/dev/null 2>&1; then
    say "installing Debian shellcheck"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq shellcheck >/dev/null
  fi
}

# What the runtime contract test runs the containers' scripts and services with (Debian):
# static BusyBox for the Alpine images' sh, MariaDB for the metadata SQL, redis-server for the
# composed redis.conf. The test starts and stops the servers itself.
ensure_runtime_packages() {
  local missing=()
  # The roots get a copy of /bin/busybox: it must be the static build.
  local linkage=""
  [ -x /bin/busybox ] && linkage=$(LC_ALL=C ldd /bin/busybox 2>&1 || true)
  [[ "$linkage" == *"not a dynamic executable"* ]] || missing+=(busybox-static)
  # program:package for everything else the runtime test runs or copies into its roots.
  local need
  for need in mariadbd:mariadb-server mariadb-install-db:mariadb-server mysqladmin:mariadb-client \
    redis-server:redis-server redis-cli:redis-tools pkill:procps unshare:util-linux hostname:hostname \
    awk:mawk timeout:coreutils; do
    command -v "${need%%:*}" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "${need%%:*}" >/dev/null 2>&1 \
      || missing+=("${need##*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  ensure_fateflow_venv
}

# The real FATE-Flow 2.2.0 server and its flow CLI, for tests/runtime/fateflow_real.py: a venv of
# this machine's python3 (3.11) with fate-flow and its dependencies pinned by
# tests/runtime/fateflow-constraints.txt, and fate-client with --no-deps (its own requirements
# pull torch) plus what its CLI imports. Every pin is checked first; a changed pin rebuilds it.
FATE_FLOW_VENV="$FATE_TOOLS_DIR/fateflow-venv"
export FATE_FLOW_VENV

_fateflow_venv_ok() {
  "$FATE_FLOW_VENV/bin/python" - "$1" >/dev/null 2>&1 <<'PY'
import re, sys
from importlib.metadata import version
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#")[0].strip()
    if line:
        name, want = re.split(r"\s*==\s*", line)
        assert version(name) == want, (name, version(name), want)
import fate_flow.fate_flow_server, fate_client.flow_cli.flow  # noqa: F401
PY
}

ensure_fateflow_venv() {
  local constraints="$_fate_repo_root/tests/runtime/fateflow-constraints.txt" out
  _fateflow_venv_ok "$constraints" && return 0
  say "creating the FATE-Flow 2.2.0 venv with fate-flow and fate-client (once; 40 s to 1.5 minutes)"
  python3 -m venv --clear "$FATE_FLOW_VENV"
  "$FATE_FLOW_VENV/bin/python" -m pip install --quiet -c "$constraints" "fate-flow==2.2.0"
  "$FATE_FLOW_VENV/bin/python" -m pip install --quiet --no-deps "fate-client==2.2.0"
  # pip then reports fate-client's requirements that --no-deps left out (torch, pandas, ...):
  # expected, so its output is shown only when the install fails.
  if ! out=$("$FATE_FLOW_VENV/bin/python" -m pip install --quiet -c "$constraints" \
    click requests requests-toolbelt 'ruamel.yaml<0.18' 2>&1); then
    printf '%s\n' "$out" >&2
    return 1
  fi
  if ! _fateflow_venv_ok "$constraints"; then
    say "the FATE-Flow venv does not match $constraints after installing it"
    return 1
  fi
}

ensure_python_venv() {
  if ! "$FATE_PYTHON" - "$HELM_PYTHON_SDK_VERSION" "$KUBERNETES_VALIDATE_VERSION" "$PYYAML_VERSION" >/dev/null 2>&1 <<'PY'
import sys
from importlib.metadata import version
assert version("helm-python-sdk") == sys.argv[1]
assert version("kubernetes-validate") == sys.argv[2]
assert version("PyYAML") == sys.argv[3]
import helm_python, kubernetes_validate, yaml  # noqa: F401
PY
  then
    say "creating Python venv with helm-python-sdk $HELM_PYTHON_SDK_VERSION and kubernetes-validate $KUBERNETES_VALIDATE_VERSION"
    python3 -m venv "$FATE_TOOLS_DIR/venv"
    "$FATE_PYTHON" -m pip install --quiet \
      "helm-python-sdk==$HELM_PYTHON_SDK_VERSION" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" "PyYAML==$PYYAML_VERSION"
  fi
}

# Everything a web build needs: the wasm32 target, wasm-bindgen, wasm-opt and trunk.
ensure_web_build_tools() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_node_packages
  ensure_trunk
}
