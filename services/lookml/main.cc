// opmon-lookml: the lookml service binary.
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/time/time.h"
#include "common/config_client/project_watch.h"
#include "common/log/log.h"
#include "common/pg/channel_listener.h"
#include "common/pg/pool.h"
#include "common/results/data_version.h"
#include "common/server/server.h"
#include "common/server/service_main.h"
#include "services/lookml/lookml_generator.h"
#include "services/lookml/lookml_service.h"
#include "services/lookml/regenerator.h"

namespace {

struct LookmlFlags {
  std::string connection = "opmon";
  std::string output_dir;
  std::string config_addr;
  double poll_interval_seconds = 300;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace opmon::lookml;
  auto flags = std::make_shared<LookmlFlags>();
  opmon::server::ServiceMainSpec spec;
  spec.defaults.binary = "opmon-lookml";
  spec.defaults.service_name = "opmon.v1.LookmlService";
  spec.defaults.listen = "127.0.0.1:7104";
  spec.defaults.metrics_listen = "127.0.0.1:9104";
  spec.description = "opmon lookml service";
  spec.env_prefix = "OPMON_LOOKML";
  spec.add_flags = [flags](CLI::App& app) {
    app.add_option("--looker-connection", flags->connection, "Looker connection named in the generated model")
        ->envname("OPMON_LOOKML_LOOKER_CONNECTION")
        ->capture_default_str();
    app.add_option("--output-dir", flags->output_dir,
                   "keep a complete Looker project here, regenerated when projects or results change "
                   "(a symlink swapped atomically; empty: off)")
        ->envname("OPMON_LOOKML_OUTPUT_DIR");
    app.add_option("--config-addr", flags->config_addr,
                   "config service address whose WatchProjects stream triggers regeneration (with --output-dir); "
                   "empty: project changes are seen by the poll only")
        ->envname("OPMON_CONFIG_ADDR");
    app.add_option("--poll-interval", flags->poll_interval_seconds,
                   "seconds between safety-net checks for changed projects or results (with --output-dir; "
                   "changes normally wake it at once)")
        ->envname("OPMON_LOOKML_POLL_INTERVAL")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
  };
  spec.setup = [flags](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
    LookmlGeneratorOptions options;
    options.connection = flags->connection;
    auto generator = std::make_shared<LookmlGenerator>(server.pool(), std::move(options));
    auto service = std::make_shared<LookmlServiceImpl>(*generator, server.executor());
    server.AddService(service.get());
    keep_alive.push_back(generator);
    keep_alive.push_back(service);
    if (flags->output_dir.empty()) return absl::OkStatus();

    auto regenerator = std::make_shared<Regenerator>(*generator, flags->output_dir,
                                                     absl::Seconds(flags->poll_interval_seconds));
    auto results = std::make_shared<opmon::pg::ChannelListener>(
        server.pool().dsn(), std::string(opmon::results::kDataVersionsChannel),
        [r = regenerator.get()] { r->RequestCheck(); });
    std::shared_ptr<opmon::config::ProjectWatch> watch;
    if (!flags->config_addr.empty()) {
      // A re-opened stream also asks for a check: changes made while it was
      // down are found by comparing the fingerprint.
      watch = std::make_shared<opmon::config::ProjectWatch>(
          opmon::config::MakeWatchChannel(flags->config_addr),
          opmon::config::ProjectWatchCallbacks{
              .on_watching = [r = regenerator.get()] { r->RequestCheck(); },
              .on_change = [r = regenerator.get()](const opmon::config::ProjectChangeEvent&) { r->RequestCheck(); }});
    }
    regenerator->Start();
    results->Start();
    if (watch) watch->Start();
    server.AddShutdownHook([regenerator, results, watch] {
      if (watch) watch->Stop();
      results->Stop();
      regenerator->Stop();
    });
    opmon::log::Info("lookml output directory kept current",
                     {{"output_dir", flags->output_dir},
                      {"projects_watch", flags->config_addr.empty() ? "poll only" : flags->config_addr},
                      {"poll_interval", absl::FormatDuration(absl::Seconds(flags->poll_interval_seconds))}});
    // Destroyed in this order after the server stopped: the wakers before
    // the regenerator they call.
    keep_alive.push_back(watch);
    keep_alive.push_back(results);
    keep_alive.push_back(regenerator);
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
