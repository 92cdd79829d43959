#!/usr/bin/env bash
# shellcheck disable=SC2034 # the data block below is shared; each script uses part of it
# Checks the installed releases of this bundle: ./verify.sh [--toy GUEST HOST] [RELEASE...]
# Waits for every Deployment to be ready, checks each release's NodePort (the Service its peers
# reach), and with --toy runs FATE's toy example from the GUEST party's own pod against HOST.
set -euo pipefail
cd "$(dirname "$0")"

# @BUNDLE@

# @TOY@

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
