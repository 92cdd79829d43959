#!/usr/bin/env bash
# Copies every image of this bundle to the registry the charts pull from.
#   ./mirror-images.sh             pull from Docker Hub, tag and push to the chart registry
#   ./mirror-images.sh --save FILE pull from Docker Hub and write every image to FILE (docker save),
#                                  to carry into an air-gapped site
#   ./mirror-images.sh --load FILE load FILE there, tag and push to the chart registry
# Needs docker (or set DOCKER=podman) and a `docker login` to the registry.
set -euo pipefail
cd "$(dirname "$0")"
DOCKER=${DOCKER:-docker}

SOURCES=('federatedai/egg:1.2.0-release' 'federatedai/fateboard:1.2.0-release' 'federatedai/federation:1.2.0-release' 'federatedai/meta-service:1.2.0-release' 'federatedai/proxy:1.2.0-release' 'federatedai/python:1.2.0-release' 'federatedai/roll:1.2.0-release' 'mysql:8.0.36' 'redis:5.0.14')
TARGETS=('federatedai/egg:1.2.0-release' 'federatedai/fateboard:1.2.0-release' 'federatedai/federation:1.2.0-release' 'federatedai/meta-service:1.2.0-release' 'federatedai/proxy:1.2.0-release' 'federatedai/python:1.2.0-release' 'federatedai/roll:1.2.0-release' 'mysql:8.0.36' 'redis:5.0.14')

mode=${1:-push}
case "$mode" in
  push|--save|--load) ;;
  -h|--help) sed -n '2,8s/^# //p' "$0"; exit 0 ;;
  *) echo "error: unknown option $mode (see --help)" >&2; exit 1 ;;
esac

if [ "$mode" = --load ]; then
  "$DOCKER" load -i "${2:?--load needs a FILE}"
else
  for i in "${!SOURCES[@]}"; do "$DOCKER" pull "${SOURCES[$i]}"; done
fi
if [ "$mode" = --save ]; then
  "$DOCKER" save -o "${2:?--save needs a FILE}" "${SOURCES[@]}"
  echo "wrote ${2}; carry it over and run: ./mirror-images.sh --load ${2}"
  exit 0
fi
for i in "${!SOURCES[@]}"; do
  if [ "${SOURCES[$i]}" != "${TARGETS[$i]}" ]; then
    "$DOCKER" tag "${SOURCES[$i]}" "${TARGETS[$i]}"
    "$DOCKER" push "${TARGETS[$i]}"
  fi
done
echo "all ${#TARGETS[@]} images are in place"
