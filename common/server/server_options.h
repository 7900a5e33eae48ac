#pragma once
// What every opmon service binary is configured with. Flags are registered by
// AddServerFlags; each flag falls back to an environment variable.

#include <string>

#include "common/grpc/client_channel.h"
#include "common/grpc/tls.h"

namespace opmon::server {

class ServiceFlags;

struct ServerOptions {
  std::string binary;          // opmon-config
  std::string service_name;    // opmon.v1.ConfigService (health status key)
  std::string listen;          // gRPC address, host:port
  std::string metrics_listen;  // Prometheus /metrics address, host:port
  std::string db_url;          // libpq DSN or URI of opmon's database
  std::string port_file;       // if set: JSON {"grpc_port","metrics_port"[,"health_port"]} written once listening
  // If set: a plaintext listener serving only grpc.health.v1.Health Check
  // (health_probe_server.h), for probes that cannot speak TLS.
  std::string health_listen;
  int handler_threads = 8;
  int handler_queue = 1024;
  int db_pool_size = 8;
  // Concurrent watch streams (WatchProjects, WatchJob) before new ones are
  // refused with RESOURCE_EXHAUSTED; each holds a subscription or a thread.
  int max_watch_streams = 256;
  double health_interval_seconds = 2.0;
  double shutdown_grace_seconds = 10.0;
  bool migrate = true;         // apply pending migrations once the database answers
  std::string log_level = "info";
  // TLS of the gRPC listener; without it only a loopback --listen is
  // accepted, unless insecure_plaintext.
  grpc_edge::ServerTlsFiles tls;
  bool insecure_plaintext = false;
  // TLS of this service's own clients; Server::Create reads the files into
  // client.tls.
  grpc_edge::ClientTlsFiles client_tls;
  // How this service's own clients (service-to-service calls) connect;
  // client.token comes from --token-file (else OPMON_TOKEN).
  grpc_edge::ClientChannelOptions client;
  // If set: a file holding a token that is registered as an admin token
  // (named bootstrap-<digest prefix>) once the schema is migrated, unless
  // it is already stored; how the first admin token exists before anyone
  // holds one. A revoked one stays revoked.
  std::string admin_token_file;
};

// Registers --listen, --metrics-listen, --db-url, ... Per-service variables
// follow service_flags.h (OPMON_CONFIG_LISTEN, OPMON_CONFIG_METRICS_LISTEN);
// OPMON_DB_URL, OPMON_ADMIN_TOKEN_FILE and OPMON_LOG_LEVEL are shared.
void AddServerFlags(ServiceFlags& flags, ServerOptions& options);

}  // namespace opmon::server
