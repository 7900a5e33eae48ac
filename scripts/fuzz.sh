#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, address and undefined
# behaviour sanitizers, in their own build directory, and runs each for a
# fixed time (scripts/run-fuzzers.sh); a finding fails. CI runs it after the
# tests (.ci/run).
#   scripts/fuzz.sh
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_SECONDS (default 60
# per fuzzer), JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh

BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(pwd)}
cmake -S . -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DOPMON_WERROR="${OPMON_WERROR:-ON}" \
  -DOPMON_BUILD_FUZZERS=ON -DOPMON_BUILD_TESTS=ON -DOPMON_BUILD_BENCHMARKS=OFF
# tests/fuzz sits under tests/, hence OPMON_BUILD_TESTS; only the fuzzers are built.
cmake --build "$BUILD_DIR" -j "${JOBS:-$(nproc)}" --target opmon_fuzzers
exec scripts/run-fuzzers.sh "$BUILD_DIR/tests/fuzz" "${FUZZ_SECONDS:-60}"
