// A/A and A/B simulation of the alert rules (issue 18): two branches, daily
// looks over 28 days, each day's statistics computed from that day's clients
// by the kernels compute uses, then evaluated by the real alert rules
// (services/statistics/domain/alert_rules.h) in both modes: fixed horizon
// (today's default) and sequential (`false_alert_rate: 0.05`).
//   opmon_statistics_aa_sim [repetitions=200] [clients_per_branch_day=1000]
// Prints, per rule and mode, the share of simulated A/A projects that raise
// at least one alert over the 28 days, then the power on datagen's injected
// +10% paint-time regression (fission-experiment's treatment): the share of
// A/B projects whose ci_overlap alert fires on the paint metric, and on which
// day it first does.
//
// The project: 5 scalar metrics (log-normal client values, sigma 1) x
// percentiles 50, 90, 99 (binomial interval) + mean (block jackknife), and
// one histogram metric like perf_first_contentful_paint_ms (Firefox
// exponential buckets 1-100,000 x 100; client values log-normal around
// datagen's median 1,063 with sigma 0.515, datagen's client and ping spreads
// combined; percentiles 25, 50, 75, 95 with the binomial interval in value
// space), one dimension with 3 values: 72 series per branch. Alerts as a
// project would write them: ci_overlap on every metric; threshold with
// min/max 20% around the true value on the scalar percentiles; avg_diff with
// window 7 and max_relative_change 0.1 on every metric. Fixed seed:
// reproducible.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "common/results/statistics_row.h"
#include "common/statistic/special_functions.h"
#include "services/compute/datagen/injected_effects.h"
#include "services/compute/kernels/binomial_interval.h"
#include "services/compute/kernels/histogram.h"
#include "services/compute/kernels/mulberry32.h"
#include "services/compute/kernels/scalar_accumulator.h"
#include "services/statistics/domain/alert_rules.h"
#include "tests/testing/interval_coverage.h"

