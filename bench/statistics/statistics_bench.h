#pragma once
// What the cache benchmarks run against: a throwaway PostgreSQL with the
// database "bench", and two opmon-statistics on it, one with the default
// query cache and one without (--cache-bytes 0), each with
// `handler_threads` handler threads; the first applies the migrations.
// Started through the integration-test harness (bench/built_trees.h).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/service_process.h"

namespace opmon::bench {

struct StatisticsBench {
  std::unique_ptr<testing::PgCluster> cluster;  // outlives the services (declared first)
  std::string dsn;                              // of "bench"
  std::unique_ptr<testing::ServiceProcess> cached;
  std::unique_ptr<testing::ServiceProcess> uncached;
};

// All serving, or the first failure (a service's with its log).
absl::StatusOr<StatisticsBench> StartStatisticsBench(int handler_threads);

}  // namespace opmon::bench
