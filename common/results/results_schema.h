#pragma once
// Creates and extends a project's results relations (results_tables.h) in
// the results database.
//
// DDL runs in its own short transaction under a transaction advisory lock
// (so concurrent jobs of one project do not race on CREATE TABLE), and only
// when something is missing: ALTER TABLE takes an exclusive lock, which must
// not be held for the length of a job.

#include <pqxx/connection>

#include "absl/status/status.h"
#include "common/config/project.h"


namespace opmon::results {

// Ensures both relations exist with every column `project` needs.
// FailedPrecondition when a column exists with another type (a metric that
// changed from scalar to histogram) or a name collides; errors of the
// database as error_mapping.h maps them. Runs its own transactions on `conn`
// (no transaction may be open on it).
absl::Status EnsureResultsTables(pqxx::connection& conn, const config::ResolvedProject& project);

}  // namespace opmon::results
