#pragma once
// The one place a gRPC client channel is made: opmonctl, service-to-service
// clients and the test harness all call MakeClientChannel, so credentials,
// message-size limits and reconnect behaviour are set once for every caller.

#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "common/grpc/tls.h"

namespace grpc {
class Channel;
}

namespace opmon::grpc_edge {

// Largest message a client sends or accepts, and a server accepts or sends
// (server.cc uses the same figure). Anything that could pass it is paged or
// streamed by its RPC.
inline constexpr int kMaxMessageBytes = 16 * 1024 * 1024;

struct ClientChannelOptions {
  // Upper bound of the reconnect backoff; zero keeps gRPC's default (120 s).
  // Watches set it low so a stream reopens soon after a restart.
  absl::Duration max_reconnect_backoff = absl::ZeroDuration();
  // A subchannel of its own: a service restarted on a killed one's address
  // must not inherit the dead connection's backoff (gRPC shares subchannels
  // between channels with equal arguments).
  bool own_subchannel = false;
  // Sent as `authorization: Bearer <token>` on every call. Unset: the
  // OPMON_TOKEN environment variable, if set and not empty; an empty string
  // sends no token.
  std::optional<std::string> token = std::nullopt;
  // Skip replicas whose grpc.health.v1 status is NOT_SERVING (client-side
  // health checking through Health.Watch): for service-to-service calls,
  // which a replica without its database could not answer anyway. Off for
  // opmonctl, whose `status` must reach a service that is not serving. When
  // no replica is healthy, calls fail UNAVAILABLE.
  bool health_checked = false;
  // TLS towards the server (--tls-ca and an optional client certificate);
  // disabled means plaintext. Initialised, so callers' designated
  // initialisers may leave it out.
  ClientTls tls = {};
};

// A channel to `target` (host:port or a gRPC name such as dns:///host:port
// or ipv4:127.0.0.1:1,127.0.0.1:2). When the name gives several addresses
// (a DNS name with several records, a Kubernetes headless Service), calls
// are spread round-robin over the connected ones. Never fails: connection
// errors (and a missing or refused token) surface on the first call.
std::shared_ptr<grpc::Channel> MakeClientChannel(const std::string& target,
                                                 const ClientChannelOptions& options = {});

}  // namespace opmon::grpc_edge
