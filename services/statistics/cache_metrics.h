#pragma once
// Prometheus export of the query cache's events:
//   opmon_statistics_cache_hits_total, opmon_statistics_cache_misses_total,
//   opmon_statistics_cache_evictions_total (LRU evictions for space),
//   opmon_statistics_cache_bytes, opmon_statistics_cache_entries.

#include <cstddef>

#include "common/server/prometheus_fwd.h"
#include "services/statistics/domain/query_cache.h"

namespace opmon::statistics {

class PrometheusCacheObserver final : public CacheObserver {
 public:
  // Registers the metrics on `registry`, which must outlive this object.
  explicit PrometheusCacheObserver(prometheus::Registry& registry);

  void OnHit() override;
  void OnMiss() override;
  void OnEvictions(std::size_t count) override;
  void OnSize(std::size_t bytes, std::size_t entries) override;

 private:
  prometheus::Counter& hits_;
  prometheus::Counter& misses_;
  prometheus::Counter& evictions_;
  prometheus::Gauge& bytes_;
  prometheus::Gauge& entries_;
};

}  // namespace opmon::statistics
