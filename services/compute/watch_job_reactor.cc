#include "services/compute/watch_job_reactor.h"

#include <utility>

#include "absl/time/clock.h"
#include "common/grpc/status_conversion.h"
#include "services/compute/compute_proto.h"
#include "services/compute/domain/job_events.h"
#include "services/compute/domain/job_store.h"

namespace opmon::compute {
namespace {

// Re-read at least this often even without a notification (a replica whose
// LISTEN connection is down still makes progress visible).
constexpr absl::Duration kPollInterval = absl::Seconds(2);

}  // namespace

WatchJobReactor::WatchJobReactor(JobStore& store, JobEvents& events, int64_t id, grpc_edge::StreamSlot slot)
    : store_(store), events_(events), id_(id), slot_(std::move(slot)) {
  thread_ = std::jthread([this](std::stop_token stop) { Watch(stop); });
}

void WatchJobReactor::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  write_pending_ = false;
  write_ok_ = ok;
}

void WatchJobReactor::OnCancel() {
  {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
  }
  events_.Notify();  // wake the watcher now
}

void WatchJobReactor::OnDone() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();  // it has finished: Finish was its last act
  delete this;
}

bool WatchJobReactor::Write(const v1::JobProgress& progress) {
  message_ = progress;
  {
    absl::MutexLock lock(&mu_);
    write_pending_ = true;
  }
  StartWrite(&message_);
  absl::MutexLock lock(&mu_);
  auto settled = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !write_pending_ || cancelled_; };
  mu_.Await(absl::Condition(&settled));
  return write_ok_ && !cancelled_;
}

void WatchJobReactor::Watch(std::stop_token stop) {
  bool first = true;
  v1::JobProgress last;
  while (!stop.stop_requested()) {
    {
      absl::MutexLock lock(&mu_);
      if (cancelled_) break;
    }
    uint64_t seen = events_.generation();
    auto job = store_.Get(id_);
    if (!job.ok()) {
      Finish(grpc_edge::ToGrpcStatus(job.status()));
      return;
    }
    v1::JobProgress progress;
    ToProto(job->progress, job->id, job->state, progress);
    if (first || progress.SerializeAsString() != last.SerializeAsString()) {
      if (!Write(progress)) break;
      last = progress;
      first = false;
    }
    if (IsTerminal(job->state)) {
      Finish(grpc::Status::OK);
      return;
    }
    events_.WaitForChange(seen, absl::Now() + kPollInterval);
  }
  Finish(grpc::Status(grpc::StatusCode::CANCELLED, "WatchJob: stream cancelled"));
}

}  // namespace opmon::compute
