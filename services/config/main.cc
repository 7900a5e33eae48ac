// opmon-config: the config service binary.
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "common/log/log.h"
#include "common/pg/pool.h"
#include "common/server/server.h"
#include "common/server/service_main.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/config/compute_dry_runner.h"
#include "services/config/config_metrics.h"
#include "services/config/config_service.h"
#include "services/config/storage/change_feed.h"
#include "services/config/storage/config_store.h"

int main(int argc, char** argv) {
  std::string compute_addr;
  opmon::server::ServiceMainSpec spec;
  spec.defaults.binary = "opmon-config";
  spec.defaults.service_name = "opmon.v1.ConfigService";
  spec.defaults.listen = "127.0.0.1:7101";
  spec.defaults.metrics_listen = "127.0.0.1:9101";
  spec.description = "opmon config service";
  spec.env_prefix = "OPMON_CONFIG";
  spec.add_flags = [&compute_addr](CLI::App& app) {
    app.add_option("--compute-addr", compute_addr,
                   "compute service address, for ValidateProject dry runs; unset: dry runs fail")
        ->envname("OPMON_COMPUTE_ADDR");
  };
  spec.setup = [&compute_addr](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
    auto store = std::make_shared<opmon::config::ConfigStore>(server.pool());
    auto feed = std::make_shared<opmon::config::ChangeFeed>(
        opmon::config::ChangeFeedOptions{.dsn = server.pool().dsn()});
    feed->Start();
    // Watch streams never end on their own; end them so shutdown can drain.
    server.AddShutdownHook([feed] {
      feed->Stop();
      opmon::log::Info("change feed stopped; watch streams ended");
    });
    auto metrics = std::make_shared<opmon::config::ConfigMetrics>(server.registry());
    std::shared_ptr<opmon::config::ComputeDryRunner> dry_runner;
    if (!compute_addr.empty()) {
      // The channel connects lazily, so compute may start after config.
      dry_runner = std::make_shared<opmon::config::ComputeDryRunner>(
          compute_addr, grpc::CreateChannel(compute_addr, grpc::InsecureChannelCredentials()));
      keep_alive.push_back(dry_runner);
    }
    auto service = std::make_shared<opmon::config::ConfigServiceImpl>(*store, *feed, server.executor(), *metrics,
                                                                      dry_runner.get());
    server.AddService(service.get());
    keep_alive.push_back(store);
    keep_alive.push_back(feed);
    keep_alive.push_back(metrics);
    keep_alive.push_back(service);
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
