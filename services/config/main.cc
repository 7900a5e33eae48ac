// opmon-config: the config service binary.
#include "common/server/service_main.h"
#include "services/config/config_runtime.h"

int main(int argc, char** argv) {
  opmon::config::ConfigFlags flags;
  auto spec = opmon::server::ServiceSpec<opmon::config::ConfigRuntime>(opmon::grpc_edge::kConfigService, flags);
  spec.add_flags = [&flags](opmon::server::ServiceFlags& service) {
    service.app()
        .add_option("--compute-addr", flags.compute_addr,
                    "compute service address, for ValidateProject dry runs; unset: dry runs fail")
        ->envname("OPMON_COMPUTE_ADDR");
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
