// Helper of bench/compute/run.sh: resolves a project file over the example
// definitions and prints what the benchmark compares opmon against.
//
//   opmon_compute_bench_sql json  PROJECT.yaml SLUG             canonical JSON to store
//   opmon_compute_bench_sql floor PROJECT.yaml SLUG YYYY-MM-DD  the run's SELECT (values inlined)
//   opmon_compute_bench_sql plain PROJECT.yaml SLUG YYYY-MM-DD  the same statistics, without
//                                                               intervals, in plain SQL
// OPMON_SOURCE_DIR (default: the current directory) locates deploy/examples.

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/config/canonical_json.h"
#include "common/sql/quote.h"
#include "common/time/civil_day.h"
#include "services/compute/domain/client_query.h"
#include "services/config/domain/definitions.h"
#include "services/config/domain/validate_and_resolve.h"

namespace {

using opmon::config::ResolvedProject;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Percentiles(const opmon::config::Statistic& s) {
  std::vector<std::string> out;
  for (double p : s.percentile.percentiles) out.push_back(absl::StrCat(p));
  return absl::StrJoin(out, ", ");
}

// One SELECT per statistic over the per-client rows `clients` (the run's
// own pushed-down query): group keys, metric, statistic, parameter, point.
std::string PlainStatistics(const ResolvedProject& project, const opmon::compute::ClientQuery& query) {
  std::vector<std::string> keys = {"submission_date", "build_id"};
  for (const auto& d : query.layout.dimensions) keys.push_back(opmon::sql::QuoteIdent(d));
  keys.push_back("branch");
  const std::string group = absl::StrJoin(keys, ", ");
  std::vector<std::string> parts;
  for (const auto& m : project.metrics) {
    const std::string col = opmon::sql::QuoteIdent(m.name);
    for (const auto& s : m.statistics) {
      const std::string head = absl::StrCat("SELECT ", group, ", '", m.name, "'::text AS metric, '",
                                            std::string(opmon::ToString(s.kind)), "'::text AS statistic, ");
      switch (s.kind) {
        case opmon::StatisticKind::kCount:
          parts.push_back(absl::StrCat(head, "''::text, count(", col, ")::float8 FROM clients GROUP BY ", group));
          break;
        case opmon::StatisticKind::kSum:
          parts.push_back(absl::StrCat(head, "''::text, sum(", col, ")::float8 FROM clients GROUP BY ", group));
          break;
        case opmon::StatisticKind::kMean:
          parts.push_back(absl::StrCat(head, "''::text, avg(", col, ")::float8 FROM clients GROUP BY ", group));
          break;
        case opmon::StatisticKind::kTotalRatio:
          parts.push_back(absl::StrCat(head, "'", s.total_ratio.denominator_metric, "'::text, (sum(", col,
                                       ")::float8 / NULLIF(sum(", opmon::sql::QuoteIdent(s.total_ratio.denominator_metric),
                                       "), 0))::float8 FROM clients GROUP BY ", group));
          break;
        case opmon::StatisticKind::kQuantile:
          parts.push_back(absl::StrCat(head, "'", s.quantile.quantile, "'::text, (percentile_disc(",
                                       s.quantile.quantile, " / ", s.quantile.number_of_quantiles,
                                       ".0) WITHIN GROUP (ORDER BY ", col, "))::float8 FROM clients GROUP BY ", group));
          break;
        case opmon::StatisticKind::kPercentile:
          if (m.type == opmon::config::MetricType::kScalar) {
            parts.push_back(absl::StrCat(head, "p::text, (percentile_disc(p / 100.0) WITHIN GROUP (ORDER BY COALESCE(",
                                         col, ", 0)))::float8 FROM clients, unnest(ARRAY[", Percentiles(s),
                                         "]::float8[]) AS p GROUP BY ", group, ", p"));
            break;
          }
          // Each client's histograms merged and normalised to weight 1,
          // summed per group; the percentile is the first bucket whose
          // cumulative share reaches p.
          parts.push_back(absl::StrCat(
              "SELECT ", group, ", '", m.name, "'::text, 'percentile'::text, p::text, min(k) FILTER (WHERE f >= p / 100.0) "
              "FROM (SELECT ", group, ", k, sum(m) OVER (PARTITION BY ", group, " ORDER BY k) / sum(m) OVER (PARTITION BY ",
              group, ") AS f FROM (SELECT ", group, ", k, sum(m) AS m FROM (SELECT ", group,
              ", kv.key::float8 AS k, kv.value::float8 / NULLIF(sum(kv.value::float8) OVER (PARTITION BY client_id, build_id), 0) AS m "
              "FROM clients CROSS JOIN LATERAL jsonb_array_elements(", col, "::jsonb) AS h CROSS JOIN LATERAL "
              "jsonb_each_text(CASE WHEN jsonb_typeof(h -> 'values') = 'object' THEN h -> 'values' END) AS kv "
              "WHERE kv.key ~ '^[0-9]+$' AND kv.value ~ '^[0-9]+$') x GROUP BY ", group, ", k) g) c, unnest(ARRAY[",
              Percentiles(s), "]::float8[]) AS p GROUP BY ", group, ", p"));
          break;
      }
    }
  }
  return absl::StrCat("WITH clients AS MATERIALIZED (", opmon::compute::InlineParams(query), ")\n",
                      absl::StrJoin(parts, "\nUNION ALL\n"));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: " << argv[0] << " json|floor|plain PROJECT.yaml SLUG [YYYY-MM-DD]\n";
    return 2;
  }
  const std::string mode = argv[1];
  const char* env = std::getenv("OPMON_SOURCE_DIR");
  const std::string root = env != nullptr ? env : ".";
  std::vector<opmon::config::PlatformDefinitions> definitions;
  for (const char* name : {"functions", "firefox_desktop", "firefox_desktop_defaults", "rollout"}) {
    std::string path = absl::StrCat(root, "/deploy/examples/definitions/", name, ".yaml");
    auto r = opmon::config::ParseDefinitions({path, Read(path)}, opmon::config::ValidationMode::kStrict);
    if (!r.definitions) {
      std::cerr << "cannot read " << path << "\n";
      return 1;
    }
    definitions.push_back(*r.definitions);
  }
  opmon::config::ResolveOptions options;
  options.slug = argv[3];
  auto resolved = opmon::config::ValidateAndResolve({argv[2], Read(argv[2])}, definitions, {}, options);
  for (const auto& d : resolved.diagnostics) std::cerr << opmon::config::FormatDiagnostic(d) << "\n";
  if (!resolved.project) return 1;
  if (mode == "json") {
    std::cout << opmon::config::ToCanonicalJson(*resolved.project) << "\n";
    return 0;
  }
  if (argc < 5) {
    std::cerr << "a date is required\n";
    return 2;
  }
  auto day = opmon::time::ParseCivilDay(argv[4]);
  if (!day.ok()) {
    std::cerr << day.status() << "\n";
    return 2;
  }
  opmon::compute::ClientQueryOptions query_options;
  query_options.day = *day;
  auto query = opmon::compute::BuildClientQuery(*resolved.project, query_options);
  if (!query.ok()) {
    std::cerr << query.status() << "\n";
    return 1;
  }
  if (mode == "floor") {
    std::cout << opmon::compute::InlineParams(*query) << "\n";
  } else if (mode == "plain") {
    std::cout << PlainStatistics(*resolved.project, *query) << "\n";
  } else {
    std::cerr << "unknown mode " << mode << "\n";
    return 2;
  }
  return 0;
}
