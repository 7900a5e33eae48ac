#pragma once
// A bounded pool of worker threads for RPC handlers: gRPC callback reactions
// must not block, but handlers talk to PostgreSQL, so they run here.
// A full queue rejects work instead of growing without bound.

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace opmon::grpc_edge {

class Executor {
 public:
  Executor(int threads, std::size_t max_queue);
  // Runs queued work to completion, then joins the threads.
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // False when the queue is full or the executor is shutting down.
  bool TryPost(std::function<void()> work);

 private:
  void Loop();

  const std::size_t max_queue_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::jthread> threads_;
};

}  // namespace opmon::grpc_edge
