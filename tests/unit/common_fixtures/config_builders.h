#pragma once
// The smallest config values the unit tests build projects from: a statistic
// of one kind, a metric or dimension that has only a name. Every other member
// keeps its default.

#include <string>
#include <utility>

#include "common/config/project.h"
#include "common/statistic/statistic_kind.h"

namespace opmon::testing {

inline config::Statistic StatisticOf(StatisticKind kind) {
  config::Statistic s;
  s.kind = kind;
  return s;
}

inline config::Metric NamedMetric(std::string name) {
  config::Metric m;
  m.name = std::move(name);
  return m;
}

inline config::Dimension NamedDimension(std::string name) {
  config::Dimension d;
  d.name = std::move(name);
  return d;
}

}  // namespace opmon::testing
