#pragma once
// Everything one config replica runs besides the gRPC server: the store, the
// change feed behind WatchProjects, the metrics, the optional dry runner
// (compute's DryRunProject) and the service. Members are declared in
// dependency order so they are destroyed in reverse.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/config/compute_dry_runner.h"
#include "services/config/config_metrics.h"
#include "services/config/config_service.h"
#include "services/config/storage/change_feed.h"
#include "services/config/storage/config_store.h"
#include "services/config/token_service.h"

namespace opmon::server {
class Server;
}

namespace opmon::config {

struct ConfigFlags {
  std::string compute_addr;  // empty: ValidateProject dry runs fail
};

struct ConfigRuntime {
  std::unique_ptr<ConfigStore> store;
  std::unique_ptr<ChangeFeed> feed;
  std::unique_ptr<ConfigMetrics> metrics;
  std::unique_ptr<ComputeDryRunner> dry_runner;  // null without --compute-addr
  std::unique_ptr<ConfigServiceImpl> service;
  std::unique_ptr<TokenServiceImpl> tokens;

  // Builds the runtime on `server`, registers the service, starts the change
  // feed and a shutdown hook that stops it (watch streams never end on their
  // own). The runtime must outlive the server's Run().
  static absl::StatusOr<std::shared_ptr<ConfigRuntime>> Start(server::Server& server, const ConfigFlags& flags);
};

}  // namespace opmon::config
