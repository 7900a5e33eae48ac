#pragma once
// A second, plaintext gRPC listener that serves only grpc.health.v1.Health
// Check, for orchestrators whose probes cannot speak TLS (Kubernetes' gRPC
// probes). It answers from the same serving flag as the main listener's
// health service, exposes no other service and takes no token: the health
// status is the only thing it tells. Off unless --health-listen is given.

#include <atomic>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace grpc {
class Server;
}

namespace opmon::server {

// The service name whose Check only says that the process is alive.
inline constexpr char kLivenessService[] = "liveness";

class HealthProbeServer {
 public:
  // Listens on `address` (host:port; port 0 picks one). `serving` must
  // outlive the server. Check answers, by the request's service name:
  //   "" or `service_name`  SERVING while `serving` is true and the server
  //                         is not shutting down (readiness);
  //   kLivenessService      SERVING as long as the process answers, even
  //                         while the database is down or RPCs drain
  //                         (liveness: restarting would not help);
  //   anything else         NOT_FOUND.
  // Errors: UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<HealthProbeServer>> Start(const std::string& address,
                                                                 const std::string& service_name,
                                                                 const std::atomic<bool>& serving);
  ~HealthProbeServer();

  int port() const { return port_; }
  // From now on Check answers NOT_SERVING (the main listener is draining).
  void EnterShutdown();
  // Stops listening; in-flight checks are cancelled. Idempotent.
  void Stop();

 private:
  class Service;
  HealthProbeServer() = default;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace opmon::server
