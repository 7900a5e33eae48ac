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
#include "services/compute/domain/warehouse_limits.h"

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

// Each EXPLAIN runs in a session confined with `limits` (ConfineSession),
// so a statement reading what the warehouse role may not read fails its
// EXPLAIN. FailedPrecondition when no SQL can be generated (see
// BuildClientQuery) or the session's role is not confined; Unavailable when
// the warehouse does not answer.
absl::StatusOr<DryRunReport> DryRunProject(pg::Pool& warehouse, const WarehouseLimits& limits,
                                           const config::ResolvedProject& project, absl::CivilDay day);

}  // namespace opmon::compute
