#include "services/statistics/domain/delivery_policy.h"

#include <algorithm>

namespace opmon::statistics {

absl::Duration RetryDelay(const DeliveryPolicy& policy, int failed_attempts) {
  absl::Duration delay = policy.initial_backoff;
  for (int i = 1; i < failed_attempts && delay < policy.max_backoff; ++i) delay *= 2;
  return std::min(delay, policy.max_backoff);
}

bool GiveUp(const DeliveryPolicy& policy, int attempts_made, absl::Duration age) {
  return attempts_made >= policy.max_attempts || age >= policy.max_age;
}

}  // namespace opmon::statistics
