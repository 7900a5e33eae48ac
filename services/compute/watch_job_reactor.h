#pragma once
// The WatchJob server stream: writes the job's progress whenever it changes
// (woken by JobEvents, on any replica's update) until the job ends, then
// finishes OK. One thread per open stream does the waiting, so gRPC
// reactions never block; it ends when the job ends, the client cancels, or
// the service stops.

#include <cstdint>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "common/grpc/stream_limit.h"
#include "grpcpp/support/server_callback.h"
#include "opmon/v1/compute.pb.h"

namespace opmon::compute {

class JobEvents;
class JobStore;

class WatchJobReactor final : public grpc::ServerWriteReactor<v1::JobProgress> {
 public:
  // Starts watching job `id`, holding `slot` (its place under the
  // watch-stream cap); deletes itself, releasing the slot, when done.
  WatchJobReactor(JobStore& store, JobEvents& events, int64_t id, grpc_edge::StreamSlot slot);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  void Watch(std::stop_token stop);
  // Writes `progress` and waits for its completion; false when the stream broke.
  bool Write(const v1::JobProgress& progress);

  JobStore& store_;
  JobEvents& events_;
  const int64_t id_;
  grpc_edge::StreamSlot slot_;
  absl::Mutex mu_;
  bool write_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool write_ok_ ABSL_GUARDED_BY(mu_) = true;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  v1::JobProgress message_;
  std::jthread thread_;
};

}  // namespace opmon::compute
