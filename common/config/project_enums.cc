#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "common/config/project.h"
#include "common/enums/enum_names.h"

namespace opmon::config {
namespace {

constexpr EnumNames<XAxis, 2> kXAxisNames = {{
    {XAxis::kSubmissionDate, "submission_date"},
    {XAxis::kBuildId, "build_id"},
}};
constexpr EnumNames<MetricType, 2> kMetricTypeNames = {{
    {MetricType::kScalar, "scalar"},
    {MetricType::kHistogram, "histogram"},
}};
constexpr EnumNames<AlertType, 6> kAlertTypeNames = {{
    {AlertType::kThreshold, "threshold"},
    {AlertType::kCiOverlap, "ci_overlap"},
    {AlertType::kAvgDiff, "avg_diff"},
    {AlertType::kSrm, "srm"},
    {AlertType::kTooFewEnrollments, "too_few_enrollments"},
    {AlertType::kCrashRate, "crash_rate"},
}};
constexpr EnumNames<Channel, 3> kChannelNames = {{
    {Channel::kRelease, "release"},
    {Channel::kBeta, "beta"},
    {Channel::kNightly, "nightly"},
}};

}  // namespace

std::string_view ToString(XAxis value) { return NameIn(kXAxisNames, value); }
std::string_view ToString(MetricType value) { return NameIn(kMetricTypeNames, value); }
std::string_view ToString(AlertType value) { return NameIn(kAlertTypeNames, value); }
std::string_view ToString(Channel value) { return NameIn(kChannelNames, value); }

std::optional<XAxis> ParseXAxis(std::string_view text) { return ValueIn(kXAxisNames, text); }
std::optional<MetricType> ParseMetricType(std::string_view text) {
  return ValueIn(kMetricTypeNames, text);
}
std::optional<AlertType> ParseAlertType(std::string_view text) {
  return ValueIn(kAlertTypeNames, text);
}
std::optional<Channel> ParseChannel(std::string_view text) {
  return ValueIn(kChannelNames, text);
}

bool StatisticAppliesTo(StatisticKind kind, MetricType type) {
  if (kind == StatisticKind::kPercentile) return true;
  return type == MetricType::kScalar;
}

}  // namespace opmon::config
