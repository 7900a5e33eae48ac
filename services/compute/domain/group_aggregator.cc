#include "services/compute/domain/group_aggregator.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "services/compute/domain/statistic_specs.h"
#include "services/compute/kernels/histogram_accumulator.h"
#include "services/compute/kernels/ratio_accumulator.h"
#include "services/compute/kernels/scalar_accumulator.h"

namespace opmon::compute {

struct GroupAggregator::MetricPlan {
  std::string name;
  config::MetricType type = config::MetricType::kScalar;
  struct Stat {
    kernels::StatisticSpec spec;
    int ratio_slot = -1;   // total_ratio: index into GroupState ratios of this metric
    int denominator = -1;  // total_ratio: layout index of the denominator metric
  };
  std::vector<Stat> stats;
  int ratios = 0;
};

struct GroupAggregator::GroupState {
  struct Metric {
    std::optional<kernels::ScalarAccumulator> scalar;
    std::optional<kernels::HistogramAccumulator> histogram;
    std::vector<kernels::RatioAccumulator> ratios;
  };
  std::vector<Metric> metrics;
};

GroupAggregator::~GroupAggregator() = default;

absl::StatusOr<std::unique_ptr<GroupAggregator>> GroupAggregator::Create(const config::ResolvedProject& project,
                                                                         const ClientRowLayout& layout) {
  std::unique_ptr<GroupAggregator> agg(new GroupAggregator());
  for (size_t i = 0; i < layout.metrics.size(); ++i) {
    const auto& column = layout.metrics[i];
    auto metric = std::find_if(project.metrics.begin(), project.metrics.end(),
                               [&](const config::Metric& m) { return m.name == column.name; });
    if (metric == project.metrics.end()) {
      return absl::InternalError(absl::StrCat("metric ", column.name, " of the query is not in the project"));
    }
    MetricPlan plan;
    plan.name = metric->name;
    plan.type = metric->type;
    for (const config::Statistic& s : metric->statistics) {
      auto spec = ToStatisticSpec(s, metric->name);
      if (!spec.ok()) return spec.status();
      MetricPlan::Stat stat{*spec};
      if (s.kind == StatisticKind::kTotalRatio) {
        auto den = std::find_if(layout.metrics.begin(), layout.metrics.end(), [&](const auto& m) {
          return m.name == s.total_ratio.denominator_metric;
        });
        if (den == layout.metrics.end() || den->type != config::MetricType::kScalar ||
            metric->type != config::MetricType::kScalar) {
          return absl::InvalidArgumentError(absl::StrCat(
              "metrics.", metric->name, ".statistics.total_ratio.denominator_metric: \"",
              s.total_ratio.denominator_metric, "\" must be a scalar metric computed with it"));
        }
        stat.denominator = static_cast<int>(den - layout.metrics.begin());
        stat.ratio_slot = plan.ratios++;
      }
      plan.stats.push_back(std::move(stat));
    }
    agg->plans_.push_back(std::move(plan));
  }
  agg->ranges_.resize(agg->plans_.size());
  return agg;
}

size_t GroupAggregator::GroupFor(const GroupKey& key) {
  // Unit and record separators cannot occur in the key parts we compare.
  std::string& k = scratch_key_;
  k.clear();
  absl::StrAppend(&k, key.submission_date, "\x1f", key.build_id ? *key.build_id : "\x1e", "\x1f");
  for (const auto& d : key.dimensions) absl::StrAppend(&k, d ? *d : "\x1e", "\x1f");
  absl::StrAppend(&k, key.branch);
  auto it = index_.find(k);
  if (it != index_.end()) return it->second;
  size_t group = keys_.size();
  index_.emplace(k, group);
  keys_.push_back(key);
  auto state = std::make_unique<GroupState>();
  state->metrics.resize(plans_.size());
  for (size_t i = 0; i < plans_.size(); ++i) {
    if (plans_[i].type == config::MetricType::kHistogram) {
      state->metrics[i].histogram.emplace();
    } else {
      state->metrics[i].scalar.emplace();
    }
    state->metrics[i].ratios.resize(plans_[i].ratios);
  }
  states_.push_back(std::move(state));
  return group;
}

void GroupAggregator::AddClient(size_t group, uint64_t client_hash, std::span<const MetricValue> values,
                                MalformedValues& malformed) {
  GroupState& state = *states_[group];
  for (size_t i = 0; i < plans_.size(); ++i) {
    const MetricValue& v = values[i];
    if (v.state == MetricValue::State::kMalformed) continue;  // recorded by the parser
    GroupState::Metric& m = state.metrics[i];
    if (m.histogram) {
      if (v.state == MetricValue::State::kNull) continue;
      absl::Status s = m.histogram->AddClient(client_hash, v.buckets);
      if (!s.ok()) malformed.Record(plans_[i].name, std::string(s.message()));
      continue;
    }
    std::optional<double> value;
    if (v.state == MetricValue::State::kValue) {
      value = v.scalar;
      auto& range = ranges_[i];
      if (!range) {
        range.emplace(v.scalar, v.scalar);
      } else {
        range->first = std::min(range->first, v.scalar);
        range->second = std::max(range->second, v.scalar);
      }
    }
    m.scalar->AddClient(client_hash, value);
    for (const MetricPlan::Stat& stat : plans_[i].stats) {
      if (stat.ratio_slot < 0) continue;
      const MetricValue& den = values[stat.denominator];
      std::optional<double> denominator;
      if (den.state == MetricValue::State::kValue) denominator = den.scalar;
      m.ratios[stat.ratio_slot].AddClient(client_hash, value, denominator);
    }
  }
}

std::vector<StatisticRecord> GroupAggregator::Finalize(MalformedValues& malformed) const {
  std::vector<StatisticRecord> out;
  for (size_t g = 0; g < keys_.size(); ++g) {
    const GroupState& state = *states_[g];
    for (size_t i = 0; i < plans_.size(); ++i) {
      const GroupState::Metric& m = state.metrics[i];
      for (const MetricPlan::Stat& stat : plans_[i].stats) {
        absl::StatusOr<std::vector<kernels::StatisticRow>> rows;
        if (stat.ratio_slot >= 0) {
          rows = m.ratios[stat.ratio_slot].Finalize(stat.spec);
        } else if (m.histogram) {
          rows = m.histogram->Finalize(stat.spec);
        } else {
          kernels::StatisticSpec spec = stat.spec;
          if (spec.reference_buckets && ranges_[i]) spec.reference_bucket_range = ranges_[i];
          rows = m.scalar->Finalize(spec);
        }
        if (!rows.ok()) {
          malformed.Record(plans_[i].name,
                           absl::StrCat(std::string(ToString(stat.spec.kind)), " of group ", g, ": ",
                                        rows.status().message()));
          continue;
        }
        for (kernels::StatisticRow& row : *rows) {
          out.push_back({g, plans_[i].name, std::move(row)});
        }
      }
    }
  }
  return out;
}

}  // namespace opmon::compute
