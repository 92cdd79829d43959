# toy NAMESPACE GUEST HOST: FATE 2.x's toy test (flow test toy) in the guest's fateflow pod.
toy() {
  local ns=$1 guest=$2 host=$3 out status=0
  echo "==> toy test: guest $guest, host $host (run in party $guest's fateflow pod)"
  # fateflow listens on the pod's IP, not 127.0.0.1 (the flow CLI's default), so the CLI is
  # pointed there first. Both commands exit 0 even when they fail: their output is what counts.
  # The ids are passed as arguments ($0 $1 of the pod's bash).
  # shellcheck disable=SC2016
  out=$(kubectl -n "$ns" exec deploy/fateflow -c fateflow -- bash -c \
    'flow init --ip "$POD_IP" --port 9380 && exec flow test toy --guest-party-id "$0" --host-party-id "$1" --timeout 600' \
    "$guest" "$host" 2>&1) || status=1
  printf '%s\n' "$out"
  if ! grep -Eq "toy test job [^ ]+ is success" <<<"$out"; then
    echo "toy test: no 'toy test job ... is success' line: it did not pass" >&2
    status=1
  fi
  return $status
}
