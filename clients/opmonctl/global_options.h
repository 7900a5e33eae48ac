#pragma once
// Options every opmonctl subcommand shares; each falls back to an
// environment variable so CI jobs can set them once, and each may be given
// before or after the subcommand (`opmonctl --json projects ls` and
// `opmonctl projects ls --json` are the same).

#include <string>

#include "common/grpc/client_channel.h"
#include "common/grpc/service_identity.h"
#include "common/grpc/tls.h"

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions {
  std::string config_addr = grpc_edge::kConfigService.default_address();
  std::string compute_addr = grpc_edge::kComputeService.default_address();
  std::string statistics_addr = grpc_edge::kStatisticsService.default_address();
  std::string lookml_addr = grpc_edge::kLookmlService.default_address();
  std::string db_url;        // used by `status` (database row) and `migrate`
  double timeout_seconds = 30;
  bool json = false;
  grpc_edge::ClientTlsFiles tls_files;  // --tls-ca, --tls-client-cert, --tls-client-key
  // How every call connects; its TLS is read from tls_files once parsing
  // is complete, before any subcommand runs.
  grpc_edge::ClientChannelOptions channel;
};

// Adds the options to `app` and lets every subcommand added to it afterwards
// (at any depth) hand options it does not know to `app`: call it before
// adding subcommands. A subcommand must not define an option of the same name.
// Unreadable TLS files fail the parse (CLI::ValidationError, exit code 2).
void AddGlobalFlags(CLI::App& app, GlobalOptions& options);

}  // namespace opmon::ctl
