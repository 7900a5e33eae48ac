// opmon-statistics: the statistics service binary.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/synchronization/mutex.h"
#include "common/config_client/config_client.h"
#include "common/http/http_url.h"
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
#include "services/statistics/domain/curl_http_client.h"
#include "services/statistics/domain/webhook_delivery.h"
#include "services/statistics/statistics_service.h"
#include "services/statistics/webhook_metrics.h"

namespace {

struct StatisticsFlags {
  std::string config_addr;
  std::int64_t cache_bytes = 256 << 20;
  std::string webhook_url;
  int webhook_workers = 2;
  std::int64_t webhook_timeout_ms = 10000;
  int webhook_max_attempts = 100;
  std::int64_t webhook_max_age_seconds = 24 * 3600;
  std::int64_t webhook_initial_backoff_ms = 1000;
  std::int64_t webhook_max_backoff_ms = 300000;
  std::int64_t webhook_poll_ms = 1000;
};

// Bad URLs are usage errors (exit 2), named like the flag.
CLI::Validator HttpUrlValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        absl::Status url = opmon::http::CheckHttpUrl(value);
        return url.ok() ? std::string() : std::string(url.message());
      },
      "URL");
}

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
    app.add_option("--webhook-url", flags->webhook_url,
                   "http(s) URL that receives each new alert once, as JSON, for projects without "
                   "project.alert_webhook_url")
        ->envname("OPMON_STATISTICS_WEBHOOK_URL")
        ->check(HttpUrlValidator());
    app.add_option("--webhook-workers", flags->webhook_workers,
                   "delivery threads working off the shared outbox (0: only queue; other replicas deliver)")
        ->envname("OPMON_STATISTICS_WEBHOOK_WORKERS")
        ->check(CLI::Range(0, 64))
        ->capture_default_str();
    app.add_option("--webhook-timeout-ms", flags->webhook_timeout_ms, "time limit of one delivery attempt")
        ->envname("OPMON_STATISTICS_WEBHOOK_TIMEOUT_MS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--webhook-max-attempts", flags->webhook_max_attempts,
                   "attempts before a delivery is given up (kept as dead)")
        ->envname("OPMON_STATISTICS_WEBHOOK_MAX_ATTEMPTS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--webhook-max-age-seconds", flags->webhook_max_age_seconds,
                   "a delivery failing this long after its alert was raised is given up")
        ->envname("OPMON_STATISTICS_WEBHOOK_MAX_AGE_SECONDS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--webhook-initial-backoff-ms", flags->webhook_initial_backoff_ms,
                   "wait after a first failed attempt; doubled after each further one")
        ->envname("OPMON_STATISTICS_WEBHOOK_INITIAL_BACKOFF_MS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--webhook-max-backoff-ms", flags->webhook_max_backoff_ms, "cap of the wait between attempts")
        ->envname("OPMON_STATISTICS_WEBHOOK_MAX_BACKOFF_MS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--webhook-poll-ms", flags->webhook_poll_ms,
                   "how often idle delivery threads look for due deliveries queued by other replicas")
        ->envname("OPMON_STATISTICS_WEBHOOK_POLL_MS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
  };
  spec.setup = [flags](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
    std::shared_ptr<HttpClient> http_client =
        MakeCurlHttpClient({.timeout = absl::Milliseconds(flags->webhook_timeout_ms)});
    auto delivery_observer = std::make_shared<PrometheusDeliveryObserver>(server.registry());
    WebhookDeliveryOptions delivery_options;
    delivery_options.policy = {.max_attempts = flags->webhook_max_attempts,
                               .max_age = absl::Seconds(flags->webhook_max_age_seconds),
                               .initial_backoff = absl::Milliseconds(flags->webhook_initial_backoff_ms),
                               .max_backoff = absl::Milliseconds(flags->webhook_max_backoff_ms)};
    delivery_options.workers = flags->webhook_workers;
    delivery_options.poll_interval = absl::Milliseconds(flags->webhook_poll_ms);
    // Always running: projects may name their own webhook without the flag.
    auto delivery = std::make_shared<WebhookDelivery>(server.pool(), *http_client, delivery_observer.get(),
                                                      delivery_options);
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
    auto publisher =
        std::make_shared<ResultsPublisher>(server.pool(), *projects, *cache, flags->webhook_url, delivery.get());
    auto service =
        std::make_shared<StatisticsServiceImpl>(server.pool(), *projects, *queries, *publisher, server.executor());
    server.AddService(service.get());
    opmon::log::Info("statistics service configured",
                     {{"cache_bytes", std::to_string(flags->cache_bytes)},
                      {"webhook", flags->webhook_url.empty() ? "none" : opmon::http::UrlOrigin(flags->webhook_url)},
                      {"webhook_workers", std::to_string(flags->webhook_workers)},
                      {"projects", flags->config_addr.empty() ? "database" : flags->config_addr}});
    // Destroyed in this order after the server stopped: the service first;
    // the delivery workers (joined by `delivery`) before the client and
    // observer they use.
    for (std::shared_ptr<void> p : std::vector<std::shared_ptr<void>>{
             service, publisher, queries, projects, config_client, cache, observer, delivery, http_client,
             delivery_observer}) {
      keep_alive.push_back(std::move(p));
    }
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
