#!/usr/bin/env bash
# deploy/k8s passes validate_k8s.js, and the validator is not blind: copies
# with one deliberate mistake each (a wrong type, a probe on an undeclared
# port, a flag the binary lacks, a missing Secret key) must each fail.
#   check_k8s_manifests.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
SRC=$1
BUILD=$2
HERE=$SRC/tests/deploy
node "$HERE/validate_k8s.js" "$SRC/deploy/k8s" "$BUILD"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mutate() {  # name, file, sed expression
  rm -rf "${tmp:?}/$1" && cp -r "$SRC/deploy/k8s" "$tmp/$1"
  sed -i "$3" "$tmp/$1/$2"
  cmp -s "$SRC/deploy/k8s/$2" "$tmp/$1/$2" && { echo "check_k8s_manifests: mutation $1 changed nothing"; exit 1; }
  if node "$HERE/validate_k8s.js" "$tmp/$1" "$BUILD" >"$tmp/$1.log" 2>&1; then
    echo "check_k8s_manifests: the validator accepted mutation $1"; exit 1
  fi
  echo "check_k8s_manifests: mutation $1 refused: $(head -1 "$tmp/$1.log")"
}
mutate wrong-type compute.yaml 's/^  replicas: 2$/  replicas: two/'
mutate probe-port statistics.yaml '0,/port: 8103$/s//port: 8999/'
mutate unknown-flag config.yaml 's/^            - --shutdown-grace=30$/&\n            - --no-such-flag=1/'
mutate secret-key secrets.example.yaml 's/^  warehouse-url:/  warehouse-uri:/'
