#include "services/compute/compute_metrics.h"

#include "common/server/metric_families.h"
#include "prometheus/histogram.h"

namespace opmon::compute {
namespace {

prometheus::Family<prometheus::Counter>& Jobs(prometheus::Registry& registry) {
  return server::CounterFamily(registry, "opmon_compute_jobs_total",
                               "Job attempts by how they ended (queued: returned to the queue)");
}

}  // namespace

ComputeMetrics::ComputeMetrics(prometheus::Registry& registry)
    : succeeded_(Jobs(registry).Add({{"state", "succeeded"}})),
      failed_(Jobs(registry).Add({{"state", "failed"}})),
      cancelled_(Jobs(registry).Add({{"state", "cancelled"}})),
      requeued_(Jobs(registry).Add({{"state", "queued"}})),
      running_(server::Gauge(registry, "opmon_compute_running_jobs", "Jobs running in this replica")),
      seconds_(prometheus::BuildHistogram()
                   .Name("opmon_compute_job_seconds")
                   .Help("Duration of successful jobs")
                   .Register(registry)
                   .Add({}, prometheus::Histogram::BucketBoundaries{1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600})),
      rows_(server::Counter(registry, "opmon_compute_client_rows_total",
                            "Per-client rows read from the warehouse by successful jobs")),
      malformed_(server::Counter(registry, "opmon_compute_malformed_values_total",
                                 "Malformed per-client values counted (and skipped) by successful jobs")) {}

void ComputeMetrics::JobStarted() { running_.Increment(); }

void ComputeMetrics::JobFinished(JobState state, const JobProgress& progress, int64_t malformed_values,
                                 absl::Duration elapsed) {
  running_.Decrement();
  switch (state) {
    case JobState::kSucceeded:
      succeeded_.Increment();
      seconds_.Observe(absl::ToDoubleSeconds(elapsed));
      rows_.Increment(static_cast<double>(progress.rows_read));
      malformed_.Increment(static_cast<double>(malformed_values));
      break;
    case JobState::kFailed: failed_.Increment(); break;
    case JobState::kCancelled: cancelled_.Increment(); break;
    case JobState::kQueued:
    case JobState::kRunning: requeued_.Increment(); break;
  }
}

}  // namespace opmon::compute
