#include "services/statistics/webhook_metrics.h"

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace opmon::statistics {

PrometheusDeliveryObserver::PrometheusDeliveryObserver(prometheus::Registry& registry)
    : delivered_(prometheus::BuildCounter()
                     .Name("opmon_statistics_webhook_delivered_total")
                     .Help("Alerts delivered to their webhook by this replica")
                     .Register(registry)
                     .Add({})),
      retries_(prometheus::BuildCounter()
                   .Name("opmon_statistics_webhook_retries_total")
                   .Help("Failed webhook attempts that will be retried")
                   .Register(registry)
                   .Add({})),
      dead_(prometheus::BuildCounter()
                .Name("opmon_statistics_webhook_dead_total")
                .Help("Webhook deliveries this replica gave up on (kept as dead in opmon.webhook_outbox)")
                .Register(registry)
                .Add({})),
      outbox_rows_(prometheus::BuildGauge()
                       .Name("opmon_statistics_webhook_outbox_rows")
                       .Help("Rows of opmon.webhook_outbox by state, all replicas (delivered ones not counted)")
                       .Register(registry)),
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
