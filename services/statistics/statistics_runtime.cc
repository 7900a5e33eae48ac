#include "services/statistics/statistics_runtime.h"

#include "common/http/http_url.h"
#include "common/log/log.h"
#include "common/pg/pool.h"
#include "common/server/server.h"
#include "common/grpc/client_channel.h"
#include "services/statistics/domain/curl_http_client.h"

namespace opmon::statistics {
namespace {

WebhookDeliveryOptions DeliveryOptions(const StatisticsFlags& flags) {
  WebhookDeliveryOptions options;
  options.policy = {.max_attempts = flags.webhook_max_attempts,
                    .max_age = absl::Seconds(flags.webhook_max_age_seconds),
                    .initial_backoff = absl::Milliseconds(flags.webhook_initial_backoff_ms),
                    .max_backoff = absl::Milliseconds(flags.webhook_max_backoff_ms)};
  options.workers = flags.webhook_workers;
  options.poll_interval = absl::Milliseconds(flags.webhook_poll_ms);
  return options;
}

// New project versions from the config service; the client caches them.
StoredProjects::ProjectFetcher ConfigServiceFetcher(std::shared_ptr<config::ConfigClient> client) {
  return [client = std::move(client)](const std::string& slug, std::int64_t version)
             -> absl::StatusOr<std::shared_ptr<const config::ResolvedProject>> {
    auto fetched = client->GetVersionedProject(slug, version);
    if (!fetched.ok()) return fetched.status();
    // Shares ownership with the client's cached version.
    return std::shared_ptr<const config::ResolvedProject>(*fetched, &(*fetched)->project);
  };
}

}  // namespace

absl::StatusOr<std::shared_ptr<StatisticsRuntime>> StatisticsRuntime::Start(server::Server& server,
                                                                             const StatisticsFlags& flags) {
  auto rt = std::make_shared<StatisticsRuntime>();
  rt->delivery_observer = std::make_unique<PrometheusDeliveryObserver>(server.registry());
  rt->http_client = MakeCurlHttpClient({.timeout = absl::Milliseconds(flags.webhook_timeout_ms),
                                        .allow_private_destinations = flags.webhook_allow_private});
  rt->delivery = std::make_unique<WebhookDelivery>(server.pool(), *rt->http_client, rt->delivery_observer.get(),
                                                   DeliveryOptions(flags));
  rt->cache_observer = std::make_unique<PrometheusCacheObserver>(server.registry());
  rt->cache = std::make_unique<QueryCache>(static_cast<std::size_t>(flags.cache_bytes), rt->cache_observer.get());
  StoredProjects::ProjectFetcher fetcher;
  if (!flags.config_addr.empty()) {
    rt->config_client = std::make_shared<config::ConfigClient>(
        grpc_edge::MakeClientChannel(flags.config_addr, server.options().client));
    fetcher = ConfigServiceFetcher(rt->config_client);
  }
  rt->projects = std::make_unique<StoredProjects>(server.pool(), std::move(fetcher));
  if (!flags.db_read_url.empty()) {
    rt->read_pool = std::make_unique<pg::Pool>(
        pg::PoolOptions{.dsn = flags.db_read_url, .size = server.options().db_pool_size,
                        // One try: a replica that is down is skipped for the primary at once.
                        .max_attempts = 1, .connect_timeout_seconds = 2});
  }
  rt->queries = std::make_unique<StatisticsQueries>(server.pool(), *rt->projects, *rt->cache, rt->read_pool.get());
  rt->legacy_queries = std::make_unique<LegacyQueries>(server.pool(), *rt->cache);
  rt->live_series = std::make_unique<LiveSeriesQueries>(server.pool(), *rt->cache);
  rt->error_aggregates = std::make_unique<ErrorAggregatesQueries>(server.pool(), *rt->cache);
  rt->crash_summaries = std::make_unique<CrashSummaries>(server.pool(), *rt->cache);
  rt->publisher = std::make_unique<ResultsPublisher>(server.pool(), *rt->projects, *rt->cache, flags.webhook_url,
                                                     rt->delivery.get());
  rt->pending_alerts = std::make_unique<PendingAlertsWorker>(
      server.pool(), *rt->publisher, server.options().db_url,
      PendingAlertsOptions{.grace = absl::Milliseconds(flags.pending_alerts_grace_ms),
                           .ready = [&server] { return server.serving(); }});
  rt->pending_alerts->Start();
  PendingAlertsWorker* pending = rt->pending_alerts.get();
  server.AddShutdownHook([pending] { pending->Stop(); });
  rt->live_monitor = std::make_unique<LiveMonitor>(
      server.pool(), *rt->live_series,
      LiveMonitorOptions{.interval = absl::Seconds(flags.live_interval_seconds),
                         .export_dir = flags.live_export_dir,
                         .export_workers = flags.live_export_workers,
                         .health = {.srm_p_threshold = flags.srm_p_threshold,
                                    .min_enrollments_after_1_day = flags.min_enrollments_after_1_day,
                                    .min_enrollments_after_2_days = flags.min_enrollments_after_2_days,
                                    .webhook_url = flags.webhook_url},
                         .ready = [&server] { return server.serving(); }});
  rt->live_monitor->Start();
  LiveMonitor* live_monitor = rt->live_monitor.get();
  server.AddShutdownHook([live_monitor] { live_monitor->Stop(); });
  CrashRateAlertOptions crash_alerts = flags.crash_rate_alerts;
  crash_alerts.webhook_url = flags.webhook_url;
  rt->crash_rate_monitor = std::make_unique<CrashRateMonitor>(
      server.pool(), CrashRateMonitorOptions{.interval = absl::Seconds(flags.crash_alert_interval_seconds),
                                             .alerts = std::move(crash_alerts),
                                             .ready = [&server] { return server.serving(); }});
  rt->crash_rate_monitor->Start();
  CrashRateMonitor* crash_rate_monitor = rt->crash_rate_monitor.get();
  server.AddShutdownHook([crash_rate_monitor] { crash_rate_monitor->Stop(); });
  rt->service = std::make_unique<StatisticsServiceImpl>(server.pool(), *rt->projects, *rt->queries, *rt->legacy_queries,
                                                        *rt->live_series, *rt->error_aggregates, *rt->crash_summaries,
                                                        *rt->publisher,
                                                        server.executor());
  server.AddService(rt->service.get());
  log::Info("statistics service configured",
            {{"cache_bytes", std::to_string(flags.cache_bytes)},
             {"webhook", flags.webhook_url.empty() ? "none" : http::UrlOrigin(flags.webhook_url)},
             {"webhook_workers", std::to_string(flags.webhook_workers)},
             {"webhook_allow_private", flags.webhook_allow_private ? "yes" : "no"},
             {"pending_alerts_grace_ms", std::to_string(flags.pending_alerts_grace_ms)},
             {"live_interval_seconds", std::to_string(flags.live_interval_seconds)},
             {"live_export_dir", flags.live_export_dir.empty() ? "none" : flags.live_export_dir},
             {"crash_alert_interval_seconds", std::to_string(flags.crash_alert_interval_seconds)},
             {"projects", flags.config_addr.empty() ? "database" : flags.config_addr}});
  return rt;
}

}  // namespace opmon::statistics
