#pragma once
// Following a compute job through ComputeService.WatchJob until it ends, as
// `run`, `backfill --wait` and `jobs watch` do. Both return the exit code:
// 0 when the job succeeded, 1 when it did not or the stream failed (the
// failure printed as RpcFailed does). The deadline is `wait_seconds`, not
// --timeout: a job may run far longer than one call.

#include <cstdint>

namespace opmon::ctl {

struct GlobalOptions;

// Progress on stderr unless `quiet`: a bar redrawn in place on a terminal,
// else one ProgressLine per update.
int FollowJob(const GlobalOptions& global, int64_t id, double wait_seconds, bool quiet);

// One ProgressJson object per line on stdout, flushed as each arrives.
int StreamJobProgressJson(const GlobalOptions& global, int64_t id, double wait_seconds);

}  // namespace opmon::ctl
