#pragma once
// What a warehouse session that runs project SQL is confined to: the role
// it logs in as by default and its time limits (compute's flags;
// docs/operations.md "Security: project SQL and the warehouse role").
// Applied by ConfineSession (warehouse_session.h).

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

}  // namespace opmon::compute
