#pragma once
// A cap on the concurrent server streams of one kind (WatchProjects,
// WatchJob). Each open stream holds a StreamSlot; once all are taken a new
// stream is refused with RESOURCE_EXHAUSTED instead of holding another
// subscription or thread, so a flood of watchers cannot exhaust the service.
//
//   absl::StatusOr<StreamSlot> slot = limit.Acquire();
//   if (!slot.ok()) return FinishedStream<T>(slot.status());
//   return new MyReactor(..., *std::move(slot));  // released when it is deleted

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace opmon::grpc_edge {

class StreamLimit;

// One open stream's place under its limit; released when destroyed. Move-only.
class StreamSlot {
 public:
  StreamSlot(StreamSlot&& other) noexcept;
  StreamSlot& operator=(StreamSlot&& other) noexcept;
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;
  ~StreamSlot();

 private:
  friend class StreamLimit;
  explicit StreamSlot(StreamLimit* limit) : limit_(limit) {}
  StreamLimit* limit_;  // null once moved from
};

class StreamLimit {
 public:
  // `what` names the streams in the refusal ("watch streams"); `max_open` >= 1.
  StreamLimit(std::string what, int max_open);

  // A slot, or ResourceExhausted "<max_open> <what> are open, the most this
  // service allows; retry later" when all are taken. Thread-safe. The limit
  // must outlive every slot.
  absl::StatusOr<StreamSlot> Acquire();

  int open() const;
  int max_open() const { return max_open_; }

 private:
  friend class StreamSlot;
  void Release();

  const std::string what_;
  const int max_open_;
  mutable absl::Mutex mu_;
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace opmon::grpc_edge
