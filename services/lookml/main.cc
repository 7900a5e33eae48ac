// opmon-lookml: the lookml service binary.
#include <memory>
#include <vector>

#include "common/server/server.h"
#include "common/server/service_main.h"
#include "services/lookml/lookml_service.h"

int main(int argc, char** argv) {
  opmon::server::ServiceMainSpec spec;
  spec.defaults.binary = "opmon-lookml";
  spec.defaults.service_name = "opmon.v1.LookmlService";
  spec.defaults.listen = "127.0.0.1:7104";
  spec.defaults.metrics_listen = "127.0.0.1:9104";
  spec.description = "opmon lookml service";
  spec.env_prefix = "OPMON_LOOKML";
  spec.setup = [](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
    auto service = std::make_shared<opmon::lookml::LookmlServiceImpl>();
    server.AddService(service.get());
    keep_alive.push_back(service);
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
