#include "common/grpc/stream_limit.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace opmon::grpc_edge {

StreamSlot::StreamSlot(StreamSlot&& other) noexcept : limit_(std::exchange(other.limit_, nullptr)) {}

StreamSlot& StreamSlot::operator=(StreamSlot&& other) noexcept {
  if (this != &other) {
    if (limit_ != nullptr) limit_->Release();
    limit_ = std::exchange(other.limit_, nullptr);
  }
  return *this;
}

StreamSlot::~StreamSlot() {
  if (limit_ != nullptr) limit_->Release();
}

StreamLimit::StreamLimit(std::string what, int max_open) : what_(std::move(what)), max_open_(max_open) {}

absl::StatusOr<StreamSlot> StreamLimit::Acquire() {
  absl::MutexLock lock(&mu_);
  if (open_ >= max_open_) {
    return absl::ResourceExhaustedError(
        absl::StrCat(max_open_, " ", what_, " are open, the most this service allows; retry later"));
  }
  ++open_;
  return StreamSlot(this);
}

int StreamLimit::open() const {
  absl::MutexLock lock(&mu_);
  return open_;
}

void StreamLimit::Release() {
  absl::MutexLock lock(&mu_);
  --open_;
}

}  // namespace opmon::grpc_edge
