#include "common/statistic/statistic_kind.h"

#include "common/enums/enum_names.h"

namespace opmon {
namespace {

constexpr EnumNames<StatisticKind, 6> kNames = {{
    {StatisticKind::kCount, "count"},
    {StatisticKind::kSum, "sum"},
    {StatisticKind::kMean, "mean"},
    {StatisticKind::kQuantile, "quantile"},
    {StatisticKind::kPercentile, "percentile"},
    {StatisticKind::kTotalRatio, "total_ratio"},
}};

}  // namespace

std::string_view ToString(StatisticKind kind) { return NameIn(kNames, kind); }
std::optional<StatisticKind> ParseStatisticKind(std::string_view text) { return ValueIn(kNames, text); }

}  // namespace opmon
