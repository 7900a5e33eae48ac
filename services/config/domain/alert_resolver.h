#pragma once
// Resolution of the project parts that refer to its resolved metrics: alerts
// (references, per-type parameter rules of the reference) and metric groups
// (members must be project metrics). Part of resolver.h.

#include <map>
#include <string>

#include "common/config/project.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/spec.h"

namespace opmon::config {

struct AlertContext {
  const Layer& layer;         // merged layers
  ResolvedProject& project;   // metrics already resolved; alerts/groups appended
  DiagnosticSink& sink;
};

// Appends the alerts named in `refs` (project.alerts), reporting unknown
// alerts, missing or misplaced keys and metrics outside the project.
void ResolveAlerts(const LocatedNames& refs, AlertContext& context);

// Appends the metric groups, sorted by name.
void ResolveMetricGroups(const std::map<std::string, MetricGroupSpec>& groups,
                         AlertContext& context);

}  // namespace opmon::config
