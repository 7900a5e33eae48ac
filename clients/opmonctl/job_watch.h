#pragma once
// Following a compute job through ComputeService.WatchJob until it ends, as
// `run`, `backfill --wait`, `import aggregates` and `jobs watch` do. The
// followers return the exit code: 0 when the job succeeded, 1 when it did
// not or a call failed (the failure printed as RpcFailed does). The deadline
// of the watch is `wait_seconds`, not --timeout: a job may run far longer
// than one call.

#include <cstdint>

#include "absl/status/statusor.h"
#include "clients/opmonctl/rpc_failure.h"
#include "opmon/v1/compute.pb.h"

namespace opmon::ctl {

struct GlobalOptions;

// Progress on stderr unless `quiet`: a bar redrawn in place on a terminal,
// else one ProgressLine per update.
int FollowJob(const GlobalOptions& global, int64_t id, double wait_seconds, bool quiet);

// One ProgressJson object per line on stdout, flushed as each arrives.
int StreamJobProgressJson(const GlobalOptions& global, int64_t id, double wait_seconds);

// The job as it is now (ComputeService.GetJob), or the call's failure.
absl::StatusOr<v1::Job> GetJob(const GlobalOptions& global, int64_t id);

// What a command that queued `queued` does with it: with `no_wait`, prints
// it (PrintJobs) and returns 0; else follows it (FollowJob, quiet with
// --json), prints it as it ended and, without --json, its error on stderr.
int FollowQueuedJob(const GlobalOptions& global, const v1::Job& queued, bool no_wait, double wait_seconds);

// The same for the answer of a call that queues one job (RunProject,
// ImportLegacyAggregates): its failure printed as RpcFailed (1), else its
// job() followed as above.
template <typename Response>
int FollowQueuedJob(const GlobalOptions& global, const absl::StatusOr<Response>& queued, bool no_wait,
                    double wait_seconds) {
  if (!queued.ok()) return RpcFailed(queued.status());
  return FollowQueuedJob(global, queued->job(), no_wait, wait_seconds);
}

}  // namespace opmon::ctl
