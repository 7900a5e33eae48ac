#include "tests/testing/wait_until.h"

#include "absl/time/clock.h"

namespace opmon::testing {

bool WaitUntil(const std::function<bool()>& done, absl::Duration timeout, absl::Duration interval) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!done()) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(interval);
  }
  return true;
}

}  // namespace opmon::testing
