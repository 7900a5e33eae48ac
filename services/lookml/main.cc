// opmon-lookml: the lookml service binary.
#include <memory>
#include <vector>

#include "CLI/CLI.hpp"
#include "common/server/server.h"
#include "common/server/service_main.h"
#include "services/lookml/lookml_runtime.h"

int main(int argc, char** argv) {
  opmon::lookml::LookmlFlags flags;
  opmon::server::ServiceMainSpec spec;
  spec.defaults.binary = "opmon-lookml";
  spec.defaults.service_name = "opmon.v1.LookmlService";
  spec.defaults.listen = "127.0.0.1:7104";
  spec.defaults.metrics_listen = "127.0.0.1:9104";
  spec.description = "opmon lookml service";
  spec.env_prefix = "OPMON_LOOKML";
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
  spec.setup = [&flags](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
    auto runtime = opmon::lookml::LookmlRuntime::Start(server, flags);
    if (!runtime.ok()) return runtime.status();
    keep_alive.push_back(*runtime);
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
