#pragma once
// Dry runs of project files (ValidateProject with dry_run): each file that
// validated and resolved is sent to a SqlDryRunner (compute's DryRun, which
// generates the SQL a run would execute and checks every statement with
// EXPLAIN against the warehouse); each EXPLAIN error becomes an error
// diagnostic at the place in the file its config path names
// (config_path_locator.h).
//
// The runner is asynchronous on purpose: compute resolves the file by
// calling the config service's ValidateProject, so a handler that waited for
// compute on the service's bounded executor could leave the nested call no
// thread to run on.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/file_validation.h"
#include "services/config/domain/front_end.h"
#include "services/config/domain/schema_validator.h"

namespace opmon::config {

// One statement of a dry run, as the runner reports it.
struct SqlStatementCheck {
  std::string purpose;        // "population", "data source main", "run"
  std::string explain_error;  // PostgreSQL's error; empty when EXPLAIN accepted it
  std::string config_path;    // what the error points to, e.g. metrics.m.select_expression
};

struct SqlDryRunRequest {
  SourceFile file;
  std::string slug;
  absl::CivilDay day;
  ValidationMode mode = ValidationMode::kStrict;
  absl::Time deadline = absl::InfiniteFuture();
};

class SqlDryRunner {
 public:
  using Done = std::function<void(absl::StatusOr<std::vector<SqlStatementCheck>>)>;
  virtual ~SqlDryRunner() = default;

  // Starts a dry run and returns without waiting for it; calls `done`
  // exactly once, from any thread (possibly before returning). Errors:
  // Unavailable or DeadlineExceeded naming the runner's address when it
  // cannot answer; otherwise the runner's own status, FailedPrecondition
  // starting with a config path ("data_sources.x.client_id_column: ...")
  // when no SQL can be generated for the project.
  virtual void DryRun(const SqlDryRunRequest& request, Done done) = 0;
};

struct DryRunOptions {
  ValidationMode mode = ValidationMode::kStrict;
  std::optional<absl::CivilDay> date;  // requested day; unset: DryRunDay per file
  absl::CivilDay today;
  absl::Time deadline = absl::InfiniteFuture();
};

// `requested`, else the project's start date unless that is after `today`
// (then today), else yesterday.
absl::CivilDay DryRunDay(std::optional<absl::CivilDay> requested, std::optional<absl::CivilDay> start_date,
                         absl::CivilDay today);

// One error diagnostic per failed check (per config path and error),
// positioned with LocateConfigPath, sorted. The message is
// `dry run: EXPLAIN failed: <PostgreSQL's message>` (its first line, and its
// HINT when there is one).
std::vector<Diagnostic> ExplainDiagnostics(const SourceFile& file, std::span<const SqlStatementCheck> checks);

// The diagnostic for a runner's FailedPrecondition that starts with a config
// path (`dry run: no SQL can be generated: ...`), else nullopt.
std::optional<Diagnostic> GenerationDiagnostic(const SourceFile& file, const absl::Status& status);

using DryRunDone = std::function<void(absl::StatusOr<std::vector<FileValidationResult>>)>;

// Dry-runs, all at once, every file of `validated` (index-aligned with
// `sources`) that resolved without errors; files with errors are not sent.
// Then calls `done` exactly once, from any thread, with `validated` where
// each sent file has its dry-run diagnostics added (sorted), or with the
// first failure in file order, its code kept and its message prefixed with
// `dry run of <path>: `. `runner` must outlive the call to `done`.
void DryRunValidatedFiles(std::vector<FileValidationResult> validated, std::vector<SourceFile> sources,
                          const DryRunOptions& options, SqlDryRunner& runner, DryRunDone done);

}  // namespace opmon::config
