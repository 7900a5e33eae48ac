#include "bench/statistics/statistics_pair.h"

#include <vector>

#include "common/status/status_macros.h"

namespace opmon::bench {

absl::StatusOr<StatisticsPair> StartStatisticsPair(const std::string& dsn, int handler_threads) {
  const std::vector<std::string> threads = {"--handler-threads", std::to_string(handler_threads)};
  std::vector<std::string> uncached_args = threads;
  uncached_args.insert(uncached_args.end(), {"--cache-bytes", "0"});
  StatisticsPair pair;
  OPMON_ASSIGN_OR_RETURN(pair.cached, testing::ServiceProcess::StartServing("statistics", dsn, threads));
  OPMON_ASSIGN_OR_RETURN(pair.uncached, testing::ServiceProcess::StartServing("statistics", dsn, uncached_args));
  return pair;
}

}  // namespace opmon::bench
