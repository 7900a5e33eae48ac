#include "common/statistic/percentile_point.h"

#include "common/enums/enum_names.h"

namespace opmon {
namespace {

constexpr EnumNames<PercentilePoint, 2> kNames = {{
    {PercentilePoint::kBucket, "bucket"},
    {PercentilePoint::kInterpolated, "interpolated"},
}};

}  // namespace

std::string_view ToString(PercentilePoint point) { return NameIn(kNames, point); }
std::optional<PercentilePoint> ParsePercentilePoint(std::string_view text) {
  return ValueIn(kNames, text);
}

}  // namespace opmon
