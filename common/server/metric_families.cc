#include "common/server/metric_families.h"

namespace opmon::server {

prometheus::Family<prometheus::Counter>& CounterFamily(prometheus::Registry& registry, const std::string& name,
                                                       const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

prometheus::Family<prometheus::Gauge>& GaugeFamily(prometheus::Registry& registry, const std::string& name,
                                                   const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry);
}

prometheus::Counter& Counter(prometheus::Registry& registry, const std::string& name, const std::string& help) {
  return CounterFamily(registry, name, help).Add({});
}

prometheus::Gauge& Gauge(prometheus::Registry& registry, const std::string& name, const std::string& help) {
  return GaugeFamily(registry, name, help).Add({});
}

}  // namespace opmon::server
