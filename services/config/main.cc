// opmon-config: the config service binary.
#include <memory>
#include <vector>

#include "CLI/CLI.hpp"
#include "common/server/server.h"
#include "common/server/service_main.h"
#include "services/config/config_runtime.h"

int main(int argc, char** argv) {
  opmon::config::ConfigFlags flags;
  opmon::server::ServiceMainSpec spec;
  spec.defaults.binary = "opmon-config";
  spec.defaults.service_name = "opmon.v1.ConfigService";
  spec.defaults.listen = "127.0.0.1:7101";
  spec.defaults.metrics_listen = "127.0.0.1:9101";
  spec.description = "opmon config service";
  spec.env_prefix = "OPMON_CONFIG";
  spec.add_flags = [&flags](CLI::App& app) {
    app.add_option("--compute-addr", flags.compute_addr,
                   "compute service address, for ValidateProject dry runs; unset: dry runs fail")
        ->envname("OPMON_COMPUTE_ADDR");
  };
  spec.setup = [&flags](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
    auto runtime = opmon::config::ConfigRuntime::Start(server, flags);
    if (!runtime.ok()) return runtime.status();
    keep_alive.push_back(*runtime);
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
