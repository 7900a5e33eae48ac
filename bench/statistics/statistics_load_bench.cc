// Load benchmark of QueryStatistics through gRPC on loopback, cached and
// uncached (docs/performance.md targets: cached p99 under 5 ms at 5,000 requests/s on 2
// cores).
//
// Sets up everything itself: a throwaway PostgreSQL cluster, the
// fission-rollout example project with `--days` days of statistics, and two
// opmon-statistics processes: one with the default cache, one with
// --cache-bytes 0. Then, each bounded by --seconds and --max-requests:
//   1. closed loop, --concurrency calls in flight, cached service;
//   2. open loop at --rate requests/s, cached service (latency measured from
//      each call's scheduled start, so queueing counts);
//   3. closed loop, uncached service;
//   4. open loop at --light-rate requests/s on each service: the latency
//      the cache saves when nothing queues.
// Every answer is checked (status OK, expected row count). Prints
// throughput and p50/p90/p99 per phase and the cache speedup.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/built_trees.h"
#include "bench/load/load_loop.h"
#include "bench/statistics/statistics_bench.h"
#include "common/config/project.h"
#include "grpcpp/grpcpp.h"
#include "opmon/v1/statistics.grpc.pb.h"
#include "tests/integration/statistics/statistics_test_support.h"

namespace opmon::bench {
namespace {

using testing::StatRow;

struct Options {
  LoadOptions load;
  int days = 90;
};

// One dashboard tile: one metric, one statistic, one OS, all branches, 30 days.
struct TileQuery {
  v1::QueryStatisticsRequest request;
  int expected_rows = 0;
};

// Calls cycle through `queries`; an answer is right when it has the tile's rows.
IssueCall Issuer(v1::StatisticsService::Stub& stub, const std::vector<TileQuery>& queries) {
  return CyclingCalls<v1::QueryStatisticsResponse>(
      queries,
      [&stub](auto* context, auto* request, auto* response, auto on_done) {
        stub.async()->QueryStatistics(context, request, response, std::move(on_done));
      },
      [](const TileQuery& q, const v1::QueryStatisticsResponse& r) { return r.rows_size() == q.expected_rows; });
}

std::vector<results::StatisticsRow> Statistics(const config::ResolvedProject& project, int days) {
  std::vector<results::StatisticsRow> rows;
  for (int d = 0; d < days; ++d) {
    const std::string date = absl::FormatCivilTime(absl::CivilDay(2024, 1, 1) + d);
    for (const char* os : {"Windows", "Linux", "Mac"}) {
      for (const char* branch : {"enabled", "disabled"}) {
        for (const config::Metric& m : project.metrics) {
          for (const config::Statistic& st : m.statistics) {
            std::vector<std::string> parameters = {""};
            if (st.kind == StatisticKind::kPercentile) {
              parameters.clear();
              for (double p : st.percentile.percentiles) parameters.push_back(absl::StrCat(p));
            }
            for (const std::string& p : parameters) {
              const double v = 100 + d + static_cast<double>(p.size());
              rows.push_back(StatRow(date, "", {os}, branch, m.name, std::string(ToString(st.kind)), p, v, v - 1,
                              v + 1));
            }
          }
        }
      }
    }
  }
  return rows;
}

std::vector<TileQuery> Tiles(const config::ResolvedProject& project, int days) {
  std::vector<TileQuery> out;
  const int window = std::min(days, 30);
  for (const config::Metric& m : project.metrics) {
    for (const config::Statistic& st : m.statistics) {
      for (const char* os : {"Windows", "Linux", "Mac"}) {
        TileQuery q;
        q.request.set_slug(project.slug);
        q.request.add_metrics(m.name);
        q.request.add_statistics(std::string(ToString(st.kind)));
        auto* f = q.request.add_dimension_filters();
        f->set_name("os");
        f->set_value(os);
        q.request.set_from(absl::FormatCivilTime(absl::CivilDay(2024, 1, 1) + (days - window)));
        q.request.set_to(absl::FormatCivilTime(absl::CivilDay(2024, 1, 1) + (days - 1)));
        const int parameters = st.kind == StatisticKind::kPercentile
                                   ? static_cast<int>(st.percentile.percentiles.size())
                                   : 1;
        q.expected_rows = window * 2 * parameters;
        out.push_back(std::move(q));
      }
    }
  }
  return out;
}

int Run(const Options& o) {
  auto bench = StartStatisticsBench(o.load.handler_threads);
  if (!bench.ok()) {
    std::fprintf(stderr, "%s\n", std::string(bench.status().message()).c_str());
    return 1;
  }
  const std::string& dsn = bench->dsn;
  config::ResolvedProject project = testing::ResolvedExample("fission-rollout", "bench");
  testing::RegisterProject(dsn, project);
  std::vector<results::StatisticsRow> rows = Statistics(project, o.days);
  std::vector<std::string> dates;
  for (int d = 0; d < o.days; ++d) dates.push_back(absl::FormatCivilTime(absl::CivilDay(2024, 1, 1) + d));
  testing::WriteStatistics(dsn, project, dates, rows);
  std::vector<TileQuery> queries = Tiles(project, o.days);
  std::size_t total_rows = 0;
  for (const auto& q : queries) total_rows += static_cast<std::size_t>(q.expected_rows);
  std::printf("%zu statistics rows; %zu distinct tile queries, %zu rows per answer on average; "
              "%d handler threads\n",
              rows.size(), queries.size(), total_rows / queries.size(), o.load.handler_threads);

  auto cached_stub = v1::StatisticsService::NewStub(bench->cached->channel());
  auto uncached_stub = v1::StatisticsService::NewStub(bench->uncached->channel());
  RunCachePhases(Issuer(*cached_stub, queries), Issuer(*uncached_stub, queries), queries.size(), o.load);
  return 0;
}

}  // namespace
}  // namespace opmon::bench

int main(int argc, char** argv) {
  opmon::bench::Options o;
  CLI::App app{"QueryStatistics load benchmark (loopback gRPC, cached and uncached)"};
  opmon::bench::AddLoadFlags(app, o.load);
  app.add_option("--days", o.days, "days of statistics")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  opmon::bench::DefaultToBuiltTrees();
  return opmon::bench::Run(o);
}
