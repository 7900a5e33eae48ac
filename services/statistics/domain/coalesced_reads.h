#pragma once
// Coalesces concurrent reads of one key without ever answering with data
// older than the call: a caller is served by a read that *started after it
// arrived*, and one read serves every caller that was waiting for it. Under
// load this turns N simultaneous version checks of a project into about two
// database round trips (the one in flight, and the next one for everyone who
// arrived meanwhile), while each answer stays as fresh as a read of its own.
// A key's state lives only while a caller of it is inside Read, so keys taken
// from requests (any slug a client names) cannot grow memory without bound.
// Thread-safe.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/container/node_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace opmon::statistics {

template <typename T>
class CoalescedReads {
 public:
  using ReadFn = std::function<absl::StatusOr<T>()>;

  // Runs `read` (or waits for a read of `key` that another caller started
  // after this call began) and returns its result.
  absl::StatusOr<T> Read(std::string_view key, const ReadFn& read) {
    absl::MutexLock lock(&mu_);
    const std::string owned_key(key);
    State& state = states_[owned_key];
    ++state.callers;
    // The first read that starts from now on.
    const std::uint64_t wanted = state.started + 1;
    while (state.finished < wanted) {
      if (!state.in_flight) {
        ++state.started;  // == wanted: nobody started it yet
        state.in_flight = true;
        mu_.Unlock();
        absl::StatusOr<T> result = read();
        mu_.Lock();
        state.in_flight = false;
        state.finished = state.started;
        state.result = std::move(result);
        break;
      }
      auto progressed = [&state, wanted]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return state.finished >= wanted || !state.in_flight;
      };
      ++state.waiting;
      mu_.Await(absl::Condition(&progressed));
      --state.waiting;
    }
    absl::StatusOr<T> result = state.result;
    // The last caller out evicts the key: a later call reads afresh anyway.
    if (--state.callers == 0) states_.erase(owned_key);
    return result;
  }

  // Callers of `key` currently waiting for another caller's read (for tests).
  int waiting(std::string_view key) {
    absl::MutexLock lock(&mu_);
    auto it = states_.find(std::string(key));
    return it == states_.end() ? 0 : it->second.waiting;
  }

  // Keys whose state is held, i.e. with a caller inside Read (for tests).
  std::size_t keys() {
    absl::MutexLock lock(&mu_);
    return states_.size();
  }

 private:
  struct State {
    std::uint64_t started = 0;   // reads begun
    std::uint64_t finished = 0;  // the newest read that ended
    bool in_flight = false;
    int waiting = 0;
    int callers = 0;  // inside Read: the reader and its waiters
    absl::StatusOr<T> result = absl::UnknownError("not read");
  };
  absl::Mutex mu_;
  // Node-based: references to a State stay valid while other keys are added.
  absl::node_hash_map<std::string, State> states_ ABSL_GUARDED_BY(mu_);
};

}  // namespace opmon::statistics
