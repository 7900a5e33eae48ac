#pragma once
// DryRun: the SQL a run would execute, each statement checked with EXPLAIN
// against the warehouse (planned, not executed). A statement that fails is
// narrowed down to the config entry at fault: the population alone, the
// population without dimensions and each dimension, each data source with
// its metrics and then each metric alone, so the error points to
// `metrics.<name>.select_expression`, `dimensions.<name>.select_expression`,
// `data_sources.<name>.from_expression` or `project.population`.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "common/pg/pg_fwd.h"

namespace opmon::compute {

struct DryRunStatement {
  std::string purpose;        // "population", "data source main", "run"
  std::string sql;            // parameters written in as literals
  std::string explain_error;  // empty when EXPLAIN accepted it
  std::string config_path;    // set with explain_error
};

struct DryRunReport {
  std::vector<DryRunStatement> statements;
  bool ok = true;
};

// FailedPrecondition when no SQL can be generated (see BuildClientQuery);
// Unavailable when the warehouse does not answer.
absl::StatusOr<DryRunReport> DryRunProject(pg::Pool& warehouse, const config::ResolvedProject& project,
                                           absl::CivilDay day);

}  // namespace opmon::compute
