#pragma once
// Where a histogram percentile's point estimate sits inside the bucket that
// holds it (docs/kernels.md, "Intervals in value space"): one closed set
// shared by the config model (`percentile.point`) and the kernels.
// `kBucket` is the reference's lookup (the bucket's key, its lower edge);
// `kInterpolated` places the point inside the bucket by the share of the
// bucket's mass below the percentile, linearly or log-linearly by the
// bucket spacing (as Prometheus' histogram_quantile and GLAM do).

#include <array>
#include <optional>
#include <string_view>

namespace opmon {

enum class PercentilePoint { kBucket, kInterpolated };

inline constexpr std::array<PercentilePoint, 2> kAllPercentilePoints = {
    PercentilePoint::kBucket, PercentilePoint::kInterpolated};

// "bucket" | "interpolated".
std::string_view ToString(PercentilePoint point);

// Inverse of ToString; nullopt for any other text (case-sensitive).
std::optional<PercentilePoint> ParsePercentilePoint(std::string_view text);

}  // namespace opmon