namespace opmon {
namespace {

constexpr int kDays = 28;
constexpr int kMetrics = 5;
constexpr double kSigma = 1;
constexpr double kFalseAlertRate = 0.05;
const std::vector<double> kPercentiles = {50, 90, 99};
const std::vector<std::string> kDimensionValues = {"Windows", "Darwin", "Linux"};
const std::vector<std::string> kBranches = {"control", "treatment"};

// The paint-time metric: datagen's kFcpMedian and sqrt(0.25^2 + 0.45^2).
const std::string kPaint = "perf_first_contentful_paint_ms";
const double kPaintMedian = std::sqrt(1009.0 * 1120.0);
const double kPaintSigma = std::hypot(0.25, 0.45);
const std::vector<double> kPaintPercentiles = {25, 50, 75, 95};

double TrueValue(StatisticKind kind, double percentile) {
  if (kind == StatisticKind::kMean) return std::exp(kSigma * kSigma / 2);
  return std::exp(kSigma * NormalQuantile(percentile / 100));
}

std::string MetricName(int m) { return "metric_" + std::to_string(m); }

config::ResolvedProject Project() {
  config::ResolvedProject p;
  p.slug = "aa";
  p.reference_branch = "control";
  p.population.branches = kBranches;
  p.population.dimensions = {"os"};
  config::Dimension os;
  os.name = "os";
  p.dimensions.push_back(os);
  config::Alert ci;
  ci.name = "ci";
  ci.type = config::AlertType::kCiOverlap;
  config::Alert avg;
  avg.name = "avg";
  avg.type = config::AlertType::kAvgDiff;
  avg.window_size = 7;
  avg.max_relative_change = 0.1;
  for (int m = 0; m < kMetrics; ++m) {
    const std::string name = MetricName(m);
    ci.metrics.push_back(name);
    avg.metrics.push_back(name);
    config::Alert threshold;
    threshold.name = "threshold_" + name;
    threshold.type = config::AlertType::kThreshold;
    threshold.metrics = {name};
    threshold.statistics = {StatisticKind::kPercentile};
    for (double pct : kPercentiles) {
      threshold.parameters.push_back(pct);
      threshold.min.push_back(0.8 * TrueValue(StatisticKind::kPercentile, pct));
      threshold.max.push_back(1.2 * TrueValue(StatisticKind::kPercentile, pct));
    }
    p.alerts.push_back(threshold);
  }
  ci.metrics.push_back(kPaint);
  avg.metrics.push_back(kPaint);
  p.alerts.push_back(ci);
  p.alerts.push_back(avg);
  return p;
}

results::StatisticsRow Row(absl::CivilDay day, const std::string& os, const std::string& branch,
                           const std::string& metric, StatisticKind kind, StatisticParameter parameter,
                           double point, double lower, double upper) {
  return {day, "", {os}, branch, metric, kind, parameter, point, lower, upper};
}

double StandardNormal(kernels::Mulberry32& rng) {
  return std::sqrt(-2 * std::log(1 - rng.Next())) * std::cos(2 * M_PI * rng.Next());
}

// One project's 28 days of rows; the treatment's paint values scaled by
// `paint_effect`.
std::vector<results::StatisticsRow> SimulateProject(kernels::Mulberry32& rng, int clients,
                                                    const std::vector<absl::CivilDay>& dates,
                                                    double paint_effect) {
  static const testing::Bucketing kPaintBuckets =
      testing::ExponentialBucketing(1, 100000, 100, kPaintMedian, kPaintSigma);
  const std::vector<double>& edges = kPaintBuckets.lower_edges;
  std::vector<double> values(static_cast<size_t>(clients));
  kernels::StatisticSpec mean_spec;
  mean_spec.kind = StatisticKind::kMean;
  std::vector<results::StatisticsRow> rows;
  for (absl::CivilDay day : dates) {
    for (const std::string& os : kDimensionValues) {
      for (const std::string& branch : kBranches) {
        for (int m = 0; m < kMetrics; ++m) {
          kernels::ScalarAccumulator mean;
          for (int c = 0; c < clients; ++c) {
            values[c] = std::exp(kSigma * StandardNormal(rng));
            mean.AddClient(static_cast<uint64_t>(c) * 0x9E3779B97F4A7C15ull >> 7, values[c]);
          }
          std::sort(values.begin(), values.end());
          for (const auto& r : kernels::BinomialPercentileCiFromValues(values, kPercentiles)) {
            rows.push_back(Row(day, os, branch, MetricName(m), StatisticKind::kPercentile,
                               StatisticParameter::Number(r.percentile), r.point, r.lower, r.upper));
          }
          const auto mean_rows = mean.Finalize(mean_spec);
          const kernels::StatisticRow& r = (*mean_rows)[0];
          rows.push_back(Row(day, os, branch, MetricName(m), StatisticKind::kMean, {}, r.point, r.lower,
                             r.upper));
        }
        const double scale = kPaintMedian * (branch == "treatment" ? paint_effect : 1.0);
        std::vector<kernels::Bucket> histogram;
        for (double e : edges) histogram.push_back({e, 0});
        for (int c = 0; c < clients; ++c) {
          const double v = scale * std::exp(kPaintSigma * StandardNormal(rng));
          const auto it = std::upper_bound(edges.begin(), edges.end(), v);
          histogram[it == edges.begin() ? 0 : static_cast<size_t>(it - edges.begin()) - 1].value += 1;
        }
        const auto paint_rows = kernels::BinomialPercentileCi(histogram, kPaintPercentiles, clients);
        if (!paint_rows.ok()) std::abort();  // a canonical, non-empty histogram
        for (const auto& r : *paint_rows) {
          rows.push_back(Row(day, os, branch, kPaint, StatisticKind::kPercentile,
                             StatisticParameter::Number(r.percentile), r.point, r.lower, r.upper));
        }
      }
    }
  }
  return rows;
}

struct Outcome {
  bool ci = false, threshold = false, avg = false;
  bool paint = false;          // a ci_overlap alert on the paint metric
  int first_paint_day = 0;     // 1-based day of the first one
  bool any() const { return ci || threshold || avg; }
};

Outcome Evaluate(const config::ResolvedProject& project, const std::vector<results::StatisticsRow>& rows,
                 const std::vector<absl::CivilDay>& dates) {
  Outcome o;
  for (const config::Alert& alert : project.alerts) {
    switch (alert.type) {
      case config::AlertType::kCiOverlap:
        for (const statistics::AlertRecord& a : statistics::EvaluateCiOverlap(project, alert, rows, dates)) {
          if (a.metric == kPaint) {
            const int day = static_cast<int>(a.submission_date - dates.front()) + 1;
            o.first_paint_day = o.paint ? std::min(o.first_paint_day, day) : day;
            o.paint = true;
          } else {
            o.ci = true;
          }
        }
        break;
      case config::AlertType::kThreshold:
        o.threshold = o.threshold || !statistics::EvaluateThreshold(project, alert, rows, dates).empty();
        break;
      case config::AlertType::kAvgDiff:
        o.avg = o.avg || !statistics::EvaluateAvgDiff(project, alert, rows, dates).empty();
        break;
      default: break;
    }
  }
  return o;
}

// Per mode: counts over the repetitions.
struct Tally {
  int ci = 0, threshold = 0, avg = 0, any = 0, paint = 0;
  std::vector<int> first_paint_days;
  // In A/A the paint metric has no effect: its alerts are false alerts too.
  void Add(const Outcome& o, bool aa) {
    ci += o.ci || (aa && o.paint);
    threshold += o.threshold;
    avg += o.avg;
    any += o.any() || (aa && o.paint);
    paint += o.paint;
    if (o.paint) first_paint_days.push_back(o.first_paint_day);
  }
  std::string MedianFirstDay() const {
    if (first_paint_days.empty()) return "-";
    std::vector<int> d = first_paint_days;
    std::nth_element(d.begin(), d.begin() + d.size() / 2, d.end());
    return std::to_string(d[d.size() / 2]);
  }
};

}  // namespace
}  // namespace opmon

