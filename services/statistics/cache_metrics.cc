#include "services/statistics/cache_metrics.h"

#include "common/server/metric_families.h"

namespace opmon::statistics {

PrometheusCacheObserver::PrometheusCacheObserver(prometheus::Registry& registry)
    : hits_(server::Counter(registry, "opmon_statistics_cache_hits_total",
                            "QueryStatistics pages answered from the cache")),
      misses_(server::Counter(registry, "opmon_statistics_cache_misses_total",
                              "QueryStatistics pages read from PostgreSQL")),
      evictions_(server::Counter(registry, "opmon_statistics_cache_evictions_total",
                                 "Cached pages evicted to stay within --cache-bytes")),
      bytes_(server::Gauge(registry, "opmon_statistics_cache_bytes", "Approximate bytes held by the query cache")),
      entries_(server::Gauge(registry, "opmon_statistics_cache_entries", "Pages held by the query cache")) {}

void PrometheusCacheObserver::OnHit() { hits_.Increment(); }
void PrometheusCacheObserver::OnMiss() { misses_.Increment(); }
void PrometheusCacheObserver::OnEvictions(std::size_t count) { evictions_.Increment(static_cast<double>(count)); }
void PrometheusCacheObserver::OnSize(std::size_t bytes, std::size_t entries) {
  bytes_.Set(static_cast<double>(bytes));
  entries_.Set(static_cast<double>(entries));
}

}  // namespace opmon::statistics
