#include "services/statistics/cache_metrics.h"

#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace opmon::statistics {

PrometheusCacheObserver::PrometheusCacheObserver(prometheus::Registry& registry)
    : hits_(prometheus::BuildCounter()
                .Name("opmon_statistics_cache_hits_total")
                .Help("QueryStatistics pages answered from the cache")
                .Register(registry)
                .Add({})),
      misses_(prometheus::BuildCounter()
                  .Name("opmon_statistics_cache_misses_total")
                  .Help("QueryStatistics pages read from PostgreSQL")
                  .Register(registry)
                  .Add({})),
      evictions_(prometheus::BuildCounter()
                     .Name("opmon_statistics_cache_evictions_total")
                     .Help("Cached pages evicted to stay within --cache-bytes")
                     .Register(registry)
                     .Add({})),
      bytes_(prometheus::BuildGauge()
                 .Name("opmon_statistics_cache_bytes")
                 .Help("Approximate bytes held by the query cache")
                 .Register(registry)
                 .Add({})),
      entries_(prometheus::BuildGauge()
                   .Name("opmon_statistics_cache_entries")
                   .Help("Pages held by the query cache")
                   .Register(registry)
                   .Add({})) {}

void PrometheusCacheObserver::OnHit() { hits_.Increment(); }
void PrometheusCacheObserver::OnMiss() { misses_.Increment(); }
void PrometheusCacheObserver::OnEvictions(std::size_t count) { evictions_.Increment(static_cast<double>(count)); }
void PrometheusCacheObserver::OnSize(std::size_t bytes, std::size_t entries) {
  bytes_.Set(static_cast<double>(bytes));
  entries_.Set(static_cast<double>(entries));
}

}  // namespace opmon::statistics
