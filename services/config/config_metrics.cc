#include "services/config/config_metrics.h"

#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace opmon::config {

ConfigMetrics::ConfigMetrics(prometheus::Registry& registry)
    : project_applies_(prometheus::BuildCounter()
                           .Name("opmon_config_project_applies_total")
                           .Help("ApplyProject calls that succeeded, by whether they stored a new version")
                           .Register(registry)),
      definitions_applies_(prometheus::BuildCounter()
                               .Name("opmon_config_definitions_applies_total")
                               .Help("ApplyDefinitions calls that succeeded, by whether they stored a new version")
                               .Register(registry)),
      project_changed_(project_applies_.Add({{"result", "changed"}})),
      project_unchanged_(project_applies_.Add({{"result", "unchanged"}})),
      definitions_changed_(definitions_applies_.Add({{"result", "changed"}})),
      definitions_unchanged_(definitions_applies_.Add({{"result", "unchanged"}})),
      watch_streams_(prometheus::BuildGauge()
                         .Name("opmon_config_watch_streams")
                         .Help("Open WatchProjects streams")
                         .Register(registry)
                         .Add({})) {}

void ConfigMetrics::ProjectApplied(bool changed) { (changed ? project_changed_ : project_unchanged_).Increment(); }

void ConfigMetrics::DefinitionsApplied(bool changed) {
  (changed ? definitions_changed_ : definitions_unchanged_).Increment();
}

void ConfigMetrics::WatchOpened() { watch_streams_.Increment(); }

void ConfigMetrics::WatchClosed() { watch_streams_.Decrement(); }

}  // namespace opmon::config
