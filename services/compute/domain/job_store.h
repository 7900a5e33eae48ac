#pragma once
// opmon.jobs, the compute job queue shared by every compute replica.
//
// Claiming is `UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED
// LIMIT 1)`: concurrent workers never claim the same job and never wait on
// each other. A claimed job is owned by (id, attempts): every later write
// checks both, so a worker that lost its job (its heartbeat went stale and
// the job was requeued) can no longer change it. At most one queued or
// running job exists per (slug, day) (a partial unique index). Thread-safe.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/compute/domain/job.h"

namespace opmon::compute {

struct ClaimedJob {
  int64_t id = 0;
  std::string slug;
  absl::CivilDay day;
  int32_t attempt = 0;
};

class JobStore {
 public:
  explicit JobStore(pg::Pool& pool) : pool_(pool) {}

  // Queues (slug, day) unless a queued or running job exists; returns the
  // live job either way.
  absl::StatusOr<Job> Enqueue(const std::string& slug, absl::CivilDay day);
  // Enqueue for every day of [from, to], in order.
  absl::StatusOr<std::vector<Job>> EnqueueRange(const std::string& slug, absl::CivilDay from, absl::CivilDay to);
  // Queues each day of [from, to] that has no queued, running or succeeded
  // job (the scheduler); returns how many were queued.
  absl::StatusOr<int64_t> EnqueueMissing(const std::string& slug, absl::CivilDay from, absl::CivilDay to);

  // NotFound naming the id.
  absl::StatusOr<Job> Get(int64_t id);
  // Newest first. Empty slug: all projects; no state: all states.
  absl::StatusOr<std::vector<Job>> List(const std::string& slug, std::optional<JobState> state, int limit);

  // A queued job becomes cancelled at once; a running one gets its
  // cancel_requested flag (its worker stops between batches and rolls
  // back). FailedPrecondition when it already ended; NotFound.
  absl::StatusOr<Job> RequestCancel(int64_t id);

  // A job run by the replica that starts it rather than claimed from the
  // queue (a legacy import, whose source only that request names): inserted
  // as running for `worker`, first attempt, in `phase`. Its slug starts with
  // '@' (no project's does), so a stale one fails instead of going back to the
  // queue. AlreadyExists naming the live job when (slug, day) has one.
  absl::StatusOr<ClaimedJob> StartDirect(const std::string& slug, absl::CivilDay day, const std::string& worker,
                                         JobPhase phase);

  // The oldest queued job whose retry delay has passed, now running for
  // `worker`; nullopt when none.
  absl::StatusOr<std::optional<ClaimedJob>> Claim(const std::string& worker);

  // Records liveness and progress. Returns whether the job should stop:
  // cancel requested, or the job is no longer this attempt's.
  absl::StatusOr<bool> Heartbeat(const ClaimedJob& job, const JobProgress& progress);

  // Running jobs whose heartbeat is older than `stale_after` go back to
  // the queue (or fail after `max_attempts`). Returns the ids requeued.
  absl::StatusOr<std::vector<int64_t>> RequeueStale(std::chrono::seconds stale_after, int max_attempts);

  // Whether a job going back to the queue used up an attempt (a failure
  // worth retrying) or not (the replica shut down).
  enum class Attempt { kCounted, kRefunded };

  // Ends an attempt without results: failed or cancelled (`error` kept), or
  // back to queued, claimable once `retry_after` has passed. No-op when the
  // job is not this attempt's any more.
  absl::Status Finish(const ClaimedJob& job, JobState state, const std::string& error,
                      const JobProgress& progress, const std::vector<MalformedCount>& malformed,
                      int64_t project_version, Attempt attempt = Attempt::kCounted,
                      absl::Duration retry_after = absl::ZeroDuration());

  // Inside the results transaction: marks the attempt succeeded.
  // Cancelled when a cancel was requested meanwhile or the job is not this
  // attempt's any more (the caller must then roll back). Throws pqxx
  // exceptions.
  static absl::Status MarkSucceeded(pqxx::transaction_base& tx, const ClaimedJob& job, const JobProgress& progress,
                                    const std::vector<MalformedCount>& malformed, int64_t project_version);

 private:
  pg::Pool& pool_;
};

}  // namespace opmon::compute
