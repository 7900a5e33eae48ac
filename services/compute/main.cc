// opmon-compute: the compute service binary.
#include <memory>
#include <vector>

#include "common/server/server.h"
#include "common/server/service_main.h"
#include "services/compute/compute_service.h"

int main(int argc, char** argv) {
  opmon::server::ServiceMainSpec spec;
  spec.defaults.binary = "opmon-compute";
  spec.defaults.service_name = "opmon.v1.ComputeService";
  spec.defaults.listen = "127.0.0.1:7102";
  spec.defaults.metrics_listen = "127.0.0.1:9102";
  spec.description = "opmon compute service";
  spec.env_prefix = "OPMON_COMPUTE";
  spec.setup = [](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
    auto service = std::make_shared<opmon::compute::ComputeServiceImpl>();
    server.AddService(service.get());
    keep_alive.push_back(service);
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
