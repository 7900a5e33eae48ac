// opmon-statistics: the statistics service binary.
#include <memory>
#include <vector>

#include "common/server/server.h"
#include "common/server/service_main.h"
#include "services/statistics/statistics_service.h"

int main(int argc, char** argv) {
  opmon::server::ServiceMainSpec spec;
  spec.defaults.binary = "opmon-statistics";
  spec.defaults.service_name = "opmon.v1.StatisticsService";
  spec.defaults.listen = "127.0.0.1:7103";
  spec.defaults.metrics_listen = "127.0.0.1:9103";
  spec.description = "opmon statistics service";
  spec.env_prefix = "OPMON_STATISTICS";
  spec.setup = [](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
    auto service = std::make_shared<opmon::statistics::StatisticsServiceImpl>();
    server.AddService(service.get());
    keep_alive.push_back(service);
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
