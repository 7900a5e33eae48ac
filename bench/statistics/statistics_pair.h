#pragma once
// The two opmon-statistics processes the cache benchmarks compare, on one
// database: one with the default query cache, one without (--cache-bytes
// 0), each with `handler_threads` handler threads. The first applies the
// migrations. Started through the integration-test harness
// (bench/built_trees.h).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tests/testing/service_process.h"

namespace opmon::bench {

struct StatisticsPair {
  std::unique_ptr<testing::ServiceProcess> cached;
  std::unique_ptr<testing::ServiceProcess> uncached;
};

// Both serving, or the first failure (with the process's log).
absl::StatusOr<StatisticsPair> StartStatisticsPair(const std::string& dsn, int handler_threads);

}  // namespace opmon::bench
