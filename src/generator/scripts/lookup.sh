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
