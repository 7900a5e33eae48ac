#pragma once
// Where the gRPC edge keeps the wire encoding of a cached answer's page
// (opaque to the domain): made once, then shared by every answer served from
// the same cached page, so a cache hit costs no re-encoding.

#include <cstddef>
#include <memory>
#include <utility>

#include "absl/base/call_once.h"
#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace opmon::statistics {

struct EncodedPageSlot {
  absl::once_flag once;
  std::shared_ptr<const void> encoded;
};

// The slots of the pages cut from one cached answer of `rows` rows, one per
// row range [begin, end) (QueryErrorAggregates pages a cached answer by
// offset). The slots kept cover at most `rows` rows in all, so the encodings
// of one answer cost about as much memory as one encoding of all of it (the
// cache counts that); a range past the budget gets a fresh slot of its own,
// encoded for its call only. Thread-safe.
class EncodedPageSlots {
 public:
  explicit EncodedPageSlots(std::size_t rows) : budget_(rows) {}

  std::shared_ptr<EncodedPageSlot> For(std::size_t begin, std::size_t end) {
    absl::MutexLock lock(&mu_);
    auto [it, inserted] = slots_.try_emplace(std::pair{begin, end});
    if (!inserted) return it->second;
    if (end - begin > budget_) {
      slots_.erase(it);
      return std::make_shared<EncodedPageSlot>();
    }
    budget_ -= end - begin;
    it->second = std::make_shared<EncodedPageSlot>();
    return it->second;
  }

 private:
  absl::Mutex mu_;
  std::size_t budget_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::pair<std::size_t, std::size_t>, std::shared_ptr<EncodedPageSlot>> slots_ ABSL_GUARDED_BY(mu_);
};

}  // namespace opmon::statistics
