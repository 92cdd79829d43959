#!/usr/bin/env bash
# Side by side, in one run: KubeFATE's create-helm-deploy.sh (the tool fate-chartgen replaces) and
# fate-chartgen, on the same kube.cfg with PARTIES parties (default 60).
#
#   bash benches/vs-kubefate.sh KUBEFATE_CHECKOUT [PARTIES] [RUNS]
#
# KUBEFATE_CHECKOUT is a checkout of github.com/FederatedAI/KubeFATE at tag v1.2.0 (the script
# runs its k8s-deploy/create-helm-deploy.sh from a temporary copy; nothing of it is kept).
# Prints the median wall time of RUNS runs (default 7) of: the old script; fate-chartgen writing
# a zip; fate-chartgen writing a directory; and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

kubefate=${1:?usage: bash benches/vs-kubefate.sh KUBEFATE_CHECKOUT [PARTIES] [RUNS]}
parties=${2:-60}
runs=${3:-7}
[ -f "$kubefate/k8s-deploy/create-helm-deploy.sh" ] || {
  echo "error: $kubefate/k8s-deploy/create-helm-deploy.sh not found (check out KubeFATE v1.2.0)" >&2
  exit 2
}

cargo build --locked --release --bin fate-chartgen >/dev/null 2>&1
cli="$PWD/target/release/fate-chartgen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp -r "$kubefate/k8s-deploy" "$work/k8s-deploy"
cp "$kubefate/.env" "$work/.env"
ids=() addrs=()
for ((i = 0; i < parties; i++)); do
  ids+=("$((10000 + i))")
  addrs+=("192.168.$((11 + i / 200)).$((2 + i % 200)):$((30010 + i))")
done
{
  echo "partylist=(${ids[*]})"
  echo "partyiplist=(${addrs[*]})"
  echo "exchangeip=192.168.10.4:30000"
  echo "nodeLabel=fedai.org"
  echo "eggList=()"
  echo "proxyIpList=()"
} >"$work/k8s-deploy/kube.cfg"

# Wall seconds of one run of "$@", as a decimal number.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

old=() zip=() dir=()
for ((r = 0; r <= runs; r++)); do # run 0 warms the caches and is not counted
  a=$(seconds bash "$work/k8s-deploy/create-helm-deploy.sh")
  b=$(seconds "$cli" generate "$work/k8s-deploy/kube.cfg" --env "$work/.env" -o "$work/out.zip")
  rm -rf "$work/out"
  c=$(seconds "$cli" generate "$work/k8s-deploy/kube.cfg" --env "$work/.env" -o "$work/out")
  rm -rf "$work/out" "$work/out.zip"
  if [ "$r" -gt 0 ]; then old+=("$a") zip+=("$b") dir+=("$c"); fi
done

m_old=$(printf '%s\n' "${old[@]}" | median)
m_zip=$(printf '%s\n' "${zip[@]}" | median)
m_dir=$(printf '%s\n' "${dir[@]}" | median)
printf 'parties: %s, runs: %s (medians of wall time)\n' "$parties" "$runs"
printf 'create-helm-deploy.sh:        %8.4f s\n' "$m_old"
printf 'fate-chartgen, zip:           %8.4f s  (%.1fx faster)\n' "$m_zip" "$(echo "$m_old / $m_zip" | bc -l)"
printf 'fate-chartgen, directory:     %8.4f s  (%.1fx faster)\n' "$m_dir" "$(echo "$m_old / $m_dir" | bc -l)"
