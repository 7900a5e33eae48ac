#pragma once
// The SQL compute pushes down to the warehouse: for one project and day, one
// row per population client (per build for build_id projects) with its
// dimensions, branch and every metric's per-client value (docs/compute.md,
// "One project-day" step 2). Generated from the resolved project, PostgreSQL dialect, with the day
// and every other value bound as parameters.
//
// Population (one row per client and day, from population.data_source):
//   branch   population.branches set: experiments[slug].branch, only those
//            branches; else boolean_pref: "enabled"/"disabled" (NULL pref
//            excluded); else monitor_entire_population: "active"; else
//            "enabled" when enrolled in the slug's experiment, "disabled"
//            otherwise (as the reference OpMon).
//   filters  the day; normalized_channel = population.channel; clients with
//            more than 10,000 rows that day dropped; optionally sample_id.
//   dims     each dimension's select_expression as text; a client with
//            several values that day takes the smallest.
// xaxis build_id: the last 14 days of submissions (day-13 .. day), one row
// per (client, build) for builds of those days, submission_date = the day.
// Metrics: each data source's metrics aggregated per client (and build) over
// the same days on their own (no semi-join on the population's clients, so a
// warehouse hash-partitioned by client_id aggregates them on each shard:
// docs/scaling.md), LEFT JOINed to the population (NULL when the client has no
// rows there). Metrics of the population's own data source are computed in
// the population scan itself (submission_date projects). A source whose
// client_id_column is NULL is aggregated per day (or build) and joined to
// every client; one whose build_id_column is NULL is joined on client only.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/config/project.h"

namespace opmon::compute {

// Column positions of a generated query's rows.
struct ClientRowLayout {
  struct MetricColumn {
    std::string name;
    config::MetricType type = config::MetricType::kScalar;
  };
  static constexpr int kSubmissionDate = 0;
  static constexpr int kBuildId = 1;
  static constexpr int kClientId = 2;
  std::vector<std::string> dimensions;
  std::vector<MetricColumn> metrics;

  int DimensionColumn(size_t i) const { return 3 + static_cast<int>(i); }
  int BranchColumn() const { return 3 + static_cast<int>(dimensions.size()); }
  int MetricColumnIndex(size_t i) const { return BranchColumn() + 1 + static_cast<int>(i); }
  int Columns() const { return MetricColumnIndex(metrics.size()); }
};

struct ClientQueryOptions {
  absl::CivilDay day;
  // Preview: keep clients with sample_id < sample_percent (0..100].
  std::optional<double> sample_percent;
  // Only these metrics (DryRun narrows errors down); nullopt: all.
  std::optional<std::vector<std::string>> only_metrics;
  // Leave the dimensions out (DryRun).
  bool without_dimensions = false;
};

struct ClientQuery {
  std::string sql;
  std::vector<std::string> params;       // text values of $1, $2, ...
  std::vector<std::string> param_names;  // "day", "slug", "channel", ...
  ClientRowLayout layout;
};

// FailedPrecondition naming the config path when the project cannot be
// computed: a population source without clients (client_id_column NULL) or,
// for build_id projects, without builds; a branch mode on a source without
// experiments_column; a dimension from another data source than the
// population's; a metric of an unknown data source.
absl::StatusOr<ClientQuery> BuildClientQuery(const config::ResolvedProject& project,
                                             const ClientQueryOptions& options);

// The jsonpath of experiment `slug`'s branch in a ping's experiments map
// (strict $."slug".branch ? (@ != null), the slug's quotes and backslashes
// escaped): with jsonb_path_query_first(..., '{}', true) #>> '{}' it gives
// what `experiments -> slug ->> 'branch'` gives, and postgres_fdw ships it.
std::string ExperimentBranchJsonPath(std::string_view slug);

// The text after "$n" substitution, for people and for COPY (bench, docs):
// every parameter written as a quoted literal. Not for execution by opmon.
std::string InlineParams(const ClientQuery& query);

}  // namespace opmon::compute
