#pragma once
// The merge rules of the reference (metric-config-parser `merge`): a later
// layer patches an earlier one. Per entry (metric, data source, dimension,
// alert, parameter, function, metric group) every key the later layer sets
// wins, and new entries are added; a metric's `statistics` is replaced as a
// whole. Lists that accumulate across layers are appended: project.metrics,
// project.alerts, population.dimensions and an alert's metrics. Everything
// else in `project` and `population` is overridden when set. Which rule a
// key follows comes from its spec member's type (spec_fields.h).

#include "services/config/domain/spec.h"

namespace opmon::config {

// Merges `over` into `base`.
void MergeLayer(Layer& base, const Layer& over);

}  // namespace opmon::config
