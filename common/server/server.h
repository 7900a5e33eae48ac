#pragma once
// The bootstrap every opmon service runs on: a gRPC callback server with
// reflection, grpc.health.v1.Health, the opmon.v1.InfoService, RPC metrics on
// a Prometheus /metrics endpoint, a PostgreSQL pool whose reachability drives
// the health status (SERVING only while the database answers and the schema
// is migrated), and graceful shutdown on SIGTERM/SIGINT.
//
//   auto server = Server::Create(options);           // in main, before other threads
//   MyService service(server->pool(), server->executor());
//   server->AddService(&service);
//   return server->Run().ok() ? 0 : 1;               // blocks until SIGTERM

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "common/pg/pg_fwd.h"
#include "common/server/server_options.h"

namespace grpc {
class Service;
class ServerCredentials;
}  // namespace grpc
namespace prometheus {
class Registry;
}

namespace opmon::grpc_edge {
class Executor;
class StreamLimit;
}
namespace opmon::auth {
class AccessPolicy;
class TokenCache;
class TokenRefresher;
}

namespace opmon::server {

class Server {
 public:
  // Blocks SIGTERM/SIGINT in the calling thread (and so in every thread it
  // starts later); call before creating other threads. InvalidArgument for
  // a missing --db-url, unreadable TLS files, or a plaintext non-loopback
  // --listen without --insecure-plaintext.
  static absl::StatusOr<std::unique_ptr<Server>> Create(ServerOptions options);
  ~Server();

  pg::Pool& pool() { return *pool_; }
  grpc_edge::Executor& executor() { return *executor_; }
  // The cap on this service's open watch streams (--max-watch-streams).
  grpc_edge::StreamLimit& watch_streams() { return *watch_streams_; }
  prometheus::Registry& registry() { return *registry_; }
  const ServerOptions& options() const { return options_; }

  // Registers a service; `service` must outlive Run. Before Run only.
  void AddService(grpc::Service* service);
  // Runs, in order, when shutdown starts and before RPCs are drained
  // (e.g. to cancel long jobs). Before Run only.
  void AddShutdownHook(std::function<void()> hook);

  // Starts listening and blocks until SIGTERM/SIGINT or RequestShutdown, then
  // drains in-flight RPCs (up to the grace period) and returns.
  absl::Status Run();
  void RequestShutdown();

  // True while the database answers and the schema is migrated.
  bool serving() const { return serving_.load(); }

 private:
  explicit Server(ServerOptions options);
  bool CheckDependencies();
  // Registers --admin-token-file's token and loads the token cache.
  bool PrepareTokens();

  ServerOptions options_;
  std::shared_ptr<grpc::ServerCredentials> credentials_;
  std::shared_ptr<prometheus::Registry> registry_;  // the exposer holds a weak_ptr
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<pg::Pool> health_pool_;  // never starved by busy handlers
  std::unique_ptr<auth::TokenCache> tokens_;
  std::unique_ptr<auth::AccessPolicy> access_policy_;
  std::unique_ptr<auth::TokenRefresher> token_refresher_;
  std::string admin_token_;  // read from --admin-token-file at Create
  std::unique_ptr<grpc_edge::Executor> executor_;
  std::unique_ptr<grpc_edge::StreamLimit> watch_streams_;
  std::vector<grpc::Service*> services_;
  std::vector<std::function<void()>> shutdown_hooks_;
  std::unique_ptr<grpc::Service> info_service_;
  absl::Notification shutdown_;
  std::atomic<bool> serving_{false};
  std::atomic<int> schema_version_{0};
  std::atomic<bool> migrated_{false};
  std::string started_at_;

  friend class InfoServiceImpl;
};

}  // namespace opmon::server
