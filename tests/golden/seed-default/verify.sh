#!/usr/bin/env bash
# shellcheck disable=SC2034 # the data block below is shared; each script uses part of it
# Checks the installed releases of this bundle: ./verify.sh [--toy GUEST HOST] [RELEASE...]
# Waits for every Deployment to be ready, checks each release's NodePort (the Service its peers
# reach), and with --toy runs FATE's toy example from the GUEST party's own pod against HOST.
set -euo pipefail
cd "$(dirname "$0")"

# What this bundle holds (each script uses some of it).
HELM_MAJOR=3
PEER_SERVICE=proxy
RELEASES=('fate-exchange' 'fate-10000' 'fate-9999')
NAMESPACES=('fate-exchange' 'fate-10000' 'fate-9999')
NODEPORTS=('30000' '30010' '30009')
PARTY_IDS=('10000' '9999')
PARTY_NAMESPACES=('fate-10000' 'fate-9999')
# Index of the release named $1 in RELEASES; an error naming the bundle's releases if there is none.
release_index() {
  local i
  for i in "${!RELEASES[@]}"; do
    if [ "${RELEASES[$i]}" = "$1" ]; then
      echo "$i"
      return 0
    fi
  done
  echo "error: no release named $1 in this bundle (have: ${RELEASES[*]})" >&2
  return 1
}

# toy NAMESPACE GUEST HOST: FATE 1.x's toy example in the guest's python pod.
toy() {
  local ns=$1 guest=$2 host=$3 out status=0
  echo "==> toy example: guest $guest, host $host (run in party $guest's python pod)"
  # The image activates FATE's Python 3 venv only in ~/.bashrc, which kubectl exec does not read:
  # call the venv's python by path. run_toy_example.py exits 0 even when the job fails, so its
  # success line is what counts. The ids are passed as arguments ($0 $1 of the pod's bash).
  # shellcheck disable=SC2016
  out=$(kubectl -n "$ns" exec deploy/python -c python -- bash -c \
    'cd /data/projects/fate/python/examples/toy_example && exec /data/projects/python/venv/bin/python run_toy_example.py "$0" "$1" 1' \
    "$guest" "$host" 2>&1) || status=1
  printf '%s\n' "$out"
  if ! grep -q "success to calculate secure_sum" <<<"$out"; then
    echo "toy example: no 'success to calculate secure_sum' line: it did not pass" >&2
    status=1
  fi
  return $status
}

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
    actual=$(kubectl -n "$ns" get service "$PEER_SERVICE" -o jsonpath='{.spec.ports[0].nodePort}' 2>/dev/null || true)
    if [ "$actual" = "$port" ]; then
      echo "$PEER_SERVICE NodePort $port: ok (open it in firewalls between the parties)"
    else
      echo "$PEER_SERVICE NodePort: expected $port, found '${actual:-none}'" >&2; failed=1
    fi
  fi
done

if [ -n "$guest" ]; then
  ns=""
  for i in "${!PARTY_IDS[@]}"; do
    [ "${PARTY_IDS[$i]}" = "$guest" ] && ns=${PARTY_NAMESPACES[$i]}
  done
  [ -n "$ns" ] || { echo "error: party $guest is not in this bundle" >&2; exit 1; }
  toy "$ns" "$guest" "$host" || failed=1
fi
exit $failed
