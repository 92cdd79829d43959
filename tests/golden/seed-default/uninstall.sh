#!/usr/bin/env bash
# shellcheck disable=SC2034 # the data block below is shared; each script uses part of it
# Removes the releases of this bundle: ./uninstall.sh [RELEASE...]   (default: all)
# Volumes and the fate-credentials Secret are kept (helm.sh/resource-policy: keep), so a later
# install finds its data and passwords; delete the namespace to remove them too.
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

selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${RELEASES[@]}")
for release in "${selected[@]}"; do
  i=$(release_index "$release")
  ns=${NAMESPACES[$i]}
  echo "==> removing $release from $ns"
  if [ "$HELM_MAJOR" = 2 ]; then
    helm delete --purge "$release"
  else
    helm uninstall "$release" --namespace "$ns"
  fi
done
