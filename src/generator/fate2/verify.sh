#!/usr/bin/env bash
# shellcheck disable=SC2034 # the data block below is shared; each script uses part of it
# Checks the installed releases of this bundle: ./verify.sh [--toy GUEST HOST] [RELEASE...]
# Waits for every Deployment to be ready, checks the OSX NodePorts, and with --toy runs FATE's toy
# test (`flow test toy`) from the GUEST party's fateflow pod against HOST.
set -euo pipefail
cd "$(dirname "$0")"

# @BUNDLE@

guest="" host=""
if [ "${1:-}" = "--toy" ]; then
  guest=${2:?--toy needs GUEST and HOST party ids}; host=${3:?--toy needs GUEST and HOST party ids}
  shift 3
fi
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${RELEASES[@]}")

failed=0
for release in "${selected[@]}"; do
  i=$(release_index "$release")
  ns=${NAMESPACES[$i]} port=${NODEPORTS[$i]}
  echo "==> $release ($ns)"
  for deploy in $(kubectl -n "$ns" get deployments -l "app.kubernetes.io/instance=$release" -o name); do
    kubectl -n "$ns" rollout status "$deploy" --timeout=600s || failed=1
  done
  if [ -n "$port" ]; then
    actual=$(kubectl -n "$ns" get service osx -o jsonpath='{.spec.ports[0].nodePort}' 2>/dev/null || true)
    if [ "$actual" = "$port" ]; then
      echo "OSX NodePort $port: ok (open it in firewalls between the parties)"
    else
      echo "OSX NodePort: expected $port, found '${actual:-none}'" >&2; failed=1
    fi
  fi
done

if [ -n "$guest" ]; then
  ns=""
  for i in "${!PARTY_IDS[@]}"; do
    [ "${PARTY_IDS[$i]}" = "$guest" ] && ns=${PARTY_NAMESPACES[$i]}
  done
  [ -n "$ns" ] || { echo "error: party $guest is not in this bundle" >&2; exit 1; }
  echo "==> toy test: guest $guest, host $host (run in party $guest's fateflow pod)"
  # fateflow listens on the pod's IP, not 127.0.0.1 (the flow CLI's default), so the CLI is
  # pointed there first. Both commands exit 0 even when they fail: their output is what counts.
  # The ids are passed as arguments ($0 $1 of the pod's bash).
  # shellcheck disable=SC2016
  out=$(kubectl -n "$ns" exec deploy/fateflow -c fateflow -- bash -c \
    'flow init --ip "$POD_IP" --port 9380 && exec flow test toy --guest-party-id "$0" --host-party-id "$1" --timeout 600' \
    "$guest" "$host" 2>&1) || failed=1
  printf '%s\n' "$out"
  if ! grep -Eq "toy test job [^ ]+ is success" <<<"$out"; then
    echo "toy test: no 'toy test job ... is success' line: it did not pass" >&2
    failed=1
  fi
fi
exit $failed
