#pragma once
// Polling for a condition an integration test cannot be told about (a
// service's background pass, a file another process writes).

#include <functional>

#include "absl/time/time.h"

namespace opmon::testing {

// Calls `done` every `interval` until it returns true (then true) or
// `timeout` has passed (then false).
bool WaitUntil(const std::function<bool()>& done, absl::Duration timeout,
               absl::Duration interval = absl::Milliseconds(50));

}  // namespace opmon::testing
