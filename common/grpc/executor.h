#pragma once
// A bounded pool of worker threads for RPC handlers: gRPC callback reactions
// must not block, but handlers talk to PostgreSQL, so they run here.
// A full queue rejects work instead of growing without bound.
//
// It also holds the gate every call of its service passes before its
// handler runs (Admit): the wrappers in unary_handler.h, AdmitStream
// (admitted_stream.h) and Unimplemented call it, so a handler cannot skip it.

#include <cstddef>
#include <deque>
#include <functional>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace grpc {
class ServerContextBase;
}

namespace opmon::grpc_edge {

// Whether the call `ctx` of `rpc` ("ConfigService.GetProject") may run: OK,
// or the status to answer instead. Runs on a gRPC thread: must not block.
using CallGate = std::function<absl::Status(const grpc::ServerContextBase& ctx, std::string_view rpc)>;

class Executor {
 public:
  // Without a gate every call is refused (PERMISSION_DENIED): a server
  // missing its access policy fails closed.
  Executor(int threads, std::size_t max_queue, CallGate gate = nullptr);
  // Runs queued work to completion, then joins the threads.
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // False when the queue is full or the executor is shutting down.
  bool TryPost(std::function<void()> work);

  // The gate's answer for the call `ctx` of `rpc`.
  absl::Status Admit(const grpc::ServerContextBase& ctx, std::string_view rpc) const;

 private:
  void Loop();

  const std::size_t max_queue_;
  const CallGate gate_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::jthread> threads_;
};

}  // namespace opmon::grpc_edge
