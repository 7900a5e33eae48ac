#pragma once
// What a warehouse session that runs project SQL is confined to: the role
// it logs in as by default and its time limits (compute's flags;
// docs/operations.md "Security: project SQL and the warehouse role").
// Applied by ConfineSession (warehouse_session.h).

#include <optional>

#include "absl/time/time.h"

namespace opmon::compute {

// The role the local stack and the test harness create
// (deploy/warehouse/reader_role.sql).
inline constexpr char kWarehouseReaderRole[] = "opmon_warehouse_reader";

// Zero durations disable a timeout.
struct WarehouseLimits {
  absl::Duration statement_timeout = absl::Minutes(30);
  absl::Duration lock_timeout = absl::Minutes(1);
  absl::Duration idle_in_transaction_timeout = absl::Minutes(5);
};

// The server's limits with a project's own statement timeout (its
// `statement_timeout_seconds`), which may only tighten the server's: the
// shorter of the two, or the project's when the server sets none.
inline WarehouseLimits ForProject(WarehouseLimits server, std::optional<int> project_statement_timeout_seconds) {
  if (project_statement_timeout_seconds && *project_statement_timeout_seconds > 0) {
    const absl::Duration own = absl::Seconds(*project_statement_timeout_seconds);
    if (server.statement_timeout == absl::ZeroDuration() || own < server.statement_timeout) {
      server.statement_timeout = own;
    }
  }
  return server;
}

}  // namespace opmon::compute
