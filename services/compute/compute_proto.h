#pragma once
// opmon.v1 compute messages ⇄ domain types, and request validation. Errors
// are InvalidArgument naming the field and value.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "opmon/v1/compute.pb.h"
#include "services/compute/domain/day_computation.h"
#include "services/compute/domain/dry_run.h"
#include "services/compute/domain/job.h"
#include "services/compute/domain/legacy/legacy_import_jobs.h"
#include "services/compute/domain/run_dates.h"
#include "services/compute/kernels/percentile_ci.h"

namespace opmon::compute {

// Backfills longer than this are refused (one job per day).
inline constexpr int kMaxBackfillDays = 3660;

absl::Status ValidateSlug(const std::string& slug, std::string_view field = "slug");
absl::StatusOr<absl::CivilDay> ParseDate(const std::string& text, std::string_view field);
absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> ParseRange(const v1::BackfillRequest& request);
// 0 means 1; otherwise (0, 100].
absl::StatusOr<double> SamplePercent(double requested);
absl::StatusOr<int> ListLimit(int32_t requested);
absl::StatusOr<std::optional<JobState>> FromProto(v1::JobState state);
absl::Status ValidateJobId(int64_t id);
// A request's `force` field.
DateCheck DateCheckOf(bool force);

// ImportLegacyAggregates: exactly one source (dump_directory absolute), an
// optional aggregate_type and an optional inclusive date range.
struct LegacyImportRequest {
  legacy::LegacyImportSource source;
  legacy::ImportFilter filter;
};
absl::StatusOr<LegacyImportRequest> FromProto(const v1::ImportLegacyAggregatesRequest& request);

v1::JobState ToProto(JobState state);
void ToProto(const JobProgress& progress, int64_t job_id, JobState state, v1::JobProgress& out);
void ToProto(const Job& job, v1::Job& out);
void ToProto(const PreviewResult& preview, v1::PreviewResponse& out);
void ToProto(const DryRunReport& report, v1::DryRunResponse& out);

// ComputePercentileCI: InvalidArgument naming the field (histogram, percentiles,
// method, seed, blocks, clients).
absl::StatusOr<kernels::PercentileCiRequest> FromProto(const v1::ComputePercentileCIRequest& request);
void ToProto(const std::vector<kernels::PercentileCiRow>& rows, v1::ComputePercentileCIResponse& out);

}  // namespace opmon::compute
