#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "common/config/project.h"

namespace opmon::config {
namespace {

template <typename Enum, size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<XAxis, 2> kXAxisNames = {{
    {XAxis::kSubmissionDate, "submission_date"},
    {XAxis::kBuildId, "build_id"},
}};
constexpr NameTable<MetricType, 2> kMetricTypeNames = {{
    {MetricType::kScalar, "scalar"},
    {MetricType::kHistogram, "histogram"},
}};
constexpr NameTable<StatisticKind, 6> kStatisticNames = {{
    {StatisticKind::kCount, "count"},
    {StatisticKind::kSum, "sum"},
    {StatisticKind::kMean, "mean"},
    {StatisticKind::kQuantile, "quantile"},
    {StatisticKind::kPercentile, "percentile"},
    {StatisticKind::kTotalRatio, "total_ratio"},
}};
constexpr NameTable<PercentileMethod, 4> kMethodNames = {{
    {PercentileMethod::kBinomial, "binomial"},
    {PercentileMethod::kJackknife, "jackknife"},
    {PercentileMethod::kBootstrap, "bootstrap"},
    {PercentileMethod::kBlockJackknife, "block_jackknife"},
}};
constexpr NameTable<AlertType, 3> kAlertTypeNames = {{
    {AlertType::kThreshold, "threshold"},
    {AlertType::kCiOverlap, "ci_overlap"},
    {AlertType::kAvgDiff, "avg_diff"},
}};
constexpr NameTable<Channel, 3> kChannelNames = {{
    {Channel::kRelease, "release"},
    {Channel::kBeta, "beta"},
    {Channel::kNightly, "nightly"},
}};

template <typename Enum, size_t N>
std::string_view NameOf(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename Enum, size_t N>
std::optional<Enum> ValueOf(const NameTable<Enum, N>& table, std::string_view text) {
  for (const auto& [v, name] : table) {
    if (name == text) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(XAxis value) { return NameOf(kXAxisNames, value); }
std::string_view ToString(MetricType value) { return NameOf(kMetricTypeNames, value); }
std::string_view ToString(StatisticKind value) { return NameOf(kStatisticNames, value); }
std::string_view ToString(PercentileMethod value) { return NameOf(kMethodNames, value); }
std::string_view ToString(AlertType value) { return NameOf(kAlertTypeNames, value); }
std::string_view ToString(Channel value) { return NameOf(kChannelNames, value); }

std::optional<XAxis> ParseXAxis(std::string_view text) { return ValueOf(kXAxisNames, text); }
std::optional<MetricType> ParseMetricType(std::string_view text) {
  return ValueOf(kMetricTypeNames, text);
}
std::optional<StatisticKind> ParseStatisticKind(std::string_view text) {
  return ValueOf(kStatisticNames, text);
}
std::optional<PercentileMethod> ParsePercentileMethod(std::string_view text) {
  return ValueOf(kMethodNames, text);
}
std::optional<AlertType> ParseAlertType(std::string_view text) {
  return ValueOf(kAlertTypeNames, text);
}
std::optional<Channel> ParseChannel(std::string_view text) {
  return ValueOf(kChannelNames, text);
}

const std::vector<StatisticKind>& AllStatisticKinds() {
  static const std::vector<StatisticKind> kAll = {
      StatisticKind::kCount,    StatisticKind::kSum,        StatisticKind::kMean,
      StatisticKind::kQuantile, StatisticKind::kPercentile, StatisticKind::kTotalRatio};
  return kAll;
}

bool StatisticAppliesTo(StatisticKind kind, MetricType type) {
  if (kind == StatisticKind::kPercentile) return true;
  return type == MetricType::kScalar;
}

}  // namespace opmon::config
