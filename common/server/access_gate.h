#pragma once
// The executor's gate (grpc_edge::CallGate) of every opmon server: the
// call's `authorization` metadata checked by the access policy.

#include "common/grpc/executor.h"

namespace opmon::auth {
class AccessPolicy;
}

namespace opmon::server {

// `policy` must outlive the gate.
grpc_edge::CallGate MakeAccessGate(const auth::AccessPolicy& policy);

}  // namespace opmon::server
