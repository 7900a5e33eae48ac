#pragma once
// A gRPC client context for one call of an integration test, with a deadline
// so that a hung service fails the test instead of hanging it.

#include <memory>

#include "grpcpp/client_context.h"

namespace opmon::testing {

// A fresh client context whose deadline is `seconds` from now.
std::unique_ptr<grpc::ClientContext> Deadline(int seconds = 20);

}  // namespace opmon::testing
