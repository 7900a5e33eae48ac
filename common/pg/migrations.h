#pragma once
// Numbered, forward-only SQL migrations of the opmon schema, embedded in the
// binary from common/pg/migrations/NNNN_description.sql.
//
// Apply takes a session advisory lock so that concurrently starting replicas
// apply each migration exactly once, each in its own transaction, and checks
// that migrations already applied still have the checksum they had: an edited
// migration is a FailedPrecondition, never silently skipped.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace opmon::pg {

class Pool;

struct Migration {
  int version;
  std::string name;
  std::string_view sql;
  std::string checksum;  // sha256 hex of sql
};

// The embedded migrations in version order.
const std::vector<Migration>& EmbeddedMigrations();

struct MigrationReport {
  int schema_version = 0;            // highest applied after the call
  std::vector<std::string> applied;  // names applied by this call
};

// Applies every missing migration. Safe to call concurrently from many processes.
absl::StatusOr<MigrationReport> ApplyMigrations(Pool& pool);

// The highest applied migration, or 0 when none (or the table does not exist).
absl::StatusOr<int> CurrentSchemaVersion(Pool& pool);

}  // namespace opmon::pg
