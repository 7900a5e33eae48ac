#pragma once
// GetProjectOverview: what a project's results hold, for people and for the
// LookML generator (dimension values ranked by frequency give the dashboard
// filter defaults). Read in one repeatable-read snapshot.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "common/pg/pg_fwd.h"
#include "common/results/value_count.h"

namespace opmon::statistics {

// Most frequent values listed per dimension.
inline constexpr int kMaxDimensionValues = 100;

using ValueCount = results::ValueCount;

struct ProjectOverview {
  std::string slug;
  std::string name;
  // Metrics with results, by name, each with its statistics (sorted).
  std::vector<std::pair<std::string, std::vector<std::string>>> metrics;
  std::vector<std::string> branches;  // sorted
  // Project dimension order; values by row count, most frequent first (ties by value).
  std::vector<std::pair<std::string, std::vector<ValueCount>>> dimensions;
  std::optional<absl::CivilDay> first_date;
  std::optional<absl::CivilDay> last_date;
  std::string last_job_finished_at;  // RFC 3339 UTC of the last succeeded job; "" if none
  std::int64_t alert_count = 0;
  std::int64_t data_version = 0;
};

// May throw pqxx exceptions: call inside pg::Pool::Run.
ProjectOverview ReadProjectOverview(pqxx::connection_base& conn, const config::ResolvedProject& project);

}  // namespace opmon::statistics
