#pragma once
// The statistics opmon computes for a metric, as one closed set shared by the
// config model, the kernels, the results relations and the services.
// Dependency-free: strings exist only at the file, SQL and gRPC edges, which
// convert with ToString / ParseStatisticKind.

#include <array>
#include <optional>
#include <string_view>

namespace opmon {

enum class StatisticKind { kCount, kSum, kMean, kQuantile, kPercentile, kTotalRatio };

// Every value, in declaration order.
inline constexpr std::array<StatisticKind, 6> kAllStatisticKinds = {
    StatisticKind::kCount,    StatisticKind::kSum,        StatisticKind::kMean,
    StatisticKind::kQuantile, StatisticKind::kPercentile, StatisticKind::kTotalRatio};

// The name as written in project files, results rows and RPCs: "count", "sum",
// "mean", "quantile", "percentile", "total_ratio".
std::string_view ToString(StatisticKind kind);

// Inverse of ToString; nullopt for any other text (case-sensitive).
std::optional<StatisticKind> ParseStatisticKind(std::string_view text);

}  // namespace opmon
