#pragma once
// Registering opmon's Prometheus metrics in one line each. Names and help
// texts are opmon's own constants and label values come from closed sets
// (states, results), never from request input, so a metric's series stay
// bounded. The registry must outlive the returned references; with the
// registry's default (Merge) a name registered twice gives the same family.

#include <string>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace opmon::server {

prometheus::Family<prometheus::Counter>& CounterFamily(prometheus::Registry& registry, const std::string& name,
                                                       const std::string& help);
prometheus::Family<prometheus::Gauge>& GaugeFamily(prometheus::Registry& registry, const std::string& name,
                                                   const std::string& help);

// The one unlabelled series of a new family.
prometheus::Counter& Counter(prometheus::Registry& registry, const std::string& name, const std::string& help);
prometheus::Gauge& Gauge(prometheus::Registry& registry, const std::string& name, const std::string& help);

}  // namespace opmon::server
