#pragma once
// Benchmarks made by opmon_service_bench (cmake/opmon.cmake) start the built
// services through the integration-test harness, which finds binaries and
// examples by OPMON_BUILD_DIR and OPMON_SOURCE_DIR. Without a test runner's
// environment, DefaultToBuiltTrees points them at the trees the benchmark
// was built from; set ones win.

#include <cstdlib>

namespace opmon::bench {

inline void DefaultToBuiltTrees() {
  setenv("OPMON_BUILD_DIR", OPMON_BENCH_BUILD_DIR, /*overwrite=*/0);
  setenv("OPMON_SOURCE_DIR", OPMON_BENCH_SOURCE_DIR, /*overwrite=*/0);
}

}  // namespace opmon::bench
