#include "common/grpc/executor.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace opmon::grpc_edge {

Executor::Executor(int threads, std::size_t max_queue, CallGate gate)
    : max_queue_(max_queue), gate_(std::move(gate)) {
  threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

Executor::~Executor() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  threads_.clear();  // jthread joins
}

bool Executor::TryPost(std::function<void()> work) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || queue_.size() >= max_queue_) return false;
  queue_.push_back(std::move(work));
  return true;
}

absl::Status Executor::Admit(const grpc::ServerContextBase& ctx, std::string_view rpc) const {
  if (!gate_) {
    return absl::PermissionDeniedError(absl::StrCat(std::string(rpc), ": this server has no access policy; refused"));
  }
  return gate_(ctx, rpc);
}

void Executor::Loop() {
  for (;;) {
    std::function<void()> work;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_ || !queue_.empty(); };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // stopping and drained
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work();
  }
}

}  // namespace opmon::grpc_edge
