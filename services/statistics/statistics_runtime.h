#pragma once
// Everything one statistics replica runs besides the gRPC server: webhook
// delivery (always running: projects may name their own webhook), the query
// cache, the stored projects (from the database or the config service), the
// queries (statistics and legacy aggregates), the results publisher, the
// worker evaluating the alerts of committed days nobody published, and the
// service. Members are declared in dependency order so they are destroyed in
// reverse: the service first, the delivery workers before the HTTP client and
// observer they use.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/config_client/config_client.h"
#include "services/statistics/cache_metrics.h"
#include "services/statistics/domain/error_aggregates_queries.h"
#include "services/statistics/domain/crash_rate_monitor.h"
#include "services/statistics/domain/crash_summaries.h"
#include "services/statistics/domain/http_client.h"
#include "services/statistics/domain/legacy_queries.h"
#include "services/statistics/domain/live_monitor.h"
#include "services/statistics/domain/live_series_queries.h"
#include "services/statistics/domain/pending_alerts_worker.h"
#include "services/statistics/domain/query_cache.h"
#include "services/statistics/domain/results_publisher.h"
#include "services/statistics/domain/statistics_queries.h"
#include "services/statistics/domain/stored_projects.h"
#include "services/statistics/domain/webhook_delivery.h"
#include "services/statistics/statistics_service.h"
#include "services/statistics/webhook_metrics.h"

namespace opmon::server {
class Server;
}

namespace opmon::statistics {

struct StatisticsFlags {
  std::string config_addr;  // empty: read resolved projects from the database
  std::int64_t cache_bytes = 256 << 20;
  std::string db_read_url;  // empty: reads go to the primary (--db-url)
  std::string webhook_url;  // empty: only projects' own alert_webhook_url
  int webhook_workers = 2;
  std::int64_t webhook_timeout_ms = 10000;
  int webhook_max_attempts = 100;
  std::int64_t webhook_max_age_seconds = 24 * 3600;
  std::int64_t webhook_initial_backoff_ms = 1000;
  std::int64_t webhook_max_backoff_ms = 300000;
  std::int64_t webhook_poll_ms = 1000;
  bool webhook_allow_private = false;  // deliver to loopback/private/... addresses too
  std::int64_t pending_alerts_grace_ms = 5000;
  // Live monitoring (docs/live.md): health checks and the export.
  std::int64_t live_interval_seconds = 300;
  std::string live_export_dir;  // empty: no export
  int live_export_workers = 2;
  double srm_p_threshold = 0.001;
  std::int64_t min_enrollments_after_1_day = 500;
  std::int64_t min_enrollments_after_2_days = 1000;
  // Crash monitoring (docs/errors.md): crash_rate alerts.
  std::int64_t crash_alert_interval_seconds = 60;
  CrashRateAlertOptions crash_rate_alerts;  // webhook_url is the one above
};

struct StatisticsRuntime {
  std::unique_ptr<PrometheusDeliveryObserver> delivery_observer;
  std::unique_ptr<HttpClient> http_client;
  std::unique_ptr<WebhookDelivery> delivery;
  std::unique_ptr<PrometheusCacheObserver> cache_observer;
  std::unique_ptr<QueryCache> cache;
  std::shared_ptr<config::ConfigClient> config_client;  // null without --config-addr; shared with the fetcher
  std::unique_ptr<pg::Pool> read_pool;  // null without --db-read-url
  std::unique_ptr<StoredProjects> projects;
  std::unique_ptr<StatisticsQueries> queries;
  std::unique_ptr<LegacyQueries> legacy_queries;
  std::unique_ptr<LiveSeriesQueries> live_series;
  std::unique_ptr<ErrorAggregatesQueries> error_aggregates;
  std::unique_ptr<CrashSummaries> crash_summaries;
  std::unique_ptr<ResultsPublisher> publisher;
  std::unique_ptr<PendingAlertsWorker> pending_alerts;
  std::unique_ptr<LiveMonitor> live_monitor;
  std::unique_ptr<CrashRateMonitor> crash_rate_monitor;
  std::unique_ptr<StatisticsServiceImpl> service;

  // Builds the runtime on `server` (starting the delivery workers) and
  // registers the service. The runtime must outlive the server's Run().
  static absl::StatusOr<std::shared_ptr<StatisticsRuntime>> Start(server::Server& server,
                                                                  const StatisticsFlags& flags);
};

}  // namespace opmon::statistics
