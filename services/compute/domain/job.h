#pragma once
// A compute job: one project for one day, a row of opmon.jobs.
//
// Lifecycle: queued → running (claimed by a worker; attempts + 1) →
// succeeded (in the transaction that wrote its results) | failed (error
// kept) | cancelled. A running job whose heartbeat stops (its process died)
// goes back to queued; SIGTERM puts a running job back to queued as well.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/compute/domain/malformed_values.h"

namespace opmon::compute {

enum class JobState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };

// "queued" | "running" | "succeeded" | "failed" | "cancelled" (opmon.jobs.state).
std::string_view JobStateName(JobState state);
std::optional<JobState> ParseJobState(std::string_view name);
bool IsTerminal(JobState state);

// Where a job is: waiting, one of a day's computation steps in order, or how
// it ended. Stored in opmon.jobs.progress and sent in JobProgress.phase by
// name: "queued" | "population" | "aggregate" | "finalise" | "write" | "done"
// | "failed" | "cancelled"; a legacy import is in "import" while it runs.
enum class JobPhase { kQueued, kPopulation, kAggregate, kFinalise, kWrite, kDone, kFailed, kCancelled, kImport };

std::string_view JobPhaseName(JobPhase phase);
std::optional<JobPhase> ParseJobPhase(std::string_view name);
// The phase a job is left in when it ends in (or goes back to) `state`.
JobPhase PhaseAfter(JobState state);

struct JobProgress {
  JobPhase phase = JobPhase::kQueued;
  int64_t rows_read = 0;
  int64_t clients = 0;
  int64_t groups = 0;
  int64_t statistics_rows = 0;
  // A legacy import's: bytes read from its source, tables read and to read.
  int64_t bytes_read = 0;
  int64_t tables = 0;
  int64_t tables_total = 0;
  bool operator==(const JobProgress&) const = default;
};

struct Job {
  int64_t id = 0;
  std::string slug;
  absl::CivilDay day;
  JobState state = JobState::kQueued;
  std::string created_at;   // RFC 3339 UTC; empty when unset
  std::string started_at;
  std::string finished_at;
  std::string worker;
  std::string error;
  int64_t project_version = 0;
  JobProgress progress;
  std::vector<MalformedCount> malformed;
  int32_t attempts = 0;
  bool cancel_requested = false;
  std::string next_attempt_at;  // RFC 3339 UTC: queued after a transient failure, not claimed before; else empty
};

// progress / malformed as stored in opmon.jobs (jsonb).
std::string ProgressJson(const JobProgress& progress);
JobProgress ProgressFromJson(std::string_view json);
std::string MalformedJson(const std::vector<MalformedCount>& malformed);
std::vector<MalformedCount> MalformedFromJson(std::string_view json);

}  // namespace opmon::compute
