#pragma once
// Forward declarations of the prometheus-cpp types the services' metric
// headers name, so those headers need not include prometheus-cpp; their .cc
// files include prometheus-cpp (or common/server/metric_families.h).

namespace prometheus {
class Counter;
class Exposer;
class Gauge;
class Histogram;
class Registry;
template <typename T>
class Family;
}  // namespace prometheus
