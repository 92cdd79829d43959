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
