#!/usr/bin/env bash
# shellcheck disable=SC2034 # the data block below is shared; each script uses part of it
# Installs the releases of this bundle: ./install.sh [RELEASE...]   (default: all, exchange first)
# Creates each namespace when it is missing. Safe to run again: installed releases are upgraded.
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

usage() { sed -n '3,4s/^# //p' "$0"; }
[ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] && { usage; exit 0; }
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${RELEASES[@]}")

for tool in kubectl helm; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not on PATH" >&2; exit 1; }
done

for release in "${selected[@]}"; do
  i=$(release_index "$release")
  ns=${NAMESPACES[$i]}
  kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
  echo "==> $release → namespace $ns"
  if [ "$HELM_MAJOR" = 2 ]; then
    if helm status "$release" >/dev/null 2>&1; then
      helm upgrade "$release" "./$release" --namespace "$ns"
    else
      helm install --name "$release" --namespace "$ns" "./$release"
    fi
  else
    helm upgrade --install "$release" "./$release" --namespace "$ns"
  fi
done
echo "Installed. Check with ./verify.sh"
