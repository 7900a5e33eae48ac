#include "services/compute/domain/client_row_processor.h"

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "services/compute/kernels/block_jackknife.h"
#include "services/compute/kernels/histogram_ops.h"

namespace opmon::compute {
namespace {

void AppendNumber(std::string& out, double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, ec == std::errc() ? end : buffer);
}

}  // namespace

std::optional<double> ParseScalar(std::string_view text) {
  if (text == "t") return 1.0;
  if (text == "f") return 0.0;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

void MergedHistogramJson(std::span<const kernels::Bucket> buckets, std::string& out) {
  if (!kernels::IsCanonical(buckets)) {
    std::vector<kernels::Bucket> canonical(buckets.begin(), buckets.end());
    kernels::Canonicalize(canonical);
    MergedHistogramJson(canonical, out);
    return;
  }
  out.clear();
  out.push_back('{');
  bool first = true;
  for (const kernels::Bucket& b : buckets) {
    if (!first) out.push_back(',');
    first = false;
    out.push_back('"');
    AppendNumber(out, b.key);
    out += "\":";
    AppendNumber(out, b.value);
  }
  out.push_back('}');
}

ClientRowProcessor::ClientRowProcessor(const ClientRowLayout& layout, GroupAggregator& aggregator,
                                       MalformedValues& malformed)
    : layout_(layout), aggregator_(aggregator), malformed_(malformed) {
  values_.resize(layout.metrics.size());
  key_.dimensions.resize(layout.dimensions.size());
}

void ClientRowProcessor::Process(std::span<const std::optional<std::string_view>> fields, pg::CopyLine* client_line) {
  auto text = [&](int column) -> std::optional<std::string_view> { return fields[column]; };
  key_.submission_date.assign(text(ClientRowLayout::kSubmissionDate).value_or(""));
  if (auto build = text(ClientRowLayout::kBuildId)) {
    key_.build_id.emplace(*build);
  } else {
    key_.build_id.reset();
  }
  for (size_t d = 0; d < layout_.dimensions.size(); ++d) {
    if (auto v = text(layout_.DimensionColumn(d))) {
      key_.dimensions[d].emplace(*v);
    } else {
      key_.dimensions[d].reset();
    }
  }
  key_.branch.assign(text(layout_.BranchColumn()).value_or(""));
  std::string_view client_id = text(ClientRowLayout::kClientId).value_or("");

  for (size_t i = 0; i < layout_.metrics.size(); ++i) {
    MetricValue& v = values_[i];
    std::optional<std::string_view> field = text(layout_.MetricColumnIndex(i));
    if (!field) {
      v.state = MetricValue::State::kNull;
      continue;
    }
    if (layout_.metrics[i].type == config::MetricType::kHistogram) {
      v.buckets.clear();
      absl::Status s = histograms_.ParseAll(*field, v.buckets);
      if (!s.ok()) {
        v.state = MetricValue::State::kMalformed;
        malformed_.Record(layout_.metrics[i].name, absl::StrCat(s.message(), " in ", std::string(field->substr(0, 120))));
        continue;
      }
      // Merged once here, so the accumulator and the per-client row both
      // see each bucket once rather than once per ping.
      kernels::Canonicalize(v.buckets);
      v.state = v.buckets.empty() ? MetricValue::State::kNull : MetricValue::State::kValue;
    } else {
      std::optional<double> parsed = ParseScalar(*field);
      if (!parsed) {
        v.state = MetricValue::State::kMalformed;
        malformed_.Record(layout_.metrics[i].name, absl::StrCat("not a number: ", std::string(field->substr(0, 120))));
        continue;
      }
      v.state = MetricValue::State::kValue;
      v.scalar = *parsed;
    }
  }

  size_t group = aggregator_.GroupFor(key_);
  aggregator_.AddClient(group, kernels::ClientIdHash(client_id), values_, malformed_);

  if (client_line == nullptr) return;
  pg::CopyLine& line = *client_line;
  line.Clear();
  line.Add(key_.submission_date);
  key_.build_id ? line.Add(*key_.build_id) : line.AddNull();
  line.Add(client_id);
  for (const auto& d : key_.dimensions) d ? line.Add(*d) : line.AddNull();
  line.Add(key_.branch);
  for (size_t i = 0; i < values_.size(); ++i) {
    const MetricValue& v = values_[i];
    if (v.state != MetricValue::State::kValue) {
      line.AddNull();
    } else if (layout_.metrics[i].type == config::MetricType::kHistogram) {
      MergedHistogramJson(v.buckets, json_);
      line.AddUnescaped(json_);
    } else {
      json_.clear();
      AppendNumber(json_, v.scalar);
      line.AddUnescaped(json_);
    }
  }
}

}  // namespace opmon::compute
