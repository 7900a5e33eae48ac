#pragma once
// When a failed webhook delivery is tried again, and when opmon gives up on
// it. Pure functions of the attempt count and the delivery's age, so every
// replica decides the same way.

#include "absl/time/time.h"

namespace opmon::statistics {

struct DeliveryPolicy {
  int max_attempts = 100;
  absl::Duration max_age = absl::Hours(24);
  absl::Duration initial_backoff = absl::Seconds(1);
  absl::Duration max_backoff = absl::Minutes(5);
};

// Wait before the next attempt after `failed_attempts` (>= 1) failures:
// initial_backoff, doubled per further failure, at most max_backoff.
absl::Duration RetryDelay(const DeliveryPolicy& policy, int failed_attempts);

// After a failed attempt: true when the delivery has now been tried
// max_attempts times, or was queued at least max_age ago. A delivery older
// than max_age still gets one attempt (e.g. after an outage of opmon itself).
bool GiveUp(const DeliveryPolicy& policy, int attempts_made, absl::Duration age);

}  // namespace opmon::statistics
