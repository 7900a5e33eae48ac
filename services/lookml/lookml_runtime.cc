#include "services/lookml/lookml_runtime.h"

#include "absl/time/time.h"
#include "common/grpc/client_channel.h"
#include "common/log/log.h"
#include "common/pg/pool.h"
#include "common/results/data_version.h"
#include "common/server/server.h"

namespace opmon::lookml {

absl::StatusOr<std::shared_ptr<LookmlRuntime>> LookmlRuntime::Start(server::Server& server, const LookmlFlags& flags) {
  auto rt = std::make_shared<LookmlRuntime>();
  LookmlGeneratorOptions options;
  options.connection = flags.connection;
  rt->generator = std::make_unique<LookmlGenerator>(server.pool(), std::move(options));
  rt->service = std::make_unique<LookmlServiceImpl>(*rt->generator, server.executor());
  server.AddService(rt->service.get());
  if (flags.output_dir.empty()) return rt;

  rt->regenerator = std::make_unique<Regenerator>(*rt->generator, flags.output_dir,
                                                  absl::Seconds(flags.poll_interval_seconds));
  Regenerator* regenerator = rt->regenerator.get();
  rt->results_listener = std::make_unique<pg::ChannelListener>(
      server.pool().dsn(), std::string(results::kDataVersionsChannel), [regenerator] { regenerator->RequestCheck(); });
  if (!flags.config_addr.empty()) {
    // A re-opened stream also asks for a check: changes made while it was
    // down are found by comparing the fingerprint.
    grpc_edge::ClientChannelOptions watch_channel = server.options().client;
    watch_channel.max_reconnect_backoff = absl::Seconds(2);
    rt->watch = std::make_unique<config::ProjectWatch>(
        grpc_edge::MakeClientChannel(flags.config_addr, watch_channel),
        config::ProjectWatchCallbacks{
            .on_watching = [regenerator] { regenerator->RequestCheck(); },
            .on_change = [regenerator](const config::ProjectChangeEvent&) { regenerator->RequestCheck(); }});
  }
  rt->regenerator->Start();
  rt->results_listener->Start();
  if (rt->watch) rt->watch->Start();
  LookmlRuntime* raw = rt.get();
  server.AddShutdownHook([raw] {
    if (raw->watch) raw->watch->Stop();
    raw->results_listener->Stop();
    raw->regenerator->Stop();
  });
  log::Info("lookml output directory kept current",
            {{"output_dir", flags.output_dir},
             {"projects_watch", flags.config_addr.empty() ? "poll only" : flags.config_addr},
             {"poll_interval", absl::FormatDuration(absl::Seconds(flags.poll_interval_seconds))}});
  return rt;
}

}  // namespace opmon::lookml
