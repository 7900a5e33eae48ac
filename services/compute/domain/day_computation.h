#pragma once
// One project-day from warehouse rows to stored statistics (docs/compute.md "One project-day"):
// generate the client query, stream its rows (ClientRowStream) into the
// per-group accumulators (GroupAggregator) while streaming the per-client
// rows into the results transaction (ResultsWriter), finalise every
// statistic, and commit everything at once. Preview runs the same pipeline on
// a sample of clients and returns the statistics instead of storing them.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/compute/domain/client_row_stream.h"
#include "services/compute/domain/group_aggregator.h"
#include "services/compute/domain/job.h"
#include "services/compute/domain/project_source.h"

namespace opmon::compute {

struct DayHooks {
  // Polled between batches; true stops the run (Cancelled, nothing stored).
  std::function<bool()> should_stop;
  // Progress after each batch and phase change.
  std::function<void(const JobProgress&)> on_progress;
  // Runs inside the results transaction just before COMMIT (e.g. marking the
  // job succeeded); an error rolls everything back.
  std::function<absl::Status(pqxx::transaction_base&, const JobProgress&, const std::vector<MalformedCount>&)>
      before_commit;
};

// Where a run's time went (the last attempt's), for the job log.
struct DayTimings {
  absl::Duration first_rows;  // query start to the first batch: the warehouse's aggregation
  absl::Duration stream;      // first batch to the last one processed
  absl::Duration finalise;    // statistics and intervals from the accumulators
  absl::Duration commit;      // statistics rows, bookkeeping and COMMIT
};

struct DayResult {
  JobProgress progress;
  std::vector<MalformedCount> malformed;
  int64_t data_version = 0;
  DayTimings timings;
};

// Computes and stores `project` for `day`. `warehouse` reads telemetry;
// `results` holds opmon's tables (they may be the same database). Errors:
// FailedPrecondition for a project that cannot be computed (see
// BuildClientQuery), Cancelled when stopped, Aborted when another run holds
// the day, database errors as mapped by error_mapping.h. Runs the warehouse
// query once: a transient error (Unavailable, Aborted) is returned, not
// retried here.
absl::StatusOr<DayResult> ComputeProjectDay(pg::Pool& warehouse, pg::Pool& results, const VersionedProject& project,
                                            absl::CivilDay day, const DayHooks& hooks,
                                            const StreamOptions& stream_options = {});

struct PreviewRow {
  GroupKey key;
  std::string metric;
  kernels::StatisticRow row;
};

struct PreviewResult {
  std::vector<std::string> dimensions;  // names, in key order
  std::vector<PreviewRow> rows;
  int64_t clients = 0;
  int64_t rows_read = 0;
  std::vector<MalformedCount> malformed;
};

// The statistics of clients with sample_id < sample_percent, not stored.
// The warehouse session is confined with `limits` (see StreamClientRows).
absl::StatusOr<PreviewResult> PreviewProjectDay(pg::Pool& warehouse, const WarehouseLimits& limits,
                                                const config::ResolvedProject& project, absl::CivilDay day,
                                                double sample_percent, const std::function<bool()>& should_stop = {});

}  // namespace opmon::compute
