#!/usr/bin/env bash
# shellcheck disable=SC2034 # the data block below is shared; each script uses part of it
# Installs the releases of this bundle: ./install.sh [RELEASE...]   (default: all, exchange first)
# Creates each namespace when it is missing. Safe to run again: installed releases are upgraded.
set -euo pipefail
cd "$(dirname "$0")"

# @BUNDLE@

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
