#!/usr/bin/env bash
# Runs every libFuzzer binary (*_fuzzer) under a directory for a fixed time
# each, and fails when any of them reports a finding: a crash, a sanitizer
# report, a leak, a slow input (-timeout) or running out of memory. Each run
# starts from a scratch corpus plus the fuzzer's seed directories (listed in
# <binary>.seeds, written by opmon_fuzzer in cmake/opmon.cmake). A finding's
# input is kept in the artifacts directory; replay it with `<binary> <input>`.
#   scripts/run-fuzzers.sh DIR [SECONDS]
# Environment: FUZZ_SECONDS (default 60, when SECONDS is not given),
# FUZZ_ARTIFACTS (default DIR/fuzz-artifacts).
set -euo pipefail
dir=${1:?usage: scripts/run-fuzzers.sh DIR [SECONDS]}
seconds=${2:-${FUZZ_SECONDS:-60}}
artifacts=${FUZZ_ARTIFACTS:-$dir/fuzz-artifacts}
mkdir -p "$artifacts"

mapfile -t fuzzers < <(find "$dir" -type f -name '*_fuzzer' -perm -u+x | sort)
if [ ${#fuzzers[@]} -eq 0 ]; then
  echo "fuzz: no *_fuzzer binaries under $dir" >&2
  exit 1
fi

failed=()
for fuzzer in "${fuzzers[@]}"; do
  name=$(basename "$fuzzer")
  seeds=()
  if [ -f "$fuzzer.seeds" ]; then mapfile -t seeds <"$fuzzer.seeds"; fi
  corpus=$(mktemp -d)
  log=$artifacts/$name.log
  echo "fuzz: $name for ${seconds} s"
  if "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/$name-" "$corpus" "${seeds[@]}" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/fuzz: $name /" || true
  else
    failed+=("$name")
    echo "fuzz: $name FOUND A PROBLEM (log $log):" >&2
    tail -n 40 "$log" >&2
  fi
  rm -rf "$corpus"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}; inputs in $artifacts" >&2
  exit 1
fi
echo "fuzz: ${#fuzzers[@]} fuzzer(s), no findings"
