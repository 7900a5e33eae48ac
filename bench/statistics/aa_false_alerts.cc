// A/A simulation of the alert rules (issue 18): two identical branches, daily
// looks over 28 days, each day's statistics computed from that day's clients
// by the kernels compute uses, then evaluated by the real alert rules
// (services/statistics/domain/alert_rules.h). Prints, per rule, the share of
// simulated projects that raise at least one alert over the 28 days.
//   opmon_statistics_aa_sim [repetitions=200] [clients_per_branch_day=1000]
// The project: 5 scalar metrics (log-normal client values, sigma 1) x
// percentiles 50, 90, 99 (binomial interval) + mean (block jackknife), one
// dimension with 3 values: 60 series per branch. Alerts as a project would
// write them: ci_overlap on every metric; threshold with min/max 20% around
// the true value; avg_diff with window 7 and max_relative_change 0.1.
// Fixed seed: reproducible.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "common/results/statistics_row.h"
#include "services/compute/kernels/binomial_interval.h"
#include "services/compute/kernels/mulberry32.h"
#include "services/compute/kernels/scalar_accumulator.h"
#include "services/compute/kernels/special_functions.h"
#include "services/statistics/domain/alert_rules.h"

namespace opmon {
namespace {

constexpr int kDays = 28;
constexpr int kMetrics = 5;
constexpr double kSigma = 1;
const std::vector<double> kPercentiles = {50, 90, 99};
const std::vector<std::string> kDimensionValues = {"Windows", "Darwin", "Linux"};
const std::vector<std::string> kBranches = {"control", "treatment"};

double TrueValue(StatisticKind kind, double percentile) {
  if (kind == StatisticKind::kMean) return std::exp(kSigma * kSigma / 2);
  return std::exp(kSigma * kernels::NormalQuantile(percentile / 100));
}

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
    const std::string name = "metric_" + std::to_string(m);
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
  p.alerts.push_back(ci);
  p.alerts.push_back(avg);
  return p;
}

results::StatisticsRow Row(absl::CivilDay day, const std::string& os, const std::string& branch,
                           int metric, StatisticKind kind, StatisticParameter parameter,
                           double point, double lower, double upper) {
  return {day, "", {os}, branch, "metric_" + std::to_string(metric), kind, parameter, point,
          lower, upper};
}

}  // namespace
}  // namespace opmon

int main(int argc, char** argv) {
  using namespace opmon;
  const int repetitions = argc > 1 ? std::atoi(argv[1]) : 200;
  const int clients = argc > 2 ? std::atoi(argv[2]) : 1000;
  const config::ResolvedProject project = Project();
  std::vector<absl::CivilDay> dates;
  for (int d = 0; d < kDays; ++d) dates.push_back(absl::CivilDay(2026, 1, 1) + d);
  kernels::Mulberry32 rng(20261203u);
  int alerted_ci = 0, alerted_threshold = 0, alerted_avg = 0, alerted_any = 0;
  std::vector<double> values(static_cast<size_t>(clients));
  kernels::StatisticSpec mean_spec;
  mean_spec.kind = StatisticKind::kMean;
  for (int rep = 0; rep < repetitions; ++rep) {
    std::vector<results::StatisticsRow> rows;
    for (absl::CivilDay day : dates) {
      for (const std::string& os : kDimensionValues) {
        for (const std::string& branch : kBranches) {
          for (int m = 0; m < kMetrics; ++m) {
            kernels::ScalarAccumulator mean;
            for (int c = 0; c < clients; ++c) {
              const double z = std::sqrt(-2 * std::log(1 - rng.Next())) *
                               std::cos(2 * M_PI * rng.Next());
              values[c] = std::exp(kSigma * z);
              mean.AddClient(static_cast<uint64_t>(c) * 0x9E3779B97F4A7C15ull >> 7, values[c]);
            }
            std::sort(values.begin(), values.end());
            for (const auto& r : kernels::BinomialPercentileCiFromValues(values, kPercentiles)) {
              rows.push_back(Row(day, os, branch, m, StatisticKind::kPercentile,
                                 StatisticParameter::Number(r.percentile), r.point, r.lower,
                                 r.upper));
            }
            const auto mean_rows = mean.Finalize(mean_spec);
            const kernels::StatisticRow& r = (*mean_rows)[0];
            rows.push_back(Row(day, os, branch, m, StatisticKind::kMean, {}, r.point, r.lower,
                               r.upper));
          }
        }
      }
    }
    bool ci = false, threshold = false, avg = false;
    for (const config::Alert& alert : project.alerts) {
      switch (alert.type) {
        case config::AlertType::kCiOverlap:
          ci = ci || !statistics::EvaluateCiOverlap(project, alert, rows, dates).empty();
          break;
        case config::AlertType::kThreshold:
          threshold =
              threshold || !statistics::EvaluateThreshold(project, alert, rows, dates).empty();
          break;
        case config::AlertType::kAvgDiff:
          avg = avg || !statistics::EvaluateAvgDiff(project, alert, rows, dates).empty();
          break;
        default: break;
      }
    }
    alerted_ci += ci;
    alerted_threshold += threshold;
    alerted_avg += avg;
    alerted_any += ci || threshold || avg;
  }
  const auto share = [&](int n) { return 100.0 * n / repetitions; };
  std::printf("A/A: %d projects, %d days, %d clients per branch and day, %zu series per "
              "branch\n", repetitions, kDays, clients,
              kDimensionValues.size() * kMetrics * (kPercentiles.size() + 1));
  std::printf("| rule | projects with at least one alert |\n|---|---|\n");
  std::printf("| ci_overlap | %.1f%% |\n| threshold (+/-20%% of the truth) | %.1f%% |\n"
              "| avg_diff (window 7, 10%%) | %.1f%% |\n| any | %.1f%% |\n",
              share(alerted_ci), share(alerted_threshold), share(alerted_avg),
              share(alerted_any));
  return 0;
}
