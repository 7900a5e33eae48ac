// opmon-lookml: the lookml service binary.
#include "CLI/CLI.hpp"
#include "common/server/service_main.h"
#include "services/lookml/lookml_runtime.h"

int main(int argc, char** argv) {
  opmon::lookml::LookmlFlags flags;
  auto spec = opmon::server::ServiceSpec<opmon::lookml::LookmlRuntime>(opmon::grpc_edge::kLookmlService, flags);
  spec.add_flags = [&flags](CLI::App& app) {
    app.add_option("--looker-connection", flags.connection, "Looker connection named in the generated model")
        ->envname("OPMON_LOOKML_LOOKER_CONNECTION")
        ->capture_default_str();
    app.add_option("--output-dir", flags.output_dir,
                   "keep a complete Looker project here, regenerated when projects or results change "
                   "(a symlink swapped atomically; empty: off)")
        ->envname("OPMON_LOOKML_OUTPUT_DIR");
    app.add_option("--config-addr", flags.config_addr,
                   "config service address whose WatchProjects stream triggers regeneration (with --output-dir); "
                   "empty: project changes are seen by the poll only")
        ->envname("OPMON_CONFIG_ADDR");
    app.add_option("--poll-interval", flags.poll_interval_seconds,
                   "seconds between safety-net checks for changed projects or results (with --output-dir; "
                   "changes normally wake it at once)")
        ->envname("OPMON_LOOKML_POLL_INTERVAL")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
