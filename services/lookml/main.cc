// opmon-lookml: the lookml service binary.
#include "common/server/service_main.h"
#include "services/lookml/lookml_runtime.h"

int main(int argc, char** argv) {
  opmon::lookml::LookmlFlags flags;
  auto spec = opmon::server::ServiceSpec<opmon::lookml::LookmlRuntime>(opmon::grpc_edge::kLookmlService, flags);
  spec.add_flags = [&flags](opmon::server::ServiceFlags& service) {
    service.Option("--looker-connection", flags.connection, "Looker connection named in the generated model");
    service.Option("--output-dir", flags.output_dir,
                   "keep a complete Looker project here, regenerated when projects or results change "
                   "(a symlink swapped atomically; empty: off)");
    service.app()
        .add_option("--config-addr", flags.config_addr,
                    "config service address whose WatchProjects stream triggers regeneration (with --output-dir); "
                    "empty: project changes are seen by the poll only")
        ->envname("OPMON_CONFIG_ADDR");
    service.Option("--poll-interval", flags.poll_interval_seconds,
                   "seconds between safety-net checks for changed projects or results (with --output-dir; "
                   "changes normally wake it at once)")
        ->check(CLI::PositiveNumber);
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
