#!/usr/bin/env bash
# Checks deploy/systemd: `systemd-analyze verify` accepts every unit with no
# warning at all (it exits 0 on unknown keys and bad values, so any output
# fails), each service unit keeps the hardening the deployment promises and
# stops after its drain, and every variable of the environment files is one
# the unit's binary reads (from its --help "Env:" names), so a typo cannot
# silently fall back to a default.
#   verify_systemd_units.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
SRC=$1
BUILD=$2
UNITS=$SRC/deploy/systemd
fail=0
say() { echo "verify_systemd_units: $*" >&2; fail=1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# ExecStart must name an existing executable: point it at the build's binaries.
for f in "$UNITS"/*.service "$UNITS"/*.target; do
  sed -e "s#/usr/bin/opmonctl#$BUILD/clients/opmonctl/opmonctl#" \
      -e "s#/usr/bin/opmon-\([a-z]*\)#$BUILD/services/\1/opmon-\1#" "$f" > "$tmp/$(basename "$f")"
done
out=$(cd "$tmp" && systemd-analyze verify ./*.service ./*.target 2>&1) || say "systemd-analyze verify failed"
[ -z "$out" ] || say "systemd-analyze verify warned:"$'\n'"$out"

known_env() { "$1" --help 2>&1 | grep -o 'Env:[A-Z0-9_]*' | cut -d: -f2 | sort -u; }

for s in config compute statistics lookml; do
  unit=$UNITS/opmon-$s.service
  for directive in DynamicUser=yes ProtectSystem=strict NoNewPrivileges=yes ProtectHome=yes PrivateTmp=yes \
                   CapabilityBoundingSet= RestrictAddressFamilies= SystemCallFilter=@system-service \
                   "EnvironmentFile=/etc/opmon/common.env" "EnvironmentFile=/etc/opmon/$s.env"; do
    grep -q "^$directive" "$unit" || say "$unit lacks $directive"
  done
  grace=$(grep -o -- '--shutdown-grace [0-9]*' "$unit" | awk '{print $2}')
  stop=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)$/\1/p' "$unit")
  if [ -z "$grace" ] || [ -z "$stop" ] || [ "$stop" -le "$grace" ]; then
    say "$unit: TimeoutStopSec ($stop) must exceed --shutdown-grace ($grace)"
  fi
  binary=$BUILD/services/$s/opmon-$s
  known=$(known_env "$binary")
  [ -n "$known" ] || say "no Env: names in $binary --help"
  for env in "$UNITS/env/common.env" "$UNITS/env/$s.env"; do
    [ -f "$env" ] || { say "missing $env"; continue; }
    while IFS= read -r line; do
      case "$line" in ''|'#'*) continue ;; esac
      name=${line%%=*}
      grep -qx "$name" <<<"$known" || say "$env sets $name, which opmon-$s does not read"
    done < "$env"
  done
done
exit $fail
