#include "bench/statistics/statistics_bench.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"

namespace opmon::bench {

absl::StatusOr<StatisticsBench> StartStatisticsBench(int handler_threads) {
  StatisticsBench bench;
  absl::StatusOr<std::unique_ptr<testing::PgCluster>> cluster = testing::PgCluster::Start();
  if (!cluster.ok()) return absl::UnavailableError(absl::StrCat("postgres: ", cluster.status().message()));
  bench.cluster = *std::move(cluster);
  OPMON_RETURN_IF_ERROR(bench.cluster->CreateDatabase("bench"));
  bench.dsn = bench.cluster->Dsn("bench");
  const std::vector<std::string> threads = {"--handler-threads", std::to_string(handler_threads)};
  std::vector<std::string> uncached_args = threads;
  uncached_args.insert(uncached_args.end(), {"--cache-bytes", "0"});
  OPMON_ASSIGN_OR_RETURN(bench.cached, testing::ServiceProcess::StartServing("statistics", bench.dsn, threads));
  OPMON_ASSIGN_OR_RETURN(bench.uncached,
                         testing::ServiceProcess::StartServing("statistics", bench.dsn, uncached_args));
  return bench;
}

}  // namespace opmon::bench
