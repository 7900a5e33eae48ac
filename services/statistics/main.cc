// opmon-statistics: the statistics service binary.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/synchronization/mutex.h"
#include "common/config_client/config_client.h"
#include "common/log/log.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "common/server/server.h"
#include "common/server/service_main.h"
#include "services/statistics/cache_metrics.h"
#include "services/statistics/domain/query_cache.h"
#include "services/statistics/domain/results_publisher.h"
#include "services/statistics/domain/statistics_queries.h"
#include "services/statistics/domain/stored_projects.h"
#include "services/statistics/domain/webhook_notifier.h"
#include "services/statistics/statistics_service.h"

namespace {

struct StatisticsFlags {
  std::string config_addr;
  std::int64_t cache_bytes = 256 << 20;
  std::string webhook_url;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace opmon::statistics;
  // Debian's abseil keeps Mutex deadlock detection on, which costs a graph
  // update per lock on the cached-query path; lock order is checked in
  // tests (OPMON_SANITIZE=thread), not in production.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  auto flags = std::make_shared<StatisticsFlags>();
  opmon::server::ServiceMainSpec spec;
  spec.defaults.binary = "opmon-statistics";
  spec.defaults.service_name = "opmon.v1.StatisticsService";
  spec.defaults.listen = "127.0.0.1:7103";
  spec.defaults.metrics_listen = "127.0.0.1:9103";
  spec.description = "opmon statistics service";
  spec.env_prefix = "OPMON_STATISTICS";
  spec.add_flags = [flags](CLI::App& app) {
    app.add_option("--config-addr", flags->config_addr,
                   "config service address; empty: read resolved projects from the shared database")
        ->envname("OPMON_CONFIG_ADDR");
    app.add_option("--cache-bytes", flags->cache_bytes, "memory bound of the query cache, in bytes (0: no cache)")
        ->envname("OPMON_STATISTICS_CACHE_BYTES")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--webhook-url", flags->webhook_url, "http:// URL that receives each new alert once, as JSON")
        ->envname("OPMON_STATISTICS_WEBHOOK_URL");
  };
  spec.setup = [flags](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
    std::shared_ptr<WebhookNotifier> notifier;
    if (!flags->webhook_url.empty()) {
      auto created = WebhookNotifier::Create({.url = flags->webhook_url});
      if (!created.ok()) return created.status();
      notifier = std::move(*created);
    }
    auto observer = std::make_shared<PrometheusCacheObserver>(server.registry());
    auto cache = std::make_shared<QueryCache>(static_cast<std::size_t>(flags->cache_bytes), observer.get());
    std::shared_ptr<opmon::config::ConfigClient> config_client;
    StoredProjects::ProjectFetcher fetcher;
    if (!flags->config_addr.empty()) {
      config_client = std::make_shared<opmon::config::ConfigClient>(
          grpc::CreateChannel(flags->config_addr, grpc::InsecureChannelCredentials()));
      fetcher = [client = config_client](const std::string& slug, std::int64_t version)
          -> absl::StatusOr<std::shared_ptr<const opmon::config::ResolvedProject>> {
        auto fetched = client->GetVersionedProject(slug, version);
        if (!fetched.ok()) return fetched.status();
        // Shares ownership with the client's cached version.
        return std::shared_ptr<const opmon::config::ResolvedProject>(*fetched, &(*fetched)->project);
      };
    }
    auto projects = std::make_shared<StoredProjects>(server.pool(), std::move(fetcher));
    auto queries = std::make_shared<StatisticsQueries>(server.pool(), *projects, *cache);
    auto publisher = std::make_shared<ResultsPublisher>(server.pool(), *projects, *cache, notifier.get());
    auto service =
        std::make_shared<StatisticsServiceImpl>(server.pool(), *projects, *queries, *publisher, server.executor());
    server.AddService(service.get());
    opmon::log::Info("statistics service configured",
                     {{"cache_bytes", std::to_string(flags->cache_bytes)},
                      {"webhook", flags->webhook_url.empty() ? "none" : flags->webhook_url},
                      {"projects", flags->config_addr.empty() ? "database" : flags->config_addr}});
    // Destroyed in this order after the server stopped: the service first,
    // the notifier (which joins its thread) last.
    for (std::shared_ptr<void> p : std::vector<std::shared_ptr<void>>{service, publisher, queries, projects,
                                                                      config_client, cache, observer, notifier}) {
      keep_alive.push_back(std::move(p));
    }
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
