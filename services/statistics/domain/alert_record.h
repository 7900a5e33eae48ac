#pragma once
// An alert raised on one statistics row: what the opmon.alerts table and
// opmon_results.<table>_alerts hold, ListAlerts returns and the webhook sends.

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "common/statistic/statistic_kind.h"
#include "common/statistic/statistic_parameter.h"

namespace opmon::statistics {

inline constexpr char kValueAboveThreshold[] = "Value above threshold";
inline constexpr char kValueBelowThreshold[] = "Value below threshold";
inline constexpr char kDifferenceBetweenBranches[] = "Significant difference between branches";
inline constexpr char kDifferenceToHistory[] = "Significant difference to historical data";

struct NamedValue {
  std::string name;
  std::string value;
  bool operator==(const NamedValue&) const = default;
};

struct AlertRecord {
  absl::CivilDay submission_date;
  std::string build_id;              // "" for submission_date projects
  std::vector<NamedValue> dimensions;  // project dimension order
  std::string metric;
  StatisticKind statistic = StatisticKind::kCount;
  StatisticParameter parameter;
  std::string branch;
  std::string alert_name;
  config::AlertType alert_type = config::AlertType::kThreshold;
  std::string message;
  std::optional<double> point;
  std::optional<double> lower;
  std::optional<double> upper;
  std::string raised_at;  // RFC 3339 UTC; set once stored
  bool operator==(const AlertRecord&) const = default;
};

// The identity of an alert: one per (date, build id, dimensions, metric,
// statistic, parameter, branch, alert name, message). Re-evaluating a date
// that raises an alert with the same key keeps it (and does not notify again).
std::string AlertKey(const AlertRecord& alert);

// The dimensions as opmon.alerts stores them (jsonb):
// [{"name": "os", "value": "Windows"}, ...].
std::string DimensionsJson(const std::vector<NamedValue>& dimensions);

}  // namespace opmon::statistics
