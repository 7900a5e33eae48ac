#include "services/config/config_metrics.h"

#include "common/server/metric_families.h"

namespace opmon::config {

ConfigMetrics::ConfigMetrics(prometheus::Registry& registry)
    : project_applies_(
          server::CounterFamily(registry, "opmon_config_project_applies_total",
                                "ApplyProject calls that succeeded, by whether they stored a new version")),
      definitions_applies_(
          server::CounterFamily(registry, "opmon_config_definitions_applies_total",
                                "ApplyDefinitions calls that succeeded, by whether they stored a new version")),
      project_changed_(project_applies_.Add({{"result", "changed"}})),
      project_unchanged_(project_applies_.Add({{"result", "unchanged"}})),
      definitions_changed_(definitions_applies_.Add({{"result", "changed"}})),
      definitions_unchanged_(definitions_applies_.Add({{"result", "unchanged"}})),
      watch_streams_(server::Gauge(registry, "opmon_config_watch_streams", "Open WatchProjects streams")) {}

void ConfigMetrics::ProjectApplied(bool changed) { (changed ? project_changed_ : project_unchanged_).Increment(); }

void ConfigMetrics::DefinitionsApplied(bool changed) {
  (changed ? definitions_changed_ : definitions_unchanged_).Increment();
}

void ConfigMetrics::WatchOpened() { watch_streams_.Increment(); }

void ConfigMetrics::WatchClosed() { watch_streams_.Decrement(); }

}  // namespace opmon::config
