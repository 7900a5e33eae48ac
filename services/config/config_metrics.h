#pragma once
// The config service's domain metrics, next to the RPC metrics every service
// has (common/server/rpc_metrics.h):
//   opmon_config_project_applies_total{result="changed"|"unchanged"}
//   opmon_config_definitions_applies_total{result="changed"|"unchanged"}
//   opmon_config_watch_streams   (open WatchProjects streams)
// Thread-safe.

#include "common/server/prometheus_fwd.h"

namespace opmon::config {

class ConfigMetrics {
 public:
  // Registers the families in `registry`, which must outlive this object.
  explicit ConfigMetrics(prometheus::Registry& registry);

  void ProjectApplied(bool changed);
  void DefinitionsApplied(bool changed);
  void WatchOpened();
  void WatchClosed();

 private:
  prometheus::Family<prometheus::Counter>& project_applies_;
  prometheus::Family<prometheus::Counter>& definitions_applies_;
  prometheus::Counter& project_changed_;
  prometheus::Counter& project_unchanged_;
  prometheus::Counter& definitions_changed_;
  prometheus::Counter& definitions_unchanged_;
  prometheus::Gauge& watch_streams_;
};

}  // namespace opmon::config
