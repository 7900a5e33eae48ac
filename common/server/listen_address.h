#pragma once
// Whether a gRPC listen address is reachable from this machine only. A
// service refuses to serve plaintext on any other address unless told
// --insecure-plaintext: tokens and project data must not cross a network
// unencrypted by accident.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/server/server_options.h"

namespace opmon::server {

// True for 127.0.0.0/8, ::1, ::ffff:127.x.y.z, "localhost" (any port) and
// unix: sockets; false for wildcards (0.0.0.0, [::]), other addresses and
// other names.
bool IsLoopbackListenAddress(absl::string_view listen);

// OK when `options` serve TLS (tls.cert set), allow plaintext
// (insecure_plaintext) or listen on loopback; else InvalidArgument saying
// what to pass.
absl::Status CheckPlaintextListen(const ServerOptions& options);

}  // namespace opmon::server
