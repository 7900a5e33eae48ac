// opmon-statistics: the statistics service binary.
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/synchronization/mutex.h"
#include "common/http/http_url.h"
#include "common/server/service_main.h"
#include "services/statistics/domain/crash_rate_alerts.h"
#include "services/statistics/statistics_runtime.h"

namespace {

// Bad URLs are usage errors (exit 2), named like the flag.
CLI::Validator HttpUrlValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        absl::Status url = opmon::http::CheckHttpUrl(value);
        return url.ok() ? std::string() : std::string(url.message());
      },
      "URL");
}

// The service's own flags (ServiceMain adds the common ones).
void AddStatisticsFlags(opmon::server::ServiceFlags& service, opmon::statistics::StatisticsFlags& flags) {
  CLI::App& app = service.app();
  app.add_option("--config-addr", flags.config_addr,
                 "config service address; empty: read resolved projects from the shared database")
      ->envname("OPMON_CONFIG_ADDR");
  service.Option("--db-read-url", flags.db_read_url,
                 "PostgreSQL DSN of a streaming replica of the database for QueryStatistics reads (a replica behind "
                 "the version a query saw is skipped for the primary); empty: the primary");
  service.Option("--cache-bytes", flags.cache_bytes, "memory bound of the query cache, in bytes (0: no cache)")
      ->check(CLI::NonNegativeNumber);
  service.Option("--webhook-url", flags.webhook_url,
                 "http(s) URL that receives each new alert once, as JSON, for projects without "
                 "project.alert_webhook_url")
      ->check(HttpUrlValidator());
  service.Option("--webhook-workers", flags.webhook_workers,
                 "delivery threads working off the shared outbox (0: only queue; other replicas deliver)")
      ->check(CLI::Range(0, 64));
  service.Option("--webhook-timeout-ms", flags.webhook_timeout_ms, "time limit of one delivery attempt")
      ->check(CLI::PositiveNumber);
  service.Option("--webhook-max-attempts", flags.webhook_max_attempts,
                 "attempts before a delivery is given up (kept as dead)")
      ->check(CLI::PositiveNumber);
  service.Option("--webhook-max-age-seconds", flags.webhook_max_age_seconds,
                 "a delivery failing this long after its alert was raised is given up")
      ->check(CLI::PositiveNumber);
  service.Option("--webhook-initial-backoff-ms", flags.webhook_initial_backoff_ms,
                 "wait after a first failed attempt; doubled after each further one")
      ->check(CLI::PositiveNumber);
  service.Option("--webhook-max-backoff-ms", flags.webhook_max_backoff_ms, "cap of the wait between attempts")
      ->check(CLI::PositiveNumber);
  service.Option("--webhook-poll-ms", flags.webhook_poll_ms,
                 "how often idle delivery threads look for due deliveries queued by other replicas")
      ->check(CLI::PositiveNumber);
  service.Flag("--webhook-allow-private", flags.webhook_allow_private,
               "deliver webhooks to loopback, link-local, private and multicast addresses too (refused by default, "
               "checked after DNS resolution)");
  service.Option("--pending-alerts-grace-ms", flags.pending_alerts_grace_ms,
                 "a day compute committed is evaluated here if no PublishResults did within this time")
      ->check(CLI::NonNegativeNumber);
  service.Option("--live-interval-seconds", flags.live_interval_seconds,
                 "seconds between live experiment health checks and exports")
      ->check(CLI::PositiveNumber);
  service.Option("--live-export-dir", flags.live_export_dir,
                 "directory receiving each active experiment's live series as JSON files; empty: no export");
  service.Option("--live-export-workers", flags.live_export_workers,
                 "experiments exported at once (a slow one holds only its own thread)")
      ->check(CLI::Range(1, 64));
  service.Option("--srm-p-threshold", flags.srm_p_threshold,
                 "an srm alert is raised when the sample-ratio chi-square test gives p below this")
      ->check(CLI::Range(0.0, 1.0));
  service.Option("--min-enrollments-1d", flags.min_enrollments_after_1_day,
                 "a too_few_enrollments alert is raised with fewer enrollments 24 hours after the start")
      ->check(CLI::NonNegativeNumber);
  service.Option("--crash-alert-interval-seconds", flags.crash_alert_interval_seconds,
                 "seconds between checks of the error aggregates for crash_rate alerts (evaluated when they changed)")
      ->check(CLI::PositiveNumber);
  app.add_option_function<std::vector<std::string>>(
         "--crash-rate-threshold",
         [&flags](const std::vector<std::string>& values) {
           for (const std::string& v : values) {
             flags.crash_rate_alerts.thresholds.push_back(*opmon::statistics::ParseCrashRateThreshold(v));
           }
         },
         "MEASURE=RATE (repeatable): a crash_rate alert for a build whose rate of MEASURE is significantly above RATE "
         "events per 1,000 usage hours")
      ->envname("OPMON_STATISTICS_CRASH_RATE_THRESHOLDS")
      ->delimiter(',')
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            auto parsed = opmon::statistics::ParseCrashRateThreshold(value);
            return parsed.ok() ? std::string() : std::string(parsed.status().message());
          },
          "MEASURE=RATE"));
  app.add_option_function<double>(
         "--crash-rate-max-increase",
         [&flags](double value) { flags.crash_rate_alerts.max_increase = value; },
         "a crash_rate alert for a build whose rate is significantly more than this relative increase above the previous "
         "version's at the same age (default 0.25)")
      ->envname("OPMON_STATISTICS_CRASH_RATE_MAX_INCREASE")
      ->check(CLI::NonNegativeNumber);
  service.Option("--crash-rate-confidence", flags.crash_rate_alerts.confidence,
                 "confidence of the rate's Poisson interval in crash_rate messages; 1 - it is the false-alert level "
                 "per channel and evaluation (Bonferroni over the builds and measures tested)")
      ->check(CLI::Range(0.5, 0.999999));
  service.Option("--min-enrollments-2d", flags.min_enrollments_after_2_days, "the same 2 days after the start")
      ->check(CLI::NonNegativeNumber);
}

}  // namespace

int main(int argc, char** argv) {
  // Debian's abseil keeps Mutex deadlock detection on, which costs a graph
  // update per lock on the cached-query path; lock order is checked in
  // tests (OPMON_SANITIZE=thread), not in production.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  opmon::statistics::StatisticsFlags flags;
  auto spec =
      opmon::server::ServiceSpec<opmon::statistics::StatisticsRuntime>(opmon::grpc_edge::kStatisticsService, flags);
  spec.add_flags = [&flags](opmon::server::ServiceFlags& service) { AddStatisticsFlags(service, flags); };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
