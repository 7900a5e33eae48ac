#include "services/statistics/webhook_metrics.h"

#include "common/server/metric_families.h"

namespace opmon::statistics {

PrometheusDeliveryObserver::PrometheusDeliveryObserver(prometheus::Registry& registry)
    : delivered_(server::Counter(registry, "opmon_statistics_webhook_delivered_total",
                                 "Alerts delivered to their webhook by this replica")),
      retries_(server::Counter(registry, "opmon_statistics_webhook_retries_total",
                               "Failed webhook attempts that will be retried")),
      dead_(server::Counter(registry, "opmon_statistics_webhook_dead_total",
                            "Webhook deliveries this replica gave up on (kept as dead in opmon.webhook_outbox)")),
      outbox_rows_(
          server::GaugeFamily(registry, "opmon_statistics_webhook_outbox_rows",
                              "Rows of opmon.webhook_outbox by state, all replicas (delivered ones not counted)")),
      pending_rows_(outbox_rows_.Add({{"state", "pending"}})),
      dead_rows_(outbox_rows_.Add({{"state", "dead"}})) {}

void PrometheusDeliveryObserver::OnDelivered() { delivered_.Increment(); }
void PrometheusDeliveryObserver::OnRetry() { retries_.Increment(); }
void PrometheusDeliveryObserver::OnDead() { dead_.Increment(); }
void PrometheusDeliveryObserver::OnOutbox(std::int64_t pending, std::int64_t dead) {
  pending_rows_.Set(static_cast<double>(pending));
  dead_rows_.Set(static_cast<double>(dead));
}

}  // namespace opmon::statistics
