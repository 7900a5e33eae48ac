#include "clients/opmonctl/job_watch.h"

#include <unistd.h>

#include <iostream>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/job_format.h"
#include "clients/opmonctl/rpc_call.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "opmon/v1/compute.grpc.pb.h"

namespace opmon::ctl {
namespace {

// Hands each progress to `on_progress`; the job's last state once the server
// ends the stream (UNSPECIFIED when it sent none), or the stream's failure.
absl::StatusOr<v1::JobState> WatchToEnd(const GlobalOptions& global, int64_t id, double wait_seconds,
                                        absl::FunctionRef<void(const v1::JobProgress&)> on_progress) {
  v1::WatchJobRequest request;
  request.set_id(id);
  v1::JobState last = v1::JOB_STATE_UNSPECIFIED;
  absl::Status status =
      ReadServerStream(global.compute_addr, global.channel, wait_seconds, &v1::ComputeService::Stub::WatchJob,
                       request, [&](const v1::JobProgress& progress) {
                         last = progress.state();
                         on_progress(progress);
                       });
  if (!status.ok()) return status;
  return last;
}

int ExitCode(const absl::StatusOr<v1::JobState>& last) {
  if (!last.ok()) return RpcFailed(last.status());
  return *last == v1::JOB_STATE_SUCCEEDED ? 0 : 1;
}

}  // namespace

int FollowJob(const GlobalOptions& global, int64_t id, double wait_seconds, bool quiet) {
  const bool terminal = isatty(STDERR_FILENO) != 0;
  absl::StatusOr<v1::JobState> last = WatchToEnd(global, id, wait_seconds, [&](const v1::JobProgress& progress) {
    if (quiet) return;
    if (terminal) {
      std::cerr << "\r\033[K" << ProgressLine(progress, true) << std::flush;
    } else {
      std::cerr << ProgressLine(progress, false) << "\n";
    }
  });
  if (terminal && !quiet) std::cerr << "\n";
  return ExitCode(last);
}

int StreamJobProgressJson(const GlobalOptions& global, int64_t id, double wait_seconds) {
  return ExitCode(WatchToEnd(global, id, wait_seconds, [](const v1::JobProgress& progress) {
    std::cout << ProgressJson(progress).dump() << "\n" << std::flush;
  }));
}

absl::StatusOr<v1::Job> GetJob(const GlobalOptions& global, int64_t id) {
  v1::GetJobRequest request;
  request.set_id(id);
  absl::StatusOr<v1::GetJobResponse> response = Call(global, &v1::ComputeService::Stub::GetJob, request);
  if (!response.ok()) return response.status();
  return response->job();
}

int FollowQueuedJob(const GlobalOptions& global, const v1::Job& queued, bool no_wait, double wait_seconds) {
  google::protobuf::RepeatedPtrField<v1::Job> jobs;
  if (no_wait) {
    *jobs.Add() = queued;
    PrintJobs(global, jobs);
    return 0;
  }
  int code = FollowJob(global, queued.id(), wait_seconds, global.json);
  absl::StatusOr<v1::Job> job = GetJob(global, queued.id());
  if (!job.ok()) return RpcFailed(job.status());
  *jobs.Add() = *job;
  PrintJobs(global, jobs);
  if (!job->error().empty() && !global.json) std::cerr << "opmonctl: job " << job->id() << ": " << job->error() << "\n";
  return code;
}

}  // namespace opmon::ctl
