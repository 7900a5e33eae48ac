// opmon-config: the config service binary.
#include <memory>
#include <vector>

#include "common/log/log.h"
#include "common/pg/pool.h"
#include "common/server/server.h"
#include "common/server/service_main.h"
#include "services/config/config_metrics.h"
#include "services/config/config_service.h"
#include "services/config/storage/change_feed.h"
#include "services/config/storage/config_store.h"

int main(int argc, char** argv) {
  opmon::server::ServiceMainSpec spec;
  spec.defaults.binary = "opmon-config";
  spec.defaults.service_name = "opmon.v1.ConfigService";
  spec.defaults.listen = "127.0.0.1:7101";
  spec.defaults.metrics_listen = "127.0.0.1:9101";
  spec.description = "opmon config service";
  spec.env_prefix = "OPMON_CONFIG";
  spec.setup = [](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
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
    auto service =
        std::make_shared<opmon::config::ConfigServiceImpl>(*store, *feed, server.executor(), *metrics);
    server.AddService(service.get());
    keep_alive.push_back(store);
    keep_alive.push_back(feed);
    keep_alive.push_back(metrics);
    keep_alive.push_back(service);
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
