#pragma once
// Whether a gRPC listen address is reachable from this machine only. A
// service refuses to serve plaintext on any other address unless told
// --insecure-plaintext: tokens and project data must not cross a network
// unencrypted by accident.

#include <string_view>

#include "absl/status/status.h"

namespace opmon::server {

// True for 127.0.0.0/8, ::1, ::ffff:127.x.y.z, "localhost" (any port) and
// unix: sockets; false for wildcards (0.0.0.0, [::]), other addresses and
// other names.
bool IsLoopbackListenAddress(std::string_view listen);

// OK when `tls` is on, `insecure_plaintext` is set or `listen` is loopback;
// else InvalidArgument saying what to pass.
absl::Status CheckPlaintextListen(std::string_view listen, bool tls, bool insecure_plaintext);

}  // namespace opmon::server
