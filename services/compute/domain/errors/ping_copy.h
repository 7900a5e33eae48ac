#pragma once
// Streams the columns the error aggregation reads (error_ping.h) out of a
// warehouse ping table with COPY (SELECT ...) TO STDOUT on a libpq
// connection of its own: the rows arrive as the server produces them and
// are decoded one at a time, never held as a result (libpqxx 6.4 cannot
// COPY a query).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/compute/domain/errors/error_ping.h"

namespace opmon::compute::errors {

// Receive times [from_us, to_us), microseconds since the epoch.
struct TimeRange {
  int64_t from_us = 0;
  int64_t to_us = 0;
};

// The SELECT whose rows StreamPings decodes: `source`'s pings received in
// any of `ranges` (not empty). Exposed for the bench's floor.
std::string PingSelectSql(PingSource source, const std::vector<TimeRange>& ranges);

// Calls `on_ping` for each ping of `source` received in `ranges`, read on a
// new connection to `warehouse_dsn`. The ping is valid during the call
// only. Unavailable when the warehouse cannot be reached; database errors as
// libpq_status.h maps them, prefixed with "warehouse"; Internal for a row
// the decoder cannot read. A table not in the warehouse has no pings.
absl::Status StreamPings(const std::string& warehouse_dsn, PingSource source, const std::vector<TimeRange>& ranges,
                         const std::function<void(const RawErrorPing&)>& on_ping);

}  // namespace opmon::compute::errors
