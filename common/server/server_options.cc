#include "common/server/server_options.h"

#include "CLI/CLI.hpp"
#include "common/auth/bearer_token.h"
#include "common/grpc/tls_flags.h"
#include "common/server/service_flags.h"

namespace opmon::server {

void AddServerFlags(ServiceFlags& flags, ServerOptions& o) {
  CLI::App& app = flags.app();
  flags.Option("--listen", o.listen, "gRPC listen address (host:port)");
  flags.Option("--metrics-listen", o.metrics_listen, "Prometheus /metrics listen address (host:port)");
  app.add_option("--db-url", o.db_url, "PostgreSQL DSN of opmon's database")
      ->envname("OPMON_DB_URL")
      ->capture_default_str();
  flags.Option("--port-file", o.port_file, "write the bound ports here as JSON once listening");
  flags.Option("--handler-threads", o.handler_threads, "threads running RPC handlers")->check(CLI::Range(1, 256));
  flags.Option("--db-pool-size", o.db_pool_size, "database connections per process")->check(CLI::Range(1, 256));
  flags.Option("--max-watch-streams", o.max_watch_streams,
               "concurrent watch streams; more are refused with RESOURCE_EXHAUSTED")
      ->check(CLI::Range(1, 100000));
  flags.Option("--health-listen", o.health_listen,
               "plaintext host:port serving only grpc.health.v1.Health Check, for probes without TLS "
               "(Kubernetes gRPC probes); empty: off");
  flags.Option("--health-interval", o.health_interval_seconds, "seconds between database checks")
      ->check(CLI::Range(0.05, 3600.0));
  flags.Option("--shutdown-grace", o.shutdown_grace_seconds, "seconds to drain RPCs on SIGTERM")
      ->check(CLI::Range(0.0, 3600.0));
  app.add_flag("--migrate,!--no-migrate", o.migrate, "apply pending schema migrations at start-up")
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--token-file",
         [&o](const std::string& path) {
           absl::StatusOr<std::string> token = auth::ReadTokenFile(path);
           if (!token.ok()) throw CLI::ValidationError("--token-file", std::string(token.status().message()));
           o.client.token = *std::move(token);
         },
         "file holding this service's token for its calls to other services (default: $OPMON_TOKEN)")
      ->envname(FlagEnvName(flags.env_prefix(), "--token-file"));
  app.add_option("--admin-token-file", o.admin_token_file,
                 "file holding a token to register as an admin token if not yet stored (bootstrap)")
      ->envname("OPMON_ADMIN_TOKEN_FILE")
      ->check(CLI::ExistingFile);
  app.add_option("--log-level", o.log_level, "debug|info|warn|error")
      ->envname("OPMON_LOG_LEVEL")
      ->capture_default_str()
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  grpc_edge::AddServerTlsFlags(app, o.tls);
  // Command line only: turning TLS off is never inherited from an environment.
  app.add_flag("--insecure-plaintext", o.insecure_plaintext,
               "serve plaintext gRPC even on a non-loopback --listen (no TLS)");
  grpc_edge::AddClientTlsFlags(app, o.client_tls);
  // Service-to-service calls go to replicas that serve (client_channel.h).
  o.client.health_checked = true;
}

}  // namespace opmon::server
