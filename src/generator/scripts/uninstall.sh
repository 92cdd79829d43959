#!/usr/bin/env bash
# shellcheck disable=SC2034 # the data block below is shared; each script uses part of it
# Removes the releases of this bundle: ./uninstall.sh [RELEASE...]   (default: all)
# Volumes and the fate-credentials Secret are kept (helm.sh/resource-policy: keep), so a later
# install finds its data and passwords; delete the namespace to remove them too.
set -euo pipefail
cd "$(dirname "$0")"

# @BUNDLE@

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
