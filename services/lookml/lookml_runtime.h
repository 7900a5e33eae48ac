#pragma once
// Everything one lookml replica runs besides the gRPC server: the generator
// and the service, and with --output-dir the regenerator and what wakes it
// (LISTEN on data version changes, the config service's WatchProjects).
// Members are declared in dependency order so they are destroyed in
// reverse: the wakers before the regenerator they call, the regenerator
// before the generator it uses.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/config_client/project_watch.h"
#include "common/pg/channel_listener.h"
#include "services/lookml/lookml_generator.h"
#include "services/lookml/lookml_service.h"
#include "services/lookml/regenerator.h"

namespace opmon::server {
class Server;
}

namespace opmon::lookml {

struct LookmlFlags {
  std::string connection = "opmon";
  std::string output_dir;   // empty: no regeneration
  std::string config_addr;  // empty: project changes are seen by the poll only
  double poll_interval_seconds = 300;
};

struct LookmlRuntime {
  std::unique_ptr<LookmlGenerator> generator;
  std::unique_ptr<LookmlServiceImpl> service;
  // With --output-dir only.
  std::unique_ptr<Regenerator> regenerator;
  std::unique_ptr<pg::ChannelListener> results_listener;
  std::unique_ptr<config::ProjectWatch> watch;  // also needs --config-addr

  // Builds the runtime on `server` and registers the service; with
  // --output-dir starts the regenerator and its wakers and a shutdown hook
  // that stops them. The runtime must outlive the server's Run().
  static absl::StatusOr<std::shared_ptr<LookmlRuntime>> Start(server::Server& server, const LookmlFlags& flags);
};

}  // namespace opmon::lookml
