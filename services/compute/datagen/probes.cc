#include "services/compute/datagen/probes.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace opmon::datagen {

int HistogramTypeCode(HistogramKind kind) {
  switch (kind) {
    case HistogramKind::kExponential: return 0;
    case HistogramKind::kLinear: return 1;
    case HistogramKind::kBoolean: return 2;
    case HistogramKind::kEnumerated: return 1;  // Firefox stores enumerated as linear
    case HistogramKind::kCount: return 4;
  }
  return 0;
}

std::string_view HistogramKindName(HistogramKind kind) {
  switch (kind) {
    case HistogramKind::kExponential: return "exponential";
    case HistogramKind::kLinear: return "linear";
    case HistogramKind::kBoolean: return "boolean";
    case HistogramKind::kEnumerated: return "enumerated";
    case HistogramKind::kCount: return "count";
  }
  return "";
}

// histogram_tools.py exponential_buckets: each bound is the rounded geometric
// step from the previous one towards `high`, at least one more than it.
std::vector<int64_t> ExponentialBuckets(int64_t low, int64_t high, int bucket_count) {
  std::vector<int64_t> bounds(bucket_count, 0);
  const double log_max = std::log(static_cast<double>(high));
  int64_t current = low;
  bounds[1] = current;
  for (int i = 2; i < bucket_count; ++i) {
    const double log_current = std::log(static_cast<double>(current));
    const double log_ratio = (log_max - log_current) / (bucket_count - i);
    const auto next = static_cast<int64_t>(std::floor(std::exp(log_current + log_ratio) + 0.5));
    current = next > current ? next : current + 1;
    bounds[i] = current;
  }
  return bounds;
}

// histogram_tools.py linear_buckets.
std::vector<int64_t> LinearBuckets(int64_t low, int64_t high, int bucket_count) {
  std::vector<int64_t> bounds(bucket_count, 0);
  const double lo = static_cast<double>(low);
  const double hi = static_cast<double>(high);
  for (int i = 1; i < bucket_count; ++i) {
    const double v = (lo * (bucket_count - 1 - i) + hi * (i - 1)) / (bucket_count - 2);
    bounds[i] = static_cast<int64_t>(v + 0.5);
  }
  return bounds;
}

int ProbeShape::BucketOf(double value) const {
  const auto it = std::upper_bound(lower_bounds.begin(), lower_bounds.end(), value,
                                   [](double v, int64_t bound) { return v < static_cast<double>(bound); });
  const auto index = static_cast<int>(it - lower_bounds.begin()) - 1;
  return std::max(index, 0);
}

namespace {

ProbeShape MakeShape(std::string_view column, HistogramKind kind, int64_t low, int64_t high, int bucket_count) {
  ProbeShape shape{column, kind, low, high, bucket_count, {}};
  switch (kind) {
    case HistogramKind::kExponential:
      shape.lower_bounds = ExponentialBuckets(low, high, bucket_count);
      break;
    case HistogramKind::kLinear:
    case HistogramKind::kEnumerated:
      shape.lower_bounds = LinearBuckets(low, high, bucket_count);
      break;
    case HistogramKind::kBoolean:
    case HistogramKind::kCount:
      shape.lower_bounds = {0, 1, 2};
      break;
  }
  return shape;
}

}  // namespace

const std::array<ProbeShape, kProbeCount>& ProbeShapes() {
  static const auto* shapes = new std::array<ProbeShape, kProbeCount>{
      MakeShape("gc_ms", HistogramKind::kExponential, 1, 10000, 50),
      MakeShape("cycle_collector_max_pause", HistogramKind::kExponential, 1, 10000, 50),
      MakeShape("perf_first_contentful_paint_ms", HistogramKind::kExponential, 1, 100000, 100),
      MakeShape("memory_total", HistogramKind::kExponential, 32768, 16777216, 100),
      MakeShape("cycle_collector_slice_during_idle", HistogramKind::kLinear, 1, 100, 50),
      MakeShape("gc_is_compartmental", HistogramKind::kBoolean, 1, 2, 3),
      MakeShape("gc_reason_2", HistogramKind::kEnumerated, 1, 100, 101),
      MakeShape("devtools_toolbox_opened_count", HistogramKind::kCount, 1, 2, 3),
  };
  return *shapes;
}

void HistogramFill::Reset(const ProbeShape& shape) {
  shape_ = &shape;
  counts_.assign(shape.bucket_count, 0);
  sum_ = 0;
  samples_ = 0;
}

void HistogramFill::Record(double value) {
  ++counts_[shape_->BucketOf(value)];
  sum_ += static_cast<int64_t>(std::floor(value));
  ++samples_;
}

void HistogramFill::RecordBucket(int index, int64_t n, int64_t value) {
  counts_[index] += n;
  sum_ += n * value;
  samples_ += n;
}

void HistogramFill::AppendJson(std::string& out) const {
  absl::StrAppend(&out, "{\"bucket_count\":", shape_->bucket_count,
                  ",\"histogram_type\":", HistogramTypeCode(shape_->kind), ",\"sum\":", sum_, ",\"range\":[",
                  shape_->low, ",", shape_->high, "],\"values\":{");
  const int n = shape_->bucket_count;
  bool first = true;
  auto entry = [&](int i) {
    absl::StrAppend(&out, first ? "\"" : ",\"", shape_->lower_bounds[i], "\":", counts_[i]);
    first = false;
  };
  if (shape_->kind == HistogramKind::kBoolean) {
    for (int i = 0; i < n; ++i) entry(i);  // Firefox always writes 0, 1 and 2
  } else if (shape_->kind == HistogramKind::kCount) {
    entry(0);
    entry(1);
  } else {
    int last = -1;
    for (int i = 0; i < n; ++i) {
      if (counts_[i] != 0) {
        entry(i);
        last = i;
      }
    }
    if (last >= 0 && last + 1 < n) entry(last + 1);
  }
  out += "}}";
}

}  // namespace opmon::datagen
