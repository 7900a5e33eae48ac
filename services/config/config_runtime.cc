#include "services/config/config_runtime.h"

#include "common/log/log.h"
#include "common/pg/pool.h"
#include "common/server/server.h"
#include "common/grpc/client_channel.h"

namespace opmon::config {

absl::StatusOr<std::shared_ptr<ConfigRuntime>> ConfigRuntime::Start(server::Server& server, const ConfigFlags& flags) {
  auto rt = std::make_shared<ConfigRuntime>();
  rt->store = std::make_unique<ConfigStore>(server.pool());
  rt->feed = std::make_unique<ChangeFeed>(ChangeFeedOptions{.dsn = server.pool().dsn()});
  rt->feed->Start();
  // Watch streams never end on their own; end them so shutdown can drain.
  ChangeFeed* feed = rt->feed.get();
  server.AddShutdownHook([feed] {
    feed->Stop();
    log::Info("change feed stopped; watch streams ended");
  });
  rt->metrics = std::make_unique<ConfigMetrics>(server.registry());
  if (!flags.compute_addr.empty()) {
    // The channel connects lazily, so compute may start after config.
    rt->dry_runner = std::make_unique<ComputeDryRunner>(
        flags.compute_addr, grpc_edge::MakeClientChannel(flags.compute_addr, server.options().client));
  }
  rt->service = std::make_unique<ConfigServiceImpl>(*rt->store, *rt->feed, server.executor(), server.watch_streams(),
                                                    *rt->metrics, rt->dry_runner.get());
  server.AddService(rt->service.get());
  rt->tokens = std::make_unique<TokenServiceImpl>(server.pool(), server.executor());
  server.AddService(rt->tokens.get());
  return rt;
}

}  // namespace opmon::config
