#!/usr/bin/env bash
# Builds opmon and runs every test (unit + integration with real PostgreSQL
# and real gRPC services on loopback). README's test command; CI runs it.
#   scripts/test.sh [ctest args...]      e.g. scripts/test.sh -L unit
# Environment: BUILD_DIR (default build), OPMON_SANITIZE (e.g. address,undefined),
# OPMON_WERROR (default ON), JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh

BUILD_DIR=${BUILD_DIR:-build}
# Lets ccache reuse objects between checkouts at different paths.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(pwd)}
JOBS=${JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DOPMON_WERROR="${OPMON_WERROR:-ON}" \
  -DOPMON_SANITIZE="${OPMON_SANITIZE:-}" \
  -DOPMON_BUILD_TESTS=ON -DOPMON_BUILD_BENCHMARKS=ON
cmake --build "$BUILD_DIR" -j "$JOBS"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" --timeout 600 "$@"
