#pragma once
// The compute service's domain metrics, next to the RPC metrics every service
// has (common/server/rpc_metrics.h):
//   opmon_compute_jobs_total{state="succeeded"|"failed"|"cancelled"|"queued"}
//                                     attempts by how they ended ("queued":
//                                     back to the queue, e.g. on shutdown)
//   opmon_compute_running_jobs        jobs running in this replica
//   opmon_compute_job_seconds         duration of successful jobs (histogram)
//   opmon_compute_client_rows_total   per-client rows read from the warehouse
//   opmon_compute_malformed_values_total
// Thread-safe.

#include "common/server/prometheus_fwd.h"
#include "services/compute/domain/job_workers.h"

namespace opmon::compute {

class ComputeMetrics final : public JobObserver {
 public:
  // Registers the families in `registry`, which must outlive this object.
  explicit ComputeMetrics(prometheus::Registry& registry);

  void JobStarted() override;
  void JobFinished(JobState state, const JobProgress& progress, int64_t malformed_values,
                   absl::Duration elapsed) override;

 private:
  prometheus::Counter& succeeded_;
  prometheus::Counter& failed_;
  prometheus::Counter& cancelled_;
  prometheus::Counter& requeued_;
  prometheus::Gauge& running_;
  prometheus::Histogram& seconds_;
  prometheus::Counter& rows_;
  prometheus::Counter& malformed_;
};

}  // namespace opmon::compute
