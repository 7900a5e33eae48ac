#pragma once
// Prometheus export of webhook deliveries:
//   opmon_statistics_webhook_delivered_total      delivered by this replica
//   opmon_statistics_webhook_retries_total        failed attempts to be retried
//   opmon_statistics_webhook_dead_total           deliveries this replica gave up
//   opmon_statistics_webhook_outbox_rows{state="pending"|"dead"}
//                                                 rows in opmon.webhook_outbox
//                                                 (all replicas), read when idle

#include <cstdint>

#include "common/server/prometheus_fwd.h"
#include "services/statistics/domain/webhook_delivery.h"

namespace opmon::statistics {

class PrometheusDeliveryObserver final : public DeliveryObserver {
 public:
  // Registers the metrics on `registry`, which must outlive this object.
  explicit PrometheusDeliveryObserver(prometheus::Registry& registry);

  void OnDelivered() override;
  void OnRetry() override;
  void OnDead() override;
  void OnOutbox(std::int64_t pending, std::int64_t dead) override;

 private:
  prometheus::Counter& delivered_;
  prometheus::Counter& retries_;
  prometheus::Counter& dead_;
  prometheus::Family<prometheus::Gauge>& outbox_rows_;
  prometheus::Gauge& pending_rows_;
  prometheus::Gauge& dead_rows_;
};

}  // namespace opmon::statistics
