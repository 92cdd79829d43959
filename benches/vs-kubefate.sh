#!/usr/bin/env bash
# Side by side, in one run: KubeFATE's create-helm-deploy.sh (the tool fate-chartgen replaces) and
# fate-chartgen, on the same kube.cfg with PARTIES parties (default 60).
#
#   bash benches/vs-kubefate.sh KUBEFATE_CHECKOUT [PARTIES] [RUNS] [DIR]
#
# KUBEFATE_CHECKOUT is a checkout of github.com/FederatedAI/KubeFATE at tag v1.2.0 (the script
# runs its k8s-deploy/create-helm-deploy.sh from a temporary copy; nothing of it is kept).
# DIR is where that temporary copy and every output go (default: $TMPDIR, else /tmp), e.g. a
# directory on ext4 or /dev/shm for tmpfs.
# Prints the median wall time of RUNS runs (default 7) of: the old script; fate-chartgen writing
# a zip; fate-chartgen writing a directory; the ratios of the medians and the medians of the
# ratios of each round (the three run in turn, so a round's ratio holds when the machine's speed
# drifts); and the load average before and after, since other work on the machine skews both.
set -euo pipefail
cd "$(dirname "$0")/.."

kubefate=${1:?usage: bash benches/vs-kubefate.sh KUBEFATE_CHECKOUT [PARTIES] [RUNS] [DIR]}
parties=${2:-60}
runs=${3:-7}
place=${4:-${TMPDIR:-/tmp}}
[ -f "$kubefate/k8s-deploy/create-helm-deploy.sh" ] || {
  echo "error: $kubefate/k8s-deploy/create-helm-deploy.sh not found (check out KubeFATE v1.2.0)" >&2
  exit 2
}

cargo build --locked --release --bin fate-chartgen >/dev/null 2>&1
cli="$PWD/target/release/fate-chartgen"
work=$(mktemp -d "$place/vs-kubefate.XXXXXX")
trap 'rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

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

# Wall seconds of one run of "$@", as a decimal number. Bash's own clock ($EPOCHREALTIME, bash 5)
# adds no process to what is timed; `date` in a command substitution adds two forks (a few ms).
seconds() {
  local start end
  if [ -n "${EPOCHREALTIME:-}" ]; then
    start=${EPOCHREALTIME/,/.}
    "$@" >/dev/null 2>&1
    end=${EPOCHREALTIME/,/.}
  else
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
  fi
  echo "$end - $start" | bc -l
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

old=() zip=() dir=() zip_ratio=() dir_ratio=()
for ((r = 0; r <= runs; r++)); do # run 0 warms the caches and is not counted
  a=$(seconds bash "$work/k8s-deploy/create-helm-deploy.sh")
  b=$(seconds "$cli" generate "$work/k8s-deploy/kube.cfg" --env "$work/.env" -o "$work/out.zip")
  rm -rf "$work/out"
  c=$(seconds "$cli" generate "$work/k8s-deploy/kube.cfg" --env "$work/.env" -o "$work/out")
  rm -rf "$work/out" "$work/out.zip"
  if [ "$r" -gt 0 ]; then
    old+=("$a") zip+=("$b") dir+=("$c")
    zip_ratio+=("$(echo "$a / $b" | bc -l)") dir_ratio+=("$(echo "$a / $c" | bc -l)")
  fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

m_old=$(printf '%s\n' "${old[@]}" | median)
m_zip=$(printf '%s\n' "${zip[@]}" | median)
m_dir=$(printf '%s\n' "${dir[@]}" | median)
printf 'parties: %s, runs: %s (medians of wall time), in %s (%s)\n' "$parties" "$runs" "$place" \
  "$(stat -f -c %T "$work")"
printf 'load average before: %s, after: %s (%s cores)\n' "$load_before" "$load_after" "$(nproc)"
printf 'create-helm-deploy.sh:        %8.4f s\n' "$m_old"
printf 'fate-chartgen, zip:           %8.4f s  (%.1fx faster)\n' "$m_zip" "$(echo "$m_old / $m_zip" | bc -l)"
printf 'fate-chartgen, directory:     %8.4f s  (%.1fx faster)\n' "$m_dir" "$(echo "$m_old / $m_dir" | bc -l)"
printf 'median of the rounds'"'"' ratios: zip %.1fx, directory %.1fx\n' \
  "$(printf '%s\n' "${zip_ratio[@]}" | median)" "$(printf '%s\n' "${dir_ratio[@]}" | median)"