int main(int argc, char** argv) {
  using namespace opmon;
  const int repetitions = argc > 1 ? std::atoi(argv[1]) : 200;
  const int clients = argc > 2 ? std::atoi(argv[2]) : 1000;
  const config::ResolvedProject fixed = Project();
  config::ResolvedProject sequential = fixed;
  sequential.false_alert_rate = kFalseAlertRate;
  std::vector<absl::CivilDay> dates;
  for (int d = 0; d < kDays; ++d) dates.push_back(absl::CivilDay(2026, 1, 1) + d);
  kernels::Mulberry32 rng(20261203u);
  Tally aa_fixed, aa_sequential, ab_fixed, ab_sequential;
  for (int rep = 0; rep < repetitions; ++rep) {
    const auto aa = SimulateProject(rng, clients, dates, 1.0);
    aa_fixed.Add(Evaluate(fixed, aa, dates), true);
    aa_sequential.Add(Evaluate(sequential, aa, dates), true);
    const auto ab = SimulateProject(rng, clients, dates, datagen::kFcpTreatmentMultiplier);
    ab_fixed.Add(Evaluate(fixed, ab, dates), false);
    ab_sequential.Add(Evaluate(sequential, ab, dates), false);
  }
  const auto share = [&](int n) { return 100.0 * n / repetitions; };
  const size_t series = kDimensionValues.size() * (kMetrics * (kPercentiles.size() + 1) + kPaintPercentiles.size());
  std::printf("%d projects, %d days, %d clients per branch and day, %zu series per branch\n", repetitions,
              kDays, clients, series);
  std::printf("A/A: projects with at least one alert\n\n");
  std::printf("| rule | fixed horizon | sequential, %g%% per project |\n|---|---|---|\n", 100 * kFalseAlertRate);
  std::printf("| ci_overlap | %.1f%% | %.1f%% |\n", share(aa_fixed.ci), share(aa_sequential.ci));
  std::printf("| threshold (+/-20%% of the truth) | %.1f%% | %.1f%% |\n", share(aa_fixed.threshold),
              share(aa_sequential.threshold));
  std::printf("| avg_diff (window 7, 10%%) | %.1f%% | %.1f%% |\n", share(aa_fixed.avg), share(aa_sequential.avg));
  std::printf("| any | %.1f%% | %.1f%% |\n\n", share(aa_fixed.any), share(aa_sequential.any));
  std::printf("A/B, treatment paint time x%.2f: ci_overlap on %s\n\n", datagen::kFcpTreatmentMultiplier,
              kPaint.c_str());
  std::printf("| | fixed horizon | sequential, %g%% per project |\n|---|---|---|\n", 100 * kFalseAlertRate);
  std::printf("| projects alerting on the regression | %.1f%% | %.1f%% |\n", share(ab_fixed.paint),
              share(ab_sequential.paint));
  std::printf("| median day of the first alert | %s | %s |\n", ab_fixed.MedianFirstDay().c_str(),
              ab_sequential.MedianFirstDay().c_str());
  std::printf("| projects with a false alert elsewhere | %.1f%% | %.1f%% |\n", share(ab_fixed.any),
              share(ab_sequential.any));
  return 0;
}
